"""Checks that a photo reference points to a real, safe image inside the product folder."""

from __future__ import annotations

import re
import struct
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from builder.content.limits import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS

ALLOWED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PhotoCheck:
    """The outcome of checking one reference: the file found, or the reason it is refused."""

    path: Path | None
    problem: str | None = None


def check_photo(folder: Path, reference: str) -> PhotoCheck:
    """Resolve ``reference`` inside ``folder`` and check that it is an allowed, readable image."""
    refused = _refuse_reference(reference)
    if refused:
        return PhotoCheck(None, refused)
    try:
        return _check_file(folder, reference)
    except (OSError, RuntimeError) as exc:  # a name too long, no permission, a symlink loop (RuntimeError before Python 3.13)
        return PhotoCheck(None, f"'{reference}' cannot be read ({getattr(exc, 'strerror', None) or exc}); check the file name and that the file is readable")


def _check_file(folder: Path, reference: str) -> PhotoCheck:
    path = resolve_in_folder(folder, reference)
    if path is None:
        return PhotoCheck(None, f"the file '{reference}' does not exist; check the spelling or add the photo to the folder")
    if not path.resolve().is_relative_to(folder.resolve()):
        return PhotoCheck(None, f"'{reference}' leads outside the product folder (through a link); copy the photo into photos/")
    if not path.is_file():
        return PhotoCheck(None, f"'{reference}' is not a file")
    # The file is named first: with several photos in a folder the editor sees at once which one to replace.
    size = path.stat().st_size
    if size > MAX_PHOTO_BYTES:
        return PhotoCheck(None, f"{reference}: the photo is {_mb(size)}, more than the limit of {_mb(MAX_PHOTO_BYTES)}; export it smaller")
    problem = _image_problem(path)
    return PhotoCheck(path, f"{reference}: {problem}" if problem else None)


def _refuse_reference(reference: str) -> str | None:
    if _CONTROL.search(reference):  # checked first: no message repeats a name that holds terminal control codes
        return "the file name contains control characters; rename the file"
    inside = "must be a path inside the product folder, like photos/field.jpg"
    if "://" in reference or reference.lower().startswith(("data:", "mailto:")):
        return f"'{reference}' is a web address; download the photo into photos/ and write its path ({inside})"
    if reference.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", reference):
        return f"'{reference}' is an absolute path; it {inside}"
    parts = PurePosixPath(reference.replace("\\", "/")).parts
    if ".." in parts:
        return f"'{reference}' leaves the product folder with '..'; it {inside}"
    if any(part.startswith("-") for part in parts):
        return f"'{reference}' has a part that starts with '-'; rename the file so it starts with a letter or digit"
    if not reference.lower().endswith(ALLOWED_SUFFIXES):
        return f"'{reference}' is not a .jpg, .jpeg, .png or .webp file"
    return None


def resolve_in_folder(folder: Path, reference: str) -> Path | None:
    """Find the file, matching names the same whether written in NFC or NFD (macOS writes Thai in NFD)."""
    current = folder
    for part in PurePosixPath(reference.replace("\\", "/")).parts:
        candidate = current / part
        if not candidate.exists():
            wanted = unicodedata.normalize("NFC", part)
            matches = [c for c in _listdir(current) if unicodedata.normalize("NFC", c.name) == wanted]
            if not matches:
                return None
            candidate = matches[0]
        current = candidate
    return current


def _listdir(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _image_problem(path: Path) -> str | None:
    """Why the file cannot be published, or None; the pixel count is judged from the header, before decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own 89 MP; our limit (MAX_PHOTO_PIXELS) is the one that counts.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in ALLOWED_FORMATS:
                    return f"the file is a {image.format} image; save it as JPEG, PNG or WebP"
                pixels = image.width * image.height
                if pixels > MAX_PHOTO_PIXELS:
                    return _too_many_pixels(pixels, f"{image.width}x{image.height}")
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Image.DecompressionBombError as exc:
        # Pillow refuses to even open an image above twice its limit; the message names the pixel count.
        counted = re.search(r"\((\d+) pixels\)", str(exc))
        return _too_many_pixels(int(counted.group(1)), None) if counted else "the photo has too many pixels to open safely; export it smaller"
    except UnidentifiedImageError:
        return (
            f"the file is not a readable JPEG, PNG or WebP image (its content is not an image: perhaps a web page or an SVG drawing "
            f"renamed to {path.suffix}); export the photo again from your photo app"
        )
    except (OSError, ValueError, SyntaxError, struct.error) as exc:
        if "truncated" in str(exc):
            return "the photo file is incomplete (cut short while copying or downloading); copy or export it again"
        return f"the file is not a readable JPEG, PNG or WebP image ({exc}); export it again from your photo app"
    return None


def _too_many_pixels(pixels: int, size: str | None) -> str:
    counted = f"is {size} ({pixels / 1e6:.0f} megapixels)" if size else f"has {pixels / 1e6:.0f} megapixels"
    return f"the photo {counted}, more than the limit of {MAX_PHOTO_PIXELS / 1e6:.0f} megapixels; export it smaller"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
