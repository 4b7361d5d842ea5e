"""The QR codes on product pages, drawn once per address and kept in the build cache.

segno draws one in about 6 ms, most of it choosing the best of the eight mask patterns
in pure Python; that made it the costliest part of a product page. A code's address
depends only on the product's folder name, so the build starts drawing the missing
codes in its background worker (builder.background) before it reads the profiles,
and collects them when the pages need them. A rebuild never draws a code again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path

import numpy as np
import segno

from builder.background import Background
from builder.cache import text_digest, used, write_text_whole
from builder.config import Project, verify_path

#: Bump when the drawing below changes (2: never a Micro QR code, which phone cameras do not all read).
QR_VERSION = "2"
#: Fewer missing codes than this are drawn when needed, not ahead (the worker takes longer to start).
POOL_FROM = 64
#: Codes drawn per task sent to the worker.
CHUNK = 32


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no XML declaration, sized by CSS)."""
    return str(qr_code(url).svg_inline(scale=4, border=2, omitsize=True, title=url))


def qr_code(url: str) -> segno.QRCode:
    """The QR code segno would make for ``url`` (error level M or better, never a Micro QR), made faster.

    segno spends most of its 6 ms choosing the data mask: it applies each of the eight
    masks and scores the result (ISO/IEC 18004 7.8.3) in pure Python. Here the code is
    made once with mask 0, the data bits are recovered, and the eight candidates are
    scored with NumPy by segno's own rules; then the code is made with the winning mask.
    A test checks the choice against segno's on thousands of addresses.
    """
    first = segno.make(url, error="m", micro=False, mask=0)
    best = _best_mask(first)
    return first if best == 0 else segno.make(url, error="m", micro=False, mask=best)


@functools.lru_cache(maxsize=16)
def _layout(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a symbol of ``size`` modules: where the data bits are, where format and version
    information go (light while masks are scored), and the eight mask patterns, as segno lays them out."""
    from segno import encoder

    def patterns(reserve: bool) -> np.ndarray:
        matrix = encoder.make_matrix(size, size, reserve_regions=reserve)
        encoder.add_finder_patterns(matrix, size, size)
        encoder.add_alignment_patterns(matrix, size, size)
        return np.array([list(row) for row in matrix], dtype=np.uint8)

    data = patterns(True) > 1
    data[-8, 8] = False  # the dark module
    reserved = (patterns(False) > 1) & ~data
    masks = np.array([[[bool(fn(i, j)) for j in range(size)] for i in range(size)] for fn in encoder.get_data_mask_functions(False)])
    return data, reserved, masks & data


def _best_mask(code: segno.QRCode) -> int:
    size = len(code.matrix)
    data, reserved, masks = _layout(size)
    symbol = np.array([list(row) for row in code.matrix], dtype=np.uint8).astype(bool)
    bits = symbol ^ masks[0]  # undo mask 0 on the data bits
    bits[reserved] = False
    candidates = bits[None, :, :] ^ masks  # (8, size, size)
    scores = _run_scores(candidates) + _block_scores(candidates) + _finder_like_scores(candidates) + _balance_scores(candidates)
    return int(np.argmin(scores))  # the first of equal scores, as segno takes


def _run_scores(candidates: np.ndarray) -> np.ndarray:
    """N1: each row or column run of five or more modules of one colour scores its length minus 2."""
    count, size, _ = candidates.shape
    lines = np.concatenate([candidates, candidates.transpose(0, 2, 1)], axis=1).astype(np.int8)  # (8, 2*size, size)
    edge = np.full((count, 2 * size, 1), -1, dtype=np.int8)
    changes = np.diff(np.concatenate([edge, lines, edge], axis=2), axis=2) != 0  # run boundaries, (8, 2*size, size+1)
    mask_index, line, position = np.nonzero(changes)
    lengths = np.diff(position)
    same_line = (np.diff(mask_index) == 0) & (np.diff(line) == 0)
    long = same_line & (lengths >= 5)
    return np.bincount(mask_index[:-1][long], weights=lengths[long] - 2, minlength=count)


def _block_scores(candidates: np.ndarray) -> np.ndarray:
    """N2: each 2x2 block of one colour (blocks overlap) scores 3."""
    top_left = candidates[:, :-1, :-1]
    same = (top_left == candidates[:, 1:, :-1]) & (top_left == candidates[:, :-1, 1:]) & (top_left == candidates[:, 1:, 1:])
    return 3 * same.sum(axis=(1, 2))


_FINDER_LIKE = bytes((1, 0, 1, 1, 1, 0, 1))


def _finder_like_scores(candidates: np.ndarray) -> np.ndarray:
    """N3: dark-light-dark x3-light-dark with four light modules on one side scores 40, searched as segno does."""
    size = candidates.shape[1]
    scores = []
    for candidate in candidates.astype(np.uint8):
        score = 0
        for line in (*candidate, *candidate.T):
            seq = line.tobytes()
            found = seq.find(_FINDER_LIKE)
            while found != -1:
                after = found + 7
                if found in (0, size - 7) or not any(seq[max(found - 4, 0) : found]) or not any(seq[after : after + 4]):
                    score += 40
                else:
                    after = found + 4  # not counted: look again from the next place the pattern could start
                found = seq.find(_FINDER_LIKE, after)
        scores.append(score)
    return np.array(scores)


def _balance_scores(candidates: np.ndarray) -> np.ndarray:
    """N4: 10 for every full 5 % the share of dark modules is away from half."""
    dark = candidates.mean(axis=(1, 2)) * 100
    return 10 * (np.abs(dark - 50) / 5).astype(int)


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
        self._drawing += self.background.submit_chunks(_draw, missing, CHUNK)

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
