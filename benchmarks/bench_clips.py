"""Benchmark the clip stage: render time, the ffmpeg floor, a MoviePy peer, and camera-motion jitter.

Renders a 20 s clip of a scratch product with four 2400x1600 photos through the public
``render_clips`` API and compares it with:

* the floor: ffmpeg encoding the same number of 1080x1920 frames of one still image with
  the same encoder settings, once reading the still for every frame (``-loop 1``, the usual
  way to make a video of a picture) and once decoding it only once (``loop`` filter);
* a MoviePy peer: a comparable Ken Burns clip (same photos, length, crossfades, encoder);
* jitter: the camera offset between consecutive decoded frames of a pure Ken Burns segment,
  estimated by phase correlation; the standard deviation of its second difference is 0 for
  perfectly smooth motion and about 0.4 px when positions are rounded to whole pixels.

Usage:
    .venv/bin/python benchmarks/bench_clips.py [--duration 20] [--keep DIR]

The MoviePy line needs MoviePy, which is not a gi-showcase dependency. MoviePy 2.2 pins
Pillow < 12, so install it without letting pip downgrade Pillow:
    .venv/bin/pip install --no-deps moviepy && .venv/bin/pip install decorator proglog python-dotenv imageio tqdm
Without it that line is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from builder.clips import ClipOptions, render_clips
from builder.clips.encode import AUDIO_CODEC, COLOUR_FILTER, CRF, REPRODUCIBLE, THREADS, X264_PARAMS, Audio, encode, ffmpeg_exe, video_codec
from builder.clips.frames import PIX_FMT, Camera, Filmstrip, PhotoSource, camera_for, one_thread, prepare_footage, to_i420
from builder.clips.jobs import make_job
from builder.clips.layout import HEIGHT, WIDTH
from builder.clips.overlays import build_overlays
from builder.clips.story import plan
from builder.clips.style import load_style
from builder.content.catalogue import Catalogue
from builder.content.loader import load_catalogue

log = logging.getLogger("bench_clips")
FPS = 30
SLUG = "bench-coffee"
PHOTO_SIZE = (2400, 1600)
#: Length of the pure Ken Burns segments used to measure jitter.
JITTER_SECONDS = 3.0
TIMEOUT = 900
MOVIEPY_INSTALL = ".venv/bin/pip install --no-deps moviepy && .venv/bin/pip install decorator proglog python-dotenv imageio tqdm"


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object]) -> Timing:
    """Wall-clock and CPU time (this process and its children) of ``action``."""
    cpu, wall = _cpu(), time.perf_counter()
    action()
    return Timing(time.perf_counter() - wall, _cpu() - cpu)


# --------------------------------------------------------------------------- scratch product


def bench_photo(path: Path, seed: int) -> Path:
    """A photo-like 2400x1600 picture: soft shapes at several scales, a colour palette, fine grain."""
    rng = np.random.default_rng(seed)
    width, height = PHOTO_SIZE
    field = np.zeros((height, width), np.float32)
    for cells, weight in ((4, 0.5), (12, 0.25), (40, 0.15), (160, 0.1)):
        grid = rng.random((cells * height // width + 2, cells + 2)).astype(np.float32)
        field += weight * cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)
    palette = rng.random((2, 3)).astype(np.float32)
    rgb = palette[0] * (1 - field[..., None]) + palette[1] * field[..., None]
    rgb += rng.normal(0, 0.02, rgb.shape).astype(np.float32)
    Image.fromarray((np.clip(rgb, 0, 1) * 255).astype(np.uint8)).save(path, quality=90)
    return path


PRODUCT = """\
gi:
  registration_number: สช 50100099
  registered_on: 2006-05-02
category: coffee
provinces: [TH-57]
photos:
{photos}
producers:
  - name: {{th: กลุ่มเกษตรกรทดสอบ, en: Test growers}}
shop:
  links:
    - label: {{th: ร้านค้า, en: Shop}}
      url: https://shop.example.org/coffee
