"""One clip as a frozen job value: its inputs, the hash that names its cache folder, and how to render it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from builder.cache import file_digest, link_or_copy, replacing
from builder.clips.encode import COLOUR_FILTER, CRF, CRF_STEP, MAX_BYTES, Audio, encode, video_codec
from builder.clips.options import ClipOptions
from builder.clips.story import FPS, Script, plan, write_script
from builder.clips.style import ClipStyle
from builder.content.catalogue import Product
from builder.content.photos import resolve_in_folder
from builder.messages import tr
from builder.problems import GIShowcaseError, MediaError
from builder.typesetting import font_path

#: Bump when the look or the encoding changes, so every cached clip is rendered again.
CLIP_VERSION = "clips-4"  # 4: the scrim follows the text, the hook shows the tagline too, cues keep a web address whole
#: What each (product, language) folder of the kit holds.
OUTPUTS = ("clip.mp4", "clip.srt", "clip.vtt", "cover.jpg")
#: The slowest a clip may take to encode: generous, so only a hung ffmpeg is stopped.
TIMEOUT_BASE, TIMEOUT_PER_SECOND = 120.0, 15.0


@dataclass(frozen=True)
class PhotoInput:
    """A photo of the clip: its file, its name in product.yml, its focus point and a hash of its bytes."""

    path: Path
    label: str
    focus: tuple[float, float]
    digest: str


@dataclass(frozen=True)
class ClipJob:
    """Everything one clip depends on; :meth:`key` hashes it, so equal jobs share one rendered clip."""

    slug: str
    lang: str
    script: Script
    photos: tuple[PhotoInput, ...]
    style: ClipStyle
    music: Path | None
    music_digest: str | None
    duration: float

    @property
    def what(self) -> str:
        return f"clip {self.slug}/{self.lang}"

    def key(self) -> str:
        """SHA-256 of the inputs: words, photo bytes and focus, style, fonts, music, length and encoder."""
        fingerprint = {
            "version": CLIP_VERSION,
            "slug": self.slug,
            "lang": self.lang,
            "script": dataclasses.asdict(self.script),
            "photos": [(p.digest, p.focus) for p in self.photos],
            "style": self.style.model_dump(mode="json"),
            "fonts": _font_files(self.style),
            "music": self.music_digest,
            "duration": self.duration,
            "fps": FPS,
            "encoder": [*video_codec(), COLOUR_FILTER, MAX_BYTES],
        }
        return hashlib.sha256(json.dumps(fingerprint, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _font_files(style: ClipStyle) -> list[tuple[str, int]]:
    files = [font_path(f.family, f.weight) for f in (style.fonts.heading, style.fonts.body, style.fonts.label)]
    return [(path.name, path.stat().st_size) for path in files]


def make_job(product: Product, lang: str, *, style: ClipStyle, options: ClipOptions, music: Path | None) -> ClipJob:
    """The job for the ``lang`` clip of ``product`` (reads and hashes its photos and the music)."""
    photos = []
    for photo in product.facts.photos:
        path = resolve_in_folder(product.folder, photo.file) or product.photo_path(photo)
        focus = (photo.focus.x, photo.focus.y) if photo.focus else (0.5, 0.5)
        photos.append(PhotoInput(path, f"{product.slug}/{photo.file}", focus, file_digest(path)))
    return ClipJob(
        slug=product.slug,
        lang=lang,
        script=write_script(product, lang, style, options.site_url),
        photos=tuple(photos),
        style=style,
        music=music,
        music_digest=file_digest(music) if music else None,
        duration=options.duration,
    )


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() and (folder / name).stat().st_size > 0 for name in OUTPUTS)


def render_job(job: ClipJob, folder: Path) -> None:
    """Write clip.mp4, clip.srt, clip.vtt and cover.jpg of ``job`` into ``folder``."""
    from builder.clips import cover, frames, overlays, subtitles  # the heavy imports (OpenCV) wait until a clip is drawn

    sources = [frames.PhotoSource(p.path, p.focus, p.label) for p in job.photos]
    board = plan(job.script, photos=len(sources), style=job.style, duration=job.duration)
    layers = overlays.build_overlays(board, job.script, job.style)
    strip = frames.Filmstrip(board, sources, layers, job.style)
    cue_list = subtitles.cues(board, job.style, job.script.keep)
    (folder / "clip.srt").write_text(subtitles.srt(cue_list), encoding="utf-8")
    (folder / "clip.vtt").write_text(subtitles.vtt(cue_list), encoding="utf-8")
    cover.render_cover(job.script, sources[0], job.style, folder / "cover.jpg")
    audio = Audio(job.music, job.style.music.volume)
    timeout = TIMEOUT_BASE + TIMEOUT_PER_SECOND * job.duration
    clip = folder / "clip.mp4"
    crf = CRF
    while True:  # a clip of very grainy photos may need a lower quality to stay under the limit
        with frames.one_thread():
            encode(strip.frames(), clip, duration=job.duration, fps=board.fps, audio=audio, pix_fmt=frames.PIX_FMT, what=job.what, timeout=timeout, crf=crf)
        size = clip.stat().st_size
        if size <= MAX_BYTES:
            return
        if crf == 51:
            break
        # x264's bitrate roughly halves for every 6 steps of CRF: jump to where the clip should fit, not one step at a time,
        # but no further than 51, x264's lowest quality, which is always tried last.
        crf = min(51, crf + max(CRF_STEP, math.ceil(6 * math.log2(size / MAX_BYTES)) + 1))
    raise MediaError(tr("clip_too_big", clip=job.what, limit=MAX_BYTES // 1_000_000))


def render_to_cache(job: ClipJob, cache_root: Path) -> str | None:
    """Render ``job`` into ``cache_root/<key>/`` through a temporary folder; return an error message or None.

    Runs in a worker process, so failures come back as text rather than exceptions.
    """
    final = cache_root / job.key()
    cache_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".tmp-{final.name[:16]}-", dir=cache_root))
    try:
        render_job(job, scratch)
        _move_into_place(scratch, final)
    except GIShowcaseError as exc:
        text = str(exc)
        return text if text.startswith(job.what) else f"{job.what}: {text}"
    except Exception as exc:  # a bug: say so, with the traceback, but let the other clips finish
        return f"{job.what}: internal error {type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None


def _move_into_place(scratch: Path, final: Path) -> None:
    if is_complete(final):
        return  # another process rendered the same job meanwhile; keep theirs
    if final.exists():
        shutil.rmtree(final)  # an incomplete folder left by hand; ours replaces it
    try:
        os.replace(scratch, final)
    except OSError as exc:
        if not is_complete(final):
            raise MediaError(tr("clip_cache_move_failed", folder=str(final), reason=str(exc))) from None


def publish(cached: Path, target: Path) -> None:
    """Make ``target`` hold the cached outputs: hard links (or copies), each swapped in atomically, unchanged files left alone."""
    import filecmp

    target.mkdir(parents=True, exist_ok=True)
    for name in OUTPUTS:
        source, destination = cached / name, target / name
        if destination.exists() and (os.path.samefile(source, destination) or filecmp.cmp(source, destination, shallow=False)):
            continue
        with replacing(destination) as temporary:
            temporary.unlink(missing_ok=True)  # left by a killed run with the same process id: never write through it
            link_or_copy(source, temporary)
