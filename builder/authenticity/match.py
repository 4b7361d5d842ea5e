"""Compare suspect images (from a listing) with the official photos in the registry: ``gi-showcase match``.

The CLI prints :func:`format_matches` and exits 0 when some image is a likely reuse, 1 when none is.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from builder.authenticity.errors import RegistryError, SuspectImageError
from builder.authenticity.phash import ALGORITHM, DEFAULT_THRESHOLD, HASH_BITS, SUSPECT_WINDOWS, Comparison, ImageHashes, compare, hash_image
from builder.authenticity.registry import REGISTRY_FILE, SCHEMA_VERSION, Registry, RegistryProduct, registry_model
from builder.config import DEFAULT_CONFIG, Project, load_project
from builder.content.loader import display, load_catalogue
from builder.content.photos import MAX_PHOTO_PIXELS
from builder.images import load_upright_rgb

log = logging.getLogger(__name__)

#: Smallest suspect image compared, in pixels per side: its windows must stay above 32x32.
MIN_SUSPECT_SIDE = 64
#: How many validation errors of a broken registry file are shown.
_SHOWN_ERRORS = 5


@dataclass(frozen=True)
class MatchResult:
    """The closest official photo to one suspect image."""

    image: Path
    slug: str | None
    photo: str | None
    distance: int | None
    likely_reuse: bool
    suspect_window: str | None = None
    official_window: str | None = None

    @property
    def official(self) -> str:
        """The official photo as ``<slug>/<file>``, e.g. ``doi-tung-coffee/photos/cup.jpg``."""
        return f"{self.slug}/{self.photo}"


def load_registry(path_or_dir: Path, *, project: Project | None = None) -> Registry:
    """Read ``gi-registry.json``, or the one in a built site folder, or build it from a content folder.

    A content folder needs the project's settings for the page addresses: ``project``, or the
    ``mkdocs.yml`` next to the content folder.
    """
    if path_or_dir.is_file():
        return _read_registry(path_or_dir)
    if not path_or_dir.is_dir():
        raise RegistryError(f"{display(path_or_dir)}: no such file or folder; pass gi-registry.json, the built site folder or the content folder")
    if (path_or_dir / REGISTRY_FILE).is_file():
        return _read_registry(path_or_dir / REGISTRY_FILE)
    if (path_or_dir / "products").is_dir():
        return _registry_from_content(path_or_dir, project)
    raise RegistryError(
        f"{display(path_or_dir)}: holds neither {REGISTRY_FILE} nor a products/ folder; "
        "pass gi-registry.json, the built site folder or the content folder"
    )


def _read_registry(path: Path) -> Registry:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise RegistryError(f"{display(path)}: the file is not UTF-8 text; it is not a gi-registry.json") from None
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{display(path)}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except OSError as exc:
        raise RegistryError(f"{display(path)}: cannot be read ({exc.strerror or exc})") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and version != SCHEMA_VERSION:
        raise RegistryError(f"{display(path)}: written in format version {version}; this gi-showcase reads version {SCHEMA_VERSION}")
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        lines = [f"{display(path)}: {_where(e['loc'])}: {e['msg']}" for e in exc.errors()[:_SHOWN_ERRORS]]
        more = len(exc.errors()) - _SHOWN_ERRORS
        tail = [f"... and {more} more"] if more > 0 else []
        raise RegistryError("\n".join([f"{display(path)}: not a valid gi-registry.json (docs/schema/gi-registry.schema.json):", *lines, *tail])) from None
    if registry.phash_algorithm != ALGORITHM:
        raise RegistryError(f"{display(path)}: its hashes are '{registry.phash_algorithm}', but this gi-showcase computes '{ALGORITHM}'; rebuild the registry")
    return registry


def _where(loc: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".") or "(top level)"


def _registry_from_content(content: Path, project: Project | None) -> Registry:
    if project is None:
        config = content.parent / DEFAULT_CONFIG.name
        if not config.is_file():
            raise RegistryError(f"{display(content)}: to build the registry from a content folder, {display(config)} is needed for the site address")
        project = load_project(config)
    catalogue, report = load_catalogue(content)
    if report.errors:
        raise RegistryError(
            f"{display(content)}: the content has {len(report.errors)} error(s), so the registry would miss products; "
            f"run 'gi-showcase check --content {display(content)}' and fix them"
        )
    return registry_model(catalogue, project=project)


def hash_suspect(path: Path) -> ImageHashes:
    """Decode a suspect image and hash it whole and in the suspect windows; a clear error names a bad file."""
    name = display(path)
    if not path.exists():
        raise SuspectImageError(f"{name}: no such file")
    if not path.is_file():
        raise SuspectImageError(f"{name}: is a folder, not an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                width, height = probe.size
            if width * height > MAX_PHOTO_PIXELS:
                raise SuspectImageError(f"{name}: the image is {width}x{height} pixels, more than {MAX_PHOTO_PIXELS // 1_000_000} megapixels")
            image = load_upright_rgb(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SuspectImageError(f"{name}: the image is too large to open safely") from None
    except UnidentifiedImageError:
        raise SuspectImageError(f"{name}: not a JPEG, PNG or WebP image; save the picture or screenshot as one of those") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise SuspectImageError(f"{name}: not a readable image ({exc})") from None
    if min(image.size) < MIN_SUSPECT_SIDE:
        size = f"{image.width}x{image.height}"
        raise SuspectImageError(f"{name}: the image is {size} pixels; at least {MIN_SUSPECT_SIDE}x{MIN_SUSPECT_SIDE} is needed to compare it")
    return hash_image(image, SUSPECT_WINDOWS)


def match_images(
    paths: Iterable[Path], registry: Registry, *, threshold: int = DEFAULT_THRESHOLD, slugs: Iterable[str] | None = None
) -> list[MatchResult]:
    """The closest official photo to each image, best first; ``slugs`` limits the search to those products."""
    wanted = None if slugs is None else set(slugs)
    products = [p for p in registry.products if wanted is None or p.slug in wanted]
    results = [closest(path, hash_suspect(path), products, threshold=threshold) for path in paths]
    return sorted(results, key=lambda r: (r.distance is None, r.distance or 0, str(r.image)))


def closest(image: Path, hashes: ImageHashes, products: Iterable[RegistryProduct], *, threshold: int = DEFAULT_THRESHOLD) -> MatchResult:
    """Compare one hashed suspect image with every photo of ``products``; ties go to the first in registry order."""
    best: tuple[Comparison, str, str] | None = None
    for product in products:
        for photo in product.photos:
            found = compare(hashes, photo.hashes())
            if best is None or found.distance < best[0].distance:
                best = (found, product.slug, photo.file)
    if best is None:
        return MatchResult(image, None, None, None, likely_reuse=False)
    found, slug, file = best
    log.debug("%s: closest %s/%s at %d (suspect %s, official %s)", display(image), slug, file, found.distance, found.suspect_window, found.official_window)
    return MatchResult(image, slug, file, found.distance, found.distance <= threshold, found.suspect_window, found.official_window)


_WORDS = {
    "en": {
        "reuse": "{image}: likely reuse of {official} (distance {distance} of {bits})",
        "none": "{image}: no match (closest: {official}, distance {distance} of {bits})",
        "empty": "{image}: no match (the registry has no photos)",
    },
    "th": {
        "reuse": "{image}: น่าจะนำภาพ {official} มาใช้ซ้ำ (ระยะห่าง {distance} จาก {bits})",
        "none": "{image}: ไม่พบภาพที่ตรงกัน (ใกล้ที่สุด: {official} ระยะห่าง {distance} จาก {bits})",
        "empty": "{image}: ไม่พบภาพที่ตรงกัน (ทะเบียนยังไม่มีภาพ)",
    },
}


def format_matches(results: Iterable[MatchResult], lang: str = "en") -> str:
    """One line per suspect image, in the order given (match_images gives best first)."""
    words = _WORDS.get(lang, _WORDS["en"])
    lines = []
    for result in results:
        key = "empty" if result.distance is None else "reuse" if result.likely_reuse else "none"
        lines.append(words[key].format(image=display(result.image), official=result.official, distance=result.distance, bits=HASH_BITS))
    return "\n".join(lines)
