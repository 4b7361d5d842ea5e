"""pHash-DCT-64 v1: a 64-bit perceptual hash that changes little when a photo is resized, recompressed or lightly cropped.

The recipe, step by step (docs/registry.md repeats it for people who recompute it elsewhere):

1. Decode the image, apply its EXIF orientation, flatten transparency on white (:func:`builder.images.load_upright_rgb`).
2. Luma: Pillow's ``convert("L")``, i.e. ``L = R * 299/1000 + G * 587/1000 + B * 114/1000`` rounded to an integer 0-255.
3. Take the window to hash (the whole image, or a crop: its edges are ``floor(fraction * size + 0.5)`` pixels).
4. Shrink it to 32x32 by averaging: the window of width ``w`` is split at columns ``floor(j * w / 32)`` for
   ``j = 0..32`` (rows alike), and each cell is the exact mean of the pixels inside it (a box filter, no rounding).
5. 2-D DCT-II, orthonormal: ``D = C @ X @ C.T`` with ``C[k, n] = s(k) * cos(pi * (2n + 1) * k / 64)``,
   ``s(0) = sqrt(1/32)``, ``s(k) = sqrt(2/32)`` otherwise; row ``k`` of ``D`` is the vertical frequency.
6. Keep the top-left 8x8 block ``D[0:8, 0:8]``, *including* the DC term ``D[0, 0]``: 64 coefficients.
7. Bit = coefficient > the median of those 64 (the mean of the 32nd and 33rd smallest), so a hash has 32 ones.
   The DC bit is in practice always 1; it is kept so the recipe has no exception.
8. Read the bits row by row (``D[0, 0]`` first) as one 64-bit number, most significant bit first,
   and write it as 16 lowercase hexadecimal digits.

Two hashes are compared by their Hamming distance: how many of the 64 bits differ.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

from builder.images import load_upright_rgb

#: The name written into the registry; bump the version whenever a step above changes.
ALGORITHM = "pHash-DCT-64 v1"
#: Side of the shrunken luma image, and of the low-frequency block that gives the bits.
SAMPLE_SIZE = 32
BLOCK_SIZE = 8
HASH_BITS = BLOCK_SIZE * BLOCK_SIZE
#: A window narrower or shorter than this has empty 32x32 cells and cannot be hashed.
MIN_WINDOW = SAMPLE_SIZE
#: A Hamming distance at or below this is reported as likely reuse; chosen with benchmarks/bench_match.py.
DEFAULT_THRESHOLD = 10
#: The whole suspect image is compared with an official crop window only when their width/height ratios
#: differ by at most this, as |ln(a / b)|: about 5 %. A copy cropped on one side has the shape of the matching cut.
ASPECT_TOLERANCE = 0.05
_HEX = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Window:
    """A part of an image to hash, with its edges in thousandths of the width and height (so they are exact)."""

    name: str
    left: int
    top: int
    right: int
    bottom: int

    def pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The window in pixels, each edge rounded to the nearest pixel (halves up)."""
        return (
            (self.left * width + 500) // 1000,
            (self.top * height + 500) // 1000,
            (self.right * width + 500) // 1000,
            (self.bottom * height + 500) // 1000,
        )

    @property
    def fractions(self) -> tuple[float, float, float, float]:
        """The edges as fractions, as the registry writes them."""
        return (self.left / 1000, self.top / 1000, self.right / 1000, self.bottom / 1000)


FULL = Window("full", 0, 0, 1000, 1000)
#: Windows that leave out the edges, where a copy most often gets a banner, a price tag or a logo.
#: They are hashed on the official photo *and* on the suspect image, and compared window to same window.
TRIMS: tuple[Window, ...] = (
    Window("centre-80", 100, 100, 900, 900),
    Window("top-left-85", 0, 0, 850, 850),
    Window("top-right-85", 150, 0, 1000, 850),
    Window("bottom-left-85", 0, 150, 850, 1000),
    Window("bottom-right-85", 150, 150, 1000, 1000),
)
#: Windows with 5, 10 or 15 % cut off one side: what a copy cropped on one side still shows.
#: They are hashed on the official photo only; the whole suspect image is compared with them.
CUTS: tuple[Window, ...] = tuple(
    window
    for percent in (5, 10, 15)
    for window in (
        Window(f"cut-left-{percent}", percent * 10, 0, 1000, 1000),
        Window(f"cut-right-{percent}", 0, 0, 1000 - percent * 10, 1000),
        Window(f"cut-top-{percent}", 0, percent * 10, 1000, 1000),
        Window(f"cut-bottom-{percent}", 0, 0, 1000, 1000 - percent * 10),
    )
)
#: Every window hashed on an official photo besides the whole image (the registry's ``phash_crops``).
OFFICIAL_WINDOWS: tuple[Window, ...] = TRIMS + CUTS
#: Every window hashed on a suspect image besides the whole image.
SUSPECT_WINDOWS: tuple[Window, ...] = TRIMS


@dataclass(frozen=True)
class WindowHash:
    """The hash of one window, with the window's edges as fractions (the registry's form)."""

    window: str
    box: tuple[float, float, float, float]
    phash: str

    def aspect(self, width: int, height: int) -> float:
        """The window's width divided by its height, in an image of ``width`` x ``height``."""
        left, top, right, bottom = self.box
        return (right - left) * width / ((bottom - top) * height)


@dataclass(frozen=True)
class ImageHashes:
    """The hashes of one upright image: the whole image first, then each window."""

    width: int
    height: int
    windows: tuple[WindowHash, ...]

    @property
    def full(self) -> str:
        return self.windows[0].phash

    @property
    def crops(self) -> tuple[WindowHash, ...]:
        return self.windows[1:]


