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
from builder.messages import Message, tr

ALLOWED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PhotoCheck:
    """The outcome of checking one reference: the file found, or the reason it is refused."""

    path: Path | None
    problem: Message | None = None


def check_photo(folder: Path, reference: str) -> PhotoCheck:
    """Resolve ``reference`` inside ``folder`` and check that it is an allowed, readable image."""
    refused = _refuse_reference(reference)
    if refused:
        return PhotoCheck(None, refused)
    try:
        return _check_file(folder, reference)
    except (OSError, RuntimeError) as exc:  # a name too long, no permission, a symlink loop (RuntimeError before Python 3.13)
        return PhotoCheck(None, tr("photo_unreadable", file=reference, reason=str(getattr(exc, "strerror", None) or exc)))


def _check_file(folder: Path, reference: str) -> PhotoCheck:
    path = resolve_in_folder(folder, reference)
    if path is None:
        return PhotoCheck(None, tr("photo_missing", file=reference))
    if not path.resolve().is_relative_to(folder.resolve()):
        return PhotoCheck(None, tr("photo_link_outside", file=reference))
    if not path.is_file():
        return PhotoCheck(None, tr("photo_not_file", file=reference))
    # The file is named first: with several photos in a folder the editor sees at once which one to replace.
    size = path.stat().st_size
    if size > MAX_PHOTO_BYTES:
        problem: Message | None = tr("photo_too_big", size=_mb(size), limit=_mb(MAX_PHOTO_BYTES))
        return PhotoCheck(None, tr("photo_named", file=reference, problem=problem))
    problem = _image_problem(path)
    return PhotoCheck(path, tr("photo_named", file=reference, problem=problem) if problem else None)


def _refuse_reference(reference: str) -> Message | None:
    if _CONTROL.search(reference):  # checked first: no message repeats a name that holds terminal control codes
        return tr("photo_control_characters")
    inside = tr("photo_inside_hint")
    if "://" in reference or reference.lower().startswith(("data:", "mailto:")):
        return tr("photo_web_address", file=reference, inside=inside)
    if reference.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", reference):
        return tr("photo_absolute_path", file=reference, inside=inside)
    parts = PurePosixPath(reference.replace("\\", "/")).parts
    if ".." in parts:
        return tr("photo_dot_dot", file=reference, inside=inside)
    if any(part.startswith("-") for part in parts):
        return tr("photo_dash", file=reference)
    if not reference.lower().endswith(ALLOWED_SUFFIXES):
        return tr("photo_suffix", file=reference)
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


def _image_problem(path: Path) -> Message | None:
    """Why the file cannot be published, or None; the pixel count is judged from the header, before decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own 89 MP; our limit (MAX_PHOTO_PIXELS) is the one that counts.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in ALLOWED_FORMATS:
                    return tr("photo_format", format=str(image.format))
                pixels = image.width * image.height
                if pixels > MAX_PHOTO_PIXELS:
                    return _too_many_pixels(pixels, f"{image.width}x{image.height}")
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Image.DecompressionBombError as exc:
        # Pillow refuses to even open an image above twice its limit; the message names the pixel count.
        counted = re.search(r"\((\d+) pixels\)", str(exc))
        return _too_many_pixels(int(counted.group(1)), None) if counted else tr("photo_too_many_pixels_unknown")
    except UnidentifiedImageError:
        return tr("photo_not_an_image", suffix=path.suffix)
    except (OSError, ValueError, SyntaxError, struct.error) as exc:
        if "truncated" in str(exc):
            return tr("photo_truncated")
        return tr("photo_unreadable_image", reason=str(exc))
    return None


def _too_many_pixels(pixels: int, size: str | None) -> Message:
    limit = MAX_PHOTO_PIXELS / 1e6
    if size:
        return tr("photo_too_many_pixels_sized", size=size, megapixels=pixels / 1e6, limit=limit)
    return tr("photo_too_many_pixels", megapixels=pixels / 1e6, limit=limit)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