"""

PAGE = """\
---
name: {name}
tagline: {tagline}
characteristics:
{beats}
---
{story}
"""


def write_product(content: Path) -> Path:
    folder = content / "products" / SLUG
    (folder / "photos").mkdir(parents=True)
    entries = []
    for index in range(4):
        bench_photo(folder / "photos" / f"photo{index}.jpg", seed=index + 7)
        entries.append(
            f"  - file: photos/photo{index}.jpg\n    alt: {{th: ภาพที่ {index + 1}, en: Photo {index + 1}}}\n"
            f"    focus: {{x: {0.35 + 0.1 * index:.2f}, y: 0.5}}"
        )
    (folder / "product.yml").write_text(PRODUCT.format(photos="\n".join(entries)), encoding="utf-8")
    th_beats = ["อาราบิกาปลูกใต้ร่มไม้บนดอยสูง", "เก็บผลสุกด้วยมือทีละผล", "คั่วใหม่ทุกสัปดาห์"]
    en_beats = ["Arabica grown in forest shade", "Ripe cherries picked by hand", "Roasted fresh every week"]
    (folder / "th.md").write_text(
        PAGE.format(name="กาแฟทดสอบดอยตุง", tagline="กาแฟหอมจากป่าบนดอยสูง", beats="\n".join(f"  - {b}" for b in th_beats), story="เรื่องราว"),
        encoding="utf-8",
    )
    (folder / "en.md").write_text(
        PAGE.format(
            name="Test Doi Tung Coffee", tagline="Fragrant coffee from the mountain forest", beats="\n".join(f"  - {b}" for b in en_beats), story="Story"
        ),
        encoding="utf-8",
    )
    return folder


# --------------------------------------------------------------------------- floor


#: The still is a full-range RGB JPEG; the clip's frames are TV-range BT.709 4:2:0.
STILL_TO_CLIP = "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p"


def floor_command(still: Path, out: Path, *, frames: int, decode_once: bool, threads: str = THREADS) -> list[str]:
    """ffmpeg encoding ``frames`` frames of one still with the clip's encoder settings (silent audio too).

    ``decode_once`` decodes and converts the still once and repeats it (``loop`` filter); otherwise
    it is read and converted for every frame (``-loop 1``, the usual way to film a picture).
    """
    source = ["-i", str(still)] if decode_once else ["-loop", "1", "-framerate", str(FPS), "-i", str(still)]
    chain = f"{STILL_TO_CLIP},loop=loop=-1:size=1:start=0,{COLOUR_FILTER}" if decode_once else f"{STILL_TO_CLIP},{COLOUR_FILTER}"
    codec = [*video_codec()]
    codec[codec.index("-threads") + 1] = threads
    return [
        ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "error", "-y", *source, *Audio().inputs(),
        "-map", "0:v:0", "-map", "1:a:0", "-vf", chain, "-frames:v", str(frames), "-r", str(FPS),
        *codec, *AUDIO_CODEC, "-t", f"{frames / FPS:g}", *REPRODUCIBLE, "-movflags", "+faststart", str(out),
    ]  # fmt: skip


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, timeout=TIMEOUT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# --------------------------------------------------------------------------- MoviePy peer


def moviepy_clip(photos: list[Path], out: Path, *, duration: float, crossfade: float = 0.6) -> None:
    """The usual MoviePy Ken Burns recipe: per-photo zoom with ``resized(lambda t)``, crossfades, centred."""
    from moviepy import CompositeVideoClip, ImageClip, vfx

    shot = (duration + crossfade * (len(photos) - 1)) / len(photos)
    clips = []
    for index, photo in enumerate(photos):
        base = HEIGHT / Image.open(photo).height
        clip = ImageClip(str(photo), duration=shot).resized(lambda t, b=base: b * (1 + 0.15 * t / shot))
        clip = clip.with_position("center").with_start(index * (shot - crossfade))
        clips.append(clip.with_effects([vfx.CrossFadeIn(crossfade)]) if index else clip)
    video = CompositeVideoClip(clips, size=(WIDTH, HEIGHT)).with_duration(duration)
    video.write_videofile(
        str(out), fps=FPS, codec="libx264", preset="ultrafast", audio=False, logger=None,
        ffmpeg_params=["-x264-params", X264_PARAMS, "-crf", str(CRF), "-profile:v", "high", "-pix_fmt", "yuv420p"],
    )  # fmt: skip


def moviepy_segment(photo: Path, out: Path, move: str) -> None:
    """A pure MoviePy Ken Burns move over one photo (for the jitter figure)."""
    from moviepy import CompositeVideoClip, ImageClip

    base = HEIGHT / Image.open(photo).height
    if move == "zoom":
        clip = ImageClip(str(photo), duration=JITTER_SECONDS).resized(lambda t: base * (1 + 0.15 * t / JITTER_SECONDS)).with_position("center")
    else:
        start = -(base * PHOTO_SIZE[0] - WIDTH) / 2
        clip = ImageClip(str(photo), duration=JITTER_SECONDS).resized(base).with_position(lambda t: (start - 40 * t, 0))
    CompositeVideoClip([clip], size=(WIDTH, HEIGHT)).write_videofile(
        str(out), fps=FPS, codec="libx264", preset="ultrafast", audio=False, logger=None,
        ffmpeg_params=["-x264-params", X264_PARAMS, "-crf", str(CRF), "-pix_fmt", "yuv420p"],
    )  # fmt: skip


# --------------------------------------------------------------------------- jitter


def our_segment(photo: Path, out: Path, move: str) -> list[np.ndarray]:
    """A pure gi-showcase Ken Burns move over one photo, encoded like a clip (no text, no transitions).

    Returns the frames before encoding, as greyscale, to show the estimator's own noise.
    """
    pixels = np.asarray(Image.open(photo).convert("RGB"))
    size = (pixels.shape[1], pixels.shape[0])
    camera = camera_for("zoom-in" if move == "zoom" else "pan-left", size, (0.5, 0.5), zoom=1.15, ease=0.0)
    footage = prepare_footage(pixels, Camera(camera.start, camera.end, 0.0), (0.0, JITTER_SECONDS))
    frames = [footage.render(n / FPS) for n in range(round(JITTER_SECONDS * FPS))]
    encode(map(to_i420, frames), out, duration=JITTER_SECONDS, fps=FPS, audio=Audio(), pix_fmt=PIX_FMT, what="jitter segment", timeout=TIMEOUT)
    return [f[..., 0].astype(np.float32) for f in frames]  # the pictures are Y'CbCr: channel 0 is the luma


def decoded_grey(path: Path) -> Iterator[np.ndarray]:
    """The frames of ``path`` as float32 greyscale arrays, decoded by ffmpeg."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]
    raw = subprocess.run(command, check=True, timeout=TIMEOUT, capture_output=True).stdout
    frame_bytes = WIDTH * HEIGHT
    for start in range(0, len(raw) - frame_bytes + 1, frame_bytes):
        yield np.frombuffer(raw, np.uint8, frame_bytes, start).reshape(HEIGHT, WIDTH).astype(np.float32)


