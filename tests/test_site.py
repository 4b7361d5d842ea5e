"""Build a scratch catalogue with the real CLI and read the HTML, images and sitemap like a crawler would."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Site, make_photo
from PIL import Image

CONFIG = str(REPO / "mkdocs.yml")
SITE_URL = "https://gi-showcase.example.org/"


def build(site: Site, *args: str) -> None:
    site.run("build", "--no-clips", "--config", CONFIG, *args, check=True)


def add_gps_photo(site: Site, slug: str) -> None:
    """Replace the cover by a landscape JPEG that says 'rotate 90' and carries GPS, a serial number and a comment."""
    path = site.product(slug) / "photos" / "cover.jpg"
    image = Image.open(make_photo(path, (1200, 800)))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif.get_ifd(0x8825)[2] = (13.0, 45.0, 0.0)  # GPSLatitude
    image.save(path, exif=exif, comment=b"home of the photographer")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("site"))
    (site.content / "products").mkdir(parents=True)
    site.add_product("test-silk")
    site.add_product("thai-only", en=False, number="สช 50100021")
    add_gps_photo(site, "test-silk")
    facts = site.product("test-silk") / "product.yml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("  registered_on: 2007-09-27\n", "  registered_on: 2007-09-27\n  eu_protection: Protected in the EU as a PGI since 2013\n")
    text = text.replace("      en: Phikul flower motif\n", "      en: Phikul flower motif\n    credit: ช่างภาพกลุ่มทอผ้า\n")
    text += "sources:\n  - title: ประกาศกรมทรัพย์สินทางปัญญา\n  - title: EU GI register entry\n    url: https://ec.europa.eu/gi\n"
    facts.write_text(text, encoding="utf-8")
    story = site.product("test-silk") / "th.md"
    story.write_text(
        story.read_text(encoding="utf-8") + '\n<script>alert(1)</script>\n<img src="https://example.org/x.png" onerror="alert(2)">\n[x](javascript:alert(3))\n',
        encoding="utf-8",
    )
    build(site)
    return site


def html(site: Site, relative: str) -> str:
    return (site.root / "site" / relative).read_text(encoding="utf-8")


def test_contract_paths_exist(built: Site) -> None:
    for relative in (
        "index.html", "en/index.html", "products/test-silk/index.html", "en/products/test-silk/index.html",
        "products/thai-only/index.html", "en/products/thai-only/index.html", "sitemap.xml", "robots.txt",
        "category/textile/index.html", "province/th-51/index.html",
    ):
        assert (built.root / "site" / relative).is_file(), relative


def test_html_lang_and_hreflang(built: Site) -> None:
    thai = html(built, "products/test-silk/index.html")
    english = html(built, "en/products/test-silk/index.html")
    assert re.search(r'<html lang="th"', thai) and re.search(r'<html lang="en"', english)
    for page in (thai, english):
        assert hreflang(page) == {"th": f"{SITE_URL}products/test-silk/", "en": f"{SITE_URL}en/products/test-silk/",
                                  "x-default": f"{SITE_URL}products/test-silk/"}
    # the switcher lands on the same product in the other language
    assert '<a class="gi-lang__link" href="../../en/products/test-silk/" lang="en">English</a>' in thai
    assert '<a class="gi-lang__link" href="../../../products/test-silk/" lang="th">ภาษาไทย</a>' in english


def hreflang(page: str) -> dict[str, str]:
    """The language alternates a page announces in its <head>, by hreflang."""
    head = page.split("</head>")[0]
    links = re.findall(r"<link [^>]*>", head)
    found = [(re.search(r'hreflang="([^"]+)"', tag), re.search(r'href="([^"]+)"', tag)) for tag in links if 'rel="alternate"' in tag]
    pairs = [(lang.group(1), href.group(1)) for lang, href in found if lang and href]
    assert len(pairs) == len(dict(pairs)), pairs  # no language twice
    return dict(pairs)


class _Languages(HTMLParser):
    """The language in effect (the nearest lang attribute) for each piece of text on a page, and the classes around it."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None, list[str]]] = []
        self.texts: list[tuple[str, str | None, set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            named = dict(attrs)
            self.open.append((tag, named.get("lang"), (named.get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if data.strip():
            lang = next((lang for _, lang, _ in reversed(self.open) if lang), None)
            self.texts.append((data.strip(), lang, {c for _, _, classes in self.open for c in classes}))


def language_of(page: str, text: str, *, inside: str = "gi-product") -> str | None:
    """The language a browser or screen reader takes ``text`` to be in on ``page`` (the nearest lang attribute around it).

    Only text inside an element of class ``inside`` counts: our product page, not Material's navigation.
    """
    parser = _Languages()
    parser.feed(page)
    found = {lang for data, lang, classes in parser.texts if data == text and inside in classes}
    assert len(found) == 1, (text, found)
    return found.pop()


def noindex(page: str) -> bool:
    return '<meta name="robots" content="noindex, follow">' in page


def sitemap_urls(site: Site) -> dict[str, dict[str, str]]:
    """Each <loc> of sitemap.xml with the alternates listed under it."""
    text = html(site, "sitemap.xml")
    entries = re.findall(r"<url><loc>([^<]+)</loc>(.*?)</url>", text, re.S)
    return {loc: dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', links)) for loc, links in entries}


def test_missing_translation_shows_thai_with_a_notice(built: Site) -> None:
    page = html(built, "en/products/thai-only/index.html")
    assert "This product has no English text yet, so the Thai text is shown." in page
    assert noindex(page)
    # the Thai text is marked Thai; the English heading of its section is not
    assert language_of(page, "ผ้าไหมยกดอกทอด้วยมือในจังหวัดลำพูน") == "th"
    assert language_of(page, "เรื่องราว") == "th"  # the story's own heading
    assert language_of(page, "The story") == "en"
    assert language_of(html(built, "products/thai-only/index.html"), "ผ้าไหมยกดอกทอด้วยมือในจังหวัดลำพูน") == "th"


def test_credits_sources_and_eu_protection_are_marked_in_their_own_language(built: Site) -> None:
    """Editors write these fields in either language: each is marked with the language it is written in, on both pages."""
    for prefix in ("", "en/"):
        page = html(built, f"{prefix}products/test-silk/index.html")
        assert language_of(page, "Protected in the EU as a PGI since 2013") == "en"
        assert language_of(page, "Test photo") == "en"
        assert language_of(page, "ช่างภาพกลุ่มทอผ้า") == "th"
        assert language_of(page, "ประกาศกรมทรัพย์สินทางปัญญา") == "th"
        assert language_of(page, "EU GI register entry") == "en"
    # no redundant marks: a text in the page's own language inherits it
    assert '<span lang="th">ช่างภาพกลุ่มทอผ้า</span>' in html(built, "en/products/test-silk/index.html")
    assert "<span>ช่างภาพกลุ่มทอผ้า</span>" in html(built, "products/test-silk/index.html")


def test_untranslated_product_is_in_no_hreflang_cluster(built: Site) -> None:
    """A Thai-only product has one indexable page: nothing to announce, on its Thai page or its English one, nor in the sitemap."""
    thai, english = html(built, "products/thai-only/index.html"), html(built, "en/products/thai-only/index.html")
    assert not noindex(thai) and noindex(english)
    assert hreflang(thai) == {} and hreflang(english) == {}
    assert 'hreflang' not in thai.split("</head>")[0] and 'hreflang' not in english.split("</head>")[0]
    # the switcher still leads to the other language, both ways
    assert '<a class="gi-lang__link" href="../../en/products/thai-only/" lang="en">English</a>' in thai
    assert '<a class="gi-lang__link" href="../../../products/thai-only/" lang="th">ภาษาไทย</a>' in english
    urls = sitemap_urls(built)
    assert urls[f"{SITE_URL}products/thai-only/"] == {}
    assert f"{SITE_URL}en/products/thai-only/" not in urls


def test_hreflang_is_reciprocal_between_indexable_pages_and_matches_the_sitemap(built: Site) -> None:
    """What a crawler checks: every announced alternate is indexable, announces the same set back, and the sitemap says the same."""
    urls = sitemap_urls(built)
    pages = sorted((built.root / "site").rglob("index.html"))
    checked = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        announced = hreflang(page)
        if not announced:
            continue
        checked += 1
        assert not noindex(page), path
        for lang, url in announced.items():
            target = html(built, url.removeprefix(SITE_URL) + "index.html")
            assert not noindex(target), (path, url)
            assert hreflang(target) == announced, (path, url)
            if lang != "x-default" and url in urls:
                assert urls[url] == announced, url
    assert checked >= 4  # both homes and both test-silk pages at least
    for loc, alternates in urls.items():
        page = html(built, loc.removeprefix(SITE_URL) + "index.html")
        assert not noindex(page) and hreflang(page) == alternates, loc


def jsonld(page: str) -> dict[str, Any]:
    """The page's one JSON-LD block, parsed as a crawler parses it."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert isinstance(data, dict)
    return data


def test_jsonld_product(built: Site) -> None:
    data = jsonld(html(built, "en/products/test-silk/index.html"))
    assert data["@type"] == "Product"
    assert data["name"] == "Test Brocade Silk"
    assert data["description"] == "Hand-woven silk with fine raised motifs from Lamphun"
    assert data["countryOfOrigin"]["identifier"] == "TH"
    assert data["hasCertification"]["certificationIdentification"] == "สช 50100020"
    # every photo of the profile, each a published file
    assert len(data["image"]) == 2
    for url in data["image"]:
        assert url.startswith(SITE_URL + "assets/photos/test-silk/") and url.endswith(".jpg"), url
        assert (built.root / "site" / url.removeprefix(SITE_URL)).is_file(), url
    assert [b["name"] for b in data["brand"]] == ["Test weavers group"]
    # the price range as numbers, as schema.org's AggregateOffer has it (not only as text)
    offers = data["offers"]
    assert offers["@type"] == "AggregateOffer" and offers["priceCurrency"] == "THB"
    assert offers["lowPrice"] == 1500 and offers["highPrice"] == 4500
    assert all(type(offers[key]) is int for key in ("lowPrice", "highPrice"))
    assert offers["url"] == "https://shop.example.org/silk"
    thai = jsonld(html(built, "products/test-silk/index.html"))["offers"]
    assert (thai["lowPrice"], thai["highPrice"]) == (1500, 4500)


def test_jsonld_offer_with_one_price_or_none(site: Site) -> None:
    site.add_product("one-price", number="สช 50100031")
    site.add_product("no-price", number="สช 50100032", seed=2)
    one = site.product("one-price") / "product.yml"
    one.write_text(one.read_text(encoding="utf-8").replace("min: 1500", "min: 130").replace("max: 4500", "max: 130"), encoding="utf-8")
    none = site.product("no-price") / "product.yml"
    text = none.read_text(encoding="utf-8")
    none.write_text(text[: text.index("  price:")] + text[text.index("seasons:") :], encoding="utf-8")
    build(site)
    offer = jsonld(html(site, "en/products/one-price/index.html"))["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == 130 and type(offer["price"]) is int and offer["priceCurrency"] == "THB"
    assert "lowPrice" not in offer and "highPrice" not in offer
    assert "offers" not in jsonld(html(site, "en/products/no-price/index.html"))


def test_images_are_responsive_with_explicit_size(built: Site) -> None:
    page = html(built, "products/test-silk/index.html")
    images = re.findall(r"<img [^>]*>", page)
    gallery = [tag for tag in images if "gi-gallery__img" in tag]
    assert len(gallery) == 2
    for tag in images:
        if "gi-" not in tag:
            continue
        assert re.search(r'width="\d+" height="\d+"', tag), tag
        assert "srcset=" in tag and "sizes=" in tag and 'alt="' in tag
    assert all('loading="lazy"' in tag for tag in gallery)
    assert 'fetchpriority="high"' in next(tag for tag in images if "gi-hero__img" in tag)
    assert '<source type="image/webp"' in page


def test_published_photos_are_upright_and_carry_no_metadata(built: Site) -> None:
    published = sorted((built.root / "site" / "assets" / "photos" / "test-silk").iterdir())
    assert {p.suffix for p in published} == {".jpg", ".webp"}
    upright = [p for p in published if Image.open(p).height > Image.open(p).width]
    assert len(upright) >= 4  # the rotated landscape cover and the portrait detail, in both formats
    for path in published:
        image = Image.open(path)
        assert not image.getexif(), path
        assert "comment" not in image.info and "exif" not in image.info, path
        data = path.read_bytes()
        assert b"SERIAL-123456" not in data and b"photographer" not in data
    for path in (built.root / "site").rglob("*"):
        if path.suffix in (".jpg", ".webp", ".png"):
            assert b"SERIAL-123456" not in path.read_bytes()
    originals = sum(1 for p in published if p.stat().st_size == (built.product("test-silk") / "photos" / "cover.jpg").stat().st_size)
    assert originals == 0


def test_share_images_for_link_previews(built: Site) -> None:
    for lang, prefix in (("th", ""), ("en", "en/")):
        page = html(built, f"{prefix}products/test-silk/index.html")
        url = f"{SITE_URL}assets/share/test-silk-{lang}.jpg"
        assert f'<meta property="og:image" content="{url}">' in page
        assert f'<meta name="twitter:image" content="{url}">' in page
        image = Image.open(built.root / "site" / "assets" / "share" / f"test-silk-{lang}.jpg")
        assert image.size == (1200, 630) and image.format == "JPEG"
        assert not image.getexif()


def test_story_html_is_sanitised(built: Site) -> None:
    page = html(built, "products/test-silk/index.html")
    story = page.split('class="gi-story"')[1].split("</section>")[0]
    assert "<script" not in story and "onerror" not in story and "javascript:" not in story


def test_sitemap_lists_alternates(built: Site) -> None:
    sitemap = html(built, "sitemap.xml")
    assert sitemap.count("<url>") == 5  # home x2, test-silk x2, thai-only x1
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{SITE_URL}en/products/test-silk/"/>' in sitemap
    assert html(built, "robots.txt").endswith(f"Sitemap: {SITE_URL}sitemap.xml\n")


def test_home_cards_and_filters_work_without_javascript(built: Site) -> None:
    home = html(built, "index.html")
    assert home.count('class="gi-card"') == 2
    assert 'href="category/textile/"' in home and 'href="province/th-51/"' in home
    province = html(built, "en/province/th-51/index.html")
    assert "Lamphun province" in province and province.count('class="gi-card"') == 2


def test_product_page_sections(built: Site) -> None:
    page = html(built, "en/products/test-silk/index.html")
    for text in ("GI registration facts", "สช 50100020", "27 Sep 2007", "Lamphun", "Test weavers group",
                 "Authorised to use the GI logo", "What makes it special", "Season", "Where to buy",
                 "1,500–4,500 THB per piece", "How to tell the genuine product", "Scan to check it is genuine", "<svg"):
        assert text in page, text
    assert "27 ก.ย. 2550" in html(built, "products/test-silk/index.html")


def test_search_index_holds_what_the_product_page_shows(built: Site) -> None:
    # Material indexes a page's Markdown, the story; the tagline, facts and characteristics come from our template
    thai = {e["location"]: e for e in json.loads(html(built, "search/search_index.json"))["docs"]}
    english = {e["location"]: e for e in json.loads(html(built, "en/search/search_index.json"))["docs"]}
    own = thai["products/test-silk/"]
    assert own["title"] == "ผ้าไหม\u200bยก\u200bดอก\u200bทดสอบ"
    assert own["text"].startswith("<p>ผ้าไหม\u200bทอ\u200bมือ\u200bลาย\u200bละเอียด\u200bจาก\u200bลำพูน</p>")
    assert "สช 50100020" in own["text"] and "<li>ยก\u200bดอก\u200bด้วย\u200bไหม\u200bเส้น\u200bพุ่ง\u200bพิเศษ</li>" in own["text"]
    assert english["products/test-silk/"]["text"].startswith("<p>Hand-woven silk with fine raised motifs from Lamphun</p>")
    assert "<li>Supplementary weft brocade</li>" in english["products/test-silk/"]["text"]
    # the story's own sections are still there
    assert [loc for loc in thai if loc.startswith("products/test-silk/")] == ["products/test-silk/", "products/test-silk/#_1"]


def test_unconfirmed_number_is_shown_as_such(site: Site) -> None:
    site.add_product(number="to-be-confirmed")
    build(site)
    page = html(site, "en/products/test-silk/index.html")
    assert "To be confirmed with the Department of Intellectual Property" in page
    assert "hasCertification" not in page


def test_content_errors_stop_the_build_and_keep_the_previous_site(one_product: Site) -> None:
    build(one_product)
    before = html(one_product, "products/test-silk/index.html")
    path = one_product.product("test-silk") / "product.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: textile", "category: silk"), encoding="utf-8")
    result = one_product.run("build", "--no-clips", "--config", CONFIG)
    assert result.returncode == 1
    assert result.stderr.count("content/products/test-silk/product.yml:4: category: 'silk' is not one of") == 1  # printed once
    assert "nothing was written, the previous site is unchanged" in result.stderr
    assert html(one_product, "products/test-silk/index.html") == before
    assert not list(one_product.root.glob(".site.*"))


def test_a_photo_in_a_story_stops_its_product_with_our_message_not_mkdocs(site: Site) -> None:
    site.add_product("test-silk")
    site.add_product("photo-story", number="สช 50100031", seed=2)
    story = site.product("photo-story") / "th.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![ภาพ](photos/detail.png)\n", encoding="utf-8")
    line = story.read_text(encoding="utf-8").splitlines().index("![ภาพ](photos/detail.png)") + 1
    result = site.run("build", "--no-clips", "--config", CONFIG)
    assert result.returncode == 1
    assert f"content/products/photo-story/th.md:{line}: story: the story shows the photo 'photos/detail.png', but photos" in result.stderr
    assert "not found among documentation files" not in result.stderr + result.stdout  # MkDocs' own English warning
    assert "product photo-story: left out because of the problems above" in result.stderr


@pytest.mark.parametrize("out", [".", "content", "content/products/x", ".."])
def test_dangerous_output_folders_are_refused(one_product: Site, out: str) -> None:
    result = one_product.run("build", "--no-clips", "--config", CONFIG, "--out", out)
    assert result.returncode == 1
    assert f"refusing to build into {out}" in result.stderr


def test_build_never_modifies_content(one_product: Site) -> None:
    before = {p: p.read_bytes() for p in one_product.content.rglob("*") if p.is_file()}
    build(one_product)
    after = {p: p.read_bytes() for p in one_product.content.rglob("*") if p.is_file()}
    assert before == after


def test_ui_strings_exist_in_both_languages() -> None:
    from builder.i18n import load_strings

    strings = load_strings()
    assert set(strings["th"]) == set(strings["en"])
    assert all(strings["th"][k] and strings["en"][k] for k in strings["th"])


def test_kit_pages_offer_the_caption_and_every_file(built: Site) -> None:
    for relative in ("kit/index.html", "en/kit/index.html", "kit/test-silk/index.html", "en/kit/test-silk/index.html", "kit/catalogue.csv"):
        assert (built.root / "site" / relative).is_file(), relative
    page = html(built, "en/kit/test-silk/index.html")
    caption = (built.root / "site" / "kit" / "test-silk" / "en" / "caption.txt").read_text(encoding="utf-8")
    assert "สช 50100020" in caption
    import html as html_lib

    assert html_lib.escape(caption, quote=False).strip() in page
    links = re.findall(r'href="([^"]+)"[^>]*download', page)
    assert links, "no download links"
    kit_dir = built.root / "site" / "en" / "kit" / "test-silk"
    for link in links:
        assert (kit_dir / link).resolve().is_file(), link
    assert "Clips were not rendered in this build" in page  # built with --no-clips
    assert 'href="../../kit/test-silk/"' in html(built, "products/test-silk/index.html")
    # The live script is on the page as live-script.html shows it, its headings under the page's own.
    script = (built.root / "site" / "kit" / "test-silk" / "en" / "live-script.md").read_text(encoding="utf-8")
    checks = [line.removeprefix("- [ ] ") for line in script.splitlines() if line.startswith("- [ ] ")]
    live = page.split('class="gi-live"', 1)[1]
    assert checks and all(item in html_lib.unescape(live) for item in checks)
    assert live.count('<section class="segment') >= 6 and 'class="segment rehook"' in live
    assert "<h3>" in live and "<h2" not in live.split("</article>")[0] and "- [ ]" not in live


def test_verification_pages_and_qr_target(built: Site) -> None:
    for relative in ("verify/test-silk/index.html", "en/verify/test-silk/index.html", "verify/thai-only/index.html"):
        assert (built.root / "site" / relative).is_file(), relative
    page = html(built, "en/verify/test-silk/index.html")
    for text in ("Check it is genuine: Test Brocade Silk", "GI สช 50100020", "Registered as a Geographical Indication (GI) in Thailand",
                 "✓ Test weavers group", "The label must name a place of origin inside the protected area: Lamphun",
                 "The registration number on the label or papers must match สช 50100020", "If something looks fake", "IPPC"):
        assert text in page, text
    product = html(built, "en/products/test-silk/index.html")
    assert f"{SITE_URL}en/verify/test-silk/" in product  # the QR code's target, printed under it
    assert 'href="../../verify/test-silk/"' in product


def test_qr_codes_drawn_ahead_in_the_background_are_the_codes_and_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.background import Background
    from builder.site import qr

    monkeypatch.setattr(qr, "POOL_FROM", 3)  # the sample is too small to start the worker
    urls = [f"{SITE_URL}verify/product-{index}/" for index in range(5)]
    with Background(jobs=2) as background:
        codes = qr.QrCodes(tmp_path, background=background)
        codes.start(urls)
        assert codes.pending == 5  # drawn by the worker while the build reads profiles
        got = codes.codes([*urls[:2], f"{SITE_URL}en/verify/product-0/"])  # a product the worker was not asked for
        assert codes.pending == 0
    assert list(got) == [*urls[:2], f"{SITE_URL}en/verify/product-0/"]
    assert all(svg == qr.qr_svg(url) for url, svg in got.items())
    assert len(list((tmp_path / "qr").glob("*.svg"))) == 6  # what the worker drew is kept even if no page asked for it yet
    with Background(jobs=2) as background:
        again = qr.QrCodes(tmp_path, background=background)
        again.start(urls)
        assert again.pending == 0  # all cached: nothing to draw
    with Background(jobs=1) as background:  # --jobs 1: no worker, codes drawn when needed
        alone = qr.QrCodes(tmp_path / "alone", background=background)
        alone.start(urls)
        assert alone.pending == 0 and alone.codes(urls[:1]) == {urls[0]: qr.qr_svg(urls[0])}


def test_qr_codes_choose_the_mask_segno_chooses() -> None:
    """builder.site.qr scores the eight masks itself (faster); the code must be the one segno makes."""
    import random
    import string

    import segno

    from builder.site.qr import qr_code

    chance = random.Random(7)
    bases = ["https://gi-showcase.example.org/", "https://x.th/", "http://127.0.0.1:8000/", "https://community-cooperative-of-lamphun.example.co.th/gi/"]
    letters = string.ascii_lowercase + "-"
    urls = [
        f"{chance.choice(bases)}{chance.choice(['', 'en/'])}verify/{''.join(chance.choice(letters) for _ in range(chance.randint(3, 70)))}/"
        for _ in range(300)
    ]
    made = [(segno.make(url, error="m", micro=False), qr_code(url)) for url in urls]
    assert {ours.mask for _, ours in made} == set(range(8))  # every mask won somewhere
    assert {ours.version for _, ours in made} >= {3, 4, 5, 6, 7}  # with and without version information
    assert all(ours.matrix == theirs.matrix and not ours.is_micro for theirs, ours in made)


def test_a_build_that_stops_early_stops_its_background_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.background import Background
    from builder.site import qr

    monkeypatch.setattr(qr, "POOL_FROM", 1)
    codes = qr.QrCodes(tmp_path)
    with pytest.raises(RuntimeError), Background(jobs=2) as background:
        codes.background = background
        codes.start(f"{SITE_URL}verify/product-{index}/" for index in range(400))
        raise RuntimeError("a content error")
    tasks = [task for _, task in codes._drawing]
    assert len(tasks) == 13 and all(task.done() for task in tasks)
    assert sum(task.cancelled() for task in tasks) >= 10  # dropped, not drawn: the worker had started one or two


def test_thai_words_segmented_in_the_background_are_the_words_segmented_here() -> None:
    from builder.background import Background
    from builder.site import search

    texts = ["ข้าวหอมมะลิทุ่งกุลาร้องไห้ปลูกในฤดูฝน", "กาแฟดอยตุงเป็นกาแฟอาราบิก้า"]
    here = [search._segment_runs([text])[0] for text in texts]
    search._known.clear()
    with Background(jobs=2) as background:
        words = search.ThaiWords(background)
        words.start(texts)
        words.collect()
    assert [search._known[text] for text in texts] == here
    assert search.segment_thai("ผ้าไหมยกดอกลำพูน (Lamphun brocade)").startswith("ผ้าไหม\u200bยก\u200bดอก")  # a run no one sent ahead


def test_verification_page_is_honest_about_an_unconfirmed_number(site: Site) -> None:
    site.add_product(number="to-be-confirmed")
    build(site)
    page = html(site, "verify/test-silk/index.html")
    assert "เลขทะเบียนยังรอการยืนยันกับกรมทรัพย์สินทางปัญญา" in page
    assert "สช" not in page.split('<article class="gi-verify">')[1]
