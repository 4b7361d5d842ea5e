"""Site build cost for a synthetic catalogue: prints figures, asserts nothing.

    python benchmarks/bench_site.py [--products 100 1000] [--keep DIR]

For each catalogue size N (both languages, one 1600x1067 photo per product) it prints
the cold build time, the no-change rebuild time, a rebuild after one story edit, a
build that renders every page again with images cached (the cost of pages alone), the
peak memory of the build's process tree, the output size, and the first-load weight of
a product page on a phone measured in headless Chromium when Playwright is installed.
With two sizes it also prints the marginal cost of a page between them, in which the
fixed costs (process start, MkDocs set-up) cancel out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from measure import REPO, run_measured
from PIL import Image

CATEGORIES = ["rice", "coffee", "fruit", "textile", "food"]
PROVINCES = ["TH-45", "TH-57", "TH-51", "TH-67", "TH-75", "TH-93"]
#: Words the synthetic stories are made of. Each story draws its own sequence, so stories
#: differ as real ones do and no per-text cache (such as Thai word segmentation) is flattered.
_THAI = (
    "ข้าว หอม มะลิ ทุ่ง นา ชาวนา ปลูก เก็บ เกี่ยว ฤดู ฝน ดิน เค็ม เมล็ด ยาว ขาว นุ่ม กาแฟ ดอย ป่า ร่ม เงา "
    "คั่ว บด กลิ่น รส ผ้า ไหม ทอ มือ ลาย ยก ดอก สี ธรรมชาติ ชุมชน หมู่บ้าน แม่ บ้าน รุ่น ปู่ ย่า สืบ ทอด "
    "ภูมิปัญญา คุณภาพ มาตรฐาน ตรวจ สอบ แหล่ง กำเนิด จังหวัด ภาค ตะวันออกเฉียงเหนือ เหนือ ใต้ อากาศ เย็น "
    "ลม หนาว แสง แดด น้ำ ลำธาร ภูเขา สูง ผลไม้ หวาน ฉ่ำ เปลือก บาง เนื้อ แน่น ตลาด ขาย ซื้อ ของ แท้"
)
_ENGLISH = (
    "rice jasmine field farmer grown harvest season rain soil grain long white soft coffee mountain forest shade "
    "roasted ground aroma flavour silk woven hand pattern brocade colour natural community village elders "
    "tradition knowledge quality standard checked origin province cool wind sunshine water stream fruit sweet "
    "juicy thin peel firm market sold genuine careful patient family generations"
)
THAI_WORDS, ENGLISH_WORDS = _THAI.split(), _ENGLISH.split()


def story(rng: np.random.Generator, words: list[str], sentences: int, joiner: str) -> str:
    """Sentences of 6-14 random words; Thai joins words without spaces and separates phrases with one."""
    out = []
    for _ in range(sentences):
        picked = rng.choice(words, size=int(rng.integers(6, 15)))
        out.append(joiner.join(str(w) for w in picked) + ("" if joiner == "" else "."))
    return " ".join(out)


def make_catalogue(root: Path, count: int) -> None:
    """Write ``count`` valid products, each with its own photo, into ``root/content``."""
    rng = np.random.default_rng(7)
    for index in range(count):
        folder = root / "content" / "products" / f"product-{index:04d}"
        (folder / "photos").mkdir(parents=True)
        pixels = (rng.random((1067 // 8, 1600 // 8, 3)) * 255).astype(np.uint8)
        Image.fromarray(pixels).resize((1600, 1067), Image.Resampling.BICUBIC).save(folder / "photos" / "cover.jpg", quality=85)
        (folder / "product.yml").write_text(
            f"""gi:
  registration_number: สช {50100000 + index}
  registered_on: 2007-09-27
category: {CATEGORIES[index % len(CATEGORIES)]}
provinces: [{PROVINCES[index % len(PROVINCES)]}]
photos:
  - file: photos/cover.jpg
    alt: {{th: ภาพสินค้าหมายเลข {index}, en: Product number {index}}}
producers:
  - name: {{th: กลุ่มผู้ผลิต {index}, en: Producer group {index}}}
    authorised: true
