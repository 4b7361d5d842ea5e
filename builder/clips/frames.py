"""The pictures of a clip, frame by frame: Ken Burns moves, transitions and overlays.

Smooth motion needs sub-pixel camera positions: each photo is scaled once to a working
size a little larger than the frame, then every frame is one affine warp of it with
bilinear interpolation at float offsets (never an integer crop, which wobbles). Overlays
were drawn once; per frame they are only alpha-composited where they are.

Frames are drawn in the delivery colour space, TV-range BT.709 Y'CbCr, not in RGB: the
conversion is linear, so it commutes with warping, blending and premultiplied
compositing, and each photo and overlay is converted once instead of every frame. Per
frame only the chroma is halved (4:2:0), which costs about a quarter of ffmpeg's own
RGB-to-YUV conversion and leaves ffmpeg nothing to do but encode.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageColor

from builder.clips.layout import HEIGHT, WIDTH
from builder.clips.overlays import Overlay
from builder.clips.story import Shot, Storyboard
from builder.clips.style import ClipStyle
from builder.images import load_upright_rgb
from builder.messages import tr
from builder.problems import MediaError

#: Channels of a picture while it is drawn: Y, Cb, Cr and a padding byte, because OpenCV warps
#: 4-channel images about 1.6x faster than 3-channel ones on this kind of CPU.
CHANNELS = 4
#: What ffmpeg reads: planar 4:2:0 (Y plane, then Cb and Cr at half width and height).
PIX_FMT = "yuv420p"
FRAME_BYTES = WIDTH * HEIGHT * 3 // 2
#: Largest photo side decoded; bigger photos are reduced while decoding (JPEG draft mode).
MAX_DECODE = 4096
Window = tuple[float, float, float]


@dataclass(frozen=True)
class PhotoSource:
    """A photo to film: its file, where its subject is (fractions), and how the editor named it."""

    path: Path
    focus: tuple[float, float]
    label: str


@dataclass(frozen=True)
class Camera:
    """A camera move over a photo: window centre and width in photo pixels, at the start and the end."""

    start: Window
    end: Window
    ease: float

    def window(self, progress: float) -> Window:
        """The window at ``progress`` (0..1): centre moves linearly, width changes at a constant zoom rate."""
        p = min(1.0, max(0.0, progress))
        p = (1 - self.ease) * p + self.ease * p * p * (3 - 2 * p)
        (x0, y0, w0), (x1, y1, w1) = self.start, self.end
        return (x0 + (x1 - x0) * p, y0 + (y1 - y0) * p, w0 * (w1 / w0) ** p)


def camera_for(move: str, size: tuple[int, int], focus: tuple[float, float], *, zoom: float, ease: float) -> Camera:
    """The Ken Burns move ``move`` over a photo of ``size``, keeping the focus point in view throughout."""
    pw, ph = size
    base = min(pw, ph * WIDTH / HEIGHT)
    fx, fy = focus[0] * pw, focus[1] * ph
    mid_x, mid_y = (pw / 2 + fx) / 2, (ph / 2 + fy) / 2
    if move == "hold":
        start = end = (fx, fy, base)
    elif move in ("zoom-in", "zoom-out"):
        wide, close = (mid_x, mid_y, base), (fx, fy, base / zoom)
        start, end = (wide, close) if move == "zoom-in" else (close, wide)
    else:
        width = base / math.sqrt(zoom)
        height = width * HEIGHT / WIDTH
        if move in ("pan-left", "pan-right"):
            reach = min(0.18 * width, pw - width) / 2
            start, end = (fx + reach, fy, width), (fx - reach, fy, width)
        else:
            reach = min(0.12 * height, ph - height) / 2
            start, end = (fx, fy + reach, width), (fx, fy - reach, width)
        if move in ("pan-right", "pan-down"):
            start, end = end, start
    return Camera(_clamp(start, size, (fx, fy)), _clamp(end, size, (fx, fy)), ease)


def _clamp(window: Window, size: tuple[int, int], focus: tuple[float, float]) -> Window:
    """Move the window so the focus is well inside it (within 40 % of its size from the centre), then inside the photo."""
    x, y, w = window
    h = w * HEIGHT / WIDTH
    x = min(max(x, focus[0] - 0.4 * w), focus[0] + 0.4 * w)
    y = min(max(y, focus[1] - 0.4 * h), focus[1] + 0.4 * h)
    return (min(max(x, w / 2), size[0] - w / 2), min(max(y, h / 2), size[1] - h / 2), w)


def _rgb_to_yuv() -> np.ndarray:
    """BT.709 R'G'B' (0-255) to TV-range Y'CbCr as a 4x4 ``cv2.transform`` matrix (last column: offsets)."""
    kr, kb = 0.2126, 0.0722
    luma = np.array([kr, 1 - kr - kb, kb])
    blue = (np.array([0.0, 0.0, 1.0]) - luma) / (2 * (1 - kb))
    red = (np.array([1.0, 0.0, 0.0]) - luma) / (2 * (1 - kr))
    matrix = np.zeros((4, 4))
    matrix[0, :3], matrix[1, :3], matrix[2, :3] = luma * 219 / 255, blue * 224 / 255, red * 224 / 255
    matrix[:3, 3] = (16, 128, 128)
    return matrix


RGB_TO_YUV = _rgb_to_yuv()
YUV_TO_RGB = np.linalg.inv(RGB_TO_YUV[:3, :3])


def to_yuv(rgb: np.ndarray) -> np.ndarray:
    """An RGB (H x W x 3) image as a picture to draw on: H x W x 4 Y'CbCr plus padding."""
    return cv2.transform(np.ascontiguousarray(rgb[..., :3], dtype=np.float32), RGB_TO_YUV).round().clip(0, 255).astype(np.uint8)


