"""The marketer's kit: read captions and live scripts the way a marketer (and TikTok) would."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Site, make_photo

from builder.content.catalogue import Catalogue, Product
from builder.content.loader import display, load_catalogue
from builder.kit import CAPTION_LIMIT, KitTexts, catalogue_csv, kit_texts, product_url, write_kit_texts
from builder.kit.hashtags import as_hashtag
from builder.kit.shorten import ELLIPSIS, shorten, thai_word_boundaries
from builder.kit.theme import load_theme
from builder.kit.timing import plan
from builder.problems import ConfigError

SITE_URL = "https://gi-showcase.example.org/"
LENGTHS = (15, 30, 45, 60, 90, 120, 240)
THAI_NUMBER = re.compile(r"สช ?\d{8}")
PENDING = {"th": "เลขทะเบียนอยู่ระหว่างยืนยันกับกรมทรัพย์สินทางปัญญา", "en": "we are confirming its registration number with the Department of Intellectual Property"}


def copy_samples(root: Path) -> Path:
    """The sample catalogue's profiles with small generated photos, so the tests do not need the real photos."""
    for folder in sorted((REPO / "content" / "products").iterdir()):
        if not (folder / "product.yml").is_file():
            continue
        dest = root / "products" / folder.name
        dest.mkdir(parents=True)
        for name in ("product.yml", "th.md", "en.md"):
            if (folder / name).is_file():
                shutil.copy(folder / name, dest / name)
        facts = yaml.safe_load((folder / "product.yml").read_text(encoding="utf-8"))
        for photo in facts["photos"]:
            make_photo(dest / photo["file"], (90, 60))
    return root


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    catalogue, report = load_catalogue(copy_samples(tmp_path_factory.mktemp("content")))
    assert not report.errors, [str(p) for p in report.errors]
    assert len(catalogue.products) >= 2
    return catalogue


def load_one(site: Site, slug: str = "test-silk") -> Product:
    catalogue, report = load_catalogue(site.content)
    assert not report.errors, [str(p) for p in report.errors]
    product = catalogue.get(slug)
    assert product is not None
    return product


def texts(product: Product, lang: str, **options: Any) -> KitTexts:
    return kit_texts(product, lang, product_url=product_url(SITE_URL, product.slug, lang), **options)


def hashtags_of(caption: str) -> list[str]:
    return caption.rstrip("\n").split("\n")[-1].split(" ")


def write_page(site: Site, slug: str, lang: str, meta: dict[str, object], body: str = "## Story\n\nText.\n") -> None:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    site.write(f"products/{slug}/{lang}.md", f"---\n{front}---\n{body}")


# --- captions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_sample_captions_follow_the_rules(samples: Catalogue, lang: str) -> None:
    for product in samples.products:
        caption = texts(product, lang).caption
        meta, gi = product.page(lang).meta, product.facts.gi
        where = f"{product.slug}/{lang}"
        assert len(caption) <= CAPTION_LIMIT, where
        assert caption.endswith("\n") and not caption.endswith("\n\n"), where
        assert caption.startswith((meta.clip.hook or meta.tagline) + "\n"), where
        assert product_url(SITE_URL, product.slug, lang) in caption, where
        if gi.number_confirmed:
            assert gi.registration_number in caption, where
            assert PENDING[lang] not in caption, where
        else:
            assert PENDING[lang] in caption, where
            assert not THAI_NUMBER.search(caption), f"{where}: a registration number appears although none is confirmed"
        tags = hashtags_of(caption)
        assert all(re.fullmatch(r"#[^\s#]*\w[^\s#]*", tag) for tag in tags), (where, tags)
        assert len({t.casefold() for t in tags}) == len(tags), (where, tags)
        folded = {t.casefold() for t in tags}
        assert "#" + as_hashtag(meta.name).casefold() in folded, where
        assert "#" + as_hashtag(product.provinces[0].name(lang)).casefold() in folded, where


