#!/usr/bin/env python3
"""Generate the illustrative sample photos of the sample catalogue.

Every picture is painted procedurally with numpy (gradients, value noise,
soft lighting, depth-of-field blur, grain, vignette) from a fixed seed, so the
same command always writes the same JPEG files, without network access and
without EXIF.  The pictures are illustrations, not photographs of the real
products; they exist so that the site, the image pipeline and the vertical
clips have realistic, large, varied inputs.

Usage: python tools/make_sample_photos.py [--out-root content/products] [--jobs 2]
"""

from __future__ import annotations

import argparse
import math
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

# Pictures are float32; helpers also accept float64 intermediates.
Array = npt.NDArray[np.floating[Any]]
Color = npt.NDArray[np.floating[Any]]
Focus = tuple[float, float]

LANDSCAPE = (2400, 1600)
PORTRAIT = (1600, 2400)
JPEG_QUALITY = 88


# --------------------------------------------------------------------------
# Canvas and colour helpers
# --------------------------------------------------------------------------


class Canvas:
    """A float RGB picture (0..1) with its coordinate grids and random source."""

    def __init__(self, width: int, height: int, seed: int) -> None:
        self.w = width
        self.h = height
        self.rng = np.random.default_rng(seed)
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        self.x: Array = xs / np.float32(width)
        self.y: Array = ys / np.float32(height)
        self.img: Array = np.zeros((height, width, 3), np.float32)

    @property
    def aspect(self) -> float:
        return self.w / self.h

    def px(self, fx: float, fy: float) -> tuple[float, float]:
        """Convert fractional coordinates to pixels."""
        return fx * self.w, fy * self.h


def rgb(value: str) -> Color:
    """Parse '#rrggbb' into a float colour."""
    value = value.lstrip("#")
    return np.array([int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)], np.float32)


def mix(a: Array | Color, b: Array | Color, t: Array | float) -> Array:
    """Linear blend of colours or pictures; ``t`` may be a 2-D weight map."""
    t_arr = np.asarray(t, np.float32)
    if t_arr.ndim != 2:
        return (a + (b - a) * t_arr).astype(np.float32)
    a3 = np.broadcast_to(np.asarray(a, np.float32), (*t_arr.shape, 3))
    b3 = np.broadcast_to(np.asarray(b, np.float32), (*t_arr.shape, 3))
    out = np.empty((*t_arr.shape, 3), np.float32)
    for k in range(3):
        out[..., k] = a3[..., k] + (b3[..., k] - a3[..., k]) * t_arr
    return out


def mul(img: Array, factor: Array) -> None:
    """Multiply every channel of ``img`` by a 2-D factor, in place."""
    for k in range(3):
        img[..., k] *= factor


def _bbox(alpha: npt.NDArray[Any]) -> tuple[slice, slice] | None:
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(alpha[rows[0] : rows[-1] + 1].any(axis=0))
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def paint(img: Array, color: Array | Color, alpha: Array | float) -> None:
    """Paint ``color`` over ``img`` in place with coverage ``alpha`` (only where alpha > 0)."""
    a = np.asarray(alpha, np.float32)
    if a.ndim != 2:
        img += (color - img) * a
        return
    box = _bbox(a > 0.002)
    if box is None:
        return
    col = color[box] if np.ndim(color) == 3 else np.broadcast_to(np.asarray(color, np.float32), (1, 1, 3))
    target = img[box]
    ab = a[box]
    for k in range(3):
        plane = target[..., k]
        plane += (col[..., k] - plane) * ab


def smoothstep(e0: float | Array, e1: float | Array, x: Array) -> Array:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return (t * t * (3 - 2 * t)).astype(np.float32)


def gradient(t: Array, stops: Sequence[tuple[float, str]]) -> Array:
    """Map a 0..1 field through colour stops ``[(pos, '#hex'), ...]`` (via a lookup table)."""
    pos = [p for p, _ in stops]
    cols = np.stack([rgb(c) for _, c in stops])
    grid = np.linspace(0, 1, 1024)
    lut = np.stack([np.interp(grid, pos, cols[:, ch]) for ch in range(3)], axis=-1).astype(np.float32)
    idx = (np.clip(t, 0, 1) * 1023 + 0.5).astype(np.int32)
    return lut[idx]


def radial(c: Canvas, cx: float, cy: float, radius: float) -> Array:
    """Distance from (cx, cy) in fractions of the picture height, over radius."""
    dx = (c.x - cx) * c.aspect
    dy = c.y - cy
    return np.sqrt(dx * dx + dy * dy) / np.float32(radius)


def glow(c: Canvas, cx: float, cy: float, *, radius: float, color: str, strength: float) -> None:
    """Add a soft light (screen blend) centred on (cx, cy)."""
    g = np.exp(-(radial(c, cx, cy, radius) ** 2)) * strength
    col = rgb(color)
    c.img[:] = 1 - (1 - c.img) * (1 - g[..., None] * col)


# --------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------


def _resize(a: Array, size: tuple[int, int], resample: Image.Resampling) -> Array:
    return np.asarray(Image.fromarray(a.astype(np.float32), "F").resize(size, resample))


def value_noise(rng: np.random.Generator, h: int, w: int, cells: tuple[float, float]) -> Array:
    """Smooth noise in -1..1 with about ``cells`` (x, y) features across the area."""
    cx, cy = max(cells[0], 0.5), max(cells[1], 0.5)
    grid = rng.random((math.ceil(cy) + 4, math.ceil(cx) + 4), dtype=np.float32) * 2 - 1
    ox, oy = rng.uniform(1.0, 2.0), rng.uniform(1.0, 2.0)
    img = Image.fromarray(grid, "F")
    return np.asarray(img.resize((w, h), Image.Resampling.BICUBIC, box=(ox, oy, ox + cx, oy + cy)))