def to_rgb(picture: np.ndarray) -> np.ndarray:
    """A picture (Y'CbCr, 3 or 4 channels) back in RGB, for stills and for checking frames."""
    yuv = picture[..., :3].astype(np.float32) - np.array([16, 128, 128], np.float32)
    return cv2.transform(yuv, YUV_TO_RGB.astype(np.float32)).round().clip(0, 255).astype(np.uint8)


def to_i420(picture: np.ndarray) -> np.ndarray:
    """The planar 4:2:0 bytes ffmpeg reads for ``picture``: the full Y plane, then Cb and Cr averaged over 2x2 pixels."""
    planes = np.empty(FRAME_BYTES, np.uint8)
    size = WIDTH * HEIGHT
    cv2.extractChannel(picture, 0, dst=planes[:size].reshape(HEIGHT, WIDTH))
    half = cv2.resize(picture, (WIDTH // 2, HEIGHT // 2), interpolation=cv2.INTER_AREA)
    cv2.extractChannel(half, 1, dst=planes[size : size * 5 // 4].reshape(HEIGHT // 2, WIDTH // 2))
    cv2.extractChannel(half, 2, dst=planes[size * 5 // 4 :].reshape(HEIGHT // 2, WIDTH // 2))
    return planes


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Let OpenCV use one thread while a clip is drawn: ffmpeg's encoder keeps the other cores
    busy, and OpenCV's own threads would only compete with it (measured: 9.3 s drawing a 20 s clip
    on one thread against 11.4 s, and twice the CPU time, on two)."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def load_photo(source: PhotoSource) -> np.ndarray:
    """The photo as an RGB array, turned upright (EXIF orientation); a MediaError names the file if it is unreadable."""
    try:
        # The site's decoder, so a clip shows a photo as its page does (16-bit greys, transparency on white).
        with Image.open(source.path) as probe:
            large = probe.format == "JPEG" and max(probe.size) > 2 * MAX_DECODE
            draft = (probe.width // 2, probe.height // 2) if large else None
        return np.asarray(load_upright_rgb(source.path, draft=draft))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MediaError(tr("clip_photo_unreadable", photo=source.label, reason=str(exc))) from None


@dataclass(frozen=True, eq=False)
class Footage:
    """One shot ready to film: the working image and the affine mapping from frame to working pixels."""

    image: np.ndarray
    camera: Camera
    origin: tuple[float, float]
    scale: tuple[float, float]
    visible: tuple[float, float]
    _last: dict[bytes, np.ndarray] = field(default_factory=dict, repr=False)

    def matrix(self, t: float) -> np.ndarray:
        """The inverse affine map (frame pixel -> working-image pixel) at ``t`` seconds."""
        first, last = self.visible
        x, y, w = self.camera.window((t - first) / max(last - first, 1e-6))
        h = w * HEIGHT / WIDTH
        kx, ky = self.scale
        ax, ay = kx * w / WIDTH, ky * h / HEIGHT
        bx = kx * (x - w / 2 - self.origin[0]) + 0.5 * ax - 0.5
        by = ky * (y - h / 2 - self.origin[1]) + 0.5 * ay - 0.5
        return np.array([[ax, 0.0, bx], [0.0, ay, by]], dtype=np.float64)

    def render(self, t: float) -> np.ndarray:
        """The shot at ``t``: a new array the caller may draw on (a still camera is warped only once)."""
        matrix = self.matrix(t)
        if self.camera.start != self.camera.end:
            return self._warp(matrix)
        key = matrix.tobytes()
        if key not in self._last:
            self._last.clear()
            self._last[key] = self._warp(matrix)
        return self._last[key].copy()

    def _warp(self, matrix: np.ndarray) -> np.ndarray:
        return cv2.warpAffine(self.image, matrix, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)


def prepare_footage(
    photo: np.ndarray, camera: Camera, visible: tuple[float, float], *, ending: ClipStyle | None = None, yuv: bool = True
) -> Footage:
    """Crop the photo to the area the camera visits and scale it once so the closest view is about 1:1.

    The working image is Y'CbCr (see :func:`to_yuv`), or RGB plus padding with ``yuv=False``.
    """
    ph, pw = photo.shape[:2]
    windows = [camera.start, camera.end]
    left = max(0, math.floor(min(x - w / 2 for x, _, w in windows)) - 2)
    right = min(pw, math.ceil(max(x + w / 2 for x, _, w in windows)) + 2)
    top = max(0, math.floor(min(y - w * HEIGHT / WIDTH / 2 for _, y, w in windows)) - 2)
    bottom = min(ph, math.ceil(max(y + w * HEIGHT / WIDTH / 2 for _, y, w in windows)) + 2)
    k = WIDTH / min(w for _, _, w in windows)
    size = (max(1, round((right - left) * k)), max(1, round((bottom - top) * k)))
    region = photo[top:bottom, left:right]
    scaled = cv2.resize(region, size, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC)
    if ending is not None:
        scaled = _end_background(scaled, ending)
    scaled = to_yuv(scaled) if yuv else cv2.cvtColor(scaled, cv2.COLOR_RGB2RGBA)
    scale = (size[0] / (right - left), size[1] / (bottom - top))
    return Footage(np.ascontiguousarray(scaled), camera, (float(left), float(top)), scale, visible)


def _end_background(image: np.ndarray, style: ClipStyle) -> np.ndarray:
    # A uniform tint commutes with the camera warp, so it is applied once here, not per frame.
    blurred = cv2.GaussianBlur(image, (0, 0), sigmaX=18)
    tint = np.empty_like(blurred)
    tint[:] = ImageColor.getrgb(style.colours.end_background)[:3]
    return cv2.addWeighted(blurred, 0.22, tint, 0.78, 0.0)


@dataclass(frozen=True, eq=False)
class Sprite:
    """An overlay as premultiplied colour and inverse alpha, ready for fast per-frame compositing."""

    overlay: Overlay
    colour: np.ndarray
    inverse: np.ndarray
    alpha: np.ndarray

    @classmethod
    def of(cls, overlay: Overlay, *, yuv: bool = True) -> Sprite:
        """``overlay`` for pictures in Y'CbCr, or in RGB with ``yuv=False``."""
        rgba = np.asarray(overlay.image.convert("RGBA"), dtype=np.float32)
        alpha = rgba[..., 3:] / 255
        colour = np.zeros((*alpha.shape[:2], CHANNELS), np.float32)
        if yuv:  # premultiplying the converted colour: alpha scales the offsets too
            colour[..., :3] = cv2.transform(np.ascontiguousarray(rgba[..., :3]), RGB_TO_YUV[:3]) * alpha
        else:
            colour[..., :3] = rgba[..., :3] * alpha
        inverse = np.repeat(255 - rgba[..., 3:], CHANNELS, axis=2)
        return cls(overlay, colour.round().astype(np.uint8), inverse.round().astype(np.uint8), rgba[..., 3].astype(np.uint8))

    def composite(self, frame: np.ndarray, opacity: float) -> None:
        """Blend onto ``frame`` in place: frame = colour + frame * (1 - alpha), both scaled by ``opacity``."""
        o = self.overlay
        region = frame[o.y : o.y + self.alpha.shape[0], o.x : o.x + self.alpha.shape[1]]
        if opacity >= 0.999:
            colour, inverse = self.colour, self.inverse
        else:
            colour = cv2.convertScaleAbs(self.colour, alpha=opacity)
            inverse = cv2.convertScaleAbs(self.inverse, alpha=opacity, beta=255 * (1 - opacity))
        cv2.multiply(region, inverse, dst=region, scale=1 / 255)
        cv2.add(region, colour, dst=region)


class Filmstrip:
    """Renders frame ``n`` of a storyboard; shots are prepared when first seen and dropped after."""

    def __init__(self, board: Storyboard, photos: Sequence[PhotoSource], overlays: Sequence[Overlay], style: ClipStyle) -> None:
        self.board = board
        self.photos = photos
        self.style = style
        self.sprites = [Sprite.of(o) for o in overlays]
        self._decoded: dict[int, np.ndarray] = {}
        self._footage: dict[int, Footage] = {}
        self._dip = to_yuv(np.array([[ImageColor.getrgb(style.colours.end_background)[:3]]], np.uint8))[0, 0]
        self._last: tuple[object, np.ndarray] | None = None

    def frames(self) -> Iterator[np.ndarray]:
        """Every frame as planar 4:2:0 bytes for ffmpeg (see :data:`PIX_FMT`)."""
        last: tuple[np.ndarray, np.ndarray] | None = None
        for n in range(self.board.frames):
            picture = self.frame(n)
            if last is None or last[0] is not picture:
                last = (picture, to_i420(picture))
            yield last[1]

    def frame(self, n: int, *, overlays: bool = True) -> np.ndarray:
        """Frame ``n`` as an H x W x CHANNELS Y'CbCr picture; ``overlays=False`` gives the photos alone (for tests).

        A frame identical to the previous one (the still end card) is returned again, not redrawn.
        """
        t = n / self.board.fps
        active = self._active(t)
        sprites = [(s, s.overlay.opacity(t)) for s in self.sprites] if overlays else []
        state = (tuple(active), tuple(self._shot(i).matrix(t).tobytes() for i in active), self._weight(active, t), tuple(o for _, o in sprites))
        if self._last is not None and self._last[0] == state:
            return self._last[1]
        picture = self.picture(t)
        for sprite, opacity in sprites:
            if opacity > 0:
                sprite.composite(picture, opacity)
        self._last = (state, picture)
        return picture

    def picture(self, t: float) -> np.ndarray:
        """The photos alone at ``t``: the current shot, blended with its neighbour during a transition."""
        active = self._active(t)
        if len(active) == 1:
            return self._shot(active[0]).render(t)
        before, after = active[0], active[-1]
        weight = self._weight(active, t)
        if self.style.transition == "dip":
            return self._dip_through(before, after, t, weight)
        return cv2.addWeighted(self._shot(before).render(t), 1 - weight, self._shot(after).render(t), weight, 0.0)

    def _active(self, t: float) -> list[int]:
        active = [i for i, shot in enumerate(self.board.shots) if self._visible(shot)[0] <= t < self._visible(shot)[1]]
        self._forget(active)
        return active

    def _weight(self, active: list[int], t: float) -> float:
        """How far the transition from the first to the second active shot has gone (0 when there is one)."""
        if len(active) < 2:
            return 0.0
        cut = self.board.shots[active[-1]].start
        return min(1.0, max(0.0, (t - (cut - self.board.transition / 2)) / self.board.transition))

    def _dip_through(self, before: int, after: int, t: float, weight: float) -> np.ndarray:
        shot = before if weight < 0.5 else after
        picture = self._shot(shot).render(t)
        fade = 1 - abs(2 * weight - 1)
        solid = np.empty_like(picture)
        solid[:] = self._dip
        return cv2.addWeighted(picture, 1 - fade, solid, fade, 0.0)

    def _visible(self, shot: Shot) -> tuple[float, float]:
        half = self.board.transition / 2
        first = 0.0 if shot.start <= 0 else shot.start - half
        last = self.board.duration if shot.end >= self.board.duration else shot.end + half
        return (first, last)

    def _shot(self, index: int) -> Footage:
        if index not in self._footage:
            shot = self.board.shots[index]
            photo = self._photo(shot.photo % len(self.photos))
            source = self.photos[shot.photo % len(self.photos)]
            camera = camera_for(shot.move, (photo.shape[1], photo.shape[0]), source.focus, zoom=self.style.motion.zoom, ease=self.style.motion.ease)
            ending = self.style if shot.ending else None
            self._footage[index] = prepare_footage(photo, camera, self._visible(shot), ending=ending)
        return self._footage[index]

    def _photo(self, index: int) -> np.ndarray:
        if index not in self._decoded:
            self._decoded[index] = load_photo(self.photos[index])
        return self._decoded[index]

    def _forget(self, active: list[int]) -> None:
        # Frames are rendered in order, so shots before the current ones are done with.
        for index in [i for i in self._footage if i < min(active, default=0)]:
            del self._footage[index]
        needed = {self.board.shots[i].photo % len(self.photos) for i in range(min(active, default=0), len(self.board.shots))}
        for index in [i for i in self._decoded if i not in needed]:
            del self._decoded[index]
