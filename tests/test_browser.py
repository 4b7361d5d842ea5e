"""The built site in headless Chromium (Debian's /usr/bin/chromium) on a phone-sized screen."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Site, run_cli, write_config

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = Site(tmp_path_factory.mktemp("browser"))
    (site.content / "products").mkdir(parents=True)
    site.add_product("test-silk")
    site.add_product("thai-only", en=False, number="สช 50100021")
    site.run("build", "--no-clips", "--config", str(REPO / "mkdocs.yml"), check=True)
    yield from _serve(site.root / "site")


@pytest.fixture(scope="module")
def served_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's sample catalogue: real product names, as PyThaiNLP cuts them."""
    root = tmp_path_factory.mktemp("sample")
    out = root / "site"
    run_cli("build", "--no-clips", "--content", str(REPO / "content"), "--config", str(REPO / "mkdocs.yml"), "--out", str(out), cwd=root, check=True)
    yield from _serve(out)


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (./tasks test does)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    # A failed download is recorded by its URL below; the console only says "Failed to load resource".
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "Failed to load resource" not in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: errors.append(f"failed to load {request.url}") if "ERR_ABORTED" not in str(request.failure) else None)
    page.on("response", lambda response: errors.append(f"failed to load {response.url}") if response.status >= 400 else None)
    page.errors = errors
    yield page
    context.close()


def test_language_switch_lands_on_the_same_product(served: str, page: object) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))  # type: ignore[attr-defined]
    page.goto(served + "products/test-silk/", wait_until="networkidle")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "th"  # type: ignore[attr-defined]
    page.click(".gi-lang__link")  # type: ignore[attr-defined]
    page.wait_for_url(served + "en/products/test-silk/")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text() == "Test Brocade Silk"  # type: ignore[attr-defined]
    page.click(".gi-lang__link")  # type: ignore[attr-defined]
    page.wait_for_url(served + "products/test-silk/")  # type: ignore[attr-defined]
    # our switcher links to the same product itself: Material's sitemap look-ups are not needed
    assert not [url for url in requested if url.endswith("sitemap.xml")], requested
    assert page.errors == []  # type: ignore[attr-defined]


def test_gallery_opens_a_lightbox_and_closes(served: str, page: object) -> None:
    page.goto(served + "en/products/test-silk/")  # type: ignore[attr-defined]
    lightbox = page.locator("#photo-2")  # type: ignore[attr-defined]
    assert not lightbox.is_visible()
    page.locator(".gi-gallery__thumb").nth(1).click()  # type: ignore[attr-defined]
    lightbox.wait_for(state="visible")
    assert "Phikul flower motif" in lightbox.inner_text()
    lightbox.locator(".gi-lightbox__close").click()
    lightbox.wait_for(state="hidden")
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_qr_code_on_a_product_page_scans_to_its_verification_page(served: str, page: object) -> None:
    import cv2
    import numpy as np

    for path, lang in (("products/test-silk/", ""), ("en/products/test-silk/", "en/")):
        page.goto(served + path)  # type: ignore[attr-defined]
        code = page.locator(".gi-qr__code svg")  # type: ignore[attr-defined]
        code.scroll_into_view_if_needed()
        pixels = cv2.imdecode(np.frombuffer(code.screenshot(), np.uint8), cv2.IMREAD_GRAYSCALE)
        # the phone camera's view: the code as drawn, with a white margin around it
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(cv2.copyMakeBorder(pixels, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255))
        assert text == f"https://gi-showcase.example.org/{lang}verify/test-silk/", path
    assert page.errors == []  # type: ignore[attr-defined]


