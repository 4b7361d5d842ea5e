"""Digests for cache keys: the one place that says what "the same input" means.

Every derived file (image rendition, share card, clip, kit text, page) is stored
under a key made from the digests of its inputs. Hashing a catalogue's photos on
every build would read gigabytes, so a file's SHA-256 is remembered against its
size, modification time, change time and inode, as git's index does; with
:func:`digest_store` open, that memory lasts from one build to the next in
``<cache>/digests.json``. The change time cannot be set back by tools like
``touch -d``, so an edited file is always hashed again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR

import builder

_STORE_FILE = "digests.json"
_STORE_VERSION = 1

Stamp = tuple[int, int, int, int]

_known: dict[str, tuple[Stamp, str]] = {}


def _stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of the bytes of ``path``, read again only when the file changed."""
    name = os.path.abspath(path)
    stamp = _stamp(os.stat(name))
    known = _known.get(name)
    if known is not None and known[0] == stamp:
        return known[1]
    sha = hashlib.sha256()
    with open(name, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    digest = sha.hexdigest()
    # A file changed while it was read keeps no entry: the next call hashes it again.
    if _stamp(os.stat(name)) == stamp:
        _known[name] = (stamp, digest)
    return digest


def text_digest(*parts: object) -> str:
    """SHA-256 of values that have a stable JSON form (str, numbers, lists, dicts with str keys)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_refuse)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **dataclasses.asdict(value)}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} has no stable form for a cache key")


def tree_digest(folder: Path, *, skip: Iterable[str] = (), hidden: bool = False) -> str:
    """Digest of every file under ``folder`` (names and bytes, in sorted order), without ``skip`` names and, unless ``hidden``, dot-files."""
    skipped = {*skip}

    def wanted(name: str) -> bool:
        return name not in skipped and (hidden or not name.startswith("."))

    entries = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if wanted(d))
        for name in sorted(files):
            if not wanted(name):
                continue
            path = Path(root, name)
            entries.append((path.relative_to(folder).as_posix(), file_digest(path)))
    return text_digest(entries)


@functools.cache
def builder_digest() -> str:
    """The version and source code of gi-showcase itself: a change to either refreshes every cache."""
    package = Path(builder.__file__).parent
    return text_digest(builder.__version__, tree_digest(package, skip={"__pycache__"}))


@contextlib.contextmanager
def digest_store(cache: Path) -> Iterator[None]:
    """Remember file digests in ``cache`` across runs while the block runs; saved atomically at the end."""
    path = cache / _STORE_FILE
    _load(path)
    try:
        yield
    finally:
        _save(path)


def _load(path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or data.get("version") != _STORE_VERSION or not isinstance(data.get("files"), dict):
        return
    for name, entry in data["files"].items():
        if isinstance(entry, list) and len(entry) == 5 and name not in _known:
            *stamp, digest = entry
            _known[name] = ((int(stamp[0]), int(stamp[1]), int(stamp[2]), int(stamp[3])), str(digest))


def _save(path: Path) -> None:
    # Only files that still exist are kept, so the store does not grow with every deleted photo.
    files = {name: [*stamp, digest] for name, (stamp, digest) in sorted(_known.items()) if os.path.exists(name)}
    with contextlib.suppress(OSError):  # the store only saves time: a build does not fail for it
        write_text_whole(path, json.dumps({"version": _STORE_VERSION, "files": files}, separators=(",", ":")))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; once written it replaces ``path``, so a reader never sees half a file.

    On failure the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # default permissions, unlike mkstemp's 0600
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """Make ``target`` hold ``source``: a hard link (no second copy, no data written), or a copy where links fail.

    Files shared this way between the cache and the site must never be written in place.
    """
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise  # an existing target, above all: a copy would write through it
        shutil.copyfile(source, target)


#: Why a hard link cannot be made where a copy can: another file system, one without links, too many links.
_NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EACCES, errno.ENOSYS}


def write_text_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, newlines as given, through :func:`replacing`."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")


# --------------------------------------------------------------------------- keeping the cache to what is used
#
# Every cache entry a build reuses is looked up through :func:`used`, which remembers it for
# this build (in memory: file times are not reliable enough to decide what to delete) and,
# as a hint for later builds, sets its access time to now. The modification time, which site
# fingerprints and the digest store read, is left alone. After a complete build, :func:`sweep`
# removes the entries this build neither used nor wrote and that no build used recently, so
# the cache holds what the content needs instead of growing with every edit (an old clip is
# about 10 MB).

_used: set[str] = set()


#: The access-time hint is refreshed at most this often (seconds): it is read in days, and
#: one stat per lookup is cheaper than two stats and a write (28,000 lookups: 0.3 s against 0.8 s).
HINT_EVERY = 3600


def used(path: Path) -> bool:
    """Whether the cache entry ``path`` (a file or a folder) exists; if it does, this build uses it."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    _used.add(os.path.abspath(path))
    if stat.st_atime < time.time() - HINT_EVERY:
        with contextlib.suppress(OSError):  # another user's file, or a file system without access times
            os.utime(path, ns=(time.time_ns(), stat.st_mtime_ns))
    return True


def forget_used() -> None:
    """Start a new build's record of the entries it uses (``serve`` builds many times in one process)."""
    _used.clear()


def used_entries() -> list[str]:
    """The entries this process has used since :func:`forget_used` (for a worker to hand back)."""
    return sorted(_used)


def remember_used(paths: Iterable[str]) -> None:
    """Count entries a worker used as used by this build."""
    _used.update(paths)


def last_used(stat: os.stat_result) -> float:
    return max(stat.st_atime, stat.st_mtime)


def sweep(folder: Path, *, before: float, whole_folders: bool = False) -> tuple[int, int]:
    """Remove the entries of ``folder`` that this build did not use (see :func:`used`) and that were last
    used or written before ``before`` (a time as the cache's file system tells it); return (entries, bytes).

    Entries are the files anywhere below ``folder``, or with ``whole_folders`` its top-level
    folders (a clip's files, compiled templates), which count as one entry each.
    """
    removed = freed = 0
    if not folder.is_dir():
        return 0, 0
    if whole_folders:
        for entry in sorted(folder.iterdir()):
            with contextlib.suppress(OSError):
                stat = entry.lstat()  # a link is removed, never followed
                if os.path.abspath(entry) in _used or last_used(stat) >= before:
                    continue
                if S_ISDIR(stat.st_mode):
                    size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
                    shutil.rmtree(entry)
                else:
                    size = stat.st_size
                    entry.unlink()
                removed, freed = removed + 1, freed + size
        return removed, freed
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                stat = os.lstat(path)
                if os.path.abspath(path) not in _used and last_used(stat) < before:
                    os.unlink(path)
                    removed, freed = removed + 1, freed + stat.st_size
        if root != str(folder):
            with contextlib.suppress(OSError):
                os.rmdir(root)  # only succeeds when the sweep emptied it
    return removed, freed
