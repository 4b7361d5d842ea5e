"""Edits a counterfeit listing typically makes to an official photo, and unrelated images to test against.

tests/test_authenticity.py and benchmarks/bench_match.py measure the matcher with these, so a
threshold is always chosen on the same edits that the tests check.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

Edit = Callable[[Image.Image], Image.Image]

#: Height of the sales banner drawn across the top of a copy, in pixels.
BANNER_HEIGHT = 120


def resize(factor: float) -> Edit:
    def edit(image: Image.Image) -> Image.Image:
        return image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)

    return edit


def jpeg(quality: int) -> Edit:
    def edit(image: Image.Image) -> Image.Image:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")

    return edit


def crop_side(fraction: float, side: str = "right") -> Edit:
    """Cut ``fraction`` of the width (left, right) or height (top, bottom) off one side."""

    def edit(image: Image.Image) -> Image.Image:
        cut_x, cut_y = round(image.width * fraction), round(image.height * fraction)
        boxes = {
            "left": (cut_x, 0, image.width, image.height),
            "right": (0, 0, image.width - cut_x, image.height),
            "top": (0, cut_y, image.width, image.height),
            "bottom": (0, 0, image.width, image.height - cut_y),
        }
        return image.crop(boxes[side])

    return edit


def banner(height: int = BANNER_HEIGHT, text: str = "ORIGINAL 100% SALE -50%") -> Edit:
    """An opaque red banner with white text across the top, as sellers add to a stolen photo."""

    def edit(image: Image.Image) -> Image.Image:
        copy = image.convert("RGB")
        draw = ImageDraw.Draw(copy)
        draw.rectangle((0, 0, copy.width, height), fill=(196, 18, 28))
        font = ImageFont.load_default(size=max(12, height // 2))
        draw.text((height // 4, height // 4), text, fill=(255, 255, 255), font=font)
        return copy

    return edit


def rotate(degrees: float) -> Edit:
    def edit(image: Image.Image) -> Image.Image:
        return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))

    return edit


def colour_shift(image: Image.Image) -> Image.Image:
    """A heavy 'filter': brighter, saturated, contrasty and tinted warm."""
    bright = ImageEnhance.Contrast(ImageEnhance.Color(ImageEnhance.Brightness(image).enhance(1.25)).enhance(1.8)).enhance(1.3)
    tint = Image.new("RGB", bright.size, (255, 150, 40))
    return Image.blend(bright.convert("RGB"), tint, 0.25)


def squash_square(image: Image.Image) -> Image.Image:
    """Stretched to a square, as marketplaces that want 1:1 pictures do."""
    side = min(image.size)
    return image.resize((side, side), Image.Resampling.LANCZOS)


def chain(*edits: Edit) -> Edit:
    def edit(image: Image.Image) -> Image.Image:
        for step in edits:
            image = step(image)
        return image

    return edit


#: The edits the tests require to be found at distance <= the threshold.
REQUIRED: dict[str, Edit] = {
    "resize-50": resize(0.5),
    "jpeg-q40": jpeg(40),
    "crop-8-right": crop_side(0.08, "right"),
    "banner-120": banner(),
    "resize-50+banner-120": chain(resize(0.5), banner()),
    "crop-8-left+jpeg-q40": chain(crop_side(0.08, "left"), jpeg(40)),
}
#: Harsher edits: measured by the benchmark, not promised.
HARSH: dict[str, Edit] = {
    "crop-30-right": crop_side(0.30, "right"),
    "rotate-5": rotate(5),
    "colour-shift": colour_shift,
    "crop-8-top+banner-120": chain(crop_side(0.08, "top"), banner()),
    "squash-square": squash_square,
}


def unrelated_image(index: int, size: tuple[int, int] = (1200, 800)) -> Image.Image:
    """A generated image that is no one's photo: noise, a gradient, shapes, a landscape-like scene or a text card."""
    rng = np.random.default_rng(10_000 + index)
    return _KINDS[index % len(_KINDS)](rng, size)


def unrelated_kind(index: int) -> str:
    """What :func:`unrelated_image` draws for ``index``: noise, gradient, shapes, scene or card."""
    return _KINDS[index % len(_KINDS)].__name__.lstrip("_")


def _noise(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    width, height = size
    scale = int(rng.integers(2, 40))  # from fine grain to large soft blobs
    small = (rng.random((max(1, height // scale), max(1, width // scale), 3)) * 255).astype(np.uint8)
    return Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)


def _gradient(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    t = (x / width) * np.cos(angle) + (y / height) * np.sin(angle)
    t = (t - t.min()) / (np.ptp(t) or 1)
    start, end = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
    pixels = start + (end - start) * t[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _shapes(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, tuple(int(v) for v in rng.integers(0, 256, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(3, 12))):
        x0, y0 = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
        x1, y1 = x0 + int(rng.integers(40, size[0] // 2)), y0 + int(rng.integers(40, size[1] // 2))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    return image


def _scene(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    """Sky, horizon and ground with blobs: the low-frequency layout most outdoor photos share."""
    width, height = size
    horizon = int(height * rng.uniform(0.3, 0.7))
    sky = _gradient(rng, (width, horizon))
    ground = _noise(rng, (width, height - horizon))
    image = Image.new("RGB", size)
    image.paste(sky, (0, 0))
    image.paste(ImageEnhance.Brightness(ground).enhance(rng.uniform(0.4, 0.9)), (0, horizon))
    return image


def _card(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, tuple(int(v) for v in rng.integers(150, 256, 3)))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(rng.integers(40, 90)))
    for line in range(int(rng.integers(2, 6))):
        words = " ".join(str(int(v)) for v in rng.integers(10, 999, 3))
        draw.text((40, 40 + line * size[1] // 6), f"PROMO {words}", fill=tuple(int(v) for v in rng.integers(0, 120, 3)), font=font)
    return image


_KINDS = (_noise, _gradient, _shapes, _scene, _card)