def test_caption_reads_as_expected_for_the_brocade_silk(samples: Catalogue) -> None:
    product = samples.get("lamphun-brocade-silk")
    assert product is not None
    thai, english = texts(product, "th").caption, texts(product, "en").caption
    assert thai.startswith("ลายนูนบนผืนไหม ไม่ได้ปัก แต่ทอขึ้นมา\n\nผ้าไหมยกดอกลำพูน · ")
    assert "เลขที่ สช 50100020" in thai and "📍 แหล่งผลิต: ลำพูน" in thai
    assert "ขึ้นทะเบียน GI เลขที่" not in thai, "a characteristic that repeats the number is left out"
    assert {"#ผ้าไหมยกดอกลำพูน", "#ลำพูน", "#สินค้าGI", "#GIไทย"} <= set(hashtags_of(thai))
    assert {"#LamphunBrocadeThaiSilk", "#Lamphun", "#GIThailand", "#ThaiGI"} <= set(hashtags_of(english))
    assert "Registered Thai GI, No. สช 50100020" in english


def test_untranslated_product_gets_english_wording_with_thai_text(one_product: Site) -> None:
    (one_product.product("test-silk") / "en.md").unlink()
    product = load_one(one_product)
    result = texts(product, "en")
    assert result.caption.startswith("ผ้าไหมทอมือลายละเอียดจากลำพูน\n")
    assert "From Lamphun, Thailand" in result.caption and "Registered Thai GI, No. สช 50100020" in result.caption
    assert SITE_URL + "en/products/test-silk/" in result.caption
    assert "# Live-selling script: ผ้าไหมยกดอกทดสอบ" in result.live_markdown


def test_pending_number_is_never_invented(one_product: Site) -> None:
    one_product.add_product("pending-silk", number="to-be-confirmed")
    product = load_one(one_product, "pending-silk")
    for lang in ("th", "en"):
        result = texts(product, lang)
        everything = result.caption + result.live_markdown + result.live_html
        assert not THAI_NUMBER.search(everything) and "to-be-confirmed" not in everything
        assert PENDING[lang] in result.caption
    thai = texts(product, "th").live_markdown
    assert "เลขทะเบียน GI ของผ้าไหมยกดอกทดสอบ อยู่ระหว่างยืนยันกับกรมทรัพย์สินทางปัญญา" in thai


THAI_SENTENCES = " ".join(["ช่างทอเลือกเส้นไหมที่เรียบและเหนียวจากหมู่บ้านริมแม่น้ำ", "ย้อมสีธรรมชาติจากเปลือกไม้และดอกไม้ในท้องถิ่น"] * 9)
THAI_NO_SPACES = "ลวดลายดอกพิกุลที่ทอด้วยมือทีละเส้นอย่างประณีตและใช้เวลานานหลายเดือนกว่าจะเสร็จหนึ่งผืน" * 9
LONG_NAME = "ผ้าไหมยกดอกลายดอกพิกุลทองคำโบราณแห่งคุ้มเจ้าหลวงเมืองหริภุญชัยลำพูนทอมือด้วยเส้นไหมพุ่งพิเศษแบบดั้งเดิมของชุมชน"


@pytest.fixture
def long_product(one_product: Site) -> Product:
    """A profile at the limits: long tagline, eight long characteristics, 50 hashtags, a long Thai name without spaces."""
    folder = one_product.product("test-silk")
    facts = yaml.safe_load((folder / "product.yml").read_text(encoding="utf-8"))
    facts["hashtags"] = [f"แท็กทดสอบที่ยาวพอสมควร{i:02d}" for i in range(50)]
    (folder / "product.yml").write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    characteristics = [THAI_NO_SPACES, THAI_SENTENCES, THAI_SENTENCES[::-1].strip(), *(f"{i} " + THAI_SENTENCES for i in range(5))]
    write_page(
        one_product, "test-silk", "th",
        {"name": LONG_NAME, "tagline": ("ผ้าไหมทอมือ ลายละเอียด " * 10)[:160].strip(), "characteristics": characteristics},
    )  # fmt: skip
    assert len(LONG_NAME) <= 120 and " " not in LONG_NAME
    return load_one(one_product)