def fbm(
    rng: np.random.Generator,
    h: int,
    w: int,
    cells: tuple[float, float],
    *,
    octaves: int = 5,
    gain: float = 0.5,
) -> Array:
    """Fractal (multi-octave) value noise, roughly in -1..1.

    The octaves are summed at the lowest resolution that still gives every
    feature of the finest octave about eight pixels, then upsampled once.
    """
    finest = max(cells[0] / max(w, 1), cells[1] / max(h, 1)) * 2 ** (octaves - 1)
    factor = max(1, int(1 / (finest * 8)))
    sw, sh = max(2, -(-w // factor)), max(2, -(-h // factor))
    total = np.zeros((sh, sw), np.float32)
    amp, norm = 1.0, 0.0
    for i in range(octaves):
        scale = 2**i
        total += amp * value_noise(rng, sh, sw, (cells[0] * scale, cells[1] * scale))
        norm += amp
        amp *= gain
    total /= np.float32(norm * 0.6)
    if factor > 1:
        total = _resize(total, (w, h), Image.Resampling.BICUBIC)
    return total


def noise1d(rng: np.random.Generator, n: int, cells: float, *, octaves: int = 5, gain: float = 0.5) -> Array:
    """Fractal 1-D noise of length ``n``, roughly in -1..1."""
    return fbm(rng, 1, n, (cells, 1), octaves=octaves, gain=gain)[0]


def tile_texture(rng: np.random.Generator, size: int, cells: float, *, octaves: int) -> Array:
    """Square fBm texture that wraps seamlessly (for :func:`sample`)."""
    tex = fbm(rng, size, size, (cells, cells), octaves=octaves)
    w = (np.sin(np.pi * np.arange(size) / size) ** 2).astype(np.float32)
    half = size // 2
    tex = tex * w[None, :] + np.roll(tex, half, axis=1) * (1 - w[None, :])
    tex = tex * w[:, None] + np.roll(tex, half, axis=0) * (1 - w[:, None])
    return tex / np.float32(max(float(np.abs(tex).max()), 1e-6))


def sample(tex: Array, u: Array, v: Array) -> Array:
    """Bilinear, wrapping lookup of a 2-D texture at texel coordinates (u, v)."""
    h, w = tex.shape
    flat = tex.ravel()
    u = u.astype(np.float32)
    v = v.astype(np.float32)
    u0 = np.floor(u)
    v0 = np.floor(v)
    fu = u - u0
    fv = v - v0
    i0 = u0.astype(np.int32) % w
    j0 = (v0.astype(np.int32) % h) * w
    i1 = (i0 + 1) % w
    j1 = (j0 + w) % (h * w)
    top = flat[j0 + i0] * (1 - fu) + flat[j0 + i1] * fu
    bottom = flat[j1 + i0] * (1 - fu) + flat[j1 + i1] * fu
    return top * (1 - fv) + bottom * fv


# --------------------------------------------------------------------------
# Blur
# --------------------------------------------------------------------------


def _gauss_axis(a: Array, sigma: float, axis: int) -> Array:
    radius = max(1, math.ceil(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2).astype(np.float32)
    k /= k.sum()
    moved = np.moveaxis(a, axis, 0)
    p = np.concatenate([np.repeat(moved[:1], radius, 0), moved, np.repeat(moved[-1:], radius, 0)])
    n = moved.shape[0]
    out = np.zeros_like(moved)
    for i, weight in enumerate(k):
        out += weight * p[i : i + n]
    return np.moveaxis(out, 0, axis)


def blur(a: Array, sigma: float) -> Array:
    """Approximate Gaussian blur of a 2-D or 3-D array (downsampled for big sigmas)."""
    if sigma < 0.4:
        return a
    if a.ndim == 3:
        return np.stack([blur(a[..., i], sigma) for i in range(a.shape[2])], axis=-1)
    h, w = a.shape
    factor = max(1, int(sigma))
    small = a if factor == 1 else _resize(a, (max(2, w // factor), max(2, h // factor)), Image.Resampling.BOX)
    s = sigma / factor
    small = _gauss_axis(_gauss_axis(small, s, 0), s, 1)
    return small if factor == 1 else _resize(small, (w, h), Image.Resampling.BICUBIC)


def depth_blur(img: Array, sigma_map: Array, levels: Sequence[float] = (0, 3, 7, 13, 22)) -> Array:
    """Blur each pixel by its own sigma, interpolating between a few blur levels."""
    s = np.clip(sigma_map, levels[0], levels[-1])
    out = np.zeros_like(img)
    for i, level in enumerate(levels):
        lo = levels[i - 1] if i > 0 else level - 1
        hi = levels[i + 1] if i + 1 < len(levels) else level + 1
        w_up = np.clip((s - lo) / max(level - lo, 1e-6), 0, 1)
        w_down = np.clip((hi - s) / max(hi - level, 1e-6), 0, 1)
        weight = np.minimum(w_up, w_down)
        if i == 0:
            weight = np.where(s <= level, 1.0, weight)
        if i == len(levels) - 1:
            weight = np.where(s >= level, 1.0, weight)
        if not weight.any():
            continue
        out += blur(img, level) * weight[..., None]
    return out


# --------------------------------------------------------------------------
# Shaded stamps: small lit objects (grains, beans, cherries, fish, pods...)
# --------------------------------------------------------------------------

ShapeFn = Callable[[Array, Array], tuple[Array, Array]]
AlbedoFn = Callable[[Array, Array, Array], Array]


@dataclass(frozen=True)
class Light:
    """Directional light for stamps; direction points from the surface to the light."""

    direction: tuple[float, float, float] = (-0.5, -0.6, 0.65)
    ambient: float = 0.45
    diffuse: float = 0.7
    specular: float = 0.25
    shininess: float = 24.0
    relief: float = 0.5


@dataclass(frozen=True)
class Shadow:
    """Soft contact shadow under a stamp."""

    offset: tuple[float, float] = (0.08, 0.12)
    strength: float = 0.45
    softness: float = 0.35


def _unit(v: tuple[float, float, float]) -> tuple[float, float, float]:
    n = math.sqrt(sum(x * x for x in v))
    return v[0] / n, v[1] / n, v[2] / n


@dataclass(frozen=True)
class Sprite:
    """A pre-lit object, premultiplied: out = img * keep + tint * base * lit + gloss."""

    keep: Array
    lit: Array
    gloss: Array
    base: Array | None
    rx: int
    ry: int


def render_sprite(
    shape: ShapeFn,
    *,
    size: float,
    angle: float,
    light: Light,
    shadow: Shadow | None,
    aspect: float = 1.0,
    albedo: AlbedoFn | None = None,
) -> Sprite:
    """Light one object of length ``size`` px rotated by ``angle`` on its own small grid."""
    half = size / 2
    ca, sa = math.cos(angle), math.sin(angle)
    reach = half * (1.12 + (max(map(abs, shadow.offset)) + shadow.softness if shadow else 0.0))
    rx = math.ceil(reach * (abs(ca) + aspect * abs(sa))) + 2
    ry = math.ceil(reach * (abs(sa) + aspect * abs(ca))) + 2
    dy, dx = np.mgrid[-ry : ry + 1, -rx : rx + 1].astype(np.float32)
    u = (dx * ca + dy * sa) / half
    v = (-dx * sa + dy * ca) / half
    sd, height = shape(u, v)
    cover = np.clip(-sd * half + 0.5, 0, 1).astype(np.float32)
    shadow_cover = np.zeros_like(cover)
    if shadow is not None:
        ox, oy = shadow.offset
        sd_s, _ = shape(u - (ox * ca + oy * sa), v - (-ox * sa + oy * ca))
        shadow_cover = smoothstep(shadow.softness, -shadow.softness * 0.3, sd_s) * shadow.strength
    gy, gx = np.gradient(height * (half * light.relief))
    inv = 1 / np.sqrt(gx * gx + gy * gy + 1)
    lx, ly, lz = _unit(light.direction)
    shade = light.ambient + light.diffuse * np.clip((-gx * lx - gy * ly + lz) * inv, 0, 1)
    hx, hy, hz = _unit((lx, ly, lz + 1))
    spec = np.clip((-gx * hx - gy * hy + hz) * inv, 0, 1) ** light.shininess * light.specular
    keep = ((1 - shadow_cover) * (1 - cover)).astype(np.float32)
    base = albedo(u, v, height).astype(np.float32) if albedo is not None else None
    box = _bbox(keep < 0.999)
    if box is None:
        box = (slice(0, 1), slice(0, 1))
    ys, xs = box
    return Sprite(
        keep[box],
        (shade * cover).astype(np.float32)[box],
        (spec * cover).astype(np.float32)[box],
        None if base is None else base[box],
        rx - xs.start,
        ry - ys.start,
    )


def place(
    img: Array,
    sprite: Sprite,
    cx: float,
    cy: float,
    tint: Color,
    *,
    texture: Array | None = None,
    texture_amount: float = 0.0,
) -> None:
    """Composite a sprite centred on pixel (cx, cy), clipped to the picture."""
    h, w = img.shape[:2]
    x0, y0 = round(cx) - sprite.rx, round(cy) - sprite.ry
    x1, y1 = x0 + sprite.keep.shape[1], y0 + sprite.keep.shape[0]
    cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if cx0 >= cx1 or cy0 >= cy1:
        return
    src = (slice(cy0 - y0, cy1 - y0), slice(cx0 - x0, cx1 - x0))
    target = img[cy0:cy1, cx0:cx1]
    lit = sprite.lit[src]
    if texture is not None and texture_amount:
        lit = lit * (1 + texture_amount * texture[cy0:cy1, cx0:cx1])
    keep = sprite.keep[src]
    gloss = sprite.gloss[src]
    # Per channel: numpy is much faster on 2-D planes than with a trailing axis of 3.
    for k in range(3):
        plane = target[..., k]
        plane *= keep
        plane += (lit if sprite.base is None else lit * sprite.base[src][..., k]) * tint[k]
        plane += gloss


class StampSet:
    """Caches sprites of one shape by quantised size and angle, so thousands of stamps stay cheap."""

    def __init__(
        self,
        shape: ShapeFn,
        *,
        light: Light = Light(),
        shadow: Shadow | None = Shadow(),
        aspect: float = 1.0,
        albedo: AlbedoFn | None = None,
        angles: int = 40,
    ) -> None:
        self.shape = shape
        self.light = light
        self.shadow = shadow
        self.aspect = aspect
        self.albedo = albedo
        self.angles = angles
        self._cache: dict[tuple[int, int], Sprite] = {}

    def sprite(self, size: float, angle: float) -> Sprite:
        size_key = round(math.log(max(size, 2.0)) / math.log(1.06))
        angle_key = round(angle % (2 * math.pi) / (2 * math.pi) * self.angles) % self.angles
        key = (size_key, angle_key)
        if key not in self._cache:
            self._cache[key] = render_sprite(
                self.shape,
                size=1.06**size_key,
                angle=angle_key * 2 * math.pi / self.angles,
                light=self.light,
                shadow=self.shadow,
                aspect=self.aspect,
                albedo=self.albedo,
            )
        return self._cache[key]

    def draw(self, img: Array, cx: float, cy: float, *, size: float, angle: float, tint: Color, **kw: object) -> None:
        place(img, self.sprite(size, angle), cx, cy, tint, **kw)  # type: ignore[arg-type]


def stamp(
    img: Array,
    cx: float,
    cy: float,
    *,
    size: float,
    angle: float,
    shape: ShapeFn,
    albedo: AlbedoFn | Color,
    light: Light = Light(),
    shadow: Shadow | None = Shadow(),
    aspect: float = 1.0,
) -> None:
    """Draw one unique lit object of length ``size`` px centred at pixel (cx, cy)."""
    fn = albedo if callable(albedo) else None
    sprite = render_sprite(shape, size=size, angle=angle, light=light, shadow=shadow, aspect=aspect, albedo=fn)
    tint = np.ones(3, np.float32) if callable(albedo) else albedo
    place(img, sprite, cx, cy, tint)


# Shape functions take local coordinates (u along the length, -1..1) and
# return (signed distance in half-length units, height 0..1).


def ellipse_shape(aspect: float, power: float = 2.0) -> ShapeFn:
    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        d = (np.abs(u) ** power + np.abs(v / aspect) ** 2) ** (1 / 2)
        return (d - 1) * aspect, np.sqrt(np.clip(1 - d * d, 0, 1))

    return shape


def bean_shape(aspect: float, crease: float) -> ShapeFn:
    """Coffee bean: ellipsoid with an S-shaped crease when ``crease`` > 0."""
    base = ellipse_shape(aspect)

    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        sd, h = base(u, v)
        vc = 0.1 * aspect * np.sin(u * 2.6)
        groove = np.exp(-(((v - vc) / (0.07 * aspect)) ** 2)) * np.clip(1 - u * u * 1.1, 0, 1)
        return sd, h * (1 - crease * groove) * 0.9

    return shape


def pod_shape(aspect: float, bend: float, bumps: int, phase: float) -> ShapeFn:
    """Curved, lumpy tamarind pod."""

    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        vv = v - bend * (u * u - 0.35)
        lump = 0.86 + 0.14 * np.abs(np.cos(u * bumps * math.pi / 2 + phase))
        width = aspect * lump * np.sqrt(np.clip(1 - np.abs(u) ** 4, 0, 1))
        sd = np.maximum(np.abs(vv) - width, (np.abs(u) - 1) * aspect)
        h = np.sqrt(np.clip(1 - (vv / np.maximum(width, 1e-3)) ** 2, 0, 1)) * np.sqrt(width / aspect)
        return sd, h

    return shape


def leaf_shape(aspect: float, bend: float) -> ShapeFn:
    """Pointed leaf with a midrib, tip at u = +1."""

    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        vv = v - bend * (u * u - 0.3)
        t = np.clip((u + 1) / 2, 0, 1)
        width = aspect * 1.5 * np.sin(np.pi * t**0.8) * (1 - 0.15 * t)
        sd = np.maximum(np.abs(vv) - width, np.abs(u) - 1) * 0.6
        rel = np.clip(1 - (vv / np.maximum(width, 1e-3)) ** 2, 0, 1)
        h = 0.35 * np.sqrt(rel) - 0.12 * np.exp(-((vv / (0.03 + 0.02 * (1 - t))) ** 2))
        return sd, h

    return shape


def fish_shape(aspect: float, bend: float, neck: float) -> ShapeFn:
    """Small mackerel seen from above, body curved, head (u > 0.45) bent down by ``neck``."""

    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        vv = v - bend * u * u - neck * np.clip(u - 0.45, 0, None) ** 2 * 4
        t = np.clip((u + 1) / 2, 0, 1)
        body = aspect * np.clip(np.sin(np.pi * np.clip((t - 0.08) / 0.92, 0, 1)), 0, 1) ** 0.7
        tail = aspect * 0.9 * smoothstep(0.12, 0.0, t) * (t < 0.12)
        width = np.maximum(body, tail)
        sd = np.maximum(np.abs(vv) - width, np.abs(u) - 1) * 0.6
        h = np.sqrt(np.clip(1 - (vv / np.maximum(width, 1e-3)) ** 2, 0, 1)) * (body / aspect + 0.1)
        return sd, h

    return shape


# --------------------------------------------------------------------------
# Finishing
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finish:
    """Photographic finishing applied to every picture."""

    vignette: float = 0.35
    grain: float = 0.018
    contrast: float = 0.15
    saturation: float = 1.0
    warmth: float = 0.0


def finish(c: Canvas, f: Finish) -> Image.Image:
    """Tone, vignette and grain; return an 8-bit RGB image."""
    img = np.clip(c.img, 0, 1.5)
    img = img / (1 + np.maximum(img - 0.85, 0) * 1.2)  # soft highlight roll-off
    if f.warmth:
        img = img * np.array([1 + f.warmth, 1 + f.warmth * 0.3, 1 - f.warmth], np.float32)
    lum = img @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    img = lum[..., None] + (img - lum[..., None]) * f.saturation
    img = np.clip(img, 0, 1)
    s_curve = img * img * (3 - 2 * img)
    img = img + (s_curve - img) * f.contrast
    r = radial(c, 0.5, 0.5, 0.5 * max(c.aspect, 1 / c.aspect) * (1.0 if c.aspect >= 1 else c.aspect))
    img = img * (1 - f.vignette * smoothstep(0.35, 1.6, r) ** 1.2)[..., None]
    grain = c.rng.standard_normal((c.h, c.w)).astype(np.float32) * f.grain
    img = img + grain[..., None] * (0.6 + 0.4 * img)
    return Image.fromarray((np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8), "RGB")


# --------------------------------------------------------------------------
# Drawing helpers on PIL masks (lines, polygons) for thin structures
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pen:
    """Draws shapes given in picture pixels onto a supersampled, possibly cropped mask."""

    draw: ImageDraw.ImageDraw
    scale: int
    ox: int = 0
    oy: int = 0

    def pts(self, points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
        return [((x - self.ox) * self.scale, (y - self.oy) * self.scale) for x, y in points]

    def line(self, points: Sequence[tuple[float, float]], width: float, value: int = 255) -> None:
        self.draw.line(self.pts(points), fill=value, width=max(1, round(width * self.scale)), joint="curve")

    def polygon(self, points: Sequence[tuple[float, float]], value: int = 255) -> None:
        self.draw.polygon(self.pts(points), fill=value)

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, value: int = 255) -> None:
        (a, b), (cc, d) = self.pts([(x0, y0), (x1, y1)])
        self.draw.ellipse((a, b, cc, d), fill=value)

    def rectangle(self, x0: float, y0: float, x1: float, y1: float, value: int = 255) -> None:
        (a, b), (cc, d) = self.pts([(x0, y0), (x1, y1)])
        self.draw.rectangle((a, b, cc, d), fill=value)


DrawFn = Callable[[Pen], None]
PixelBox = tuple[int, int, int, int]


def clip_box(c: Canvas, x0: float, y0: float, x1: float, y1: float) -> PixelBox | None:
    """A pixel box clipped to the picture, or None when it is empty."""
    box = (max(0, int(x0)), max(0, int(y0)), min(c.w, math.ceil(x1)), min(c.h, math.ceil(y1)))
    return box if box[0] < box[2] and box[1] < box[3] else None


def mask_layer(c: Canvas, draw_fn: DrawFn, *, box: PixelBox | None = None, supersample: int = 2) -> Array:
    """Rasterise shapes drawn by ``draw_fn`` into a 0..1 mask (of ``box`` or the picture)."""
    x0, y0, x1, y1 = box if box is not None else (0, 0, c.w, c.h)
    layer = Image.new("L", ((x1 - x0) * supersample, (y1 - y0) * supersample), 0)
    draw_fn(Pen(ImageDraw.Draw(layer), supersample, x0, y0))
    if supersample > 1:
        layer = layer.resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
    return np.asarray(layer, np.float32) / 255


# --------------------------------------------------------------------------
# Shared scenery: skies, clouds, ridges, fields, bokeh, wood, steam
# --------------------------------------------------------------------------


def sky(c: Canvas, horizon: float, stops: Sequence[tuple[float, str]]) -> None:
    """Vertical sky gradient from the top (0) to the horizon (1)."""
    c.img[:] = gradient(np.clip(c.y / horizon, 0, 1), stops)


def clouds(
    c: Canvas,
    *,
    bottom: float,
    cover: float,
    lit: str,
    shade: str,
    cells: tuple[float, float] = (5, 4),
    opacity: float = 0.9,
) -> None:
    """Soft cumulus-like clouds above ``bottom`` (fraction of height)."""
    n = fbm(c.rng, c.h, c.w, cells, octaves=6)
    thickness = smoothstep(1 - cover, 1 - cover + 0.3, n * 0.5 + 0.5)
    shift = max(2, c.h // 60)
    below = np.roll(n, -shift, axis=0)
    light = smoothstep(-0.15, 0.25, n - below)
    col = mix(rgb(shade), rgb(lit), light)
    fade = smoothstep(bottom, bottom - 0.12, c.y)
    paint(c.img, col, thickness * fade * opacity)


def ridge(
    c: Canvas,
    *,
    base: float,
    amp: float,
    cells: float,
    color: str,
    texture: float = 0.0,
    haze: str | None = None,
    haze_amount: float = 0.0,
    sharp: float = 0.55,
    octaves: int = 6,
    floor: float | None = None,
    peaks: float = 1.0,
) -> Array:
    """Paint a mountain/tree ridge silhouette (down to ``floor``); return its top line (fractions)."""
    line = noise1d(c.rng, c.w, cells, octaves=octaves, gain=sharp)
    top = base - amp * np.clip(line * 0.5 + 0.5, 0, 1) ** peaks
    cover = np.clip((c.y - top[None, :]) * c.h + 0.5, 0, 1)
    if floor is not None:
        cover *= np.clip((floor - c.y) * c.h + 0.5, 0, 1)
    col = np.broadcast_to(rgb(color), c.img.shape).copy()
    if texture:
        col *= (1 + texture * fbm(c.rng, c.h, c.w, (cells * 3, cells * 2), octaves=5))[..., None]
    if haze is not None:
        depth = np.clip((c.y - top[None, :]) / 0.25, 0, 1)
        col = mix(col, rgb(haze), haze_amount * (1 - depth) ** 2)
    paint(c.img, col, cover)
    return top


def mist(c: Canvas, *, center: float, height: float, color: str, amount: float) -> None:
    """Horizontal band of patchy mist."""
    n = fbm(c.rng, c.h, c.w, (3, 8), octaves=4) * 0.5 + 0.5
    band = np.exp(-(((c.y - center) / height) ** 2))
    paint(c.img, rgb(color), np.clip(band * (0.55 + 0.45 * n) * amount, 0, 1))


def bokeh(
    c: Canvas,
    *,
    count: int,
    colors: Sequence[str],
    radius: tuple[float, float],
    region: tuple[float, float, float, float] = (0, 0, 1, 1),
    strength: float = 0.35,
) -> None:
    """Add out-of-focus highlight discs (screen blend)."""
    for color in colors:

        def draw(pen: Pen) -> None:
            for _ in range(count // len(colors)):
                x = c.rng.uniform(region[0], region[2]) * c.w
                y = c.rng.uniform(region[1], region[3]) * c.h
                r = c.rng.uniform(*radius) * c.h
                v = int(c.rng.uniform(90, 255))
                pen.ellipse(x - r, y - r, x + r, y + r, value=v)

        m = blur(mask_layer(c, draw, supersample=1), 3)
        c.img[:] = 1 - (1 - c.img) * (1 - m[..., None] * rgb(color) * strength)


def wood(
    c: Canvas,
    *,
    dark: str,
    light: str,
    grain_dir: float = 0.0,
    planks: int = 0,
    scale: float = 1.0,
) -> Array:
    """Wood texture (optionally in planks) as a colour array."""
    ca, sa = math.cos(grain_dir), math.sin(grain_dir)
    across = (-c.x * c.aspect * sa + c.y * ca) * scale
    horizontal = abs(sa) < 0.7

    def stretched(along_cells: float, across_cells: float, octaves: int) -> Array:
        cells = (along_cells * c.aspect, across_cells) if horizontal else (across_cells * c.aspect, along_cells)
        return fbm(c.rng, c.h, c.w, cells, octaves=octaves)

    plank = np.floor(across * planks / scale) if planks else np.zeros_like(across)
    offset = hash01(plank, plank * 0.5 + 3.0)
    warp = stretched(1.2 * scale, 4 * scale, 3) * 0.025
    rings = 0.5 + 0.5 * np.sin((across + warp + offset) * 2 * np.pi * 22 / scale * (0.8 + 0.4 * offset))
    fibres = stretched(3 * scale, 180 * scale, 2)
    broad = stretched(1 * scale, 3 * scale, 3)
    t = np.clip(0.3 + 0.3 * rings**2 + 0.22 * fibres + 0.15 * broad, 0, 1)
    col = gradient(t, [(0, dark), (1, light)])
    if planks:
        mul(col, 0.88 + 0.24 * offset)
        seam = np.abs(((across * planks / scale) % 1.0) - 0.5) * 2
        mul(col, 1 - 0.7 * smoothstep(0.985, 1.0, seam))
    return col.astype(np.float32)


def steam(c: Canvas, *, cx: float, bottom: float, top: float, width: float, amount: float) -> None:
    """Wisps of steam rising from (cx, bottom) to top."""
    n = fbm(c.rng, c.h, c.w, (6, 4), octaves=5)
    n2 = fbm(c.rng, c.h, c.w, (3, 2), octaves=3)
    xx = (c.x - cx) * c.aspect + 0.08 * n2 + 0.04 * np.sin(c.y * 20 + n * 2)
    band = np.exp(-((xx / width) ** 2)) * smoothstep(bottom, bottom - 0.06, c.y) * smoothstep(top, top + 0.25, c.y)
    wisps = smoothstep(0.1, 0.8, np.abs(np.sin(xx * 40 + n * 4))) * (0.5 + 0.5 * n)
    paint(c.img, rgb("#ffffff"), np.clip(band * wisps * amount, 0, 1))


def fill(
    c: Canvas,
    draw_fn: DrawFn,
    color: str | Array,
    *,
    soften: float = 0.0,
    alpha: float = 1.0,
    box: PixelBox | None = None,
) -> Array:
    """Rasterise shapes and paint them in one colour (or colour array); return the mask."""
    m = mask_layer(c, draw_fn, box=box)
    if soften:
        m = blur(m, soften)
    region = c.img if box is None else c.img[box[1] : box[3], box[0] : box[2]]
    if isinstance(color, str):
        col: Array = rgb(color)
    else:
        col = color if box is None or color.ndim == 1 else color[box[1] : box[3], box[0] : box[2]]
    paint(region, col, m * alpha)
    return m


def hash01(a: Array, b: Array) -> Array:
    """Cheap deterministic pseudo-random value in 0..1 for integer cells."""
    return ((np.sin(a * 12.9898 + b * 78.233) * 43758.5453) % 1.0).astype(np.float32)


@dataclass(frozen=True)
class Ground:
    """Perspective ground coordinates below a horizon."""

    gx: Array
    gz: Array
    z: Array
    footprint: Array
    below: Array


def ground(c: Canvas, horizon: float, *, eye: float = 0.03, rotate: float = 0.0) -> Ground:
    """World coordinates of a flat ground seen from height ``eye``."""
    d = np.maximum(c.y - horizon, 1e-4)
    z = eye / d
    x = (c.x - 0.5) * c.aspect * z
    ca, sa = math.cos(rotate), math.sin(rotate)
    footprint = z * np.maximum(1, z / eye) / c.h
    return Ground(x * ca - z * sa, x * sa + z * ca, z, footprint, (c.y > horizon).astype(np.float32))


def grid_lines(coord: Array, period: float, width: float, footprint: Array) -> Array:
    """Antialiased coverage of lines every ``period`` world units."""
    dist = np.abs(((coord / period) % 1.0) - 0.5) * period
    dist = period / 2 - dist
    cover = smoothstep(width + footprint, width - footprint, dist)
    return cover * np.clip(width * 2 / np.maximum(footprint, 1e-6), 0, 1).clip(0, 1) ** 0.3


def blades(
    c: Canvas,
    *,
    count: int,
    base: tuple[float, float],
    length: tuple[float, float],
    width: tuple[float, float],
    lean: float,
    spread: tuple[float, float] = (-0.05, 1.05),
    curl_sd: float = 0.5,
) -> Array:
    """Grass/rice blades rising from the bottom: a 0..1 mask."""
    rng = c.rng

    def draw(pen: Pen) -> None:
        for _ in range(count):
            x0 = rng.uniform(*spread) * c.w
            y0 = rng.uniform(*base) * c.h
            ln = rng.uniform(*length) * c.h
            ang = -math.pi / 2 + rng.normal(0, 0.25) + lean
            curl = rng.normal(0, curl_sd)
            wd = rng.uniform(*width)
            pts = []
            for i in range(9):
                t = i / 8
                a = ang + curl * t * t
                pts.append((x0 + math.cos(a) * ln * t, y0 + math.sin(a) * ln * t))
            for i in range(8):
                pen.line(pts[i : i + 2], wd * (1 - i / 9))

    return mask_layer(c, draw)


# --------------------------------------------------------------------------
# Thung Kula Rong Hai jasmine rice
# --------------------------------------------------------------------------


def paddy_ground(c: Canvas, horizon: float, stops: Sequence[tuple[float, str]], *, rotate: float, haze: str = "#c8d6d6") -> None:
    """Perspective rice paddies separated by earth bunds, hazy towards the horizon."""
    g = ground(c, horizon, eye=0.03, rotate=rotate)
    tex = tile_texture(c.rng, 512, 16, octaves=5)
    plot_w, plot_d = 0.28, 0.16
    tone = hash01(np.floor(g.gx / plot_w), np.floor(g.gz / plot_d))
    tone = np.clip(tone + 0.25 * sample(tex, g.gx * 8, g.gz * 8), 0, 1)
    field = gradient(tone, stops)
    streaks = sample(tex, g.gx * 3000, g.gz * 150) * smoothstep(0.003, 0.0006, g.footprint)
    detail = sample(tex, g.gx * 700 + 40, g.gz * 700)
    field *= (0.88 + 0.08 * detail + 0.14 * streaks)[..., None]
    cloud_shade = sample(tex, g.gx * 25 + 100, g.gz * 25)
    field *= (0.78 + 0.3 * smoothstep(-0.5, 0.4, cloud_shade))[..., None]
    bunds = np.maximum(grid_lines(g.gx, plot_w, 0.005, g.footprint), grid_lines(g.gz, plot_d, 0.005, g.footprint))
    field = mix(field, rgb("#7d7446") * (0.9 + 0.2 * detail[..., None]), bunds * 0.85)
    field = mix(field, rgb(haze), smoothstep(1.0, 7.0, g.z) * 0.75)
    paint(c.img, field, g.below)


def paddy_field(c: Canvas) -> Focus:
    horizon = 0.47
    sky(c, horizon, [(0, "#3a6fb5"), (0.55, "#7fb0de"), (1, "#e4ecef")])
    clouds(c, bottom=horizon - 0.03, cover=0.45, lit="#ffffff", shade="#9eabbd", cells=(3, 4))
    glow(c, 0.2, 0.1, radius=0.5, color="#fff4dc", strength=0.35)
    paddy_ground(c, horizon, [(0, "#4a8a2a"), (0.45, "#79a93a"), (0.72, "#a9b446"), (1, "#d2b458")], rotate=0.3)
    ridge(c, base=horizon + 0.002, amp=0.025, cells=30, octaves=4, sharp=0.45, color="#6f8a84", floor=horizon + 0.004)
    ridge(c, base=horizon + 0.004, amp=0.014, cells=90, octaves=3, color="#4b6a4c", texture=0.15, floor=horizon + 0.006)
    hut_x, hut_y = 0.64, horizon + 0.06
    _sala_hut(c, hut_x, hut_y, scale=0.07)
    _round_tree(c, hut_x + 0.06, hut_y - 0.005, 0.045, "#2e5a2a")
    _round_tree(c, hut_x - 0.05, hut_y - 0.012, 0.03, "#36622e")
    for color, count in (("#2c5418", 300), ("#4f7f26", 240), ("#8aab45", 70)):
        fg = blades(c, count=count, base=(0.97, 1.1), length=(0.1, 0.28), width=(7, 15), lean=0.1)
        paint(c.img, rgb(color), blur(fg, 2.5) * 0.95)
    return hut_x, hut_y - 0.02


def _sala_hut(c: Canvas, fx: float, fy: float, *, scale: float) -> None:
    """A small Thai field hut on stilts; (fx, fy) is the ground point."""
    x, y = c.px(fx, fy)
    s = scale * c.h

    def shadow(pen: Pen) -> None:
        pen.ellipse(x - 0.8 * s, y - 0.06 * s, x + 0.9 * s, y + 0.08 * s)

    fill(c, shadow, "#28391d", soften=3, alpha=0.5)

    def posts(pen: Pen) -> None:
        for px in (-0.5, -0.15, 0.2, 0.52):
            pen.line([(x + px * s, y), (x + px * s, y - 0.75 * s)], 0.07 * s)
        pen.rectangle(x - 0.6 * s, y - 0.42 * s, x + 0.62 * s, y - 0.36 * s)

    fill(c, posts, "#4a3423")

    def roof(pen: Pen) -> None:
        pen.polygon([(x - 0.85 * s, y - 0.66 * s), (x + 0.87 * s, y - 0.66 * s), (x + 0.45 * s, y - 1.15 * s), (x - 0.42 * s, y - 1.15 * s)])

    m = mask_layer(c, roof)
    thatch = 0.8 + 0.2 * fbm(c.rng, c.h, c.w, (c.w / 3, 8), octaves=2)
    shade = 0.75 + 0.45 * smoothstep(fy - 0.08 * scale / 0.07, fy - 0.045 * scale / 0.07, c.y)
    paint(c.img, rgb("#b08a4e") * (thatch * shade)[..., None], m)


@dataclass(frozen=True)
class Local:
    """A rectangular part of a canvas with its own coordinate grids."""

    box: tuple[slice, slice]
    x: Array
    y: Array

    @property
    def shape(self) -> tuple[int, int]:
        return self.x.shape[0], self.x.shape[1]


def local(c: Canvas, x0: float, y0: float, x1: float, y1: float) -> Local | None:
    """The part of ``c`` inside the fractional box (clipped to the picture)."""
    i0, i1 = max(0, int(x0 * c.w)), min(c.w, math.ceil(x1 * c.w))
    j0, j1 = max(0, int(y0 * c.h)), min(c.h, math.ceil(y1 * c.h))
    if i0 >= i1 or j0 >= j1:
        return None
    box = (slice(j0, j1), slice(i0, i1))
    return Local(box, c.x[box], c.y[box])


def crown(
    c: Canvas,
    fx: float,
    fy: float,
    radius: float,
    *,
    color: str,
    lumps: int = 8,
    light: tuple[float, float] = (-0.6, -0.8),
    leafy: float = 0.12,
) -> None:
    """A cauliflower-like tree crown centred at (fx, fy), radius in picture heights."""
    ax = radius * 1.6 / c.aspect
    loc = local(c, fx - ax, fy - radius * 1.6, fx + ax, fy + radius * 1.6)
    if loc is None:
        return
    best = np.full(loc.shape, -1.0, np.float32)
    for _ in range(lumps):
        ox, oy = c.rng.normal(0, 0.35, 2) * radius
        rr = radius * c.rng.uniform(0.45, 0.7)
        dx = ((loc.x - fx) * c.aspect - ox) / rr
        dy = (loc.y - fy - oy) / rr
        f = (1 - np.sqrt(dx * dx + dy * dy)) * rr / radius
        np.maximum(best, f, out=best)
    h, w = loc.shape
    leaves = fbm(c.rng, h, w, (w / 9, h / 9), octaves=2)
    clumps = fbm(c.rng, h, w, (w / 60, h / 60), octaves=3)
    field = best + leafy * (0.5 * leaves + 0.5 * clumps) * 0.6
    cover = np.clip(field * radius * c.h * 0.5, 0, 1)
    height = np.sqrt(np.clip(field * 3, 0, 1)) + 0.15 * clumps
    gy, gx = np.gradient(blur(height, 2) * radius * c.h * 0.25)
    inv = 1 / np.sqrt(gx * gx + gy * gy + 1)
    lx, ly = light
    lit = (-gx * lx - gy * ly + 0.6) * inv
    tone = np.clip(0.15 + 0.75 * lit + 0.2 * leaves, 0, 1.2)
    base = rgb(color)
    col = gradient(np.clip(tone / 1.2, 0, 1), [(0, "#0b1208"), (0.45, "#" + "".join(f"{int(v * 255):02x}" for v in base)), (1, "#d9e6a0")])
    paint(c.img[loc.box], mix(col, base * tone[..., None], 0.5), cover)


def _round_tree(c: Canvas, fx: float, fy: float, radius: float, color: str) -> None:
    """A rounded tree with a trunk; (fx, fy) is the ground point."""
    x, y = c.px(fx, fy)
    r = radius * c.h

    def trunk(pen: Pen) -> None:
        pen.line([(x, y), (x + r * 0.05, y - r * 1.2)], r * 0.16)

    fill(c, trunk, "#3b2c20")
    crown(c, fx, fy - radius * 1.5, radius, color=color)


def weave(c: Canvas, *, period: float, light: str, dark: str, angle: float = math.pi / 4) -> Array:
    """Top-down basket-weave (bamboo mat) texture; ``period`` in pixels."""
    ca, sa = math.cos(angle), math.sin(angle)
    xs, ys = c.x * c.w, c.y * c.h
    u = (xs * ca + ys * sa) / period
    v = (-xs * sa + ys * ca) / period
    over = ((np.floor(u) + np.floor(v)) % 2).astype(np.float32)
    across = np.where(over > 0, u % 1.0, v % 1.0)
    along = np.where(over > 0, v % 1.0, u % 1.0)
    strip = 0.5 + 0.5 * np.sin(np.pi * across)
    edge = smoothstep(0.0, 0.12, along) * smoothstep(1.0, 0.88, along)
    n = fbm(c.rng, c.h, c.w, (c.w / period * 2, c.h / period * 2), octaves=3)
    fibre = fbm(c.rng, c.h, c.w, (c.w / 6, c.h / 6), octaves=2)
    t = np.clip(0.25 + 0.5 * strip * (0.6 + 0.4 * edge) + 0.15 * n + 0.1 * fibre, 0, 1)
    return gradient(t, [(0, dark), (1, light)])


# Palette/shape presets for grains.
JASMINE_GRAIN = ellipse_shape(0.25, power=2.6)
COOKED_GRAIN = ellipse_shape(0.42, power=2.2)


def scatter_points(rng: np.random.Generator, n: int, *, center: tuple[float, float], spread: tuple[float, float], uniform: float) -> npt.NDArray[np.float64]:
    """Points (fractions) clustered around ``center`` with a share spread uniformly."""
    k = int(n * uniform)
    pile = rng.normal(center, spread, (n - k, 2))
    flat = rng.uniform(-0.05, 1.05, (k, 2))
    return np.concatenate([flat, pile])


def grain_macro(
    c: Canvas,
    *,
    palette: Sequence[str],
    count: int,
    size: tuple[float, float],
    shape: ShapeFn,
    center: tuple[float, float],
    light: Light,
) -> None:
    """Scatter many grains, denser around ``center``, then blur away from it."""
    tex = fbm(c.rng, c.h, c.w, (c.w / 10, c.h / 10), octaves=2)
    pts = scatter_points(c.rng, count, center=center, spread=(0.14, 0.13), uniform=0.35)
    grains = StampSet(shape, aspect=0.3, light=light, shadow=Shadow(offset=(0.05, 0.12), strength=0.55, softness=0.25))
    cols = [rgb(p) for p in palette]
    for fx, fy in pts:
        grains.draw(
            c.img,
            fx * c.w,
            fy * c.h,
            size=c.rng.uniform(*size),
            angle=c.rng.uniform(0, 2 * math.pi),
            tint=cols[int(c.rng.integers(len(cols)))] * c.rng.uniform(0.92, 1.03),
            texture=tex,
            texture_amount=0.05,
        )
    sigma = 14 * smoothstep(0.12, 0.5, np.abs(c.y - center[1])) + 4 * smoothstep(0.3, 0.6, np.abs(c.x - center[0]))
    c.img[:] = depth_blur(c.img, sigma)


def rice_grains(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#24160d", light="#5b3a22", grain_dir=0.25, planks=3)
    glow(c, 0.35, 0.25, radius=0.7, color="#ffe2b8", strength=0.2)
    grain_macro(
        c,
        palette=("#f7f2e6", "#f3eee2", "#fbf8f0"),
        count=1500,
        size=(92, 120),
        shape=JASMINE_GRAIN,
        center=(0.55, 0.56),
        light=Light(direction=(-0.45, -0.6, 0.7), ambient=0.58, diffuse=0.6, specular=0.35, shininess=30, relief=0.35),
    )
    return 0.55, 0.56


def harvest(c: Canvas) -> Focus:
    horizon = 0.56
    sun = (0.8, horizon - 0.07)
    sky(c, horizon, [(0, "#4e5d86"), (0.45, "#c48a74"), (0.8, "#f0b070"), (1, "#f8d9a0")])
    clouds(c, bottom=horizon - 0.1, cover=0.3, lit="#ffd29a", shade="#8a6a78", cells=(3, 6), opacity=0.7)
    glow(c, *sun, radius=0.5, color="#ffc070", strength=0.55)
    glow(c, *sun, radius=0.05, color="#fff6dc", strength=1.0)
    ridge(c, base=horizon + 0.002, amp=0.03, cells=20, octaves=4, color="#6b4a48", floor=horizon + 0.01)
    ridge(c, base=horizon + 0.004, amp=0.02, cells=70, octaves=3, color="#3e2e2a", floor=horizon + 0.01)
    g = ground(c, horizon, eye=0.025, rotate=0.0)
    tex = tile_texture(c.rng, 512, 16, octaves=5)
    stubble = sample(tex, g.gx * 2500, g.gz * 90) * smoothstep(0.003, 0.0005, g.footprint)
    detail = sample(tex, g.gx * 600, g.gz * 600 + 30)
    t = np.clip(0.55 + 0.25 * detail + 0.2 * stubble, 0, 1)
    field = gradient(t, [(0, "#6b4a22"), (0.5, "#b98a3c"), (1, "#e9c27a")])
    sunlit = np.exp(-(((c.x - sun[0]) * c.aspect / 0.5) ** 2)) * smoothstep(0.9, horizon, c.y)
    field = mix(field, rgb("#ffd99a"), sunlit * 0.45)
    field = mix(field, rgb("#e9b98a"), smoothstep(0.8, 5.0, g.z) * 0.7)
    paint(c.img, field, g.below)
    sheaves = [(c.rng.uniform(-1.2, 1.2) * z, z) for z in np.linspace(0.25, 1.6, 18)]
    sheaves = sorted(sheaves, key=lambda p: -p[1])
    for wx, wz in sheaves:
        fx = 0.5 + wx / (wz * c.aspect)
        fy = horizon + 0.025 / wz
        _sheaf(c, fx, fy, height=0.06 / wz, sun=sun)
    _sheaf(c, 0.3, 0.97, height=0.55, sun=sun)
    return 0.3, 0.7


def _sheaf(c: Canvas, fx: float, fy: float, *, height: float, sun: tuple[float, float]) -> None:
    """A tied bundle of harvested rice standing on the ground at (fx, fy)."""
    if height < 0.01 or not -0.1 < fx < 1.1:
        return
    x0, y0 = c.px(fx, fy)
    hp = height * c.h
    wp = hp * 0.42
    rng = c.rng
    away = -1 if sun[0] > fx else 1
    sbox = clip_box(c, x0 - wp * 3.5, y0 - hp * 0.05, x0 + wp * 3.5, y0 + hp * 0.2)

    def shadow(pen: Pen) -> None:
        pen.polygon([(x0 - wp * 0.4, y0), (x0 + wp * 0.4, y0), (x0 + away * wp * 2.6, y0 + hp * 0.12), (x0 + away * wp * 3.2, y0 + hp * 0.06)])

    if sbox is not None:
        fill(c, shadow, "#3a2414", soften=max(1.0, hp * 0.02), alpha=0.55, box=sbox)
    box = clip_box(c, x0 - wp * 1.3, y0 - hp * 1.1, x0 + wp * 1.3, y0 + 2)
    if box is None:
        return

    def stems(pen: Pen) -> None:
        for _ in range(int(90 + hp * 0.25)):
            b = rng.uniform(-0.5, 0.5) * wp
            top = b * rng.uniform(0.6, 1.4)
            lean = rng.normal(0, 0.06) * hp
            pts = [(x0 + b, y0), (x0 + b * 0.25, y0 - hp * 0.45), (x0 + top + lean, y0 - hp * rng.uniform(0.82, 0.98))]
            pen.line(pts, max(1.0, hp * 0.012))

    def heads(pen: Pen) -> None:
        for _ in range(int(60 + hp * 0.2)):
            a = rng.uniform(-0.7, 0.7) * wp
            hx, hy = x0 + a, y0 - hp * rng.uniform(0.84, 1.0)
            droop = np.sign(a + 1e-3) * rng.uniform(0.05, 0.2) * hp
            pts = [(hx + droop * t, hy + abs(droop) * t * t * 1.5) for t in np.linspace(0, 1, 6)]
            pen.line(pts, max(1.0, hp * 0.018))

    def band(pen: Pen) -> None:
        pen.line([(x0 - wp * 0.2, y0 - hp * 0.45), (x0 + wp * 0.2, y0 - hp * 0.44)], max(1.0, hp * 0.03))

    region = c.img[box[1] : box[3], box[0] : box[2]]
    lx = c.x[box[1] : box[3], box[0] : box[2]]
    lh, lw = lx.shape
    grain = fbm(rng, lh, lw, (lw / 4, lh / 4), octaves=2) if hp > 200 else np.zeros_like(lx)
    side = np.clip((lx - fx) * c.aspect / max(height * 0.25, 1e-3), -1, 1)
    lit = 0.65 - 0.35 * side * away
    for draw_fn, stops, g in (
        (stems, [(0, "#6a4a1e"), (0.6, "#c8973e"), (1, "#ffd98a")], 0.1),
        (heads, [(0, "#7a5520"), (0.6, "#d9a845"), (1, "#ffe6a0")], 0.15),
    ):
        paint(region, gradient(np.clip(lit + g * grain, 0, 1), stops), mask_layer(c, draw_fn, box=box))
    fill(c, band, "#5a3d1c", box=box)


def bowl(
    c: Canvas,
    fx: float,
    fy: float,
    radius: float,
    *,
    glaze: str,
    rim: str,
    squash: float = 0.88,
) -> tuple[Array, Array]:
    """Draw a round bowl seen from above; return (inside mask, normalised inner radius)."""
    dx = (c.x - fx) * c.aspect / radius
    dy = (c.y - fy) / (radius * squash)
    r = np.sqrt(dx * dx + dy * dy)
    px = radius * c.h
    shadow = smoothstep(1.25, 0.85, np.sqrt((dx - 0.12) ** 2 + (dy - 0.16) ** 2))
    mul(c.img, 1 - 0.55 * shadow)
    outer = np.clip((1 - r) * px + 0.5, 0, 1)
    body_light = smoothstep(1.0, -1.0, dx * 0.6 + dy * 0.8)
    body = mix(rgb(glaze) * 0.7, rgb(glaze) * 1.08, body_light)
    band = smoothstep(0.02, 0.0, np.abs(r - 0.93)) * 0.9
    body = mix(body, rgb(rim), band)
    paint(c.img, body, outer)
    inner_r = 0.86
    inside = np.clip((inner_r - r) * px + 0.5, 0, 1)
    wall_light = smoothstep(-1.0, 1.0, dx * 0.6 + dy * 0.8)
    paint(c.img, mix(rgb(glaze) * 0.55, rgb(glaze), wall_light), inside)
    return inside, r / inner_r


def fill_bowl_with_grains(
    c: Canvas,
    fx: float,
    fy: float,
    radius: float,
    *,
    squash: float,
    count: int,
    size: tuple[float, float],
    colors: Sequence[str],
    shape: ShapeFn,
    aspect: float,
) -> None:
    """Heap grains inside a bowl, drawn from back to front, darker near the rim."""
    ang = c.rng.uniform(0, 2 * math.pi, count)
    rad = np.sqrt(c.rng.uniform(0, 1, count)) * 0.97
    order = np.argsort(np.sin(ang) * rad)
    grains = StampSet(
        shape,
        aspect=aspect,
        light=Light(direction=(-0.45, -0.6, 0.75), ambient=0.62, diffuse=0.5, specular=0.3, shininess=26, relief=0.3),
        shadow=Shadow(offset=(0.04, 0.1), strength=0.3, softness=0.3),
    )
    palette = [rgb(col) for col in colors]
    for i in order:
        gx = fx + math.cos(ang[i]) * rad[i] * radius / c.aspect
        gy = fy + math.sin(ang[i]) * rad[i] * radius * squash
        rim_dark = 1 - 0.35 * max(0.0, (rad[i] - 0.45) / 0.4) * (0.6 + 0.4 * max(0.0, -math.cos(ang[i] - 0.6)))
        col = palette[int(c.rng.integers(len(palette)))] * rim_dark * c.rng.uniform(0.93, 1.03)
        grains.draw(c.img, gx * c.w, gy * c.h, size=c.rng.uniform(*size), angle=c.rng.uniform(0, 2 * math.pi), tint=col)


def chopsticks(c: Canvas, x0: float, y0: float, x1: float, y1: float, *, gap: float, color: str) -> None:
    """A pair of chopsticks from (x0, y0) to (x1, y1) in fractions."""
    for k in (0, 1):
        off = gap * k

        def draw(pen: Pen, off: float = off) -> None:
            pts = [(x0 * c.w + off * c.w, y0 * c.h), (x1 * c.w + off * c.w * 1.6, y1 * c.h)]
            pen.line(pts, c.w * 0.014)

        m = mask_layer(c, draw)
        mul(c.img, 1 - 0.4 * blur(np.roll(np.roll(m, 14, axis=0), 10, axis=1), 6))
        edge = blur(m, 2) - blur(np.roll(m, 4, axis=1), 2)
        col = rgb(color) * (0.85 + 0.5 * np.clip(edge, -0.3, 1)[..., None])
        paint(c.img, col, m)


def cooked_rice(c: Canvas) -> Focus:
    c.img[:] = weave(c, period=70, light="#c9a46a", dark="#6d4f2c")
    fx, fy, radius, squash = 0.5, 0.5, 0.36, 0.9
    bowl(c, fx, fy, radius, glaze="#f2f0ea", rim="#3d5f9a", squash=squash)
    fill_bowl_with_grains(
        c,
        fx,
        fy,
        radius * 0.86,
        squash=squash,
        count=2300,
        size=(58, 76),
        colors=("#fbf9f3", "#f5f2ea", "#fffdf8"),
        shape=COOKED_GRAIN,
        aspect=0.45,
    )
    chopsticks(c, 0.86, 0.14, 0.9, 0.9, gap=0.025, color="#8a5a32")
    glow(c, 0.3, 0.2, radius=0.6, color="#fff1d6", strength=0.25)
    steam(c, cx=0.5, bottom=0.55, top=0.02, width=0.16, amount=0.6)
    return fx, fy


# --------------------------------------------------------------------------
# Doi Tung coffee
# --------------------------------------------------------------------------


def leaf_albedo(color: str, vein: str) -> AlbedoFn:
    """Leaf colour with a lighter midrib and lateral veins."""
    base, light = rgb(color), rgb(vein)

    def albedo(u: Array, v: Array, h: Array) -> Array:
        lateral = smoothstep(0.85, 1.0, np.abs(np.sin((u * 5 - np.abs(v) * 5) * np.pi)))
        mid = np.exp(-((v / 0.025) ** 2))
        t = np.clip(0.55 * lateral * (np.abs(v) < 0.5) + mid, 0, 1)
        return mix(base * (0.85 + 0.3 * (u + 1) / 2)[..., None], light, t * 0.5)

    return albedo


def cherry_albedo(u: Array, v: Array, h: Array) -> Array:
    """Coffee cherry: even colour with a dark navel at the tip."""
    navel = smoothstep(0.12, 0.0, np.sqrt((u - 0.82) ** 2 + v * v))
    out = np.ones((*u.shape, 3), np.float32) * (0.9 + 0.1 * h)[..., None]
    return mix(out, rgb("#2a1a10") * 2.5, navel * 0.7)


def foliage_backdrop(c: Canvas, *, dark: str, light: str, sun: str, blur_sigma: float = 30) -> None:
    """Out-of-focus foliage with light coming through."""
    n = fbm(c.rng, c.h, c.w, (6 * c.aspect, 6), octaves=4)
    c.img[:] = gradient(np.clip(n * 0.5 + 0.5, 0, 1), [(0, dark), (0.6, light), (1, sun)])
    c.img[:] = blur(c.img, blur_sigma)


def branch(c: Canvas, points: Sequence[tuple[float, float]], *, width: float, color: str) -> None:
    """A shaded branch along a polyline (fractions), ``width`` in pixels."""
    pts = [c.px(x, y) for x, y in points]

    def draw(pen: Pen) -> None:
        pen.line(pts, width)

    def top(pen: Pen) -> None:
        pen.line([(x, y - width * 0.22) for x, y in pts], width * 0.35)

    m = mask_layer(c, draw)
    mul(c.img, 1 - 0.35 * blur(np.roll(m, int(width * 0.6), axis=0), width * 0.4))
    bark = 0.8 + 0.25 * fbm(c.rng, c.h, c.w, (c.w / 15, c.h / 40), octaves=3)
    paint(c.img, rgb(color) * bark[..., None], m)
    paint(c.img, rgb(color) * 1.5, blur(mask_layer(c, top), width * 0.12) * m * 0.6)


def coffee_cherries(c: Canvas) -> Focus:
    foliage_backdrop(c, dark="#16260f", light="#4b6b2a", sun="#dfe6a0")
    bokeh(c, count=60, colors=("#fff4c0", "#cfe69a"), radius=(0.02, 0.06), strength=0.35)
    path = [(-0.05, 0.78), (0.25, 0.62), (0.5, 0.5), (0.75, 0.36), (1.05, 0.2)]
    leaf_light = Light(direction=(-0.4, -0.7, 0.6), ambient=0.45, diffuse=0.65, specular=0.5, shininess=40, relief=0.25)
    leaf_color = leaf_albedo("#2c5a1e", "#a8c86a")
    for t, side in ((0.12, -1), (0.18, 1), (0.42, -1), (0.48, 1), (0.72, -1), (0.8, 1), (0.95, -1)):
        bx, by = _along(path, t)
        ang = -0.55 + side * c.rng.uniform(0.9, 1.4)
        size = c.rng.uniform(0.28, 0.36) * c.h
        lx = bx * c.w + math.cos(ang) * size * 0.48
        ly = by * c.h + math.sin(ang) * size * 0.48
        stamp(
            c.img,
            lx,
            ly,
            size=size,
            angle=ang,
            shape=leaf_shape(0.32, 0.12 * side),
            albedo=leaf_color,
            light=leaf_light,
            shadow=Shadow(offset=(0.05, 0.08), strength=0.35, softness=0.3),
            aspect=0.5,
        )
    branch(c, path, width=30, color="#6b5a45")
    cherries = StampSet(
        ellipse_shape(0.88),
        albedo=cherry_albedo,
        aspect=0.9,
        light=Light(direction=(-0.45, -0.65, 0.6), ambient=0.38, diffuse=0.75, specular=0.7, shininess=55, relief=0.6),
        shadow=Shadow(offset=(0.1, 0.14), strength=0.5, softness=0.35),
    )
    palette = [rgb(x) for x in ("#b8141e", "#8c0f18", "#c72a1c", "#d8661f", "#a9b53a", "#6f9a2c")]
    weights = np.array([0.3, 0.2, 0.18, 0.1, 0.12, 0.1])
    for t, n_cherries, spread in ((0.28, 12, 0.07), (0.52, 16, 0.085), (0.78, 11, 0.065)):
        bx, by = _along(path, t)
        for _ in range(n_cherries):
            ox, oy = c.rng.normal(0, spread, 2) * np.array([0.9, 0.6])
            col = palette[int(c.rng.choice(len(palette), p=weights / weights.sum()))]
            cherries.draw(
                c.img,
                (bx + ox / c.aspect) * c.w,
                (by + oy + 0.01) * c.h,
                size=c.rng.uniform(0.075, 0.095) * c.h,
                angle=c.rng.uniform(-2.4, -0.8),
                tint=col,
            )
    sigma = 9 * smoothstep(0.25, 0.6, radial(c, 0.52, 0.5, 1.0))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.52, 0.5


def _along(path: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    """Point at fraction ``t`` along a polyline (by segment count)."""
    pos = t * (len(path) - 1)
    i = min(int(pos), len(path) - 2)
    f = pos - i
    (x0, y0), (x1, y1) = path[i], path[i + 1]
    return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f


def light_rays(c: Canvas, *, angle: float, color: str, strength: float, cells: float = 25) -> None:
    """Crepuscular rays coming from the top (screen blend)."""
    ca, sa = math.cos(angle), math.sin(angle)
    across = (c.x * c.aspect * ca - c.y * sa) / (c.aspect + 1)
    line = noise1d(c.rng, 4096, cells, octaves=3)
    idx = np.clip(((across + 1) * 0.5 * 4095), 0, 4095).astype(np.int32)
    rays = smoothstep(0.15, 0.8, line[idx]) * smoothstep(1.1, 0.0, c.y)
    c.img[:] = 1 - (1 - c.img) * (1 - rays[..., None] * rgb(color) * strength)


def shade_farm(c: Canvas) -> Focus:
    c.img[:] = gradient(c.y, [(0, "#eef2d2"), (0.45, "#b9cc98"), (1, "#6d8656")])
    for depth, (tone, count, wmin) in enumerate((("#b3c49c", 16, 6), ("#85997a", 11, 14), ("#56664c", 8, 26), ("#2e3526", 4, 50))):
        trunks = []
        for _ in range(count):
            x = c.rng.uniform(-0.05, 1.05)
            lean = c.rng.normal(0, 0.015)
            trunks.append(([(x * c.w, -10.0), ((x + lean) * c.w, c.h * (0.75 + depth * 0.06))], wmin * c.rng.uniform(0.7, 1.5)))

        def draw(pen: Pen, trunks: list[tuple[list[tuple[float, float]], float]] = trunks) -> None:
            for pts, wdt in trunks:
                pen.line(pts, wdt)

        bark = rgb(tone) * (0.85 + 0.2 * fbm(c.rng, c.h, c.w, (c.w / 30, c.h / 120), octaves=2))[..., None]
        fill(c, draw, bark)
        mist(c, center=0.6, height=0.4, color="#e4ecd0", amount=0.28 - depth * 0.06)
    for _ in range(11):
        crown(c, c.rng.uniform(-0.05, 1.05), c.rng.uniform(-0.1, 0.08), c.rng.uniform(0.16, 0.24), color="#2a4520", lumps=9, leafy=0.25, light=(-0.3, -0.9))
    light_rays(c, angle=0.35, color="#fff3c4", strength=0.5)
    slope = 0.52 + 0.3 * c.x + 0.03 * noise1d(c.rng, c.w, 4)[None, :]
    ground_cover = np.clip((c.y - slope) * c.h + 0.5, 0, 1)
    litter = fbm(c.rng, c.h, c.w, (40 * c.aspect, 40), octaves=4)
    paint(c.img, gradient(np.clip(litter * 0.5 + 0.5, 0, 1), [(0, "#2a2114"), (0.6, "#5d4a2c"), (1, "#8a7a45")]), ground_cover)
    for row, (offset, r0) in enumerate(((0.0, 0.05), (0.1, 0.075))):
        for fx in np.linspace(0.02 + row * 0.06, 0.98, 9 - row * 2):
            fy = 0.52 + 0.3 * fx + offset
            r = r0 * (0.8 + 0.5 * fx)
            crown(c, fx + c.rng.normal(0, 0.015), fy - r * 0.5, r, color="#24481a", lumps=12, leafy=0.3, light=(-0.5, -0.85))
    for fx, fy, r in ((0.12, 1.0, 0.2), (0.45, 0.93, 0.17), (0.85, 1.05, 0.21)):
        crown(c, fx, fy - r * 0.5, r, color="#24481a", lumps=14, leafy=0.25, light=(-0.5, -0.85))
    _cherry_dots(c, 0.45, 0.93 - 0.085, 0.16)
    dapple = fbm(c.rng, c.h, c.w, (14 * c.aspect, 14), octaves=3)
    mul(c.img, 1 + ground_cover * (0.35 * smoothstep(0.2, 0.6, dapple) - 0.15))
    sigma = 7 * smoothstep(0.3, 0.0, c.y) + 6 * smoothstep(0.75, 1.0, c.y) * smoothstep(0.15, 0.3, np.abs(c.x - 0.45))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.45, 0.85


def _cherry_dots(c: Canvas, fx: float, fy: float, radius: float) -> None:
    """Sprinkle small red cherries over a shrub."""
    dots = StampSet(ellipse_shape(0.9), light=Light(specular=0.6, shininess=50, relief=0.6), shadow=Shadow(strength=0.4))
    for _ in range(14):
        a, r = c.rng.uniform(0, 2 * math.pi), math.sqrt(c.rng.uniform()) * radius * 0.8
        for _ in range(int(c.rng.integers(3, 7))):
            a2, r2 = a + c.rng.normal(0, 0.06), r + c.rng.normal(0, 0.006)
            col = rgb("#a3121a") if c.rng.uniform() < 0.7 else rgb("#7aa02c")
            dots.draw(
                c.img,
                (fx + math.cos(a2) * r2 / c.aspect) * c.w,
                (fy + math.sin(a2) * r2 * 0.8) * c.h,
                size=c.rng.uniform(22, 30),
                angle=c.rng.uniform(0, 6.28),
                tint=col,
            )


def bean_pile(
    c: Canvas,
    *,
    count: int,
    size: tuple[float, float],
    palette: Sequence[str],
    center: tuple[float, float],
    spread: tuple[float, float],
    uniform: float,
    light: Light,
    crease_share: float = 0.5,
    scale_with_y: bool = False,
) -> None:
    """Scatter coffee beans (crease up or back up)."""
    face = StampSet(bean_shape(0.72, 1.0), light=light, aspect=0.8, shadow=Shadow(offset=(0.08, 0.12), strength=0.6, softness=0.3))
    back = StampSet(bean_shape(0.72, 0.0), light=light, aspect=0.8, shadow=Shadow(offset=(0.08, 0.12), strength=0.6, softness=0.3))
    cols = [rgb(p) for p in palette]
    pts = scatter_points(c.rng, count, center=center, spread=spread, uniform=uniform)
    pts = pts[np.argsort(pts[:, 1])] if scale_with_y else pts
    for fx, fy in pts:
        scale = (0.5 + 0.7 * fy) if scale_with_y else 1.0
        stamps = face if c.rng.uniform() < crease_share else back
        stamps.draw(
            c.img,
            fx * c.w,
            fy * c.h,
            size=c.rng.uniform(*size) * scale,
            angle=c.rng.uniform(0, 2 * math.pi),
            tint=cols[int(c.rng.integers(len(cols)))] * c.rng.uniform(0.85, 1.1),
        )


def roasted_beans(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#120a06", light="#2e1c10", grain_dir=0.1)
    light = Light(direction=(-0.5, -0.6, 0.6), ambient=0.35, diffuse=0.8, specular=0.55, shininess=38, relief=0.5)
    bean_pile(
        c, count=1050, size=(135, 165), palette=("#3b2213", "#4a2b17", "#2c180c", "#57341c"), center=(0.5, 0.52), spread=(0.22, 0.2), uniform=0.45, light=light
    )
    glow(c, 0.3, 0.2, radius=0.6, color="#ffcf9a", strength=0.15)
    sigma = 16 * smoothstep(0.15, 0.55, np.abs(c.y - 0.52)) + 6 * smoothstep(0.3, 0.6, np.abs(c.x - 0.5))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.52


def cup(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#3a2414", light="#8a6040", grain_dir=math.pi / 2, planks=4, scale=1.0)
    glow(c, 0.25, 0.15, radius=0.7, color="#fff0d8", strength=0.3)
    light = Light(direction=(-0.5, -0.6, 0.6), ambient=0.35, diffuse=0.8, specular=0.5, shininess=38, relief=0.5)
    bean_pile(c, count=40, size=(95, 115), palette=("#3b2213", "#4a2b17", "#57341c"), center=(0.75, 0.88), spread=(0.12, 0.06), uniform=0.25, light=light)
    fx, fy = 0.5, 0.46
    saucer_r, cup_r = 0.3, 0.2
    bowl(c, fx, fy, saucer_r, glaze="#f4f1ec", rim="#d9d2c8", squash=1.0)
    _cup_handle(c, fx + cup_r / c.aspect * 1.0, fy, cup_r)
    _inside, r = bowl(c, fx, fy, cup_r, glaze="#fbf9f5", rim="#e8e2da", squash=1.0)
    coffee = np.clip((0.93 - r) * cup_r * c.h + 0.5, 0, 1)
    swirl = fbm(c.rng, c.h, c.w, (14 * c.aspect, 14), octaves=4)
    ang = np.arctan2(c.y - fy, (c.x - fx) * c.aspect)
    spiral = np.sin(ang * 3 + r * 14 + swirl * 2.5)
    t = np.clip(0.45 + 0.25 * spiral * (r < 0.8) + 0.15 * swirl - 0.35 * smoothstep(0.7, 0.93, r), 0, 1)
    crema = gradient(t, [(0, "#3a1c0c"), (0.45, "#7a4220"), (0.75, "#b27340"), (1, "#d9a36a")])
    paint(c.img, crema, coffee)
    glint = np.exp(-(((c.x - fx + 0.06) * c.aspect / 0.03) ** 2 + ((c.y - fy + 0.07) / 0.02) ** 2))
    c.img += (glint * 0.35)[..., None]
    steam(c, cx=fx, bottom=fy, top=0.0, width=0.1, amount=0.35)
    return fx, fy


def _cup_handle(c: Canvas, fx: float, fy: float, cup_r: float) -> None:
    x, y = c.px(fx, fy)
    r = cup_r * c.h

    def draw(pen: Pen) -> None:
        pen.line([(x - r * 0.1, y), (x + r * 0.45, y)], r * 0.22)

    fill(c, lambda pen: pen.line([(x, y + r * 0.08), (x + r * 0.5, y + r * 0.08)], r * 0.22), "#000000", soften=10, alpha=0.35)
    m = fill(c, draw, "#f2eee8")
    top = blur(np.roll(m, -int(r * 0.06), axis=0), 3)
    paint(c.img, rgb("#c9c2b8"), np.clip(m - top, 0, 1))


# --------------------------------------------------------------------------
# Doi Chaang coffee
# --------------------------------------------------------------------------


def mountain_village(c: Canvas) -> Focus:
    sky(c, 0.55, [(0, "#56689a"), (0.45, "#b992a6"), (0.8, "#efbfa0"), (1, "#fbe3b9")])
    clouds(c, bottom=0.4, cover=0.28, lit="#ffd9c0", shade="#a58aa6", cells=(2, 7), opacity=0.6)
    sun = (0.7, 0.36)
    glow(c, *sun, radius=0.4, color="#ffcf96", strength=0.6)
    glow(c, *sun, radius=0.03, color="#fff8e6", strength=1.0)
    layers = [
        (0.44, "#b7a0bc", 0.08, 3),
        (0.52, "#9a8cae", 0.1, 4),
        (0.6, "#7b7b9c", 0.1, 5),
        (0.68, "#5a6a7e", 0.1, 5),
        (0.78, "#3d5460", 0.1, 4),
        (0.95, "#22362b", 0.1, 6),
    ]
    village: Array | None = None
    for i, (base, col, amp, cells) in enumerate(layers):
        top = ridge(c, base=base, amp=amp, cells=cells, color=col, texture=0.04 * i, sharp=0.5)
        if i == 4:
            village = top
        if i < 5:
            mist(c, center=base + 0.025, height=0.035, color="#f6ddd2", amount=0.55 - i * 0.06)
    assert village is not None
    houses = sorted(((x, c.rng.uniform(0.012, 0.05)) for x in c.rng.uniform(0.2, 0.46, 11)), key=lambda h: h[1])
    for fx, depth in houses:
        ground_y = village[int(fx * c.w)] + depth
        _house(c, fx, ground_y, size=c.rng.uniform(0.045, 0.065), roof=str(c.rng.choice(["#5b4a44", "#7a4636", "#4a4f58"])))
    for fx in c.rng.choice([0.16, 0.19, 0.5, 0.53, 0.56], 5, replace=False):
        fy = village[int(fx * c.w)] + c.rng.uniform(0.0, 0.06)
        crown(c, fx, fy - 0.02, c.rng.uniform(0.018, 0.03), color="#34503d", lumps=6, leafy=0.2)
    for fx in np.linspace(-0.05, 1.05, 14):
        crown(c, fx + c.rng.normal(0, 0.02), c.rng.uniform(0.95, 1.02), c.rng.uniform(0.06, 0.1), color="#1d2e22", lumps=8, leafy=0.3)
    return 0.33, float(village[int(0.33 * c.w)] + 0.03)


def _house(c: Canvas, fx: float, fy: float, *, size: float, roof: str) -> None:
    """A small hill-tribe house (walls, pitched roof, a lit window); (fx, fy) is its base."""
    x, y = c.px(fx, fy)
    s = size * c.h
    box = clip_box(c, x - s, y - s * 1.3, x + s, y + 2)
    if box is None:
        return
    fill(c, lambda pen: pen.rectangle(x - s * 0.55, y - s * 0.6, x + s * 0.55, y), "#8a6a4e", box=box)
    fill(c, lambda pen: pen.rectangle(x + s * 0.05, y - s * 0.6, x + s * 0.55, y), "#6a4e3a", box=box)
    fill(
        c,
        lambda pen: pen.polygon([(x - s * 0.75, y - s * 0.55), (x + s * 0.75, y - s * 0.55), (x + s * 0.1, y - s * 1.1), (x - s * 0.1, y - s * 1.1)]),
        roof,
        box=box,
    )
    fill(
        c,
        lambda pen: pen.polygon([(x - s * 0.75, y - s * 0.55), (x - s * 0.1, y - s * 1.1), (x - s * 0.05, y - s * 0.9), (x - s * 0.5, y - s * 0.55)]),
        "#c9a28a",
        box=box,
        alpha=0.35,
    )
    fill(c, lambda pen: pen.rectangle(x - s * 0.3, y - s * 0.4, x - s * 0.1, y - s * 0.2), "#ffcf7a", box=box)


def drying_beans(c: Canvas) -> Focus:
    horizon = 0.26
    sky(c, horizon, [(0, "#8fb6dc"), (1, "#eef1ea")])
    ridge(c, base=horizon - 0.02, amp=0.08, cells=3, color="#7d9a8a", texture=0.05)
    ridge(c, base=horizon + 0.004, amp=0.04, cells=12, color="#4e6e48", texture=0.1, floor=horizon + 0.01)
    eye = 0.05
    g = ground(c, horizon, eye=eye)
    tex = tile_texture(c.rng, 512, 32, octaves=4)
    period, half_w = 0.55, 0.2
    rel = ((g.gx + period / 2) % period) - period / 2
    bed = smoothstep(half_w + g.footprint, half_w - g.footprint, np.abs(rel))
    frame = grid_lines(g.gx + period / 2 - half_w, period, 0.004, g.footprint) + grid_lines(g.gx + period / 2 + half_w, period, 0.004, g.footprint)
    path = gradient(np.clip(0.5 + 0.4 * sample(tex, g.gx * 300, g.gz * 300), 0, 1), [(0, "#5a5a34"), (1, "#8f8f5a")])
    beans_far = gradient(np.clip(0.55 + 0.5 * sample(tex, g.gx * 2500, g.gz * 2500), 0, 1), [(0, "#9c8460"), (0.6, "#d1b88e"), (1, "#efe0bf")])
    surface = mix(path, beans_far, bed)
    surface = mix(surface, rgb("#4a3522"), np.clip(frame, 0, 1))
    surface = mix(surface, rgb("#d8e0da"), smoothstep(0.6, 4.0, g.z) * 0.7)
    paint(c.img, surface, g.below)
    beans = StampSet(
        bean_shape(0.7, 0.35),
        aspect=0.8,
        light=Light(direction=(-0.3, -0.7, 0.7), ambient=0.55, diffuse=0.55, specular=0.15, shininess=12, relief=0.4),
        shadow=Shadow(offset=(0.06, 0.12), strength=0.45, softness=0.3),
    )
    palette = [rgb(x) for x in ("#c9ae7e", "#bb9d6c", "#d6bf93", "#a98c60")]
    z_near = eye / (1 - horizon)
    z = z_near + (0.22 - z_near) * c.rng.uniform(0, 1, 4200) ** 1.6
    x = c.rng.uniform(-half_w, half_w, z.size)
    for i in np.argsort(-z):
        fx = 0.5 + x[i] / (z[i] * c.aspect)
        if not -0.05 < fx < 1.05:
            continue
        fy = horizon + eye / z[i]
        beans.draw(
            c.img,
            fx * c.w,
            fy * c.h,
            size=0.0042 / z[i] * c.h,
            angle=c.rng.uniform(0, 2 * math.pi),
            tint=palette[int(c.rng.integers(len(palette)))] * c.rng.uniform(0.9, 1.05),
        )
    glow(c, 0.15, 0.05, radius=0.8, color="#fff2d6", strength=0.25)
    sigma = np.where(c.y > horizon, 10 * smoothstep(0.15, 0.6, g.z) + 5 * smoothstep(0.85, 1.0, c.y), 10.0)
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.6


def catmull_rom(points: Sequence[tuple[float, float]], steps: int = 12) -> list[tuple[float, float]]:
    """A smooth curve through ``points``."""
    pts = [points[0], *points, points[-1]]
    out: list[tuple[float, float]] = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = (np.array(p) for p in pts[i - 1 : i + 3])
        for t in np.linspace(0, 1, steps, endpoint=False):
            q = 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3)
            out.append((float(q[0]), float(q[1])))
    out.append(points[-1])
    return out


def tube(c: Canvas, points: Sequence[tuple[float, float]], *, width: float, color: str) -> None:
    """A smooth shiny metal tube along a curve (fractions), ``width`` in pixels."""
    pts = [c.px(x, y) for x, y in catmull_rom(points)]
    m = mask_layer(c, lambda pen: pen.line(pts, width))
    paint(c.img, rgb(color), m)
    hi = mask_layer(c, lambda pen: pen.line([(x - width * 0.12, y - width * 0.22) for x, y in pts], width * 0.22))
    paint(c.img, rgb("#d8dce4"), blur(hi, width * 0.08) * m * 0.8)


def pour_over(c: Canvas) -> Focus:
    c.img[:] = gradient(c.y, [(0, "#1c120b"), (0.6, "#3a2517"), (1, "#24170e")])
    glow(c, 0.05, 0.3, radius=0.5, color="#ffcf90", strength=0.35)
    bokeh(c, count=34, colors=("#ffc070", "#ffe2b0"), radius=(0.008, 0.025), region=(0, 0.05, 1, 0.55), strength=0.3)
    c.img[:] = blur(c.img, 6)
    counter = smoothstep(0.795, 0.8, c.y)
    paint(c.img, wood(c, dark="#2a180c", light="#6a4426", grain_dir=0.0, scale=1.5) * (1 - 0.5 * smoothstep(0.8, 1.0, c.y))[..., None], counter)
    cx = 0.5
    dx = (c.x - cx) * c.aspect
    # glass server
    sy0, sy1 = 0.57, 0.8
    sr = 0.17
    body_y = (c.y - (sy0 + sy1) / 2) / ((sy1 - sy0) / 2)
    body_r = np.abs(dx / sr) ** 2.4 + np.abs(body_y) ** 4
    glass = np.clip((1 - body_r) * 60, 0, 1)
    coffee = glass * smoothstep(0.655, 0.66, c.y)
    amber = gradient(np.clip(0.2 + 0.6 * smoothstep(-0.15, 0.15, dx) * smoothstep(0.8, 0.66, c.y), 0, 1), [(0, "#1a0904"), (0.6, "#5a250a"), (1, "#c0621c")])
    paint(c.img, amber, coffee * 0.95)
    rim = smoothstep(0.75, 1.0, body_r) * glass
    c.img += (rim * 0.35)[..., None] * rgb("#ffe6c0")
    streak = np.exp(-(((dx + sr * 0.6) / 0.012) ** 2)) * glass * smoothstep(0.6, 0.7, c.y)
    c.img += (streak * 0.35)[..., None]
    # dripper cone
    dy0, dy1 = 0.36, 0.555
    t = np.clip((c.y - dy0) / (dy1 - dy0), 0, 1)
    half_w = 0.2 - 0.13 * t
    cone = np.clip((half_w - np.abs(dx)) * c.h * 0.5 + 0.5, 0, 1) * (c.y > dy0) * (c.y < dy1)
    across = dx / np.maximum(half_w, 1e-3)
    ceramic = np.clip(0.55 + 0.45 * np.cos((across + 0.35) * 1.4), 0, 1)
    ribs = 1 - 0.05 * smoothstep(0.6, 1.0, np.abs(np.sin(across * 9)))
    paint(c.img, rgb("#f1ebe2") * (ceramic * ribs)[..., None] * 0.95 + 0.03, cone)
    lip = np.exp(-(((c.y - dy0) / 0.008) ** 2)) * (np.abs(dx) < 0.205)
    paint(c.img, rgb("#faf6ef"), np.clip(lip, 0, 1))
    paper = (np.abs(dx) < 0.19) * (c.y < dy0) * (c.y > dy0 - 0.025 - 0.006 * np.abs(np.sin(dx * 90)))
    paint(c.img, rgb("#efe6d6") * (0.85 + 0.15 * np.cos(dx * 6))[..., None], paper.astype(np.float32))
    base_ring = (np.abs(dx) < 0.09) * (np.abs(c.y - 0.565) < 0.01)
    paint(c.img, rgb("#d8d0c4"), base_ring.astype(np.float32))
    # kettle and water
    tube(c, [(-0.03, 0.08), (0.1, 0.16), (0.2, 0.25), (0.3, 0.26), (0.38, 0.24), (0.43, 0.258)], width=38, color="#3a3c42")
    water = [(0.44 + 0.02 * t2 + 0.02 * t2 * t2, 0.262 + 0.1 * t2) for t2 in np.linspace(0, 1, 12)]
    fill(c, lambda pen: pen.line([c.px(x, y) for x, y in water], 7), "#e9d2b0", alpha=0.85)
    fill(c, lambda pen: pen.line([c.px(x - 0.001, y) for x, y in water], 2), "#ffffff", alpha=0.8)
    steam(c, cx=0.5, bottom=0.37, top=0.1, width=0.08, amount=0.2)
    return 0.5, 0.45


# --------------------------------------------------------------------------
# Sangyod Phatthalung rice
# --------------------------------------------------------------------------

SANGYOD_PALETTE = ("#7a1e1e", "#9b2c2c", "#5a1414", "#c2605a", "#a8463f", "#8a3a34", "#d07a70")


def linen(c: Canvas, *, color: str, period: float = 7.0) -> Array:
    """Woven linen cloth texture."""
    xs, ys = c.x * c.w, c.y * c.h
    warp = fbm(c.rng, c.h, c.w, (3 * c.aspect, 3), octaves=3)
    slub = fbm(c.rng, c.h, c.w, (c.w / 60, c.h / 4), octaves=2)
    weave_tex = 0.5 + 0.25 * np.sin((xs + warp * 12) * 2 * np.pi / period) + 0.25 * np.sin((ys + warp * 8) * 2 * np.pi / period)
    tone = 0.82 + 0.1 * weave_tex + 0.06 * slub + 0.06 * warp
    return rgb(color) * tone[..., None]


def red_grains(c: Canvas) -> Focus:
    c.img[:] = linen(c, color="#eadcc2")
    glow(c, 0.7, 0.2, radius=0.7, color="#fff4e0", strength=0.3)
    grain_macro(
        c,
        palette=SANGYOD_PALETTE,
        count=1700,
        size=(80, 102),
        shape=ellipse_shape(0.3, power=2.4),
        center=(0.45, 0.52),
        light=Light(direction=(0.35, -0.6, 0.7), ambient=0.5, diffuse=0.65, specular=0.45, shininess=34, relief=0.4),
    )
    return 0.45, 0.52


def sugar_palm(c: Canvas, fx: float, fy: float, height: float, *, color: str = "#2d4a26") -> None:
    """A toddy (sugar) palm: tall bare trunk and a round crown of fan leaves."""
    x, y = c.px(fx, fy)
    hp = height * c.h
    top_y = y - hp
    box = clip_box(c, x - hp * 0.3, top_y - hp * 0.25, x + hp * 0.3, y + 2)
    if box is None:
        return
    lean = c.rng.normal(0, 0.03) * hp
    fill(c, lambda pen: pen.line([(x, y), (x + lean * 0.5, y - hp * 0.5), (x + lean, top_y)], max(2.0, hp * 0.025)), "#4a4038", box=box)
    rng = c.rng

    def fronds(pen: Pen) -> None:
        cx, cy = x + lean, top_y
        for _ in range(70):
            a = rng.uniform(0, 2 * math.pi)
            ln = hp * rng.uniform(0.07, 0.13)
            ex, ey = cx + math.cos(a) * ln, cy + math.sin(a) * ln * 0.85
            pen.line([(cx, cy), (ex, ey)], max(1.0, hp * 0.005))
            fan = hp * rng.uniform(0.05, 0.08)
            pts = [(ex, ey)] + [(ex + math.cos(a + k) * fan, ey + math.sin(a + k) * fan * 0.85) for k in np.linspace(-0.9, 0.9, 7)]
            pen.polygon(pts)

    region = c.img[box[1] : box[3], box[0] : box[2]]
    m = mask_layer(c, fronds, box=box)
    ly = c.y[box[1] : box[3], box[0] : box[2]]
    lit = smoothstep(top_y / c.h + height * 0.15, top_y / c.h - height * 0.15, ly)
    paint(region, mix(rgb(color) * 0.6, rgb(color) * 1.5, lit), m)


def paddy(c: Canvas) -> Focus:
    horizon = 0.55
    sky(c, horizon, [(0, "#2f6fb8"), (0.6, "#86b9e0"), (1, "#e6eef0")])
    clouds(c, bottom=horizon - 0.12, cover=0.5, lit="#ffffff", shade="#a6b3c4", cells=(4, 3))
    ridge(
        c,
        base=horizon + 0.003,
        amp=0.28,
        cells=9,
        octaves=5,
        sharp=0.45,
        peaks=2.5,
        color="#6f8a92",
        texture=0.15,
        haze="#c6d4dc",
        haze_amount=0.3,
        floor=horizon + 0.01,
    )
    ridge(c, base=horizon + 0.004, amp=0.16, cells=4, octaves=5, sharp=0.5, peaks=3.5, color="#4f6c5e", texture=0.2, floor=horizon + 0.01)
    ridge(c, base=horizon + 0.005, amp=0.015, cells=80, octaves=3, color="#3a5a34", texture=0.15, floor=horizon + 0.01)
    paddy_ground(c, horizon, [(0, "#5a9a2e"), (0.5, "#84b23c"), (0.8, "#9bbc4c"), (1, "#b9c25a")], rotate=-0.25, haze="#cfdcd6")
    palms = [
        (0.62, horizon + 0.09, 0.36),
        (0.66, horizon + 0.1, 0.33),
        (0.7, horizon + 0.085, 0.4),
        (0.2, horizon + 0.03, 0.16),
        (0.26, horizon + 0.035, 0.2),
        (0.88, horizon + 0.02, 0.12),
        (0.08, horizon + 0.015, 0.1),
        (0.45, horizon + 0.012, 0.08),
    ]
    for fx, fy, hgt in sorted(palms, key=lambda p: p[1]):
        sugar_palm(c, fx, fy, hgt)
    for color, count in (("#2c5418", 260), ("#4f8f26", 200), ("#9ac24a", 60)):
        fg = blades(c, count=count, base=(0.98, 1.1), length=(0.08, 0.22), width=(7, 14), lean=-0.1)
        paint(c.img, rgb(color), blur(fg, 2.5) * 0.95)
    return 0.66, horizon - 0.15


def banana_leaf(c: Canvas, *, angle: float) -> None:
    """A large banana leaf lying flat across the picture."""
    ca, sa = math.cos(angle), math.sin(angle)
    u = (c.x - 0.5) * c.aspect * ca + (c.y - 0.5) * sa
    v = -(c.x - 0.5) * c.aspect * sa + (c.y - 0.5) * ca
    edge = 0.32 + 0.01 * noise1d(c.rng, 4096, 40)[np.clip(((u + 1) * 2048).astype(np.int32), 0, 4095)]
    cover = np.clip((edge - np.abs(v)) * c.h * 0.5, 0, 1)
    veins = 0.5 + 0.5 * np.sin((u + np.abs(v) * 0.35) * 2 * np.pi / 0.012)
    mid = np.exp(-((v / 0.01) ** 2))
    tone = 0.8 + 0.08 * veins + 0.15 * np.abs(v) / 0.32 + 0.05 * fbm(c.rng, c.h, c.w, (6, 6), octaves=3)
    col = mix(rgb("#3f7a2a") * tone[..., None], rgb("#b9d27a"), mid * 0.6)
    mul(c.img, 1 - 0.35 * smoothstep(0.36, 0.3, np.abs(v - 0.015)))
    paint(c.img, col, cover)


def rice_bowl(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#3a2416", light="#7a5234", grain_dir=0.1, planks=5)
    banana_leaf(c, angle=0.35)
    fx, fy, radius, squash = 0.5, 0.48, 0.34, 0.92
    bowl(c, fx, fy, radius, glaze="#6d4a30", rim="#4a301e", squash=squash)
    fill_bowl_with_grains(
        c,
        fx,
        fy,
        radius * 0.86,
        squash=squash,
        count=2200,
        size=(58, 74),
        colors=("#9b4a45", "#b86a62", "#8a3a36", "#c47d72", "#a8584f"),
        shape=COOKED_GRAIN,
        aspect=0.45,
    )
    glow(c, 0.3, 0.2, radius=0.6, color="#fff1d6", strength=0.2)
    steam(c, cx=fx, bottom=0.55, top=0.05, width=0.14, amount=0.4)
    return fx, fy


# --------------------------------------------------------------------------
# Lamphun brocade silk
# --------------------------------------------------------------------------


def brocade(u: Array, v: Array, *, period: float, base: str, gold: str, thread: float = 5.0) -> tuple[Array, Array]:
    """Silk ground with gold supplementary-weft flower motifs; returns (colour, gold mask)."""
    row = np.floor(v / period)
    lu = (u / period + 0.5 * (row % 2)) % 1.0 * 2 - 1
    lv = (v / period) % 1.0 * 2 - 1
    r = np.sqrt(lu * lu + lv * lv)
    theta = np.arctan2(lv, lu)
    aa = 3.0 / period
    petals = smoothstep(aa, -aa, r - 0.5 * (0.55 + 0.45 * np.abs(np.cos(4 * theta))))
    hole = smoothstep(-aa, aa, r - 0.12) + smoothstep(aa, -aa, r - 0.06)
    lattice = smoothstep(aa * 2, 0, np.abs(np.abs(lu) + np.abs(lv) - 1.0) - 0.04)
    dots = smoothstep(aa, -aa, np.sqrt((np.abs(lu) - 1) ** 2 + lv**2) - 0.1)
    motif = np.clip(petals * np.clip(hole, 0, 1) + lattice + dots, 0, 1)
    floats = 0.55 + 0.45 * np.sin(v * np.pi / thread) ** 2
    ground_weave = 0.85 + 0.08 * np.sin(u * 2 * np.pi / 3.0) * np.sin(v * 2 * np.pi / 3.0)
    ground = rgb(base) * ground_weave[..., None]
    metal = gradient(np.clip(floats * (0.7 + 0.3 * np.sin(u * 0.02)), 0, 1), [(0, "#5a3c10"), (0.55, gold), (1, "#fff2b8")])
    return mix(ground, metal, motif), motif


def brocade_pattern(c: Canvas) -> Focus:
    fold = fbm(c.rng, c.h, c.w, (1.5 * c.aspect, 1.5), octaves=3)
    xs, ys = c.x * c.w, c.y * c.h
    u = xs + 60 * fold
    v = ys + 25 * fold
    col, motif = brocade(u, v, period=240, base="#4a1642", gold="#d9a640")
    band = (c.y > 0.8).astype(np.float32)
    teeth = smoothstep(0.01, 0.0, np.abs((v / 60 % 1.0) - 0.5) - np.abs((u / 60 % 1.0) - 0.5) * 0.8) * band
    stripes = smoothstep(0.004, 0.0, np.abs(c.y - 0.8) - 0.004) + smoothstep(0.004, 0.0, np.abs(c.y - 0.93) - 0.004)
    gold_band = np.clip(teeth * (c.y < 0.93) + stripes, 0, 1)
    col = mix(col, rgb("#7a1530") * (0.85 + 0.1 * np.sin(u * 2)[..., None]), band * (c.y < 0.93) * (1 - gold_band))
    col = mix(col, gradient(0.5 + 0.5 * np.sin(v * np.pi / 5) ** 2, [(0, "#6a4812"), (0.6, "#d9a640"), (1, "#fff0b0")]), gold_band)
    gy, gx = np.gradient(fold * 400)
    light = np.asarray(0.8 + 0.35 * np.clip(-gx * 0.6 - gy * 0.8, -1, 1), np.float32)
    sheen = np.exp(-(((fold - 0.2) / 0.25) ** 2)) * 0.25
    col = col * light[..., None] + sheen[..., None] * (0.3 + 0.7 * (motif + gold_band)[..., None])
    c.img[:] = col
    sigma = 8 * smoothstep(0.3, 0.7, radial(c, 0.45, 0.45, 1.0))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.45, 0.45


def loom(c: Canvas) -> Focus:
    c.img[:] = gradient(c.y, [(0, "#2a1c14"), (0.5, "#4a3426"), (1, "#2a1c14")])
    glow(c, 0.0, 0.2, radius=0.7, color="#ffd9a0", strength=0.45)
    vp = (0.55, 0.12)
    far_y = 0.3

    def warp(pen: Pen) -> None:
        for i in range(230):
            t = i / 229
            xb = -0.3 + 1.6 * t
            xf = vp[0] + (xb - vp[0]) * 0.32
            pen.line([c.px(xb, 1.02), c.px(xf, far_y)], 2.2 + 1.5 * (1 - abs(t - 0.5)))

    m = mask_layer(c, warp)
    thread_col = gradient(
        np.clip(0.5 + 0.5 * np.sin(c.x * 400) * 0.3 + 0.3 * smoothstep(far_y, 1.0, c.y), 0, 1), [(0, "#5a1020"), (0.6, "#b8283c"), (1, "#f07080")]
    )
    paint(c.img, thread_col, m * 0.95)
    cloth_top = 0.8
    cloth = smoothstep(cloth_top, cloth_top + 0.003, c.y)
    pu = (c.x - vp[0]) / (np.maximum(c.y - vp[1], 0.05) / (1 - vp[1])) * c.w * 0.5
    pv = (c.y - cloth_top) * c.h * 1.2
    col, _ = brocade(pu, pv, period=150, base="#8a1a2e", gold="#e0b048", thread=3.5)
    paint(c.img, col * (0.85 + 0.15 * smoothstep(cloth_top, 1.0, c.y))[..., None], cloth)
    for y0, thick, color in ((far_y - 0.02, 0.035, "#5a3a22"), (0.5, 0.02, "#6a4428"), (0.76, 0.04, "#8a5a34")):
        beam(c, y0, thick, color)

    def heddles(pen: Pen) -> None:
        for i in range(80):
            t = i / 79
            xb = -0.3 + 1.6 * t
            x = vp[0] + (xb - vp[0]) * 0.55
            pen.line([c.px(x, 0.4), c.px(x, 0.5)], 1.5)

    paint(c.img, rgb("#d8c8a0"), mask_layer(c, heddles) * 0.7)
    post_wood = wood(c, dark="#2a1a0e", light="#6a4428", grain_dir=math.pi / 2)

    def post(pen: Pen, px: float) -> None:
        pen.line([c.px(px, -0.05), c.px(px + (0.5 - px) * 0.05, 1.05)], 90)

    for px in (0.04, 0.96):
        fill(c, partial(post, px=px), post_wood)
    stamp(
        c.img,
        0.62 * c.w,
        0.9 * c.h,
        size=0.5 * c.h,
        angle=-0.08,
        shape=ellipse_shape(0.16, power=1.6),
        albedo=rgb("#a0703c"),
        light=Light(specular=0.5, shininess=30, relief=0.3),
        aspect=0.2,
    )
    sigma = 12 * smoothstep(0.7, 0.35, c.y) + 8 * smoothstep(0.85, 1.0, np.abs(c.x - 0.5) * 2)
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.82


def beam(c: Canvas, y0: float, thick: float, color: str) -> None:
    """A horizontal round wooden beam across the picture."""
    t = (c.y - y0) / thick
    cover = np.clip((0.5 - np.abs(t - 0.5)) * thick * c.h + 0.5, 0, 1)
    shade = 0.55 + 0.6 * np.clip(np.cos((t - 0.35) * np.pi), 0, 1)
    grain = 0.9 + 0.1 * fbm(c.rng, c.h, c.w, (60, 4), octaves=3)
    mul(c.img, 1 - 0.4 * smoothstep(thick * 2, 0, c.y - y0 - thick) * (c.y > y0 + thick))
    paint(c.img, rgb(color) * (shade * grain)[..., None], cover)


def skein_shape(aspect: float) -> ShapeFn:
    """A twisted skein: a long capsule."""

    def shape(u: Array, v: Array) -> tuple[Array, Array]:
        uu = np.clip(np.abs(u) - (1 - aspect), 0, None)
        vv = v - 0.08 * (u * u - 0.4)
        d = np.sqrt(uu * uu + vv * vv) / aspect
        return (d - 1) * aspect, np.sqrt(np.clip(1 - d * d, 0, 1))

    return shape


def skein_albedo(u: Array, v: Array, h: Array, *, tint: Color) -> Array:
    """Twisted silk strands in the colour ``tint``."""
    twist = 0.5 + 0.5 * np.sin((v * 5 + u * 6) * np.pi)
    fine = 0.5 + 0.5 * np.sin((v * 5 + u * 6) * np.pi * 14 + np.sin(u * 40))
    t = 0.62 + 0.25 * twist + 0.13 * fine
    return (t[..., None] * tint).astype(np.float32)


def silk_threads(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#5a3e28", light="#b08a62", grain_dir=0.2, planks=3)
    glow(c, 0.3, 0.1, radius=0.8, color="#fff0d8", strength=0.3)
    colors = ("#c2185b", "#d9a21a", "#00897b", "#e65100", "#6a1b9a", "#283593", "#ef6f91")
    light = Light(direction=(-0.4, -0.6, 0.7), ambient=0.45, diffuse=0.7, specular=0.45, shininess=18, relief=0.35)
    for i, col in enumerate(colors):
        t = (i + 0.5) / len(colors)
        fx = 0.08 + 0.84 * t
        fy = 0.5 + 0.06 * math.sin(i * 1.7)
        stamp(
            c.img,
            fx * c.w,
            fy * c.h,
            size=0.95 * c.h,
            angle=math.pi / 2 - 0.35 + c.rng.normal(0, 0.05),
            shape=skein_shape(0.16),
            albedo=partial(skein_albedo, tint=rgb(col)),
            light=light,
            shadow=Shadow(offset=(0.03, 0.06), strength=0.5, softness=0.1),
            aspect=0.2,
        )

    def loose(pen: Pen) -> None:
        for _ in range(5):
            pts = [(0.8 * c.w, 0.85 * c.h)]
            a = c.rng.uniform(-0.6, 0.4)
            for _ in range(30):
                a += c.rng.normal(0, 0.25)
                x, y = pts[-1]
                pts.append((x + math.cos(a) * 15, y + math.sin(a) * 15))
            pen.line(pts, 3)

    fill(c, loose, "#f0c040")
    sigma = 10 * smoothstep(0.2, 0.5, np.abs(c.y - 0.5))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.5


def folded_silk(c: Canvas) -> Focus:
    c.img[:] = gradient(c.y, [(0, "#e9dcc8"), (0.6, "#cbb79a"), (1, "#8a6c4c")])
    bokeh(c, count=24, colors=("#fff6e0",), radius=(0.02, 0.05), region=(0, 0, 1, 0.3), strength=0.3)
    c.img[:] = blur(c.img, 8)
    table = 0.82
    paint(c.img, wood(c, dark="#4a2e1a", light="#8a5e3a", grain_dir=0.0, scale=1.5), smoothstep(table, table + 0.002, c.y))
    mul(c.img, 1 - 0.45 * np.exp(-(((c.y - table - 0.01) / 0.02) ** 2)) * (np.abs(c.x - 0.5) < 0.4))
    layers = [("#5a1a5a", True), ("#c8902a", False), ("#1f6b4a", True), ("#9a1a2a", False), ("#24407a", True), ("#c4507a", False)]
    thickness = 0.075
    x0, x1 = 0.14, 0.86
    for i, (color, border) in enumerate(layers):
        bottom = table - i * thickness
        top = bottom - thickness
        loc = local(c, x0 - 0.03, top, x1 + 0.03, bottom)
        if loc is None:
            continue
        t = np.clip((loc.y - top) / thickness, 0, 1)
        round_edge = np.sqrt(np.clip(1 - ((loc.x - 0.5) / 0.37) ** 8, 0, 1))
        cover = np.clip((round_edge - 0.02) * 80, 0, 1)
        bulge = np.clip(np.sin(t * np.pi), 0, 1) ** 0.6
        sheen = np.exp(-(((t - 0.32) / 0.1) ** 2)) * (0.55 + 0.45 * np.cos((loc.x - 0.4) * 6))
        base = rgb(color) * (0.35 + 0.65 * bulge)[..., None] + (sheen * 0.6)[..., None] * (rgb(color) * 0.4 + 0.6)
        if border:
            col, _ = brocade(loc.x * c.w, (loc.y - top) * c.h, period=60, base=color, gold="#d9a640", thread=3)
            stripe = (np.abs(t - 0.55) < 0.2).astype(np.float32)
            base = mix(base, col * (0.4 + 0.7 * bulge)[..., None] + (sheen * 0.3)[..., None], stripe)
        paint(c.img[loc.box], base, cover)
    top_y = table - len(layers) * thickness
    top_face = (c.y < top_y) & (c.y > top_y - 0.1)
    trap = np.abs(c.x - 0.5) < 0.36 - (top_y - c.y) * 0.6
    col, _ = brocade(c.x * c.w, (c.y - top_y) * c.h * 1.6, period=120, base="#c4507a", gold="#e8be5a")
    paint(c.img, col * (0.9 + 0.2 * smoothstep(top_y - 0.12, top_y, c.y))[..., None], (top_face & trap).astype(np.float32))
    return 0.5, 0.55


# --------------------------------------------------------------------------
# Phetchabun sweet tamarind
# --------------------------------------------------------------------------


def pod_albedo(u: Array, v: Array, h: Array) -> Array:
    """Brittle tamarind shell: cinnamon brown with sandy mottling."""
    mottle = 0.5 + 0.5 * np.sin(u * 13 + np.sin(v * 9) * 2) * np.sin(v * 17 + u * 5)
    streak = 0.5 + 0.5 * np.sin(u * 9 + np.sin(u * 31) * 0.8 + v * 3)
    t = np.clip(0.3 + 0.3 * mottle + 0.2 * streak + 0.15 * h, 0, 1)
    return gradient(t, [(0, "#6a4020"), (0.5, "#96663a"), (1, "#c8a070")])


def flesh_albedo(u: Array, v: Array, h: Array) -> Array:
    """Sticky tamarind pulp with pale fibres along its length."""
    fibres = smoothstep(0.92, 1.0, np.abs(np.sin(v * 40 + np.sin(u * 9) * 0.6)))
    t = np.clip(0.35 + 0.3 * h + 0.35 * fibres, 0, 1)
    return gradient(t, [(0, "#3a180a"), (0.5, "#6a3214"), (1, "#b8784a")])


POD_LIGHT = Light(direction=(-0.4, -0.6, 0.7), ambient=0.45, diffuse=0.7, specular=0.12, shininess=10, relief=0.4)
FLESH_LIGHT = Light(direction=(-0.4, -0.6, 0.7), ambient=0.4, diffuse=0.6, specular=0.8, shininess=60, relief=0.5)


def tamarind_pod(c: Canvas, fx: float, fy: float, *, length: float, angle: float, opened: bool = False) -> None:
    """A tamarind pod (optionally cracked open showing its pulp and seeds)."""
    bumps = int(c.rng.integers(3, 6))
    phase = c.rng.uniform(0, math.pi)
    bend = c.rng.uniform(0.08, 0.3) * c.rng.choice([-1, 1])
    size = length * c.h
    x, y = fx * c.w, fy * c.h
    stamp(
        c.img,
        x,
        y,
        size=size,
        angle=angle,
        shape=pod_shape(0.2, bend, bumps, phase),
        albedo=pod_albedo,
        light=POD_LIGHT,
        shadow=Shadow(offset=(0.03, 0.05), strength=0.5, softness=0.08),
        aspect=0.35,
    )
    off = bend * (1 - 0.35) * size / 2
    ex = x + math.cos(angle) * size * 0.47 - math.sin(angle) * off
    ey = y + math.sin(angle) * size * 0.47 + math.cos(angle) * off
    fill(
        c,
        lambda pen: pen.line([(ex, ey), (ex + math.cos(angle) * size * 0.08, ey + math.sin(angle + 0.3) * size * 0.08)], size * 0.012),
        "#4a2e18",
        box=clip_box(c, ex - size * 0.1, ey - size * 0.1, ex + size * 0.1, ey + size * 0.1),
    )
    if not opened:
        return
    stamp(c.img, x, y, size=size * 0.9, angle=angle, shape=pod_shape(0.15, bend, bumps, phase), albedo=flesh_albedo, light=FLESH_LIGHT, shadow=None, aspect=0.3)
    seeds = StampSet(ellipse_shape(0.7), light=Light(specular=0.7, shininess=50, relief=0.5), shadow=None)
    for k in range(bumps - 1):
        t = (k + 1) / bumps * 1.6 - 0.8
        if c.rng.uniform() < 0.5:
            continue
        ca, sa = math.cos(angle), math.sin(angle)
        off = bend * (t * t - 0.35) * size / 2
        sx = x + ca * t * size / 2 - sa * off
        sy = y + sa * t * size / 2 + ca * off
        seeds.draw(c.img, sx, sy, size=size * 0.14, angle=angle + c.rng.normal(0, 0.3), tint=rgb("#3a1c0c"))


def tamarind_pods(c: Canvas) -> Focus:
    c.img[:] = weave(c, period=80, light="#e2c894", dark="#8a6a3e")
    glow(c, 0.3, 0.2, radius=0.8, color="#fff3dc", strength=0.3)
    placements = [(0.5 + c.rng.normal(0, 0.22), 0.5 + c.rng.normal(0, 0.2)) for _ in range(10)]
    for fx, fy in sorted(placements, key=lambda p: p[1]):
        tamarind_pod(c, fx, fy, length=c.rng.uniform(0.42, 0.6), angle=c.rng.uniform(-0.6, 0.6) + (math.pi if c.rng.uniform() < 0.5 else 0))
    tamarind_pod(c, 0.5, 0.55, length=0.62, angle=-0.25)
    sigma = 10 * smoothstep(0.25, 0.55, radial(c, 0.5, 0.55, 1.0))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.55


def tamarind_tree(c: Canvas, fx: float, fy: float, height: float) -> None:
    """A broad tamarind tree with a feathery, spreading crown; (fx, fy) is its base."""
    x, y = c.px(fx, fy)
    hp = height * c.h
    box = clip_box(c, x - hp, y - hp * 1.1, x + hp, y + 2)
    if box is None:
        return
    rng = c.rng

    def trunk(pen: Pen) -> None:
        pen.line([(x, y), (x + hp * 0.01, y - hp * 0.3), (x - hp * 0.02, y - hp * 0.5)], hp * 0.075)
        for a in (-2.5, -2.0, -1.6, -1.2, -0.7):
            ln = hp * rng.uniform(0.3, 0.45)
            bx, by = x - hp * 0.01, y - hp * 0.45
            pen.line([(bx, by), (bx + math.cos(a) * ln * 0.5, by + math.sin(a) * ln * 0.45), (bx + math.cos(a) * ln, by + math.sin(a) * ln * 0.8)], hp * 0.03)

    fill(c, trunk, "#3e3026", box=box)
    for _k in range(9 if height > 0.15 else 3):
        ox = rng.uniform(-0.7, 0.7) * height / c.aspect
        oy = rng.uniform(-0.12, 0.08) * height
        crown(c, fx + ox, fy - height * 0.8 + oy, height * rng.uniform(0.22, 0.3), color="#6a8a34", lumps=12, leafy=0.22, light=(-0.5, -0.85))
    if height > 0.3:

        def pods(pen: Pen) -> None:
            for _ in range(22):
                px = x + rng.uniform(-0.6, 0.6) * hp
                py = y - hp * rng.uniform(0.44, 0.5)
                ln = hp * rng.uniform(0.05, 0.08)
                pen.line([(px, py), (px + ln * 0.25, py + ln * 0.6), (px + ln * 0.15, py + ln)], hp * 0.013)

        fill(c, pods, "#6a4828", box=box)


def orchard(c: Canvas) -> Focus:
    horizon = 0.52
    sky(c, horizon, [(0, "#3b78c0"), (0.7, "#9cc4e4"), (1, "#e8eef0")])
    clouds(c, bottom=horizon - 0.15, cover=0.4, lit="#ffffff", shade="#a9b6c6", cells=(3, 3))
    ridge(c, base=horizon + 0.002, amp=0.16, cells=3, color="#7f98a6", texture=0.08, floor=horizon + 0.01)
    ridge(c, base=horizon + 0.004, amp=0.09, cells=5, color="#5d7a62", texture=0.15, floor=horizon + 0.01)
    g = ground(c, horizon, eye=0.05)
    tex = tile_texture(c.rng, 512, 24, octaves=5)
    grass = gradient(np.clip(0.5 + 0.45 * sample(tex, g.gx * 400, g.gz * 400), 0, 1), [(0, "#5a6a28"), (0.5, "#8a9a3a"), (1, "#c2b860")])
    grass = mix(grass, rgb("#b8c8b0"), smoothstep(1.0, 6.0, g.z) * 0.6)
    paint(c.img, grass, g.below)
    trees = [(wx, wz) for wz in (3.6, 2.8, 2.1, 1.6) for wx in (-1.1, -0.3, 0.5, 1.3)]

    def tree_shadow(pen: Pen, fx: float, fy: float, wz: float) -> None:
        pen.ellipse((fx - 0.16 / wz / c.aspect) * c.w, (fy - 0.006 / wz) * c.h, (fx + 0.2 / wz / c.aspect) * c.w, (fy + 0.012 / wz) * c.h)

    for wx, wz in sorted(trees, key=lambda t: -t[1]):
        fx = 0.5 + (wx + 0.25) / (wz * c.aspect)
        fy = horizon + 0.05 / wz
        if -0.2 < fx < 1.2:
            fill(c, partial(tree_shadow, fx=fx, fy=fy, wz=wz), "#2e3a14", soften=4, alpha=0.5)
            tamarind_tree(c, fx, fy, 0.2 / wz)
    fill(c, lambda pen: pen.ellipse(0.05 * c.w, 0.9 * c.h, 0.62 * c.w, 1.0 * c.h), "#3a4a18", soften=20, alpha=0.45)
    tamarind_tree(c, 0.3, 0.95, 0.55)
    sigma = 4 * smoothstep(0.6, 1.0, c.y) * smoothstep(0.15, 0.35, np.abs(c.x - 0.3))
    c.img[:] = depth_blur(c.img, sigma)
    return 0.3, 0.55


def tamarind_flesh(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#2e1c10", light="#6a4a30", grain_dir=math.pi / 2, planks=3)
    banana_leaf(c, angle=1.2)
    fx, fy = 0.5, 0.5
    bowl(c, fx, fy, 0.42, glaze="#f3efe8", rim="#b9a27a", squash=1.0)
    for i, (px, py, ang, opened) in enumerate(
        [(0.38, 0.38, 0.5, True), (0.6, 0.42, 2.2, True), (0.45, 0.58, -0.3, True), (0.6, 0.62, 0.9, False), (0.52, 0.5, 1.6, True)]
    ):
        tamarind_pod(c, px, py, length=0.48 + 0.04 * (i % 2), angle=ang, opened=opened)
    glow(c, 0.25, 0.15, radius=0.6, color="#fff1d6", strength=0.25)
    return fx, fy


# --------------------------------------------------------------------------
# Mae Klong mackerel
# --------------------------------------------------------------------------


def fish_albedo(bend: float, neck: float) -> AlbedoFn:
    """Silver mackerel: blue-grey back, bright belly, dark eye near the head."""

    def albedo(u: Array, v: Array, h: Array) -> Array:
        vv = v - bend * u * u - neck * np.clip(u - 0.45, 0, None) ** 2 * 4
        back = smoothstep(0.02, -0.06, vv)
        stripes = 0.5 + 0.5 * np.sin(u * 60) * back
        col = mix(rgb("#e6ecef"), rgb("#4a5e72") * (0.8 + 0.3 * stripes[..., None]), back)
        head = smoothstep(0.55, 0.75, u)
        col = mix(col, rgb("#9aa4a0"), head * 0.5)
        eye = smoothstep(0.05, 0.03, np.sqrt((u - 0.86) ** 2 + (vv + 0.01) ** 2))
        tail = smoothstep(-0.78, -0.9, u)
        col = mix(col, rgb("#6a6e60"), tail * 0.6)
        return mix(col, rgb("#151515"), eye)

    return albedo


def basket(c: Canvas, fx: float, fy: float, radius: float, *, squash: float, fish: int = 3) -> None:
    """A small round bamboo basket of pla thu seen from above (``squash`` < 1 tilts it)."""
    loc = local(c, fx - radius * 1.3 / c.aspect, fy - radius * 1.3, fx + radius * 1.3 / c.aspect, fy + radius * 1.3)
    if loc is None:
        return
    dx = (loc.x - fx) * c.aspect / radius
    dy = (loc.y - fy) / (radius * squash)
    r = np.sqrt(dx * dx + dy * dy)
    theta = np.arctan2(dy, dx)
    region = c.img[loc.box]
    mul(region, 1 - 0.5 * smoothstep(1.15, 0.9, np.sqrt((dx - 0.08) ** 2 + (dy - 0.15) ** 2)))
    over = ((np.floor(theta / np.pi * 28) + np.floor(r * 14)) % 2).astype(np.float32)
    strand = 0.6 + 0.4 * np.where(over > 0, np.sin((r * 14 % 1.0) * np.pi), np.sin((theta / np.pi * 28 % 1.0) * np.pi))
    inner_shade = 0.65 + 0.35 * smoothstep(1.0, 0.3, r) * smoothstep(-1.2, 0.8, -dx * 0.5 - dy * 0.8 + 0.5)
    col = gradient(np.clip(strand * inner_shade, 0, 1), [(0, "#4a3418"), (0.6, "#a8844e"), (1, "#e2c48a")])
    paint(region, col, np.clip((1 - r) * radius * c.h * 0.5, 0, 1))
    rim = smoothstep(0.1, 0.0, np.abs(r - 0.95))
    rim_col = gradient(np.clip(0.4 + 0.4 * np.sin(theta * 90) * 0.5 + 0.3 * smoothstep(0, -1, dy), 0, 1), [(0, "#3a2810"), (1, "#c8a060")])
    paint(region, rim_col, rim)
    ang0 = c.rng.uniform(-0.5, 0.5) + (math.pi if c.rng.uniform() < 0.5 else 0.0)
    light = Light(direction=(-0.4, -0.6, 0.7), ambient=0.45, diffuse=0.6, specular=0.9, shininess=45, relief=0.35)
    for k in range(fish):
        side = (k - (fish - 1) / 2) * 0.36
        bend, neck = 0.12, 0.55
        cx = fx + (-math.sin(ang0) * side * radius - math.cos(ang0) * 0.08 * radius) / c.aspect
        cy = fy + (math.cos(ang0) * side * radius - math.sin(ang0) * 0.08 * radius) * squash
        stamp(
            c.img,
            cx * c.w,
            cy * c.h,
            size=radius * 1.55 * c.h,
            angle=ang0 + c.rng.normal(0, 0.05),
            shape=fish_shape(0.17, bend, neck),
            albedo=fish_albedo(bend, neck),
            light=light,
            shadow=Shadow(offset=(0.03, 0.05), strength=0.5, softness=0.08),
            aspect=0.45,
        )


def mackerel_baskets(c: Canvas) -> Focus:
    c.img[:] = wood(c, dark="#2a1e16", light="#5a4432", grain_dir=0.05, planks=6)
    rows = [(0.16, 0.12, 0.8), (0.44, 0.15, 0.85), (0.78, 0.18, 0.9)]
    for fy, radius, squash in rows:
        step = radius * 2.05 / c.aspect
        offset = c.rng.uniform(0, step)
        for k in range(-1, int(1 / step) + 2):
            basket(c, offset + k * step, fy, radius, squash=squash)
    glow(c, 0.3, 0.1, radius=0.8, color="#fff0d8", strength=0.2)
    sigma = 9 * smoothstep(0.35, 0.05, c.y)
    c.img[:] = depth_blur(c.img, sigma)
    return 0.5, 0.6


def boat(c: Canvas, fx: float, waterline: float, length: float, *, colors: Sequence[str], facing: int = 1) -> None:
    """A Thai wooden fishing boat with painted stripes, a cabin and its reflection."""
    x, y = c.px(fx, waterline)
    ln = length * c.h
    hgt = ln * 0.15

    def hull_pts(mirror: bool) -> list[tuple[float, float]]:
        sgn = -1 if mirror else 1
        pts = [
            (x - ln * 0.5 * facing, y - hgt * 1.1 * sgn),
            (x - ln * 0.42 * facing, y),
            (x + ln * 0.35 * facing, y),
            (x + ln * 0.5 * facing, y - hgt * 1.6 * sgn),
        ]
        return pts

    box = clip_box(c, x - ln * 0.6, y - ln * 0.6, x + ln * 0.6, y + ln * 0.3)
    if box is None:
        return
    ripple = 0.55 + 0.45 * np.sin(c.y[box[1] : box[3], box[0] : box[2]] * c.h * 0.35)
    for k, col in enumerate(colors):
        top = y - hgt * (1 - k / len(colors))
        bottom = y - hgt * (1 - (k + 1) / len(colors))

        def stripe(pen: Pen, top: float, bottom: float) -> None:
            pen.polygon([(x - ln * 0.5, top), (x + ln * 0.5, top), (x + ln * 0.5, bottom), (x - ln * 0.5, bottom)])

        hull = mask_layer(c, lambda pen: pen.polygon(hull_pts(False)), box=box)
        refl = mask_layer(c, lambda pen: pen.polygon(hull_pts(True)), box=box)
        s_mask = mask_layer(c, partial(stripe, top=top, bottom=bottom), box=box)
        region = c.img[box[1] : box[3], box[0] : box[2]]
        paint(region, rgb(col), hull * s_mask)
        ms = mask_layer(c, partial(stripe, top=2 * y - top, bottom=2 * y - bottom), box=box)
        paint(region, rgb(col) * 0.55, refl * ms * ripple * 0.8)
    fill(c, lambda pen: pen.rectangle(x - ln * 0.15 * facing - ln * 0.1, y - hgt * 2.2, x - ln * 0.15 * facing + ln * 0.1, y - hgt * 0.95), "#e8e0d0", box=box)
    fill(
        c, lambda pen: pen.rectangle(x - ln * 0.15 * facing - ln * 0.12, y - hgt * 2.35, x - ln * 0.15 * facing + ln * 0.12, y - hgt * 2.1), "#3a5a8a", box=box
    )
    fill(c, lambda pen: pen.line([(x + ln * 0.1 * facing, y - hgt), (x + ln * 0.12 * facing, y - hgt * 4.5)], max(2.0, ln * 0.008)), "#2a2420", box=box)
    fill(
        c,
        lambda pen: pen.polygon([(x + ln * 0.12 * facing, y - hgt * 4.5), (x + ln * 0.2 * facing, y - hgt * 4.2), (x + ln * 0.12 * facing, y - hgt * 3.9)]),
        "#d8283a",
        box=box,
    )


def fishing_boats(c: Canvas) -> Focus:
    horizon = 0.5
    sun = (0.66, horizon - 0.03)
    sky(c, horizon, [(0, "#3a4a7a"), (0.45, "#b8788a"), (0.8, "#f2a070"), (1, "#ffd49a")])
    clouds(c, bottom=horizon - 0.08, cover=0.3, lit="#ffc890", shade="#7a5a78", cells=(2, 8), opacity=0.75)
    glow(c, *sun, radius=0.45, color="#ffb060", strength=0.6)
    glow(c, *sun, radius=0.035, color="#fff8e0", strength=1.0)
    water_t = np.clip((c.y - horizon) / (1 - horizon), 0, 1)
    mirrored = gradient(np.clip(1 - water_t * 1.6, 0, 1), [(0, "#2a3358"), (0.45, "#8a5a70"), (0.8, "#d88a60"), (1, "#f8c088")])
    ripples = fbm(c.rng, c.h, c.w, (3, 90), octaves=3)
    glitter = np.exp(-(((c.x - sun[0]) * c.aspect / (0.04 + 0.25 * water_t)) ** 2)) * smoothstep(0.2, 0.7, ripples)
    water = mirrored * (0.8 + 0.25 * ripples[..., None]) + glitter[..., None] * rgb("#ffe0a0") * 0.9
    paint(c.img, water, (c.y > horizon).astype(np.float32))
    ridge(c, base=horizon + 0.001, amp=0.02, cells=6, color="#5a4a62", floor=horizon + 0.002)
    boats = [
        (0.15, horizon + 0.03, 0.12, ("#c83a2a", "#f0c040", "#2a5aa0"), 1),
        (0.85, horizon + 0.05, 0.16, ("#2a8a5a", "#e8e0d0", "#c82a3a"), -1),
        (0.55, horizon + 0.09, 0.2, ("#1f5fa8", "#e8c23a", "#d8402a"), -1),
        (0.4, horizon + 0.3, 0.75, ("#d83a2a", "#f2f2e8", "#1f6fb0", "#2a9a6a"), 1),
    ]
    for fx, wl, ln, cols, facing in boats:
        boat(c, fx, wl, ln, colors=cols, facing=facing)
    return 0.4, horizon + 0.22


def market(c: Canvas) -> Focus:
    c.img[:] = gradient(c.y, [(0, "#2a1e18"), (0.5, "#4a3a2e"), (1, "#2a201a")])
    bokeh(c, count=50, colors=("#ffcf80", "#ff9a60", "#fff0c0"), radius=(0.01, 0.03), region=(0, 0.15, 1, 0.55), strength=0.45)
    c.img[:] = blur(c.img, 10)
    awning = c.y < 0.14
    stripes = (np.floor(c.x * 10) % 2).astype(np.float32)
    tarp = mix(rgb("#c8283a"), rgb("#f2ece0"), stripes) * (0.75 + 0.25 * smoothstep(0.0, 0.14, c.y))[..., None]
    scallop = c.y < 0.14 + 0.02 * np.abs(np.sin(c.x * 10 * np.pi))
    paint(c.img, tarp, (awning | scallop).astype(np.float32))
    mul(c.img, 1 - 0.5 * smoothstep(0.05, 0.0, c.y - 0.16 - 0.02 * np.abs(np.sin(c.x * 10 * np.pi))) * (c.y > 0.14))
    glow(c, 0.5, 0.2, radius=0.3, color="#ffd9a0", strength=0.4)
    table = 0.7
    paint(c.img, wood(c, dark="#3a2616", light="#7a5434", grain_dir=0.0, planks=3), smoothstep(table, table + 0.002, c.y))
    tiers = [(0.9, 4, 0.16), (0.76, 3, 0.15), (0.63, 2, 0.14), (0.51, 1, 0.13)]
    for fy, n, radius in tiers:
        for k in range(n):
            fx = 0.5 + (k - (n - 1) / 2) * radius * 2.0 / c.aspect
            basket(c, fx, fy, radius, squash=0.5, fish=3)
    return 0.5, 0.62


# --------------------------------------------------------------------------
# Catalogue and command line
# --------------------------------------------------------------------------

Painter = Callable[[Canvas], Focus]


@dataclass(frozen=True)
class PhotoSpec:
    """One sample photo: where it goes, its size, how it is painted and finished."""

    slug: str
    name: str
    painter: Painter
    portrait: bool = False
    finish: Finish = Finish()

    @property
    def size(self) -> tuple[int, int]:
        return PORTRAIT if self.portrait else LANDSCAPE

    @property
    def seed(self) -> int:
        # crc32 rather than hash(): str hashes are salted per process.
        return zlib.crc32(f"{self.slug}/{self.name}".encode())


@dataclass(frozen=True)
class PhotoResult:
    path: Path
    size: tuple[int, int]
    nbytes: int
    focus: Focus
    seconds: float


RICE = "thung-kula-rong-hai-jasmine-rice"
DOI_TUNG = "doi-tung-coffee"
DOI_CHAANG = "doi-chaang-coffee"
SANGYOD = "sangyod-phatthalung-rice"
BROCADE = "lamphun-brocade-silk"
TAMARIND = "phetchabun-sweet-tamarind"
MACKEREL = "mae-klong-mackerel"

WARM = Finish(warmth=0.04, contrast=0.18)
COOL = Finish(warmth=-0.01, contrast=0.12)

CATALOGUE: tuple[PhotoSpec, ...] = (
    PhotoSpec(RICE, "paddy-field", paddy_field, finish=COOL),
    PhotoSpec(RICE, "rice-grains", rice_grains, finish=WARM),
    PhotoSpec(RICE, "harvest", harvest, finish=Finish(warmth=0.05, contrast=0.2)),
    PhotoSpec(RICE, "cooked-rice", cooked_rice, portrait=True, finish=WARM),
    PhotoSpec(DOI_TUNG, "coffee-cherries", coffee_cherries, finish=Finish(contrast=0.2, saturation=1.05)),
    PhotoSpec(DOI_TUNG, "shade-farm", shade_farm, finish=Finish(warmth=0.02)),
    PhotoSpec(DOI_TUNG, "roasted-beans", roasted_beans, finish=WARM),
    PhotoSpec(DOI_TUNG, "cup", cup, portrait=True, finish=WARM),
    PhotoSpec(DOI_CHAANG, "mountain-village", mountain_village, finish=Finish(vignette=0.25)),
    PhotoSpec(DOI_CHAANG, "drying-beans", drying_beans, finish=Finish(warmth=0.02)),
    PhotoSpec(DOI_CHAANG, "pour-over", pour_over, portrait=True, finish=Finish(warmth=0.05, contrast=0.2)),
    PhotoSpec(SANGYOD, "red-grains", red_grains, finish=WARM),
    PhotoSpec(SANGYOD, "paddy", paddy, finish=COOL),
    PhotoSpec(SANGYOD, "rice-bowl", rice_bowl, portrait=True, finish=WARM),
    PhotoSpec(BROCADE, "brocade-pattern", brocade_pattern, finish=Finish(contrast=0.2)),
    PhotoSpec(BROCADE, "loom", loom, finish=WARM),
    PhotoSpec(BROCADE, "silk-threads", silk_threads, finish=Finish(saturation=1.05)),
    PhotoSpec(BROCADE, "folded-silk", folded_silk, portrait=True, finish=Finish(contrast=0.15)),
    PhotoSpec(TAMARIND, "tamarind-pods", tamarind_pods, finish=WARM),
    PhotoSpec(TAMARIND, "orchard", orchard, finish=Finish(warmth=0.02)),
    PhotoSpec(TAMARIND, "tamarind-flesh", tamarind_flesh, portrait=True, finish=WARM),
    PhotoSpec(MACKEREL, "mackerel-baskets", mackerel_baskets, finish=Finish(contrast=0.18)),
    PhotoSpec(MACKEREL, "fishing-boats", fishing_boats, finish=Finish(warmth=0.03, contrast=0.18)),
    PhotoSpec(MACKEREL, "market", market, portrait=True, finish=WARM),
)


def render(spec: PhotoSpec, out_root: Path) -> PhotoResult:
    """Paint, finish and save one photo (atomically, without EXIF)."""
    start = time.perf_counter()
    canvas = Canvas(*spec.size, seed=spec.seed)
    with np.errstate(invalid="ignore", divide="ignore"):
        fx, fy = spec.painter(canvas)
        canvas.img = np.nan_to_num(canvas.img, nan=0.0)
        image = finish(canvas, spec.finish)
    path = out_root / spec.slug / "photos" / f"{spec.name}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".jpg.tmp")
    image.save(tmp, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    tmp.replace(path)
    focus = (round(min(max(fx, 0.0), 1.0), 3), round(min(max(fy, 0.0), 1.0), 3))
    return PhotoResult(path, image.size, path.stat().st_size, focus, time.perf_counter() - start)


def _render_job(args: tuple[PhotoSpec, Path]) -> PhotoResult:
    return render(*args)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-root", type=Path, default=Path("content/products"), help="folder holding <slug>/photos/")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--only", action="append", default=[], metavar="SLUG[/NAME]", help="render only these (repeatable)")
    return parser.parse_args(argv)


def selected(only: Sequence[str]) -> list[PhotoSpec]:
    """The catalogue entries matching ``--only`` filters (all when none)."""
    if not only:
        return list(CATALOGUE)
    return [s for s in CATALOGUE if any(o in (s.slug, f"{s.slug}/{s.name}") for o in only)]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    specs = selected(args.only)
    if not specs:
        raise SystemExit(f"no photo matches {args.only}")
    start = time.perf_counter()
    jobs = [(spec, args.out_root) for spec in specs]
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_render_job, jobs))
    else:
        results = [_render_job(job) for job in jobs]
    for r in results:
        print(f"{r.path}  {r.size[0]}x{r.size[1]}  {r.nbytes:>9,d} B  focus=({r.focus[0]:.2f}, {r.focus[1]:.2f})  {r.seconds:5.1f}s")
    print(f"{len(results)} photos in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