class Luma:
    """An image's 8-bit luma kept as a summed-area table, so the mean of any 32x32 grid of cells is quick and exact."""

    def __init__(self, image: Image.Image) -> None:
        pixels = np.asarray(image.convert("L"))
        self.height, self.width = pixels.shape
        self._sums = np.zeros((self.height + 1, self.width + 1), dtype=np.int64)
        inner = self._sums[1:, 1:]
        np.cumsum(pixels, axis=1, dtype=np.int64, out=inner)  # in place: half the time of two fresh arrays
        np.cumsum(inner, axis=0, out=inner)

    def sample(self, box: tuple[int, int, int, int]) -> np.ndarray:
        """Step 4: the 32x32 cell means of the pixel window ``box`` = (left, top, right, bottom)."""
        left, top, right, bottom = box
        if right - left < MIN_WINDOW or bottom - top < MIN_WINDOW:
            raise ValueError(f"the window {box} is smaller than {MIN_WINDOW}x{MIN_WINDOW} pixels")
        cols = left + (np.arange(SAMPLE_SIZE + 1) * (right - left)) // SAMPLE_SIZE
        rows = top + (np.arange(SAMPLE_SIZE + 1) * (bottom - top)) // SAMPLE_SIZE
        corner = self._sums[np.ix_(rows, cols)]
        sums = corner[1:, 1:] - corner[:-1, 1:] - corner[1:, :-1] + corner[:-1, :-1]
        return sums / np.outer(np.diff(rows), np.diff(cols))

    def hash(self, window: Window) -> WindowHash:
        return WindowHash(window.name, window.fractions, phash_luma(self.sample(window.pixels(self.width, self.height))))


@cache
def dct_matrix(size: int = SAMPLE_SIZE) -> np.ndarray:
    """The orthonormal DCT-II matrix ``C`` of ``size``: ``C @ x`` transforms a column vector ``x``."""
    k = np.arange(size, dtype=np.float64)[:, None]
    n = np.arange(size, dtype=np.float64)[None, :]
    matrix = np.cos(math.pi * (2 * n + 1) * k / (2 * size)) * math.sqrt(2 / size)
    matrix[0, :] = math.sqrt(1 / size)
    matrix.setflags(write=False)  # cached and shared: nobody may change it
    return matrix


def phash_luma(sample: np.ndarray) -> str:
    """Steps 5-8: the hash of a 32x32 array of luma values."""
    if sample.shape != (SAMPLE_SIZE, SAMPLE_SIZE):
        raise ValueError(f"expected a {SAMPLE_SIZE}x{SAMPLE_SIZE} array, got {sample.shape}")
    matrix = dct_matrix()
    block = (matrix @ sample.astype(np.float64) @ matrix.T)[:BLOCK_SIZE, :BLOCK_SIZE]
    value = 0
    for bit in (block > np.median(block)).ravel():
        value = (value << 1) | int(bit)
    return f"{value:016x}"


@dataclass(frozen=True)
class Comparison:
    """The closest pair of windows found between a suspect image and one official photo."""

    distance: int
    suspect_window: str
    official_window: str


def compare(suspect: ImageHashes, official: ImageHashes, *, aspect_tolerance: float = ASPECT_TOLERANCE) -> Comparison:
    """The smallest distance over the pairs the matching rule allows (docs/registry.md, "Matching").

    1. the whole suspect image with the whole official photo;
    2. each suspect window with the official window of the same name (a banner or sticker on one edge);
    3. the whole suspect image with each official window of about the same shape (a copy cropped on one side).
    """
    whole = suspect.windows[0]
    own = {window.window: window for window in suspect.crops}
    shape = suspect.width / suspect.height
    best = Comparison(hamming(whole.phash, official.full), "full", "full")
    for window in official.crops:
        pairs = [own[window.window]] if window.window in own else []
        if abs(math.log(shape / window.aspect(official.width, official.height))) <= aspect_tolerance:
            pairs.append(whole)
        for mine in pairs:
            distance = hamming(mine.phash, window.phash)
            if distance < best.distance:
                best = Comparison(distance, mine.window, window.window)
    return best


def hash_image(image: Image.Image, windows: tuple[Window, ...] = OFFICIAL_WINDOWS) -> ImageHashes:
    """Steps 2-8 for the whole of an upright image and for each of ``windows`` that is at least 32x32 pixels.

    An image smaller than 32x32 raises ValueError: it has too few pixels to hash.
    """
    luma = Luma(image)
    usable = [w for w in windows if min(_size(w.pixels(luma.width, luma.height))) >= MIN_WINDOW]
    return ImageHashes(luma.width, luma.height, tuple(luma.hash(window) for window in (FULL, *usable)))


def _size(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return box[2] - box[0], box[3] - box[1]


def hash_file(path: Path, windows: tuple[Window, ...] = OFFICIAL_WINDOWS) -> ImageHashes:
    """Steps 1-8 for an image file. Pillow's errors (missing, unreadable) pass through to the caller."""
    return hash_image(load_upright_rgb(path), windows)


def phash_image(image: Image.Image) -> str:
    """The hash of the whole of an upright image."""
    return hash_image(image, ()).full


def hamming(a: str, b: str) -> int:
    """How many of the 64 bits differ between two hashes written as 16 hexadecimal digits."""
    for value in (a, b):
        if not _HEX.match(value):
            raise ValueError(f"'{value}' is not a {ALGORITHM} hash (16 lowercase hexadecimal digits)")
    return (int(a, 16) ^ int(b, 16)).bit_count()
