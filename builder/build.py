"""The build: validate everything, render into a staging folder, then swap it into place.

A failed or interrupted build never touches the published site, and the content
folder is only ever read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.authenticity import REGISTRY_FILE, registry_json
from builder.background import Background
from builder.cache import digest_store, forget_used, sweep
from builder.config import Project, load_project
from builder.content.catalogue import Catalogue
from builder.content.loader import display, load_catalogue, product_slugs
from builder.kit import KitTexts, catalogue_csv, check_live_minutes, kit_texts_for, write_texts
from builder.lastbuild import LastBuild, input_fingerprint, output_fingerprint
from builder.messages import plural, tr
from builder.problems import ConfigError, ContentError, GIShowcaseError, Report
from builder.progress import Reporter
from builder.site.qr import QrCodes, verify_urls
from builder.site.search import ThaiWords, thai_texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """What ``gi-showcase build`` was asked to do."""

    content: Path = Path("content")
    out: Path = Path("site")
    cache: Path = Path(".cache")
    config_file: Path = Path("mkdocs.yml")
    themes: Path | None = None
    strict: bool = False
    clips: bool = True
    live_minutes: int = 60
    jobs: int = os.cpu_count() or 1


@dataclass
class BuildResult:
    """What a build did, for the summary line and for tests."""

    report: Report
    pages: int = 0
    pages_reused: int = 0
    images_rendered: int = 0
    images_reused: int = 0
    clips_rendered: int = 0
    clips_reused: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False
    published: bool = True
    built_products: int = 0

    def summary(self) -> str:
        if self.up_to_date:
            return str(tr("build_up_to_date", pages=self.pages, seconds=self.seconds))
        text = str(tr(
            "build_counts", pages_built=self.pages - self.pages_reused, pages_reused=self.pages_reused, images_built=self.images_rendered,
            images_reused=self.images_reused, clips_built=self.clips_rendered, clips_reused=self.clips_reused, seconds=self.seconds,
        ))
        text += str(tr("build_some_failed", count=len(self.failures))) if self.failures else ""
        return text + ("" if self.published else str(tr("build_not_published")))


def build(options: BuildOptions, *, reporter: Reporter | None = None, on_report: Callable[[Report], None] | None = None) -> BuildResult:
    """Validate, render into staging, swap into ``options.out``; raise ContentError before writing anything on bad content.

    ``on_report`` receives the content's problems as soon as they are known, before the
    long work starts, so that an editor sees a mistake at once.
    """
    started = time.perf_counter()
    project = load_project(options.config_file)
    out = refuse_dangerous_output(options.out, content=options.content, project_root=project.root)
    keep_days = cache_days()  # a mistyped setting stops the build before anything is done
    cache = options.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    with build_lock(cache), digest_store(cache):
        inputs = input_fingerprint(options, project)
        previous = LastBuild.read(cache, out)  # skipped when the inputs and the site are as the last build left them
        if previous is not None and previous.inputs == inputs and previous.output == output_fingerprint(out):
            result = previous.result()
            if on_report:
                on_report(result.report)
        else:
            with Background(jobs=options.jobs) as background:
                result = _build(options, project, out, cache, reporter, on_report, keep_days=keep_days, background=background)
            if not result.failures:
                LastBuild.from_result(result, out=out, inputs=inputs, output=output_fingerprint(out)).write(cache, out)
    result.seconds = time.perf_counter() - started
    return result


def _build(
    options: BuildOptions,
    project: Project,
    out: Path,
    cache: Path,
    reporter: Reporter | None,
    on_report: Callable[[Report], None] | None,
    *,
    keep_days: float,
    background: Background,
) -> BuildResult:
    started = _file_clock(cache)
    forget_used()
    qr = QrCodes(cache, background=background)
    # QR codes need only the folder names: they are drawn while the profiles are read.
    qr.start(verify_urls(project, product_slugs(options.content)))
    background.preload("builder.site", "pythainlp.tokenize")  # what the worker needs next, if it has started: a large build
    catalogue, report = load_catalogue(options.content, cache=cache)
    _clip_slugs(catalogue, project)  # a misspelt name in clips.products stops the build before anything is done
    result = BuildResult(report)
    if report.failed(strict=options.strict):
        # A product with a problem is left out and the others are still built, so their media
        # and pages are cached for the next build; the site itself is not replaced.
        broken = _broken_products(report, options.content, strict=options.strict)
        kept = tuple(p for p in catalogue.products if p.slug not in (broken or ()))
        if broken is None or not kept:
            raise ContentError(_content_failure(report, strict=options.strict))  # its message holds the problems
        catalogue = dataclasses.replace(catalogue, products=kept)
        result.failures.extend(str(tr("product_left_out", slug=slug)) for slug in sorted(broken))
        result.published, result.built_products = False, len(kept)
    if on_report:
        on_report(report)
    words = ThaiWords(background)
    if background.started:  # a large build (many QR codes to draw): segment the Thai search words meanwhile
        words.start(text for product in catalogue.products for text in thai_texts(product))
    with staging_folder(out) as staging:
        from builder.site import build_site

        kits = _kit_texts(catalogue, project=project, options=options)
        with_clips = _clip_slugs(catalogue, project) if options.clips else []
        # Clips first, beside the staging folder (MkDocs empties the folder it builds into), so that
        # a kit page shows a clip only when both of its product's clips were really made.
        clip_folder = staging.parent / f".{out.name}.staging-clips-{os.getpid()}"  # an interrupted build's is swept like its staging
        try:
            if with_clips:
                failed = _render_clips(catalogue, clip_folder, project=project, options=options, result=result, slugs=with_clips)
                with_clips = [slug for slug in with_clips if slug not in failed]
                for slug in failed:  # its other language's clip would be published with no page linking to it
                    shutil.rmtree(clip_folder / "kit" / slug, ignore_errors=True)
            stats = build_site(
                catalogue, staging, project=project, cache=cache, kits=kits, clips=frozenset(with_clips), themes=options.themes, jobs=options.jobs,
                reporter=reporter, background=background, qr=qr, words=words,
            )
            result.pages, result.pages_reused = stats.pages, stats.pages_reused
            result.images_rendered, result.images_reused = stats.images_rendered, stats.images_reused
            _write_kit_files(catalogue, kits, staging / "kit", project=project)
            _move_files(clip_folder / "kit", staging / "kit")
        finally:
            shutil.rmtree(clip_folder, ignore_errors=True)
        (staging / REGISTRY_FILE).write_text(registry_json(catalogue, project=project, cache=cache), encoding="utf-8")
        (staging / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        if result.published:
            swap_into_place(staging, out)
    if result.published and not result.failures:
        _prune_cache(cache, before=started - keep_days * 86400, clips=options.clips)
    return result


#: The cache folders a complete build prunes, and whether each of their entries is a whole folder.
PRUNED = {"images": False, "share": False, "pages": False, "kit": False, "qr": False, "profiles": False, "phash": False, "fonts": False, "templates": True}


#: How many days an entry no build uses stays in the cache. A few days, not none: builds with
#: other settings (``serve``, another ``--config`` or ``--live-minutes``) share the cache and
#: would otherwise delete each other's entries.
CACHE_DAYS = 7.0
CACHE_DAYS_VARIABLE = "GI_SHOWCASE_CACHE_DAYS"


def cache_days() -> float:
    """The days an unused cache entry is kept: ``GI_SHOWCASE_CACHE_DAYS`` (0 keeps only what this build used), or 7."""
    text = os.environ.get(CACHE_DAYS_VARIABLE, "").strip()
    if not text:
        return CACHE_DAYS
    try:
        days = float(text)
    except ValueError:
        days = -1.0
    if not days >= 0:  # also refuses nan
        raise ConfigError(tr("cache_days_invalid", setting=f"{CACHE_DAYS_VARIABLE}={text!r}"))
    return days


def _file_clock(cache: Path) -> float:
    """Now, as the cache's file system writes times: an entry is pruned only if it is older than this
    (file times may be rounded, to 2 s on FAT, and a cache on a network share has the server's clock)."""
    stamp = cache / "build-started"
    stamp.write_bytes(b"")
    return stamp.stat().st_mtime


def _prune_cache(cache: Path, *, before: float, clips: bool) -> None:
    """Remove what this complete build did not use and no build used since ``before`` (see builder.cache.sweep);
    clips only when clips were rendered."""
    folders = {**PRUNED, "clips": True} if clips else PRUNED
    removed = freed = 0
    for name, whole_folders in folders.items():
        entries, size = sweep(cache / name, before=before, whole_folders=whole_folders)
        removed, freed = removed + entries, freed + size
    if removed:
        log.info("%s", tr("cache_pruned", entries=removed, megabytes=freed / 1e6))


def _broken_products(report: Report, content: Path, *, strict: bool) -> set[str] | None:
    """The product folders that hold every error (and warning, with --strict); None when a problem is not in a product folder."""
    products_dir = Path(display(content / "products"))
    slugs = set()
    for problem in report.errors + (report.warnings if strict else []):
        parts = Path(problem.path).parts
        if parts[: len(products_dir.parts)] != products_dir.parts or len(parts) <= len(products_dir.parts):
            return None
        slugs.add(parts[len(products_dir.parts)])
    return slugs


def clips_only(options: BuildOptions, *, slugs: list[str] | None, langs: list[str]) -> BuildResult:
    """``gi-showcase clips``: render the clips of ``slugs`` (all when None) into ``<out>/kit/<slug>/<lang>/``, nothing else.

    Each file is replaced atomically; the rest of the site is left as it is. Content
    problems in the chosen products stop it before anything is written.
    """
    started = time.perf_counter()
    project = load_project(options.config_file)
    out = refuse_dangerous_output(options.out, content=options.content, project_root=project.root, replaced=False)
    catalogue, report = load_catalogue(options.content, cache=options.cache.resolve())
    wanted = set(slugs) if slugs is not None else {p.slug for p in catalogue.products}
    broken = _broken_products(report, options.content, strict=options.strict) if report.failed(strict=options.strict) else set()
    if broken is None or broken & wanted or (slugs is None and broken):
        raise ContentError(_content_failure(report, strict=options.strict))
    result = BuildResult(report)
    cache = options.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    with build_lock(cache), digest_store(cache):
        fresh = _replaceable_site(out) if out.is_dir() else True
        _render_clips(catalogue, out, project=project, options=options, result=result, slugs=slugs, langs=langs)
        if fresh and out.is_dir():  # a later build may replace this folder: it held nothing else
            (out / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


def _clip_slugs(catalogue: Catalogue, project: Project) -> list[str]:
    """The products that get clips: those named in ``clips.products`` in mkdocs.yml, or all."""
    slugs = [p.slug for p in catalogue.products]
    chosen = project.clips.products
    if chosen is None:
        return slugs
    unknown = [s for s in chosen if s not in slugs and not (catalogue.root / "products" / s).is_dir()]
    if unknown:
        raise ConfigError(tr("clip_products_unknown", config=str(project.config_file), names=", ".join(unknown)))
    return [s for s in slugs if s in chosen]


def _kit_texts(catalogue: Catalogue, *, project: Project, options: BuildOptions) -> dict[tuple[str, str], KitTexts]:
    """Captions and live scripts, computed once for the kit pages and the kit files."""
    check_live_minutes(options.live_minutes)
    urls = {(product.slug, lang): project.url(lang, f"products/{product.slug}/") for product in catalogue.products for lang in project.languages}
    return kit_texts_for(catalogue, urls, live_minutes=options.live_minutes, themes=options.themes, cache=options.cache.resolve())


def _write_kit_files(catalogue: Catalogue, kits: dict[tuple[str, str], KitTexts], kit_dir: Path, *, project: Project) -> None:
    for (slug, lang), texts in kits.items():
        write_texts(texts, kit_dir / slug / lang, whole=False)  # into the staging folder
    (kit_dir / "catalogue.csv").write_text(catalogue_csv(catalogue, site_url=project.site_url), encoding="utf-8", newline="")


def _move_files(source: Path, target: Path) -> None:
    """Move every file below ``source`` to the same place below ``target`` (same file system: renames)."""
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)


def _render_clips(
    catalogue: Catalogue, staging: Path, *, project: Project, options: BuildOptions, result: BuildResult,
    slugs: list[str] | None = None, langs: list[str] | None = None,
) -> set[str]:
    """Render clips into ``staging/kit``, count them in ``result`` and return the products with a failed clip."""
    from builder.clips import ClipOptions, render_clips

    clip_options = ClipOptions(
        site_url=project.site_url,
        style=project.clips.style,
        duration=project.clips.duration,
        music=project.clips.music,
        themes=options.themes,
        jobs=options.jobs,
    )
    outcomes = render_clips(
        catalogue, staging / "kit", options=clip_options, cache_dir=options.cache.resolve(), slugs=slugs, langs=langs or list(project.languages)
    )
    failed = set()
    for outcome in outcomes:
        if outcome.status == "failed":
            result.failures.append(outcome.error or outcome.slug)  # the error names the clip: "clip <slug>/<lang>: ..."
            failed.add(outcome.slug)
        elif outcome.status == "reused":
            result.clips_reused += 1
        else:
            result.clips_rendered += 1
    return failed


def _content_failure(report: Report, *, strict: bool) -> str:
    return "\n".join([*(str(p) for p in report), content_problems_line(report, strict=strict)])


def content_problems_line(report: Report, *, strict: bool, built: int = 0) -> str:
    """The last line of a build stopped by content problems; ``built`` counts the other products that were still built."""
    strictly = tr("strict_reason") if strict and report.warnings else ""
    outcome = plural(built, "others_built") if built else tr("nothing_written")
    return str(tr("content_has_problems", counted=report.counted(), strictly=strictly, outcome=outcome))


#: Written into every site built; an existing output folder is replaced only if it holds this file
#: (or is empty, or is a site from before the file existed), so a mistyped --out never wipes other files.
SITE_MARKER = ".gi-showcase-site"
SITE_MARKER_TEXT = (
    "This folder was made by gi-showcase (gi-showcase build) and is replaced whole on every build.\n"
    "โฟลเดอร์นี้สร้างโดย gi-showcase (gi-showcase build) และจะถูกแทนที่ทั้งโฟลเดอร์ทุกครั้งที่สร้างเว็บไซต์\n"
)


def refuse_dangerous_output(out: Path, *, content: Path, project_root: Path, replaced: bool = True) -> Path:
    """The output folder is replaced on every build: never the project, the content, a parent of either,
    inside the content, or (when it is ``replaced`` whole, not only added to) a folder of other files."""
    resolved = out.resolve()
    content_dir = content.resolve()
    for precious, name in ((project_root.resolve(), "out_is_project"), (content_dir, "out_is_content")):
        if resolved == precious or resolved in precious.parents:
            raise ConfigError(tr(name, out=str(out)))
    if content_dir in resolved.parents:
        raise ConfigError(tr("out_inside_content", out=str(out)))
    if resolved.exists() and not resolved.is_dir():
        raise ConfigError(tr("out_is_file", out=str(out)))
    if replaced and resolved.is_dir() and not _replaceable_site(resolved):
        raise ConfigError(tr("out_holds_other_files", out=str(out)))
    return resolved


#: Files a file manager leaves in a folder it shows; a folder that holds only these counts as empty.
FOLDER_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".directory"})


def _replaceable_site(folder: Path) -> bool:
    """Whether ``folder`` is empty or a site an earlier build wrote (its marker, or for older builds its registry and sitemap)."""
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError as exc:
        raise ConfigError(tr("out_unreadable", folder=str(folder), reason=str(exc.strerror or exc))) from None
    if SITE_MARKER in names or not names - FOLDER_LITTER:
        return True
    return (folder / REGISTRY_FILE).is_file() and (folder / "sitemap.xml").is_file() and (folder / "index.html").is_file()


@contextlib.contextmanager
def build_lock(cache: Path) -> Iterator[None]:
    """One build at a time per cache folder; a second one fails fast and names the holder."""
    path = cache / "build.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise GIShowcaseError(tr("another_build_running", process=holder, lock=str(path))) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out``; removed on any failure, Ctrl-C included."""
    recover_interrupted(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old site is deleted only afterwards."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted(out: Path) -> None:
    """Clean up after a build that was killed: restore a site caught between renames, drop stale folders."""
    leftovers = sorted(out.parent.glob(f".{out.name}.staging-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))
    for folder in leftovers:
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        if ".old-" in folder.name and not out.exists():
            os.replace(folder, out)
            log.warning("%s", tr("site_restored", folder=str(folder)))
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
