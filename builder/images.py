"""Published photos: every derivative is re-encoded from the source, upright and without metadata.

A derivative is described by a frozen :class:`Rendition`; a hash of the source bytes
and its fields names the cached file, so identical requests share one file and an
unchanged photo is never encoded twice.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from builder.background import worker_pool
from builder.cache import file_digest, link_or_copy, replacing, used
from builder.messages import tr
from builder.progress import NullReporter, Reporter

log = logging.getLogger(__name__)

#: Widths published for each photo (never wider than the source).
WIDTHS = (480, 960, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82, "progressive": True, "optimize": True})}
#: Bumped when the encoding changes, so caches are refreshed.
IMAGES_VERSION = "1"


@dataclass(frozen=True)
class Rendition:
    """One derivative of one source photo."""

    source: Path
    source_hash: str
    width: int
    height: int
    ext: str

    @property
    def name(self) -> str:
        key = hashlib.sha256(f"{IMAGES_VERSION}:{self.source_hash}:{self.width}x{self.height}:{self.ext}".encode()).hexdigest()[:16]
        return f"{key}-{self.width}.{self.ext}"


@dataclass(frozen=True)
class PhotoSet:
    """All renditions of one photo, with what a page needs to write ``<picture>``."""

    renditions: tuple[Rendition, ...]
    width: int
    height: int

    def srcset(self, ext: str, prefix: str) -> str:
        return ", ".join(f"{prefix}{r.name} {r.width}w" for r in self.renditions if r.ext == ext)

    def largest(self, ext: str) -> Rendition:
        return max((r for r in self.renditions if r.ext == ext), key=lambda r: r.width)

    def smallest(self, ext: str) -> Rendition:
        return min((r for r in self.renditions if r.ext == ext), key=lambda r: r.width)


def plan_photo(source: Path, *, widths: Iterable[int] = WIDTHS) -> PhotoSet:
    """Decide the renditions of ``source`` from its upright size, without decoding the pixels."""
    with Image.open(source) as image:
        width, height = _upright_size(image)
    chosen = sorted({min(w, width) for w in widths})
    source_hash = file_digest(source)
    renditions = tuple(
        Rendition(source, source_hash, w, round(height * w / width), ext) for w in chosen for ext in FORMATS
    )
    return PhotoSet(renditions, width, height)


def _upright_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else (image.width, image.height)


def render_missing(renditions: Iterable[Rendition], cache: Path, *, jobs: int = 1, reporter: Reporter | None = None) -> tuple[int, int]:
    """Encode every rendition not yet in ``cache``; return (rendered, reused)."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {r.name: r for r in renditions}
    missing = [r for name, r in sorted(wanted.items()) if not used(cache / name)]
    by_source: dict[Path, list[Rendition]] = {}
    for rendition in missing:
        by_source.setdefault(rendition.source, []).append(rendition)
    groups = [(source, tuple(items), cache) for source, items in by_source.items()]
    with (reporter or NullReporter()).task(str(tr("progress_photos")), len(missing)) as advance:
        if jobs > 1 and len(groups) > 1:
            with worker_pool(jobs) as pool:
                for done in pool.map(_render_group, groups):
                    advance(done)
        else:
            for group in groups:
                advance(_render_group(group))
    return len(missing), len(wanted) - len(missing)


def _render_group(group: tuple[Path, tuple[Rendition, ...], Path]) -> int:
    source, renditions, cache = group
    upright = load_upright_rgb(source)
    for rendition in sorted(renditions, key=lambda r: -r.width):
        resized = upright.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info = {}
        fmt, params = FORMATS[rendition.ext]
        with replacing(cache / rendition.name) as tmp:
            resized.save(tmp, fmt, **params)  # no exif= or icc_profile=: no metadata is carried over
        log.debug("encoded %s from %s", rendition.name, source)
    return len(renditions)


#: The only decoders a published photo goes through (builder/content/photos.py accepts nothing else).
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")


def load_upright_rgb(source: Path, *, draft: tuple[int, int] | None = None) -> Image.Image:
    """Decode a photo, apply its EXIF orientation and return 8-bit RGB (transparency flattened on white) with no metadata.

    The result carries no EXIF (GPS, camera serial number), XMP, ICC profile or comment:
    only pixels. ``draft`` lets a JPEG decode at a reduced scale that is still at least that size.
    """
    with warnings.catch_warnings():
        # check already refused photos above MAX_PHOTO_PIXELS; Pillow's lower warning threshold is noise here.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(source, formats=PHOTO_FORMATS)
    with image:
        if draft is not None and image.format == "JPEG":
            image.draft("RGB", draft)
        image.load()
        upright = ImageOps.exif_transpose(image) or image
    if upright.mode in ("I;16", "I;16B", "I;16L", "I"):
        upright = upright.point(lambda v: v / 256).convert("L")
    if upright.mode == "P":
        upright = upright.convert("RGBA")
    if upright.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGBA", upright.size, (255, 255, 255, 255))
        upright = Image.alpha_composite(background, upright.convert("RGBA"))
    rgb = upright.convert("RGB")
    rgb.info = {}  # encoders read metadata (exif, icc, comments) from here; publish none of it
    return rgb


def publish(renditions: Iterable[Rendition], cache: Path, dest: Path) -> None:
    """Place cached renditions into the site (hard links when possible: no second copy on disk)."""
    dest.mkdir(parents=True, exist_ok=True)
    for rendition in renditions:
        target = dest / rendition.name
        if not target.exists():
            link_or_copy(cache / rendition.name, target)
