"""Thai-correct text for overlays and share images: fonts, line breaking, balanced wrapping, drawing.

Thai is written without spaces between words, so lines may only break where PyThaiNLP's
``newmm`` dictionary segmenter finds a word boundary; Latin text breaks at spaces. Lines
are balanced (similar lengths) rather than filled greedily, and a word that is wider than
the box makes the text smaller instead of being split. Pillow must lay text out with
libraqm (HarfBuzz), otherwise Thai tone marks and vowels are stacked wrongly.

Characters the font does not have (emoji, for instance) are *dropped* from rendered text
by :func:`fit`; :func:`wrap` and :func:`wrap_chars` keep them (subtitle players draw
emoji with the viewer's own fonts).
"""

from __future__ import annotations

import functools
import math
import re
import struct
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PIL import Image, ImageDraw, ImageFont

from builder.problems import ConfigError

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

Align = Literal["left", "center", "right"]
Box = tuple[int, int, int, int]

#: Characters that never start a line: Thai vowels written after the consonant, repetition
#: and abbreviation marks, closing punctuation. (Combining marks are caught by category.)
NO_LINE_START = frozenset("ะาำๅๆฯ)]}>,.;:!?%…’”»、。/")
#: Characters that never end a line: opening punctuation.
NO_LINE_END = frozenset("([{<‘“«/")
ZERO_WIDTH_SPACE = "\u200b"
#: Smallest font size :func:`fit` goes down to so that one long word fits its box.
MIN_FONT_SIZE = 8
#: Invisible characters that only make sense next to a glyph that may have been dropped.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufe0e\ufe0f")


class TypesettingError(ConfigError):
    """Text cannot be laid out: raqm is missing or a font is not installed."""


# --------------------------------------------------------------------------- fonts


@functools.cache
def require_raqm() -> None:
    """Refuse to lay out Thai without libraqm: without it tone marks collide with vowels."""
    from PIL import features

    if not features.check("raqm"):
        raise TypesettingError(
            "Pillow cannot shape Thai text because libraqm (with libfribidi) is not available. "
            "Install it, e.g. on Debian/Ubuntu: sudo apt-get install libfribidi0 libraqm0, then run again."
        )


@functools.lru_cache(maxsize=128)
def load_font(family: str, weight: int | str = 400, size: int = 32) -> FreeTypeFont:
    """The font ``family`` (a fontpkg family such as 'Kanit') at ``weight`` and ``size`` px, laid out with raqm."""
    require_raqm()
    path = font_path(family, weight)
    font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
    _set_weight_axis(font, weight)
    return font


def font_path(family: str, weight: int | str = 400) -> Path:
    """The font file of ``family`` at ``weight``, from the fontpkg packages installed with pip."""
    import fontpkg

    try:
        return Path(fontpkg.path(family, weight))
    except fontpkg.FamilyNotInstalled:
        installed = ", ".join(sorted(f.name for f in fontpkg.families().values()))
        raise TypesettingError(
            f"the font family '{family}' is not installed (installed: {installed}); "
            f"install it with: pip install fontpkg-{fontpkg.slugify(family)}"
        ) from None
    except fontpkg.FontpkgError as exc:
        raise TypesettingError(f"the font family '{family}' has no weight {weight}: {exc}") from None


def _set_weight_axis(font: FreeTypeFont, weight: int | str) -> None:
    # Variable fonts (Noto Sans Thai) hold every weight in one file; pick ours on the axis.
    import fontpkg

    try:
        axes = font.get_variation_axes()
    except OSError:
        return  # a static font: the file already is the weight
    wanted = fontpkg.normalize_weight(weight)
    values: list[float] = [float(wanted) if axis["name"] in (b"Weight", "Weight") else float(axis["default"] or 0) for axis in axes]
    font.set_variation_by_axes(values)


@functools.cache
def coverage(path: str) -> frozenset[int]:
    """The code points that the font file at ``path`` has glyphs for (read from its cmap table)."""
    data = Path(path).read_bytes()
    tables = _table_directory(data)
    if b"cmap" not in tables:
        return frozenset()
    start = tables[b"cmap"]
    _, count = struct.unpack_from(">HH", data, start)
    records = [struct.unpack_from(">HHI", data, start + 4 + 8 * i) for i in range(count)]
    points: set[int] = set()
    for platform, encoding, offset in records:
        if (platform, encoding) in ((3, 1), (3, 10), (0, 3), (0, 4)):
            points |= _cmap_subtable(data, start + offset)
    return frozenset(points)


def _table_directory(data: bytes) -> dict[bytes, int]:
    (count,) = struct.unpack_from(">H", data, 4)
    entries = (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(count))
    return {tag: offset for tag, _, offset, _ in entries}


def _cmap_subtable(data: bytes, at: int) -> set[int]:
    (fmt,) = struct.unpack_from(">H", data, at)
    if fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        points: set[int] = set()
        for i in range(groups):
            first, last, _ = struct.unpack_from(">III", data, at + 16 + 12 * i)
            points.update(range(first, last + 1))
        return points
    if fmt == 4:
        return _cmap_format4(data, at)
    return set()


