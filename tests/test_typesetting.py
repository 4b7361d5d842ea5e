"""Thai-correct line breaking and shaping (builder.typesetting), on the hard cases editors write."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from builder import typesetting as ts

THUNG_KULA = "ข้าวหอมมะลิทุ่งกุลาร้องไห้ปลูกในภาคตะวันออกเฉียงเหนือของประเทศไทย"
LONG_NAME = "ผ้าไหมยกดอกลำพูนทอมือแบบดั้งเดิมของกลุ่มแม่บ้านบ้านหนองเงือกจังหวัดลำพูน"
MIXED = "กาแฟดอยตุง Doi Tung Coffee 1,200 ม. ปลูกสูง 800–1,200 เมตร"
MARKS = "น้ำผึ้งผู้ใหญ่บ้านน้ำใจงามปั้นน้ำเป็นตัวผู้ใหญ่ใจดีที่นี่ก็ได้ค่ะ"
EMOJI = "ผ้าไหม 🧵✨ ลำพูน👍🏽 ดีมาก!"
NO_START = set("ะาำๅๆฯ")


def newmm_boundaries(text: str) -> set[int]:
    from pythainlp.tokenize import word_tokenize

    offsets, at = {0, len(text)}, 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        at += len(token)
        offsets.add(at)
    return offsets


def line_boundaries(text: str, lines: list[str]) -> list[int]:
    """Offsets in ``text`` where each line after the first starts (lines are ``text`` minus spaces at breaks)."""
    offsets, at = [], 0
    for line in lines:
        at = text.index(line, at)
        offsets.append(at)
        at += len(line)
    return offsets[1:]


@pytest.fixture(scope="module")
def kanit() -> ImageFont.FreeTypeFont:
    return ts.load_font("Kanit", 600, 80)


def test_raqm_is_used(kanit: ImageFont.FreeTypeFont) -> None:
    ts.require_raqm()
    assert kanit.layout_engine == ImageFont.Layout.RAQM


@pytest.mark.parametrize("text", [THUNG_KULA, "ทุ่งกุลาร้องไห้", LONG_NAME, MARKS])
def test_thai_breaks_only_between_newmm_words(kanit: ImageFont.FreeTypeFont, text: str) -> None:
    allowed = newmm_boundaries(text)
    for width in range(160, 1000, 60):
        lines = ts.wrap(text, kanit, width)
        assert "".join(lines) == text, "Thai text has no spaces: the lines must join back to it"
        assert set(line_boundaries(text, lines)) <= allowed, (width, lines)


def test_lines_fit_the_width_unless_one_word_is_wider(kanit: ImageFont.FreeTypeFont) -> None:
    for text in (THUNG_KULA, LONG_NAME, MIXED, MARKS):
        for width in (300, 500, 820):
            for line in ts.wrap(text, kanit, width):
                assert kanit.getlength(line) <= width or len(ts.units(line)) == 1, (width, line)


def test_keep_holds_a_place_name_together(kanit: ImageFont.FreeTypeFont) -> None:
    width = kanit.getlength("ทุ่งกุลาร้องไห้") + 40
    lines = ts.wrap(THUNG_KULA, kanit, width, keep=("ทุ่งกุลาร้องไห้",))
    assert any("ทุ่งกุลาร้องไห้" in line for line in lines), lines


@pytest.mark.parametrize("text", [THUNG_KULA, MARKS, LONG_NAME, MIXED])
def test_no_line_starts_with_a_mark_or_following_vowel(kanit: ImageFont.FreeTypeFont, text: str) -> None:
    for width in range(120, 900, 40):
        for line in ts.wrap(text, kanit, width):
            assert unicodedata.category(line[0]) not in ("Mn", "Mc") and line[0] not in NO_START, (width, line)
        for line in ts.wrap_chars(text, max(6, width // 25)):
            assert unicodedata.category(line[0]) not in ("Mn", "Mc") and line[0] not in NO_START, line


def test_mixed_thai_english_numbers(kanit: ImageFont.FreeTypeFont) -> None:
    """Latin words and numbers break only at spaces; Thai only between words; "1,200" and "ม." stay whole."""
    allowed = newmm_boundaries(MIXED)
    for width in range(200, 1200, 50):
        lines = ts.wrap(MIXED, kanit, width)
        assert "".join(lines).replace(" ", "") == MIXED.replace(" ", "")
        for at in line_boundaries(MIXED, lines):
            before, after = MIXED[at - 1], MIXED[at]
            assert before == " " or (ts.is_thai(before) and ts.is_thai(after) and at in allowed), (width, lines)
        assert not any(line.endswith(("1,", "800–", "1")) for line in lines[:-1]), lines


def test_balanced_lines_are_more_even_than_greedy(kanit: ImageFont.FreeTypeFont) -> None:
    text = "Hand-woven silk with fine raised motifs from Lamphun"
    width = max(kanit.getlength("Hand-woven silk with fine"), kanit.getlength("raised motifs from Lamphun")) + 5
    lines = ts.wrap(text, kanit, width, "en")
    widths = [kanit.getlength(line) for line in lines]
    greedy = ["Hand-woven silk with fine", "raised motifs from Lamphun"]
    assert len(lines) == 2
    assert max(widths) - min(widths) <= abs(kanit.getlength(greedy[0]) - kanit.getlength(greedy[1])) + 1


def test_a_word_wider_than_the_box_shrinks_the_font_instead_of_splitting() -> None:
    word = "ตะวันออกเฉียงเหนือ"
    block = ts.fit(word, family="Kanit", weight=600, size=96, max_width=400)
    assert block.lines == (word,)
    assert block.size < 96
    assert block.font.getlength(word) <= 400


def test_fit_respects_max_lines() -> None:
    block = ts.fit(LONG_NAME, family="Kanit", weight=600, size=96, max_width=820, max_lines=2, min_size=24)
    assert len(block.lines) <= 2
    assert all(block.font.getlength(line) <= 820 for line in block.lines)


def test_emoji_do_not_crash_and_are_dropped_from_rendered_text() -> None:
    block = ts.fit(EMOJI, family="Sarabun", weight=500, size=48, max_width=500)
    rendered = "".join(block.lines)
    assert "ผ้าไหม" in rendered and "ลำพูน" in rendered
    assert not any(ord(ch) > 0xFFFF or ch in "✨" for ch in rendered)
    image = Image.new("L", (600, 300))
    box = ts.draw_block(image, block, (10, 10), fill=255)
    assert image.getbbox() is not None and box[2] > box[0]
    # Subtitles keep emoji (players draw them with the viewer's fonts), and never split one:
    # a skin-tone modifier stays with its hand, a flag's two letters stay together.
    text = "ผ้าไหมยกดอกลำพูน ✨ สวยงาม 👍🏽 ของแท้ 100% 🇹🇭 แท้จากลำพูน"
    for limit in (8, 12, 20):
        lines = ts.wrap_chars(text, limit)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), lines
        for cluster in ("👍🏽", "🇹🇭", "100%", "ลำพูน"):
            assert any(cluster in line for line in lines), (cluster, lines)


def test_subtitle_wrap_counts_visible_characters() -> None:
    for limit in (12, 20, 36):
        for line in ts.wrap_chars(THUNG_KULA + MARKS, limit):
            assert ts.visible_length(line) <= limit or len(ts.units(line)) == 1
    assert ts.visible_length("ผู้ใหญ่") == 4  # ผ ู ้ ใ ห ญ ่ : the three marks do not count


def test_zero_width_space_is_a_break_opportunity() -> None:
    assert ts.units("shop.\u200bexample.\u200borg/\u200bsilk", "en") == ["shop.", "example.", "org/", "silk"]


def test_unknown_font_family_names_the_fix() -> None:
    with pytest.raises(ts.TypesettingError, match="pip install fontpkg-"):
        ts.load_font("Comic Thai", 400, 20)


def render(text: str, layout: ImageFont.Layout, family: str = "Sarabun") -> np.ndarray:
    font = ImageFont.truetype(str(ts.font_path(family, 600)), 100, layout_engine=layout)
    image = Image.new("L", (600, 260))
    ImageDraw.Draw(image).text((20, 190), text, font=font, fill=255, anchor="ls")
    return np.asarray(image)


def ink_top(pixels: np.ndarray) -> int:
    return int(np.nonzero(pixels.max(axis=1) > 0)[0][0])


def test_puyai_is_shaped_by_raqm() -> None:
    """ผู้ใหญ่ drawn through typesetting equals the raqm rendering and differs from unshaped (BASIC) layout.

    (In these fonts the difference is mark and pair positioning from GPOS; the collision a
    missing shaper causes is shown by the stacking test below.)
    """
    block = ts.fit("ผู้ใหญ่", family="Sarabun", weight=600, size=100, max_width=1000)
    ours = Image.new("L", (600, 260))
    ts.draw_block(ours, block, (20, 190 - block.ascent), fill=255)
    shaped, unshaped = render("ผู้ใหญ่", ImageFont.Layout.RAQM), render("ผู้ใหญ่", ImageFont.Layout.BASIC)
    assert np.array_equal(np.asarray(ours), shaped)
    assert int((np.abs(shaped.astype(int) - unshaped) > 128).sum()) > 200


@pytest.mark.parametrize("family", ["Sarabun", "Kanit", "Prompt"])
def test_tone_mark_stacks_above_the_upper_vowel(family: str) -> None:
    """In ปั้น the tone mark must sit above mai han-akat, not on top of it (it does not without raqm)."""
    def rise(layout: ImageFont.Layout) -> int:
        return ink_top(render("ปั", layout, family)) - ink_top(render("ปั้", layout, family))

    assert rise(ImageFont.Layout.RAQM) >= 10
    assert rise(ImageFont.Layout.BASIC) < 10, "the check would pass without shaping; it proves nothing"


def test_font_coverage_reads_the_cmap() -> None:
    have = ts.coverage(str(ts.font_path("Kanit", 600)))
    assert all(ord(ch) in have for ch in "กขฃ่้๊๋ ABCxyz0123456789")
    assert ord("🧵") not in have
