"""The QR codes on product pages, drawn once per address and kept in the build cache.

segno draws one in about 6 ms, most of it choosing the best of the eight mask patterns
in pure Python; that made it the costliest part of a product page. A code's address
depends only on the product's folder name, so the build starts drawing the missing
codes in its background worker (builder.background) before it reads the profiles,
and collects them when the pages need them. A rebuild never draws a code again.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path

import segno

from builder.background import Background

from builder.cache import text_digest, used, write_text_whole
from builder.config import Project, verify_path

#: Bump when the drawing below changes.
QR_VERSION = "1"
#: Fewer missing codes than this are drawn when needed, not ahead (the worker takes longer to start).
POOL_FROM = 64
#: Codes drawn per task sent to the worker.
CHUNK = 32


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no XML declaration, sized by CSS)."""
    return str(segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, title=url))


def _draw(urls: list[str]) -> list[str]:
    return [qr_svg(url) for url in urls]


class QrCodes:
    """The codes of a build: :meth:`start` as soon as the addresses are known, :meth:`codes` when pages need them."""

    def __init__(self, cache: Path, *, background: Background | None = None) -> None:
        self.folder = cache / "qr"
        self.background = background
        self._salt = (QR_VERSION, version("segno"))
        self._found: dict[str, str] = {}
        self._drawing: list[tuple[list[str], Future[list[str]]]] = []

    @property
    def pending(self) -> int:
        """How many codes the worker was asked to draw and :meth:`codes` has not collected yet."""
        return sum(len(chunk) for chunk, _ in self._drawing)

    def _path(self, url: str) -> Path:
        return self.folder / f"{text_digest(*self._salt, url)}.svg"

    def start(self, urls: Iterable[str]) -> None:
        """Take the cached codes of ``urls`` and start drawing the others in the background when there are many."""
        missing = [url for url in dict.fromkeys(urls) if url not in self._found and not self._read(url)]
        if self.background is None or not self.background.available or len(missing) < POOL_FROM:
            return
        for first in range(0, len(missing), CHUNK):
            chunk = missing[first : first + CHUNK]
            self._drawing.append((chunk, self.background.submit(_draw, chunk)))

    def _read(self, url: str) -> bool:
        path = self._path(url)
        try:
            self._found[url] = path.read_text(encoding="utf-8")
        except OSError:
            return False
        used(path)
        return True

    def codes(self, urls: Iterable[str]) -> dict[str, str]:
        """The inline SVG code of each of ``urls``: cached, drawn by the worker, or drawn now."""
        for chunk, future in self._drawing:
            self._keep(chunk, future.result())
        self._drawing.clear()
        wanted = list(dict.fromkeys(urls))
        missing = [url for url in wanted if url not in self._found and not self._read(url)]
        self._keep(missing, _draw(missing))
        return {url: self._found[url] for url in wanted}

    def _keep(self, urls: list[str], drawn: list[str]) -> None:
        for url, svg in zip(urls, drawn, strict=True):
            write_text_whole(self._path(url), svg)
            self._found[url] = svg


def verify_urls(project: Project, slugs: Iterable[str]) -> list[str]:
    """The addresses the codes lead to: each product's verification page in each language."""
    return [project.url(lang, verify_path(slug)) for slug in slugs for lang in project.languages]
