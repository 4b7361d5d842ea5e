"""Encode raw frames into the delivery MP4 with ffmpeg (from imageio-ffmpeg), while the next frames are drawn.

The command is an argument list (never a shell), every run has a timeout, and a failure
names the clip, the command, the end of ffmpeg's own messages and a hint.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import queue
import shlex
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from builder.clips.layout import HEIGHT, WIDTH
from builder.messages import Message, Verbatim, tr
from builder.problems import MediaError

log = logging.getLogger(__name__)

#: libx264 settings: High profile (CABAC, 8x8 transform) at constant quality.
#: The ``ultrafast`` preset with CABAC, the 8x8 transform, two B-frames and quarter-pixel motion
#: search (subme=1) switched back on. Measured on one thread over a 20 s sample clip, against our
#: earlier settings (these plus deblocking and adaptive quantisation, at CRF 21, themselves as
#: good as ``veryfast`` by SSIM): 21 % less CPU time (17.0 s against 21.5 s) for a smaller file
#: (6.9 MB against 10.2) of about the same fidelity (PSNR 49.1 dB against 49.2, SSIM 0.989
#: against 0.990). Without subme=1 motion vectors are whole pixels, and a slow pan came out
#: jerky after encoding (frame-to-frame jitter 0.50 px instead of 0.17 px).
#: No VBV cap (-maxrate): with frame threads it makes x264's output differ from run to run;
#: the size limit is kept by :data:`MAX_BYTES` instead.
X264_PARAMS = "cabac=1:8x8dct=1:bframes=2:subme=1"
CRF = 20
#: One encoder thread: the frames are drawn on another core at about the same pace (13 to 17 s of
#: CPU each for a 20 s clip), and x264's frame threads add about a fifth to its CPU time; on this
#: 2-core machine a clip took 21.5 s with one thread and 23.7 to 27.6 s with x264's default.
THREADS = "1"
#: The largest clip delivered (TikTok refuses 50 MB and more); a bigger one is encoded again at a higher CRF.
MAX_BYTES = 48_000_000  # decimal megabytes, as upload limits are counted: a margin under 50 MB
CRF_STEP = 4
COLOUR_TAGS = ("-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709")


def video_codec(crf: int = CRF) -> tuple[str, ...]:
    """The libx264 arguments at quality ``crf`` (lower is better and bigger)."""
    encoder = ("-c:v", "libx264", "-preset", "ultrafast", "-x264-params", X264_PARAMS, "-crf", str(crf), "-profile:v", "high", "-threads", THREADS)
    return (*encoder, "-pix_fmt", "yuv420p", "-g", "60", *COLOUR_TAGS)


#: The frames arrive as TV-range BT.709 4:2:0 already (see builder.clips.frames); this only labels them so.
COLOUR_FILTER = "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709"
#: Strip every date and tool version so the same input gives the same bytes.
REPRODUCIBLE = ("-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact")
AUDIO_CODEC = ("-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2")
#: Raw frames waiting for ffmpeg; bounds memory to a few frames per clip.
QUEUE_FRAMES = 3
STDERR_TAIL = 15


@functools.cache
def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped with imageio-ffmpeg (looked up on first use, not at import)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


@dataclass(frozen=True)
class Audio:
    """The sound of a clip: a music bed (looped, faded) or silence."""

    music: Path | None = None
    volume: float = 1.0

    def inputs(self) -> list[str]:
        if self.music is None:
            return ["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"]
        return ["-stream_loop", "-1", "-i", str(self.music)]

    def filters(self, duration: float) -> list[str]:
        if self.music is None:
            return []
        fade_out = max(0.0, duration - 1.5)
        return ["-af", f"volume={self.volume:g},afade=t=in:st=0:d=0.5,afade=t=out:st={fade_out:g}:d=1.5"]


def encode_command(out: Path, *, duration: float, fps: int, audio: Audio, pix_fmt: str, crf: int = CRF) -> list[str]:
    """The ffmpeg command that reads raw ``pix_fmt`` frames on stdin and writes the MP4 ``out``."""
    return [
        ffmpeg_exe(), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", pix_fmt, "-video_size", f"{WIDTH}x{HEIGHT}", "-framerate", str(fps), "-i", "pipe:0",
        *audio.inputs(),
        "-map", "0:v:0", "-map", "1:a:0",
        "-vf", COLOUR_FILTER, *audio.filters(duration),
        *video_codec(crf), *AUDIO_CODEC,
        "-t", f"{duration:g}", *REPRODUCIBLE, "-movflags", "+faststart", "-f", "mp4", str(out),
    ]  # fmt: skip


def encode(
    frames: Iterable[np.ndarray], out: Path, *, duration: float, fps: int, audio: Audio, pix_fmt: str, what: str, timeout: float, crf: int = CRF
) -> None:
    """Pipe ``frames`` into ffmpeg and write ``out``; a MediaError says what went wrong with ``what``."""
    command = encode_command(out, duration=duration, fps=fps, audio=audio, pix_fmt=pix_fmt, crf=crf)
    log.debug("%s: %s", what, shlex.join(command))
    stderr_path = out.with_suffix(".ffmpeg.log")
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr)
    assert process.stdin is not None
    _widen_pipe(process.stdin)
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        process.kill()

    watchdog = threading.Timer(timeout, stop)
    watchdog.start()
    writer = _Writer(process.stdin)
    try:
        for frame in frames:
            if writer.broken:
                break
            writer.put(frame)
    except BaseException:
        process.kill()
        raise
    finally:
        writer.finish()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(1.0, timeout))
        watchdog.cancel()
    if process.returncode != 0 or writer.broken:
        raise MediaError(_failure(what, command, stderr_path, process.returncode, timed_out=expired.is_set(), timeout=timeout))
    stderr_path.unlink(missing_ok=True)


class _Writer:
    """A thread that feeds frames to ffmpeg's stdin while the caller draws the next ones."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self.pipe = pipe
        self.broken = False
        self.queue: queue.Queue[np.ndarray | None] = queue.Queue(maxsize=QUEUE_FRAMES)
        self.thread = threading.Thread(target=self._run, name="ffmpeg-writer", daemon=True)
        self.thread.start()

    def put(self, frame: np.ndarray) -> None:
        self.queue.put(frame)

    def _run(self) -> None:
        while (frame := self.queue.get()) is not None:
            if self.broken:
                continue  # keep draining so the producer never blocks
            try:
                self.pipe.write(np.ascontiguousarray(frame).data)
            except (BrokenPipeError, OSError):
                self.broken = True

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()
        with contextlib.suppress(BrokenPipeError, OSError):
            self.pipe.close()