def test_long_profile_is_cut_to_the_limit_between_words(long_product: Product) -> None:
    caption = texts(long_product, "th").caption
    assert len(caption) <= CAPTION_LIMIT
    tags = hashtags_of(caption)
    assert "#" + LONG_NAME in tags, "a Thai name without spaces stays one tag"
    assert {"#สินค้าGI", "#GIไทย", "#ลำพูน"} <= set(tags), "the minimum set of tags is kept"
    assert len(tags) < 50, "optional hashtags are dropped first"
    assert len({t.casefold() for t in tags}) == len(tags)
    cut_found = False
    for original in long_product.page("th").meta.characteristics[:3]:
        line = next((line for line in caption.split("\n") if original[:12] in line), None)
        if line is None:
            continue  # left out entirely
        shown = line[line.index(original[:12]) :]
        if shown == original:
            continue
        cut_found = True
        kept = shown.removesuffix(ELLIPSIS)
        assert original.startswith(kept)
        assert len(kept) in thai_word_boundaries(original), f"the cut at {len(kept)} falls inside a newmm word"
        assert not original[len(kept)].isspace() or shown == kept, "a sentence-end cut needs no ellipsis"
    assert cut_found, "at least one fact was shortened (not only dropped)"


def test_english_caption_at_the_limit_keeps_whole_words(one_product: Site) -> None:
    sentence = "Each piece is woven by hand on a wooden loom over several weeks, with supplementary weft threads lifted one by one."
    originals = [f"{label} {sentence * 7}" for label in ("Weave:", "Colour:", "Finish:")]
    write_page(one_product, "test-silk", "en", {"name": "Test Brocade Silk", "tagline": "Hand-woven silk", "characteristics": originals})
    caption = texts(load_one(one_product), "en").caption
    assert len(caption) <= CAPTION_LIMIT
    shortened = 0
    for original in originals:
        line = next((line for line in caption.split("\n") if line.startswith("✅ " + original[:7])), None)
        if line is None or line == "✅ " + original:
            continue
        shortened += 1
        kept = line.removeprefix("✅ ").removesuffix(ELLIPSIS)
        assert original.startswith(kept) and original[len(kept)] in " ,;:", f"cut inside a word: ...{kept[-20:]}|{original[len(kept) :][:10]}"
    assert shortened


def test_shorten_never_cuts_inside_a_word() -> None:
    english = "The loom is old. Weavers lift the warp by hand, then pass the weft. Patterns rise from the cloth."
    assert shorten(english, 30, lang="en") == "The loom is old."
    assert shorten(english, 40, lang="en") == "The loom is old. Weavers lift the warp…", "too little before the sentence end"
    assert shorten(english, 70, lang="en") == "The loom is old. Weavers lift the warp by hand, then pass the weft."
    for limit in range(2, len(english)):
        result = shorten(english, limit, lang="en")
        kept = result.removesuffix(ELLIPSIS)
        assert len(result) <= limit and english.startswith(kept)
        assert not kept or english[len(kept)] in " ,."
    boundaries = set(thai_word_boundaries(THAI_NO_SPACES))
    for limit in range(2, 200, 7):
        kept = shorten(THAI_NO_SPACES, limit, lang="th").removesuffix(ELLIPSIS)
        assert len(kept) < limit and len(kept) in boundaries and THAI_NO_SPACES.startswith(kept)
    assert shorten("ข้าวหอม มะลิ", 50, lang="th") == "ข้าวหอม มะลิ"


