"""Notice & Takedown evidence packs: a printable notice about infringing listings, with the evidence beside it.

A pack is a new folder holding ``notice.md``, ``notice.html`` (self-contained, printable, no JavaScript)
and ``evidence/``. Files are copied byte for byte, never re-encoded: the SHA-256 written in the
notice then proves which file was examined, and an official photo's SHA-256 is the one in the
public registry. The pack is written into a temporary folder and moved into place at the end,
so a failure never leaves half a pack, and an existing non-empty folder is never touched.
"""

from __future__ import annotations

import base64
import difflib
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import fontpkg
from markupsafe import Markup

from builder import __version__
from builder.authenticity.errors import SuspectImageError, TakedownInputError
from builder.authenticity.match import MatchResult, closest, hash_suspect
from builder.authenticity.phash import ALGORITHM, DEFAULT_THRESHOLD, HASH_BITS, ImageHashes
from builder.authenticity.printable import is_name_character, markdown_to_html
from builder.authenticity.registry import REGISTRY_FILE, Registry, RegistryPhoto, RegistryProduct, Text
from builder.cache import file_digest
from builder.config import Project
from builder.content.loader import display

# The kit's Jinja2 set-up and its file:line error reporting, reused rather than written twice (both are private there).
from builder.themes import render_template, theme_dir

LANGUAGES = ("th", "en")
#: Longest listing address accepted; real ones are far shorter.
MAX_URL_LENGTH = 2048
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Evidence:
    """One evidence image: where it came from, its name in the pack, its hashes and its closest official photo."""

    source: Path
    name: str
    sha256: str
    hashes: ImageHashes
    match: MatchResult


def check_listing_url(url: str) -> str | None:
    """Why ``url`` is not acceptable as a listing address, or None: http(s), a host, no spaces or control characters."""
    if not url:
        return "the address is empty"
    if _CONTROL.search(url):
        return "the address contains control characters (a line break or tab?); copy it again from the browser's address bar"
    if re.search(r"\s", url):
        return "the address contains spaces; copy it again from the browser's address bar"
    if "`" in url:
        return "the address contains a backtick (`), which a browser writes as %60; copy it again from the address bar"
    if len(url) > MAX_URL_LENGTH:
        return f"the address is {len(url)} characters long, more than {MAX_URL_LENGTH}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        return f"the address is malformed ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"'{parts.scheme}:' addresses are refused" if parts.scheme else "it has no scheme"
        return f"a listing address must start with https:// or http:// ({scheme})"
    if not host:
        return "the address has no host name after https://"
    if parts.username is not None or parts.password is not None:
        return "the address contains a user name before '@', which hides the real host; give the listing's plain address"
    return None


def write_takedown_pack(
    product: str,
    *,
    listings: Sequence[str],
    evidence: Sequence[Path],
    lang: str,
    out: Path,
    registry: Registry,
    project: Project,
    themes: Path | None = None,
) -> list[Path]:
    """Write an evidence pack about ``product`` (a slug) into the new folder ``out``; return the files written."""
    entry, pieces = _checked_inputs(product, listings=listings, evidence=evidence, lang=lang, out=out, registry=registry)
    folder = theme_dir(themes) / "takedown"
    official = _official_copies(entry, registry)
    values = _values(
        entry, listings=listings, evidence=pieces, official=official, lang=lang, project=project, registry_url=registry.site_url + REGISTRY_FILE
    )
    notice = render_template(folder, f"notice.{lang}.md.j2", values)
    title = next((line[2:].strip() for line in notice.split("\n") if line.startswith("# ")), entry.names.en)
    body = Markup(markdown_to_html(notice))  # markdown_to_html escaped every character of the text
    page = render_template(folder, "notice.html.j2", {"lang": lang, "title": title, "body": body, "fonts": Markup(_embedded_fonts())})
    return _write_pack(out, notice=notice, page=page, evidence=pieces, official=official)


