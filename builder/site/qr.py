"""The QR codes on product pages, drawn once per address and kept in the build cache.

segno draws one in about 8 ms, most of it choosing the best of the eight mask patterns
in pure Python; that made it the costliest part of a product page. Like share cards,
codes are drawn before the pages (in the worker pool when there are many), so a page
is rendered with its code ready and a rebuild never draws a code again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import segno

from builder.cache import text_digest, used, write_text_whole

#: Bump when the drawing below changes.
QR_VERSION = "1"
#: Fewer missing codes than this are drawn in this process (a pool takes longer to start).
POOL_FROM = 64


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no XML declaration, sized by CSS)."""
    return str(segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, title=url))


def qr_codes(urls: Iterable[str], cache: Path, *, jobs: int = 1) -> dict[str, str]:
    """The inline SVG code of each of ``urls``, drawing only those not in ``cache/qr``."""
    folder = cache / "qr"
    folder.mkdir(parents=True, exist_ok=True)
    salt = (QR_VERSION, version("segno"))
    paths = {url: folder / f"{text_digest(*salt, url)}.svg" for url in dict.fromkeys(urls)}
    codes: dict[str, str] = {}
    missing = []
    for url, path in paths.items():
        try:
            codes[url] = path.read_text(encoding="utf-8")
        except OSError:
            missing.append(url)
        else:
            used(path)
    if jobs > 1 and len(missing) >= POOL_FROM:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver")) as pool:
            drawn = list(pool.map(qr_svg, missing, chunksize=16))
    else:
        drawn = [qr_svg(url) for url in missing]
    for url, svg in zip(missing, drawn, strict=True):
        write_text_whole(paths[url], svg)
        codes[url] = svg
    return codes