def test_hashtags_are_single_words() -> None:
    assert as_hashtag("Doi Tung Coffee") == "DoiTungCoffee"
    assert as_hashtag("ข้าวหอมมะลิทุ่งกุลาร้องไห้") == "ข้าวหอมมะลิทุ่งกุลาร้องไห้"
    assert as_hashtag("Phra Nakhon Si Ayutthaya") == "PhraNakhonSiAyutthaya"
    assert as_hashtag("ผ้าไหม (ยกดอก) ลำพูน!") == "ผ้าไหมยกดอกลำพูน"
    assert as_hashtag("rock 'n' roll") == "RockNRoll"
    assert as_hashtag("!!! ...") == ""


# --- live scripts --------------------------------------------------------------------------------


def assert_timed(segments: Sequence[Any], minutes: int) -> None:
    starts = [s.start for s in segments]
    lengths = [s.minutes for s in segments]
    assert starts[0] == 0 and all(m >= 1 for m in lengths)
    assert all(starts[i + 1] == starts[i] + lengths[i] for i in range(len(segments) - 1))
    assert starts[-1] + lengths[-1] == minutes


@pytest.mark.parametrize("minutes", LENGTHS)
def test_live_timings_add_up(one_product: Site, minutes: int) -> None:
    segments = texts(load_one(one_product), "th", live_minutes=minutes).segments
    assert_timed(segments, minutes)
    keys = [s.key for s in segments]
    assert keys[0] == "hook" and keys[-1] == "close" and "rehook" in keys
    blocks = [k for k in keys if k != "rehook"]
    assert [k for i, k in enumerate(blocks) if i == 0 or blocks[i - 1] != k] == ["hook", "story", "gi", "demo", "offer", "qa", "close"]
    assert all(keys[i] != "rehook" or keys[i + 1] != "rehook" for i in range(len(keys) - 1)), "re-hooks sit between other blocks"
    assert all(s.points for s in segments)
    assert segments[0].minutes <= 3, "the opening hook is in the first minutes"


def test_every_length_is_planned_and_longer_lives_get_more() -> None:
    live = load_theme().settings.live
    previous: dict[str, int] = {}
    for minutes in range(15, 241):
        slots = plan(minutes, live)
        assert_timed(slots, minutes)
        totals = {key: sum(s.minutes for s in slots if s.key == key) for key in ("story", "demo", "qa", "rehook")}
        for key, total in totals.items():
            assert total >= previous.get(key, 0) - 1, (minutes, key)  # rounding may move one minute
        previous = totals
    short, long = plan(15, live), plan(240, live)
    assert sum(s.key == "rehook" for s in long) > 3 * sum(s.key == "rehook" for s in short)


@pytest.mark.parametrize("bad", [14, 241, 0, -60, 60.5, "60", True, None])
def test_invalid_live_lengths_are_refused(one_product: Site, bad: object) -> None:
    with pytest.raises(ConfigError, match="--live-minutes must be a whole number of minutes from 15 to 240"):
        texts(load_one(one_product), "th", live_minutes=bad)


def test_markdown_script_layout(samples: Catalogue) -> None:
    product = samples.get("lamphun-brocade-silk")
    assert product is not None
    result = texts(product, "th")
    lines = result.live_markdown.split("\n")
    assert lines[0] == "# สคริปต์ไลฟ์ขายสินค้า: ผ้าไหมยกดอกลำพูน"
    assert "- **ความยาวไลฟ์:** 60 นาที" in lines
    assert sum(line.startswith("- [ ] ") for line in lines) >= 6
    headings = [line for line in lines if re.fullmatch(r"## \d\d:\d\d–\d\d:\d\d · .+", line)]
    assert len(headings) == len(result.segments)
    assert headings[0] == "## 00:00–00:03 · เปิดไลฟ์ ดึงความสนใจ" and headings[-1].startswith("## 00:5") and "–01:00 · " in headings[-1]
    assert lines.index("## เตรียมให้พร้อมก่อนกดเริ่มไลฟ์") < result.live_markdown.split("\n").index(headings[0])
    gi = "\n".join(p for s in result.segments if s.key == "gi" for p in s.points)
    assert "สช 50100020" in gi and all(sign in gi for sign in product.page("th").meta.genuine_signs)
    story = "\n".join(p for s in result.segments if s.key == "story" for p in s.points)
    assert "ลายนูนที่เกิดจากการทอ" in story and "มรดกจากคุ้มเจ้านาย" in story