def _checked_inputs(
    product: str, *, listings: Sequence[str], evidence: Sequence[Path], lang: str, out: Path, registry: Registry
) -> tuple[RegistryProduct, list[Evidence]]:
    """Check everything the user gave; raise one TakedownInputError listing every problem."""
    problems: list[str] = []
    if lang not in LANGUAGES:
        problems.append(f"language '{lang}': write th or en")
    entry = registry.product(product)
    if entry is None:
        problems.append(_unknown_product(product, registry))
    if not listings:
        problems.append("give at least one listing address (the page that sells the infringing product)")
    for number, url in enumerate(listings, start=1):
        problem = check_listing_url(url)
        if problem:
            problems.append(f"listing {number} '{_printable(url)}': {problem}")
    pieces = _evidence(evidence, entry, problems)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        problems.append(f"{display(out)}: already exists and is not an empty folder; give a new folder (nothing is ever overwritten)")
    if problems or entry is None:
        raise TakedownInputError("the evidence pack was not written:\n" + "\n".join(f"  {p}" for p in problems))
    return entry, pieces


def _unknown_product(slug: str, registry: Registry) -> str:
    close = difflib.get_close_matches(slug, registry.slugs, n=1, cutoff=0.6)
    if close:
        return f"there is no product '{_printable(slug)}'; did you mean '{close[0]}'?"
    known = ", ".join(registry.slugs) or "none"
    return f"there is no product '{_printable(slug)}'; the registry has: {known}"


def _evidence(paths: Sequence[Path], entry: RegistryProduct | None, problems: list[str]) -> list[Evidence]:
    pieces = []
    for number, path in enumerate(paths, start=1):
        try:
            hashes = hash_suspect(path)
        except SuspectImageError as exc:
            problems.append(f"evidence {number}: {exc}")
            continue
        match = closest(path, hashes, [entry] if entry else [])
        name = f"E{number:02d}-{_safe_name(path.name)}"
        pieces.append(Evidence(path, name, file_digest(path), hashes, match))
    return pieces


def _safe_name(name: str) -> str:
    """A file name that is safe in a path, a Markdown image and an HTML attribute: letters (Thai too), digits, '.', '-', '_'."""
    stem, suffix = os.path.splitext(name)
    kept = "".join(ch if is_name_character(ch) else "-" for ch in stem)
    clean = re.sub(r"-{2,}", "-", re.sub(r"\.{2,}", ".", kept)).strip("-.") or "image"
    return clean[:60] + "".join(ch for ch in suffix.lower() if ch.isascii() and (ch.isalnum() or ch == "."))


def _printable(text: str) -> str:
    """``text`` for an error message: control characters shown as escapes, long text shortened."""
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return shown if len(shown) <= 120 else shown[:117] + "..."