def _cmap_format4(data: bytes, at: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    segs = seg_x2 // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segs}H", data, range_at)
    points: set[int] = set()
    for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
        for code in range(first, min(last, 0xFFFE) + 1):
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + offsets[i] + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, where)
            if glyph:
                points.add(code)
    return points


def supported_text(text: str, font: FreeTypeFont) -> str:
    """``text`` without the characters the font cannot draw (emoji, for example), spaces tidied."""
    have = coverage(str(font.path))
    kept = "".join(ch for ch in text if ord(ch) in have or ch.isspace() or ch in INVISIBLE)
    if kept == text:
        return text
    kept = "".join(ch for ch in kept if ch not in INVISIBLE or ch == ZERO_WIDTH_SPACE)
    return re.sub(r"[ \t]{2,}", " ", kept).strip()


# --------------------------------------------------------------------------- segmentation


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


_THAI_CHARACTER = re.compile("[\u0e00-\u0e7f]")


def has_thai(text: str) -> bool:
    return _THAI_CHARACTER.search(text) is not None


def segment(text: str, lang: str = "th") -> list[str]:
    """Split ``text`` into word tokens whose concatenation is ``text`` (newmm for Thai, spaces otherwise).

    ``lang`` is the language the text is meant to be in; Thai script is segmented with
    newmm whatever it says, because an English clip may fall back to Thai text.
    """
    if not has_thai(text):
        return re.findall(r"\s+|\S+", text)
    from pythainlp.tokenize import word_tokenize  # imported on first use: it costs ~0.4 s

    return [token for token in word_tokenize(text, engine="newmm", keep_whitespace=True) if token]


def _can_break(before: str, after: str) -> bool:
    """Whether a line may end after token ``before`` and start with token ``after``."""
    first, last = after[0], before[-1]
    if first.isspace() or first in NO_LINE_START or unicodedata.category(first) in ("Mn", "Mc"):
        return False
    if last in NO_LINE_END:
        return False
    if last.isspace():
        return True
    if is_thai(last) and is_thai(first):
        return True
    # Thai next to Latin letters ("GIสินค้า") may break; digits and symbols stay with their word.
    return (is_thai(last) and first.isalpha()) or (last.isalpha() and is_thai(first))


def units(text: str, lang: str = "th", *, keep: Sequence[str] = ()) -> list[str]:
    """The unbreakable pieces of ``text``, in order; a line break is allowed only between two pieces.

    A zero-width space (U+200B) in the text marks an extra break opportunity and is removed.
    Phrases in ``keep`` (a product or province name) are never broken inside; the wrapping
    functions pass only the phrases that fit on one line.
    """
    text = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    for chunk in text.split(ZERO_WIDTH_SPACE):
        tokens = segment(chunk, lang)
        blocked = _kept_offsets(chunk, keep)
        offset = 0
        for index, token in enumerate(tokens):
            if index > 0 and (offset in blocked or not _can_break(tokens[index - 1], token)):
                pieces[-1] += token
            else:
                pieces.append(token)
            offset += len(token)
    return [p for p in pieces if p]


def _kept_offsets(text: str, keep: Sequence[str]) -> set[int]:
    blocked: set[int] = set()
    for phrase in (unicodedata.normalize("NFC", k) for k in keep):
        start = text.find(phrase) if phrase else -1
        while start >= 0:
            blocked.update(range(start + 1, start + len(phrase)))
            start = text.find(phrase, start + len(phrase))
    return blocked