@pytest.mark.parametrize("lang", ["th", "en"])
def test_qa_holds_the_profile_questions(samples: Catalogue, lang: str) -> None:
    for product in samples.products:
        result = texts(product, lang)
        qa = "\n".join(p for s in result.segments if s.key == "qa" for p in s.points)
        for item in product.page(lang).meta.faq:
            assert item.q in qa, (product.slug, item.q)
            assert item.q in result.live_markdown


def test_qa_without_faq_offers_generic_questions(one_product: Site) -> None:
    write_page(one_product, "test-silk", "en", {"name": "Test Silk", "tagline": "Silk", "characteristics": ["Woven"]})
    result = texts(load_one(one_product), "en")
    qa = [p for s in result.segments if s.key == "qa" for p in s.points]
    assert sum(p.startswith("Q: ") for p in qa) >= 3


def test_offer_uses_the_price_and_the_shop(one_product: Site) -> None:
    result = texts(load_one(one_product), "th")
    offer = "\n".join(p for s in result.segments if s.key == "offer" for p in s.points)
    assert "ราคา 1,500–4,500 บาทต่อผืน" in offer and "https://shop.example.org/silk" in offer
    english = "\n".join(p for s in texts(load_one(one_product), "en").segments if s.key == "offer" for p in s.points)
    assert "Price: 1,500–4,500 THB per piece" in english


@pytest.mark.parametrize("lang", ["th", "en"])
def test_html_script_is_a_safe_printable_document(one_product: Site, lang: str) -> None:
    meta = {"name": "ผ้าไหม <b>ทดสอบ</b>", "tagline": "ผ้า & ไหม", "characteristics": ["<script>alert(1)</script>", "ลาย \"ดอก\" 'พิกุล'"]}
    write_page(one_product, "test-silk", lang, meta)
    result = texts(load_one(one_product), lang)
    html = result.live_html
    assert html.startswith("<!doctype html>\n") and html.rstrip().endswith("</html>")
    assert f'<html lang="{lang}">' in html and "@media print" in html and "<style>" in html
    assert "<script" not in html.lower() and "javascript:" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "ผ้าไหม &lt;b&gt;ทดสอบ&lt;/b&gt;" in html and "<b>" not in html
    assert "<script>alert(1)</script>" in result.live_markdown, "Markdown and text are written as they are"
    assert html.count('<section class="segment') == len(result.segments)


# --- templates -----------------------------------------------------------------------------------


@pytest.fixture
def themes(tmp_path: Path) -> Path:
    copy = tmp_path / "themes"
    shutil.copytree(REPO / "themes", copy)
    return copy


def break_line(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, text)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "broken", "message"),
    [
        ("caption.th.txt.j2", "{{ product.name }}", "'product' is undefined"),
        ("caption.en.txt.j2", "{% if gi_number %}", "Unexpected end of template"),
        ("live-points.th.txt.j2", "{{ price_in_dollars }}", "'price_in_dollars' is undefined"),
        ("live.md.j2", "{{ labels.nothing }}", "has no attribute 'nothing'"),
        ("live.html.j2", "{% for x in %}", "Expected an expression"),
    ],
)
def test_broken_template_names_file_and_line(one_product: Site, themes: Path, template: str, broken: str, message: str) -> None:
    path = themes / "kit" / template
    markers = ("{{ hook }}", "{% block hook %}", "<body>", "# {{")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = 1 + next(i for i, line in enumerate(lines, start=1) if line.startswith(markers))
    break_line(path, at, broken)
    with pytest.raises(ConfigError) as caught:
        texts(load_one(one_product), "en" if ".en." in template else "th", themes=themes)
    text = str(caught.value)
    if "Unexpected end" in message:
        assert text.startswith(f"{display(path)}:") and message in text
    else:
        assert text.startswith(f"{display(path)}:{at}: ") and message in text, text