def _one_line(text: str) -> str:
    """Profile and user text as one line, so no value can start a heading or an item in the notice."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _official_copies(entry: RegistryProduct, registry: Registry) -> dict[str, Path]:
    """The official photo files to copy into the pack, by file; empty when the registry came from JSON."""
    if registry.content is None:
        return {}
    folder = registry.content / "products" / entry.slug
    found = {photo.file: folder / photo.file for photo in entry.photos}
    return {file: path for file, path in found.items() if path.is_file() and file_digest(path) == _sha(entry, file)}


def _sha(entry: RegistryProduct, file: str) -> str:
    return next(photo.sha256 for photo in entry.photos if photo.file == file)


def _official_name(file: str) -> str:
    return "evidence/official/" + "/".join(_safe_name(part) for part in PurePosixPath(file.replace("\\", "/")).parts)


def _values(
    entry: RegistryProduct,
    *,
    listings: Sequence[str],
    evidence: Sequence[Evidence],
    official: Mapping[str, Path],
    lang: str,
    project: Project,
    registry_url: str,
) -> dict[str, Any]:
    """Everything the notice templates may use (the list is at the top of notice.en.md.j2), every text a single line."""
    return {
        **_facts(entry, lang),
        "lang": lang,
        "listings": [{"number": n, "url": url} for n, url in enumerate(listings, start=1)],
        "evidence": [_evidence_values(e, official) for e in evidence],
        "reuse": [_evidence_values(e, official) for e in evidence if e.match.likely_reuse],
        "official": [_official_values(photo, lang, official) for photo in entry.photos],
        "method": {"algorithm": ALGORITHM, "threshold": DEFAULT_THRESHOLD, "bits": HASH_BITS},
        "site_name": _one_line(project.site_name.get(lang, project.site_url)),
        "registry_url": registry_url,
        "generator": f"gi-showcase {__version__}",
    }


def _facts(entry: RegistryProduct, lang: str) -> dict[str, Any]:
    """The product's registry facts: names, registration, rights holder, producers, area and pages."""
    registration = entry.registration
    return {
        "product": {
            "slug": entry.slug,
            "name_th": _one_line(entry.names.th),
            "name_en": _one_line(entry.names.en),
            "en_fallback": entry.names.en_fallback,
        },
        "registration": {
            "number": _one_line(registration.number) if registration.number else None,
            "registered_on": registration.registered_on.isoformat() if registration.registered_on else None,
            "eu_protection": _one_line(registration.eu_protection) if registration.eu_protection else None,
        },
        "registrant": _text(registration.registrant) if registration.registrant else None,
        "authorised": [{**_text(p.name), "contact": _one_line(p.contact or "")} for p in entry.producers if p.authorised],
        "producers": [{**_text(p.name), "contact": _one_line(p.contact or "")} for p in entry.producers if not p.authorised],
        "provinces": [{"code": p.code, "th": p.th, "en": p.en} for p in entry.provinces],
        "pages": {"product": getattr(entry.pages.product, lang), "verify": getattr(entry.pages.verify, lang)},
    }


def _text(text: Text) -> dict[str, str]:
    return {"th": _one_line(text.th), "en": _one_line(text.en)}


def _official_values(photo: RegistryPhoto, lang: str, official: Mapping[str, Path]) -> dict[str, Any]:
    return {
        "file": _one_line(photo.file),
        "alt": _one_line(getattr(photo.alt, lang)),
        "sha256": photo.sha256,
        "phash": photo.phash,
        "in_pack": _official_name(photo.file) if photo.file in official else None,
    }


def _evidence_values(piece: Evidence, official: Mapping[str, Path]) -> dict[str, Any]:
    match = piece.match
    return {
        "label": piece.name.split("-", 1)[0],
        "file": f"evidence/{piece.name}",
        "name": _one_line(piece.source.name),
        "sha256": piece.sha256,
        "phash": piece.hashes.full,
        "photo": _one_line(match.photo or ""),
        "photo_copy": _official_name(match.photo) if match.photo and match.photo in official else None,
        "distance": match.distance,
        "likely_reuse": match.likely_reuse,
        "window": match.official_window or "full",
    }


def _embedded_fonts() -> str:
    """@font-face rules carrying Sarabun inside the page: Thai prints right on a computer without a Thai font."""
    rules = []
    for style, weight in (("regular", 400), ("bold", 700)):
        data = base64.b64encode(Path(fontpkg.path("Sarabun", style)).read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)


def _write_pack(out: Path, *, notice: str, page: str, evidence: Sequence[Evidence], official: Mapping[str, Path]) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.{os.getpid()}.tmp"
    if staging.exists():
        shutil.rmtree(staging)  # left by a killed run of this same process id; ours, never the user's
    try:
        (staging / "evidence").mkdir(parents=True)
        (staging / "notice.md").write_text(notice, encoding="utf-8")
        (staging / "notice.html").write_text(page, encoding="utf-8")
        for piece in evidence:
            shutil.copyfile(piece.source, staging / "evidence" / piece.name)
        for file, source in official.items():
            target = staging / _official_name(file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if out.is_dir():
            out.rmdir()  # empty, as checked; rmdir refuses if something appeared since
        os.rename(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise TakedownInputError(f"{display(out)}: the evidence pack could not be written ({exc.strerror or exc})") from None
    return sorted(path for path in out.rglob("*") if path.is_file())