def _widen_pipe(pipe: IO[bytes]) -> None:
    # A 1 MB pipe buffer instead of 64 KB means far fewer context switches per 8 MB frame (Linux only).
    with contextlib.suppress(ImportError, OSError, AttributeError):
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)


def _failure(what: str, command: list[str], stderr_path: Path, code: int | None, *, timed_out: bool, timeout: float) -> str:
    try:
        lines = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        lines = []
    tail = "\n".join(f"    {line}" for line in lines[-STDERR_TAIL:]) or "    -"
    reason = tr("ffmpeg_timed_out", seconds=timeout) if timed_out else tr("ffmpeg_failed", code=str(code))
    return str(tr(
        "ffmpeg_failure", what=what, reason=reason, command=Verbatim(shlex.join(command)), said=Verbatim(tail), hint=_hint(lines, timed_out=timed_out),
    ))


def _hint(lines: list[str], *, timed_out: bool) -> Message:
    text = "\n".join(lines).lower()
    if timed_out:
        return tr("ffmpeg_hint_overloaded")
    if "no space left" in text:
        return tr("ffmpeg_hint_disk_full")
    if "invalid data" in text or "could not find codec" in text or "error opening input" in text or "does not contain any stream" in text:
        return tr("ffmpeg_hint_music")
    if "unknown encoder" in text:
        return tr("ffmpeg_hint_encoder")
    return tr("ffmpeg_hint_by_hand")