def visible_length(text: str) -> int:
    """How many characters ``text`` shows: combining marks (Thai tone marks and upper/lower vowels) do not count."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


# --------------------------------------------------------------------------- wrapping


def wrap(text: str, font: FreeTypeFont, max_width: float, lang: str = "th", *, keep: Sequence[str] = ()) -> list[str]:
    """Break ``text`` into balanced lines no wider than ``max_width`` px in ``font``, only between words.

    A single word wider than ``max_width`` gets a line of its own and overflows; use
    :func:`fit` to shrink the font instead.
    """
    kept = [phrase for phrase in keep if font.getlength(phrase) <= max_width]
    return balanced_lines(units(text, lang, keep=kept), font.getlength, max_width)


def wrap_chars(text: str, max_chars: int, lang: str = "th", *, keep: Sequence[str] = ()) -> list[str]:
    """Break ``text`` into balanced lines of at most ``max_chars`` visible characters, only between words."""
    kept = [phrase for phrase in keep if visible_length(phrase) <= max_chars]
    return balanced_lines(units(text, lang, keep=kept), visible_length, max_chars)


def balanced_lines(pieces: Sequence[str], measure: Callable[[str], float], limit: float) -> list[str]:
    """Join ``pieces`` into the fewest lines that fit ``limit``, choosing the breaks that make lines most even.

    Among all ways to use the minimum number of lines, the one with the smallest sum of
    squared line widths wins (for a fixed total that is the most even split).
    """
    if not pieces:
        return []
    width = _line_measure(pieces, measure)
    count = _greedy_count(len(pieces), width, limit)
    n = len(pieces)
    inf = math.inf
    # cost[j][b]: best cost of the first b pieces in j lines; back[j][b]: where line j starts.
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for lines in range(1, count + 1):
        for end in range(1, n + 1):
            for start in range(end - 1, -1, -1):
                w = width(start, end)
                if w > limit and start < end - 1:
                    break  # adding pieces only makes the line wider
                total = cost[lines - 1][start] + w * w
                if total < cost[lines][end]:
                    cost[lines][end], back[lines][end] = total, start
    return _trace(pieces, back, count, n)


def _line_measure(pieces: Sequence[str], measure: Callable[[str], float]) -> Callable[[int, int], float]:
    @functools.cache
    def width(start: int, end: int) -> float:
        return float(measure("".join(pieces[start:end]).strip()))

    return width


def _greedy_count(n: int, width: Callable[[int, int], float], limit: float) -> int:
    count, start = 0, 0
    while start < n:
        end = start + 1
        while end < n and width(start, end + 1) <= limit:
            end += 1
        count, start = count + 1, end
    return count


def _trace(pieces: Sequence[str], back: list[list[int]], count: int, n: int) -> list[str]:
    lines: list[str] = []
    end = n
    for line in range(count, 0, -1):
        start = back[line][end]
        lines.append("".join(pieces[start:end]).strip())
        end = start
    return [line for line in reversed(lines) if line]


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class TextBlock:
    """Lines of text set in one font, ready to draw; geometry in pixels."""

    lines: tuple[str, ...]
    font: FreeTypeFont
    line_height: int

    @property
    def size(self) -> int:
        return int(self.font.size)

    @property
    def ascent(self) -> int:
        return int(self.font.getmetrics()[0])

    @property
    def descent(self) -> int:
        return int(self.font.getmetrics()[1])

    @property
    def width(self) -> int:
        return max((math.ceil(self.font.getlength(line)) for line in self.lines), default=0)

    @property
    def height(self) -> int:
        """From the top of the first line box to the bottom of the last (font ascent/descent)."""
        return self.ascent + self.descent + self.line_height * max(len(self.lines) - 1, 0) if self.lines else 0


def fit(
    text: str,
    *,
    family: str,
    weight: int | str,
    size: int,
    max_width: float,
    lang: str = "th",
    max_lines: int | None = None,
    min_size: int | None = None,
    leading: float = 1.3,
    keep: Sequence[str] = (),
) -> TextBlock:
    """Set ``text`` in at most ``max_lines`` lines of ``max_width`` px, shrinking the font when needed.

    The font shrinks until the widest word fits the box, and further (down to ``min_size``,
    default 60 % of ``size``) while the text needs more than ``max_lines`` lines; characters
    the font lacks (emoji) are dropped.
    """
    smallest = min_size or max(8, round(size * 0.6))
    font = load_font(family, weight, size)
    kept = [phrase for phrase in keep if font.getlength(phrase) <= max_width]
    pieces = units(supported_text(text, font), lang, keep=kept)
    while True:
        font = load_font(family, weight, size)
        widest = max((font.getlength(p.strip()) for p in pieces), default=0.0)
        if widest > max_width and size > MIN_FONT_SIZE:
            # A word is never split: the whole text gets smaller until the widest word fits.
            size = max(MIN_FONT_SIZE, min(size - 1, math.floor(size * max_width / widest)))
            continue
        lines = balanced_lines(pieces, font.getlength, max_width)
        if max_lines is not None and len(lines) > max_lines and size > smallest:
            size = max(smallest, min(size - 1, round(size * 0.92)))
            continue
        return TextBlock(tuple(lines), font, round(size * leading))


def draw_block(
    image: Image.Image,
    block: TextBlock,
    xy: tuple[float, float],
    *,
    fill: str | int | tuple[int, ...],
    align: Align = "left",
    box_width: float | None = None,
) -> Box:
    """Draw ``block`` with its top-left corner at ``xy``; return the bounding box of the ink drawn.

    ``align`` places each line inside ``box_width`` (default: the block's width).
    """
    draw = ImageDraw.Draw(image)
    x, y = xy
    box = box_width if box_width is not None else block.width
    ink: list[Box] = []
    for index, line in enumerate(block.lines):
        baseline = y + block.ascent + index * block.line_height
        shift = {"left": 0.0, "center": (box - block.font.getlength(line)) / 2, "right": box - block.font.getlength(line)}[align]
        origin = (x + shift, baseline)
        draw.text(origin, line, font=block.font, fill=fill, anchor="ls")
        left, top, right, bottom = draw.textbbox(origin, line, font=block.font, anchor="ls")
        ink.append((math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)))
    if not ink:
        return (round(x), round(y), round(x), round(y))
    return (min(b[0] for b in ink), min(b[1] for b in ink), max(b[2] for b in ink), max(b[3] for b in ink))


__all__ = [
    "TextBlock",
    "TypesettingError",
    "balanced_lines",
    "coverage",
    "draw_block",
    "fit",
    "font_path",
    "load_font",
    "require_raqm",
    "segment",
    "supported_text",
    "units",
    "visible_length",
    "wrap",
    "wrap_chars",
]