seasons: [1, 2, 3]
hashtags: [สินค้า{index}, Product{index}]
""",
            encoding="utf-8",
        )
        for lang, name, text in (
            ("th", f"สินค้าทดสอบ {index}", story(rng, THAI_WORDS, 20, "")),
            ("en", f"Test product {index}", "The story of a product made carefully by hand. " + story(rng, ENGLISH_WORDS, 20, " ")),
        ):
            (folder / f"{lang}.md").write_text(
                f"---\nname: {name}\ntagline: {name}\ncharacteristics: [one, two]\n---\n## Story\n\n{text}\n", encoding="utf-8"
            )


def run_build(root: Path) -> tuple[float, float]:
    """Run one build in a child process; return (seconds, peak MB of its process tree)."""
    seconds, peak, _ = run_measured([sys.executable, "-m", "builder", "-q", "build", "--no-clips", "--config", str(REPO / "mkdocs.yml")], cwd=root)
    return seconds, peak


def page_weight(site: Path, path: str) -> str:
    """Bytes a phone downloads to show ``path`` (HTML, CSS, JS, fonts, images above the fold).

    The bytes are counted by the local server as it sends each file, and the browser says
    what each request was for. (Chromium's own response sizes came out differently from run
    to run for the same page: a stylesheet counted as 19 KB once and 142 KB the next time.)
    Web hosts send text (HTML, CSS, JavaScript, JSON, SVG) compressed, so the figure counts
    text as gzip level 6 would send it; photos and fonts are compressed already. The raw total
    is printed too.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "n/a (pip install playwright)"
    import functools
    import gzip
    import http.server
    import threading
    from urllib.parse import urlsplit

    served: dict[str, tuple[int, int]] = {}  # path -> (raw bytes, bytes as a host would send them)
    lock = threading.Lock()
    text = ("text/", "application/javascript", "application/json", "image/svg+xml")

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            outputfile.write(data)
            url_path = urlsplit(self.path).path
            sent = len(gzip.compress(data, 6)) if self.guess_type(url_path).startswith(text) else len(data)
            with lock:
                served[url_path] = (len(data), sent)

    handler = functools.partial(Counting, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    loads = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"])
        # Whether Chromium also fetches a lazy image just below the screen varies from load to
        # load; the heaviest of three first loads (each in a fresh context: nothing cached) is reported.
        for _ in range(3):
            served.clear()
            kinds: dict[str, str] = {}
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
            page = context.new_page()
            page.on("request", lambda request, kinds=kinds: kinds.setdefault(urlsplit(request.url).path, request.resource_type))
            page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="networkidle")
            page.wait_for_timeout(1000)  # lazy images Chromium fetches once layout settles
            context.close()
            loads.append((dict(served), kinds))
        browser.close()
    server.shutdown()
    heaviest, types = max(loads, key=lambda load: sum(sent for _, sent in load[0].values()))
    sizes: dict[str, int] = {}
    for url_path, (_, sent) in heaviest.items():
        kind = types.get(url_path, "other")
        sizes[kind] = sizes.get(kind, 0) + sent
    raw = sum(size for size, _ in heaviest.values())
    parts = ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in sorted(sizes.items(), key=lambda item: -item[1]))
    return f"{sum(sizes.values()) / 1024:.0f} KB with text gzipped, {raw / 1024:.0f} KB raw, in {len(heaviest)} requests ({parts}; heaviest of 3 loads)"


def bench(count: int, keep: Path | None) -> tuple[int, float]:
    """Print the figures for ``count`` products; return (pages, seconds to render them all with images cached)."""
    root = Path(tempfile.mkdtemp(prefix=f"gi-bench-{count}-"))
    try:
        make_catalogue(root, count)
        cold, cold_mb = run_build(root)
        warm, warm_mb = run_build(root)
        edited = root / "content" / "products" / "product-0000" / "en.md"
        edited.write_text(edited.read_text(encoding="utf-8").replace("carefully", "patiently", 1), encoding="utf-8")
        edit, edit_mb = run_build(root)
        # every page again, images and share cards from the cache: the cost of pages alone
        # (their QR codes, kit texts and compiled templates are made again too)
        for cached in ("pages", "qr", "kit", "templates", "profiles"):
            shutil.rmtree(root / ".cache" / cached, ignore_errors=True)
        (root / ".cache" / "last-build.json").unlink()
        render, render_mb = run_build(root)
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        print(f"N={count} products ({pages} pages, both languages)")
        print(f"  cold build           {cold:7.1f} s   peak {cold_mb:6.0f} MB")
        print(f"  no-change rebuild    {warm:7.1f} s   peak {warm_mb:6.0f} MB   ({warm / cold:.1%} of cold)")
        print(f"  one-story-edit       {edit:7.1f} s   peak {edit_mb:6.0f} MB   ({edit / cold:.1%} of cold)")
        print(f"  every page rendered  {render:7.1f} s   peak {render_mb:6.0f} MB   (images cached)")
        print(f"    = {render / pages * 1000:.1f} ms per page, including process start, checking the content, QR codes, kit texts and MkDocs set-up")
        print(f"  output size          {size / 1e6:7.1f} MB")
        print(f"  product page, phone  {page_weight(root / 'site', 'products/product-0001/')}")
        return pages, render
    finally:
        if keep:
            shutil.move(str(root), keep / root.name)
        else:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args()
    figures = [bench(count, args.keep) for count in args.products]
    if len(figures) > 1:
        (small_pages, small), (large_pages, large) = figures[0], figures[-1]
        marginal = (large - small) / (large_pages - small_pages) * 1000
        print(f"Marginal cost of a page between N={args.products[0]} and N={args.products[-1]}: {marginal:.1f} ms (fixed costs cancel out)")


if __name__ == "__main__":
    main()