def jitter(frames: list[np.ndarray], move: str) -> float:
    """Std-dev (px) of the second difference of the frame-to-frame offset of a tracked region.

    For a pan the whole frame is tracked; for a zoom, a 512x512 patch off the centre, whose
    offset grows smoothly under a smooth zoom.
    """
    y0, x0 = (HEIGHT // 2 - 600, WIDTH // 2 - 400) if move == "zoom" else (0, 0)
    size = (512, 512) if move == "zoom" else (HEIGHT, WIDTH)
    window = cv2.createHanningWindow(size[::-1], cv2.CV_32F)
    patches = [f[y0 : y0 + size[0], x0 : x0 + size[1]] for f in frames]
    offsets = np.array([cv2.phaseCorrelate(a, b, window)[0] for a, b in itertools.pairwise(patches)])
    primary = offsets[:, 0] if move == "pan" else np.hypot(offsets[:, 0], offsets[:, 1])
    return float(np.std(np.diff(primary, n=2)))


def draw_only(catalogue: Catalogue, duration: float) -> None:
    """Draw every frame of the clip without encoding it (the Python share of the work)."""
    product = catalogue.products[0]
    style = load_style("default")
    job = make_job(product, "th", style=style, options=ClipOptions("https://gi-showcase.example.org/", duration=duration), music=None)
    board = plan(job.script, photos=len(job.photos), style=style, duration=duration)
    strip = Filmstrip(board, [PhotoSource(p.path, p.focus, p.label) for p in job.photos], build_overlays(board, job.script, style), style)
    with one_thread():  # as when the clip is rendered
        for _ in strip.frames():
            pass


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="clip length in seconds (15-60)")
    parser.add_argument("--keep", type=Path, help="keep the scratch folder here instead of deleting it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    root = Path(tempfile.mkdtemp(prefix="bench-clips-"))
    try:
        report(root, args.duration)
    finally:
        if args.keep:
            shutil.copytree(root, args.keep, dirs_exist_ok=True)
        shutil.rmtree(root, ignore_errors=True)
    return 0


def report(root: Path, duration: float) -> None:
    frames = round(duration * FPS)
    folder = write_product(root / "content")
    photos = sorted((folder / "photos").glob("*.jpg"))
    catalogue, problems = load_catalogue(root / "content")
    if problems.errors:
        raise SystemExit("\n".join(str(p) for p in problems.errors))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    options = ClipOptions("https://gi-showcase.example.org/", duration=duration, jobs=1)
    ours = timed(lambda: render_clips(catalogue, root / "kit", options=options, cache_dir=root / "cache", langs=("th",)))
    drawing = timed(lambda: draw_only(catalogue, duration))
    clip = root / "kit" / SLUG / "th" / "clip.mp4"
    still = root / "kit" / SLUG / "th" / "cover.jpg"
    floor_once = timed(lambda: run(floor_command(still, root / "floor-once.mp4", frames=frames, decode_once=True)))
    floor_loop = timed(lambda: run(floor_command(still, root / "floor-loop.mp4", frames=frames, decode_once=False)))
    floor_threads = timed(lambda: run(floor_command(still, root / "floor-threads.mp4", frames=frames, decode_once=True, threads="0")))
    print(f"\n{duration:g} s clip, 1080x1920, {frames} frames at {FPS} fps; times are wall-clock (CPU = this process + ffmpeg)")
    line("gi-showcase render_clips", ours, f"{clip.stat().st_size / 1e6:.1f} MB, {ours.wall / duration:.2f}x real time")
    line("  of which drawing frames (no encoding)", drawing, f"{drawing.wall / frames * 1000:.1f} ms a frame")
    line("floor: ffmpeg, still decoded once", floor_once, f"clip/floor = {ours.wall / floor_once.wall:.2f} (CPU {ours.cpu / floor_once.cpu:.2f})")
    line("floor: ffmpeg -loop 1 still.jpg", floor_loop, f"clip/floor = {ours.wall / floor_loop.wall:.2f} (CPU {ours.cpu / floor_loop.cpu:.2f})")
    line("floor: decoded once, x264 threads auto", floor_threads, f"clip/floor = {ours.wall / floor_threads.wall:.2f} (CPU {ours.cpu / floor_threads.cpu:.2f})")
    peer = root / "moviepy.mp4"
    if importlib.util.find_spec("moviepy") is None:
        print(f"  MoviePy peer: skipped; to compare, install it without downgrading Pillow:\n    {MOVIEPY_INSTALL}")
    else:
        theirs = timed(lambda: moviepy_clip(photos, peer, duration=duration))
        line("MoviePy 2 Ken Burns peer", theirs, f"clip/MoviePy = {ours.wall / theirs.wall:.2f}")
    print(f"\nmotion jitter over {JITTER_SECONDS:g} s Ken Burns segments (std-dev of 2nd difference of the offset; 0 = perfectly smooth)")
    for move in ("pan", "zoom"):
        mine = root / f"ours-{move}.mp4"
        raw = our_segment(photos[0], mine, move)
        figures = f"gi-showcase {jitter(list(decoded_grey(mine)), move):.3f} px (before encoding {jitter(raw, move):.3f} px)"
        if importlib.util.find_spec("moviepy") is not None:
            theirs_path = root / f"moviepy-{move}.mp4"
            moviepy_segment(photos[0], theirs_path, move)
            figures += f", MoviePy {jitter(list(decoded_grey(theirs_path)), move):.3f} px"
        print(f"  {move:<5} {figures}")
    print(f"machine load average {os.getloadavg()[0]:.1f} at the end")


def line(label: str, timing: Timing, note: str) -> None:
    print(f"  {label:<36} {timing.wall:7.1f} s   CPU {timing.cpu:6.1f} s   {note}")


if __name__ == "__main__":
    sys.exit(main())

