"""Vertical short clips (1080x1920 H.264) with Thai-correct text, subtitle tracks and a cover, per product and language.

:func:`render_clips` is the one entry point; everything it needs arrives as arguments.
Each (product, language) is a :class:`~builder.clips.jobs.ClipJob` whose hash names a
cache folder, so an unchanged clip is never rendered twice.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from builder.cache import used
from builder.clips.jobs import ClipJob, is_complete, make_job, publish, render_to_cache
from builder.clips.options import ClipOptions, ClipOutcome
from builder.clips.style import load_style, music_path
from builder.content.catalogue import Catalogue, Product
from builder.messages import tr
from builder.problems import ConfigError, GIShowcaseError

log = logging.getLogger(__name__)

__all__ = ["CORES_PER_CLIP", "ClipOptions", "ClipOutcome", "render_clips"]

#: A clip keeps about two cores busy on its own (frames are drawn while ffmpeg's x264
#: threads encode), so ``jobs`` cores render ``jobs // 2`` clips at a time. On a 2-core
#: machine a second clip in parallel gained little time and doubled the memory (two
#: workers and two encoders: 1.6 GB instead of 0.7 GB for a 200-product build).
CORES_PER_CLIP = 2


def render_clips(
    catalogue: Catalogue,
    kit_dir: Path,
    *,
    options: ClipOptions,
    cache_dir: Path,
    slugs: Sequence[str] | None = None,
    langs: Sequence[str] = ("th", "en"),
    progress: Callable[[ClipOutcome], None] | None = None,
) -> list[ClipOutcome]:
    """For each product and language write kit_dir/<slug>/<lang>/{clip.mp4, clip.srt, clip.vtt, cover.jpg}.

    A clip whose inputs did not change is reused from ``cache_dir/clips/<key>/``; a failed
    clip is reported in its outcome and the others still render. ``progress`` is called
    with each outcome as it is known.
    """
    started = time.perf_counter()
    style = load_style(options.style, options.themes)
    music = options.music or music_path(style, options.themes)
    cache_root = cache_dir / "clips"
    outcomes: dict[tuple[str, str], ClipOutcome] = {}
    todo: list[ClipJob] = []

    def done(outcome: ClipOutcome) -> None:
        outcomes[(outcome.slug, outcome.lang)] = outcome
        log.debug("clip %s/%s: %s", outcome.slug, outcome.lang, outcome.status)
        if progress:
            progress(outcome)

    order = [(product, lang) for product in _products(catalogue, slugs) for lang in _languages(catalogue, langs)]
    for product, lang in order:
        try:
            job = make_job(product, lang, style=style, options=options, music=music)
        except (OSError, GIShowcaseError) as exc:
            done(ClipOutcome(product.slug, lang, "failed", str(tr("clip_inputs_unreadable", clip=f"clip {product.slug}/{lang}", reason=str(exc)))))
            continue
        if is_complete(cache_root / job.key()):
            used(cache_root / job.key())
            done(_published(job, cache_root, kit_dir, "reused"))
        else:
            todo.append(job)
    _run(todo, cache_root, kit_dir, jobs=options.jobs, done=done)
    result = [outcomes[(product.slug, lang)] for product, lang in order]
    _summarise(result, time.perf_counter() - started)
    return result


def _products(catalogue: Catalogue, slugs: Sequence[str] | None) -> list[Product]:
    if slugs is None:
        return list(catalogue.products)
    unknown = [slug for slug in slugs if catalogue.get(slug) is None]
    if unknown:
        known = ", ".join(p.slug for p in catalogue.products) or "-"
        raise ConfigError(tr("clips_unknown_products", names=", ".join(unknown), known=known))
    return [p for p in catalogue.products if p.slug in slugs]


def _languages(catalogue: Catalogue, langs: Sequence[str]) -> list[str]:
    wrong = [lang for lang in langs if lang not in catalogue.languages]
    if wrong:
        raise ConfigError(tr("clips_wrong_languages", languages=", ".join(catalogue.languages), wrong=", ".join(wrong)))
    return list(langs)


def _published(job: ClipJob, cache_root: Path, kit_dir: Path, status: str) -> ClipOutcome:
    try:
        publish(cache_root / job.key(), kit_dir / job.slug / job.lang)
    except OSError as exc:
        return ClipOutcome(job.slug, job.lang, "failed", str(tr("clip_cannot_write", clip=job.what, folder=f"kit/{job.slug}/{job.lang}", reason=str(exc))))
    return ClipOutcome(job.slug, job.lang, "rendered" if status == "rendered" else "reused")


def _run(todo: list[ClipJob], cache_root: Path, kit_dir: Path, *, jobs: int, done: Callable[[ClipOutcome], None]) -> None:
    """Render the jobs, in this process when there is one worker, else in a pool of processes."""

    def finish(job: ClipJob, error: str | None) -> None:
        done(ClipOutcome(job.slug, job.lang, "failed", error) if error else _published(job, cache_root, kit_dir, "rendered"))

    workers = min(max(1, jobs // CORES_PER_CLIP), len(todo))
    if workers <= 1:
        for job in todo:
            finish(job, render_to_cache(job, cache_root))
        return
    # spawn, not fork: the caller may run threads (progress bars) that fork would copy half-way.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: dict[Future[str | None], ClipJob] = {pool.submit(render_to_cache, job, cache_root): job for job in todo}
        for future in as_completed(futures):
            job = futures[future]
            try:
                error = future.result()
            except Exception as exc:  # the worker process died (out of memory, killed)
                error = str(tr("clip_worker_died", clip=job.what, reason=f"{type(exc).__name__}: {exc}"))
            finish(job, error)


def _summarise(outcomes: list[ClipOutcome], seconds: float) -> None:
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("rendered", "reused", "failed")}
    log.info("%s", tr("clips_summary", clips=len(outcomes), rendered=counts["rendered"], reused=counts["reused"], failed=counts["failed"], seconds=seconds))
    for outcome in outcomes:
        if outcome.error:
            log.debug("%s", outcome.error)