def test_broken_kit_yml_names_the_line(one_product: Site, themes: Path) -> None:
    path = themes / "kit" / "kit.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rehook_minutes: 1", "rehook_minutes: lots"), encoding="utf-8")
    line = 1 + path.read_text(encoding="utf-8").split("\n").index("  rehook_minutes: lots")
    with pytest.raises(ConfigError, match=rf"^{re.escape(display(path))}:{line}: live\.rehook_minutes: should be a whole number"):
        texts(load_one(one_product), "th", themes=themes)
    path.write_text(text.replace("  continued: (ต่อ)\n", ""), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"th\.continued: is required but missing"):
        texts(load_one(one_product), "th", themes=themes)


def test_edited_template_changes_the_caption(one_product: Site, themes: Path) -> None:
    path = themes / "kit" / "caption.th.txt.j2"
    edited = path.read_text(encoding="utf-8").replace("📍 แหล่งผลิต:", "📍 มาจาก")
    edited = edited.replace("{{ hook }}\n", "{{ hook }}{% if gi_number %} (GI){% endif %}\n{% if not gi_number %}\nไม่มีเลข\n{% endif %}\n")
    path.write_text(edited, encoding="utf-8")
    caption = texts(load_one(one_product), "th", themes=themes).caption
    assert "📍 มาจาก ลำพูน" in caption
    assert caption.startswith("ผ้าไหมทอมือลายละเอียดจากลำพูน (GI)\n\nผ้าไหมยกดอกทดสอบ"), "a line ending in a tag keeps its line break"


# --- files and catalogue -------------------------------------------------------------------------


def test_write_kit_texts_writes_every_file(samples: Catalogue, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    written = write_kit_texts(samples, kit, site_url=SITE_URL, live_minutes=30)
    assert written == len(samples.products) * 2 * 3
    for product in samples.products:
        for lang in ("th", "en"):
            folder = kit / product.slug / lang
            assert sorted(p.name for p in folder.iterdir()) == ["caption.txt", "live-script.html", "live-script.md"]
            caption = (folder / "caption.txt").read_bytes().decode("utf-8")
            assert caption == texts(product, lang, live_minutes=30).caption
            assert "** 30 " in (folder / "live-script.md").read_text(encoding="utf-8")
    with pytest.raises(ConfigError):
        write_kit_texts(samples, kit, site_url=SITE_URL, live_minutes=300)


def test_product_url_for_both_languages() -> None:
    assert product_url(SITE_URL, "doi-tung-coffee", "th") == SITE_URL + "products/doi-tung-coffee/"
    assert product_url(SITE_URL.rstrip("/"), "doi-tung-coffee", "en") == SITE_URL + "en/products/doi-tung-coffee/"


def test_catalogue_csv(samples: Catalogue) -> None:
    text = catalogue_csv(samples, site_url=SITE_URL)
    assert text == catalogue_csv(samples, site_url=SITE_URL), "reproducible"
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [row["slug"] for row in rows] == [p.slug for p in samples.products]
    for row, product in zip(rows, samples.products, strict=True):
        gi = product.facts.gi
        if gi.number_confirmed:
            assert row["gi_registration_number"] == gi.registration_number
        else:
            assert row["gi_registration_number"] == "to be confirmed"
            assert not any(THAI_NUMBER.search(value) for key, value in row.items() if key.startswith("gi_"))
        assert row["name_th"] == product.pages["th"].meta.name
        assert row["product_url_en"] == SITE_URL + f"en/products/{product.slug}/"
        assert row["main_image"] == Path(product.cover.file).name
        assert row["description_th"].startswith(product.pages["th"].meta.tagline + "\n- ")