def test_search_index_waits_for_the_search_box(served: str, page: object) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))  # type: ignore[attr-defined]
    page.goto(served, wait_until="networkidle")  # type: ignore[attr-defined]
    # the index and the sitemap grow with the catalogue: a page's first load must download neither
    assert not [url for url in requested if url.endswith(("search_index.json", "sitemap.xml"))], requested
    assert search(page, "ลำพูน")[0] == "/products/test-silk/"
    assert [url for url in requested if url.endswith("search_index.json")] == [served + "search/search_index.json"]
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        # names of several words, typed without spaces as Thai is written
        ("", "มะขามหวาน", "products/phetchabun-sweet-tamarind/"),
        ("", "ข้าวหอมมะลิ", "products/thung-kula-rong-hai-jasmine-rice/"),
        ("", "ทุ่งกุลาร้องไห้", "products/thung-kula-rong-hai-jasmine-rice/"),
        ("", "ดอยช้าง", "products/doi-chaang-coffee/"),
        ("", "สังข์หยด", "products/sangyod-phatthalung-rice/"),
        ("", "ปลาทูแม่กลอง", "products/mae-klong-mackerel/"),
        ("", "ผ้าไหมยกดอกลำพูน", "products/lamphun-brocade-silk/"),
        ("", "มะขามหว", "products/phetchabun-sweet-tamarind/"),  # still typing
        # one word, also where the browser's Intl.Segmenter would cut it into syllables (อา|รา|บิ|กา)
        ("", "ลำพูน", "products/lamphun-brocade-silk/"),
        ("", "อาราบิกา", "products/doi-"),  # either coffee
        # a Thai word the index cuts in two (ใบ|เตย), found only in the tagline
        ("", "ใบเตย", "products/thung-kula-rong-hai-jasmine-rice/"),
        ("en/", "jasmine rice", "en/products/thung-kula-rong-hai-jasmine-rice/"),
        ("en/", "tamarind", "en/products/phetchabun-sweet-tamarind/"),
    ],
)
def test_search_finds_the_product_first(served_sample: str, page: object, path: str, query: str, expected: str) -> None:
    page.goto(served_sample + path, wait_until="networkidle")  # type: ignore[attr-defined]
    found = search(page, query)
    assert found and found[0].startswith("/" + expected), (query, found)
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("", "ละเอียด", "products/test-silk/"),  # only in the tagline
        ("", "พิเศษ", "products/test-silk/"),  # only in a characteristic
        ("", "สช 50100020", "products/test-silk/"),  # the GI number in the facts
        ("en/", "raised", "en/products/test-silk/"),
        ("en/", "supplementary", "en/products/test-silk/"),
    ],
)
def test_search_finds_what_the_page_shows_besides_its_story(served: str, page: object, path: str, query: str, expected: str) -> None:
    page.goto(served + path, wait_until="networkidle")  # type: ignore[attr-defined]
    assert "/" + expected in search(page, query)
    assert page.errors == []  # type: ignore[attr-defined]


def test_search_for_an_unknown_thai_word_finds_nothing(served_sample: str, page: object) -> None:
    # cut into the index's words around it, it would find whatever its fragments start
    page.goto(served_sample, wait_until="networkidle")  # type: ignore[attr-defined]
    assert search(page, "สบาย") == []
    assert page.locator(".md-search-result__meta").inner_text() == "ไม่พบเอกสารที่ตรงกัน"  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def search(page: object, query: str) -> list[str]:
    """The paths of the results, best first, of ``query`` typed into the search box of the open page."""
    page.locator("label[for='__search']").first.click()  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill(query)
    box.press("End")  # a real key-up, which Material's search listens for (typed Thai arrives through composition)
    # Answered when the meta line counts matches ("3 matching documents", "พบ # เอกสารที่ตรงกัน") or says there
    # are none; "Initializing search" and "Type to start searching" (an empty query) are not answers.
    answered = "() => /matching documents?|ตรงกัน/i.test(document.querySelector('.md-search-result__meta').innerText)"
    page.wait_for_function(answered, timeout=15000)  # type: ignore[attr-defined]
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]  # type: ignore[attr-defined]
    return [urllib.parse.urlsplit(h).path for h in hrefs if h]


def test_phone_screenshots(served: str, page: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for path, name in (("", "home-th"), ("products/test-silk/", "product-th"), ("en/products/thai-only/", "product-en-fallback")):
        page.goto(served + path)  # type: ignore[attr-defined]
        page.evaluate("document.fonts.ready")  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= PHONE["width"], f"{path} scrolls sideways on a phone ({width}px)"
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_kit_copy_button_puts_the_caption_on_the_clipboard(served: str, browser: object) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
    page = context.new_page()
    page.goto(served + "en/kit/test-silk/")
    expected = page.locator("#gi-caption").input_value()
    assert "สช 50100020" in expected and "#GIThailand" in expected
    page.click("button[data-gi-copy]")
    page.locator(".gi-copy__status").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    for link in page.locator("a[download]").all():
        url = urllib.parse.urljoin(page.url, link.get_attribute("href"))
        assert page.request.get(url).ok, url
    context.close()


@pytest.fixture(scope="module")
def served_with_clip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-product site built with its clips (15 s, the shortest allowed, to keep the test quick)."""
    site = Site(tmp_path_factory.mktemp("with-clip"))
    (site.content / "products").mkdir(parents=True)
    site.add_product("test-silk")
    write_config(site.root)
    site.run("build", check=True)
    handler = functools.partial(_QuietHandler, directory=str(site.root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_kit_page_video_loads_the_clip(served_with_clip: str, page: object) -> None:
    page.goto(served_with_clip + "kit/test-silk/")  # type: ignore[attr-defined]
    video = page.locator("video.gi-kit__video")  # type: ignore[attr-defined]
    video.wait_for()
    page.wait_for_function("document.querySelector('video').readyState >= 1", timeout=20000)  # type: ignore[attr-defined]
    facts = page.evaluate("(() => { const v = document.querySelector('video'); return [v.videoWidth, v.videoHeight, v.duration]; })()")  # type: ignore[attr-defined]
    assert facts[0] == 1080 and facts[1] == 1920
    assert 14.5 <= facts[2] <= 15.5
    for link in page.locator("a[download]").all():  # type: ignore[attr-defined]
        url = urllib.parse.urljoin(page.url, link.get_attribute("href"))  # type: ignore[attr-defined]
        assert page.request.get(url).ok, url  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]
