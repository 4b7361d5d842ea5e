"""Untrusted content (issue 7): hostile and odd input through the real CLI, with the exact messages editors read.

Most cases share two scratch projects to keep the file fast: ``rogues`` holds one broken
product per case and is checked once; ``gauntlet`` holds content that must build (with
warnings) and is built once. Each test then asserts on that one run.
"""

from __future__ import annotations

import html
import json
import os
import re
import struct
import subprocess
import sys
import time
import unicodedata
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from conftest import EN_MD, REPO, TH_MD, Site, make_photo, write_config
from PIL import Image

CONFIG = str(REPO / "mkdocs.yml")
P = "content/products"


# --- making hostile files --------------------------------------------------------------------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(path: Path, width: int, height: int, *, depth: int, colour: int, rows: Callable[[], list[bytes]], extra: bytes = b"") -> Path:
    """A PNG written chunk by chunk, its pixel rows compressed in blocks so no full image is ever in memory."""
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(block) for block in rows()) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + extra + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))
    return path


def png_bomb(path: Path, width: int, height: int) -> Path:
    """A 1-bit palette PNG of ``width`` x ``height`` black pixels: a few hundred KB that would decode to ``width*height`` bytes."""
    row = b"\x00" * (1 + (width + 7) // 8)
    block = 1000

    def rows() -> list[bytes]:
        return [row * min(block, height - start) for start in range(0, height, block)]

    return _png(path, width, height, depth=1, colour=3, rows=rows, extra=_chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff"))


def png_rgb16(path: Path, width: int, height: int) -> Path:
    """A 48-bit (16 bits per channel) RGB PNG, as photo editors export; Pillow cannot write these itself."""
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.stack([x * 65535 // width, y * 65535 // height, np.full_like(x, 20000)], axis=-1).astype(">u2")
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))
    return _png(path, width, height, depth=16, colour=2, rows=lambda: [raw])


def photo_with_secrets(path: Path, size: tuple[int, int]) -> Path:
    """A landscape JPEG whose EXIF says 'rotate 90' and carries GPS, a body serial number, a comment and XMP."""
    image = Image.open(make_photo(path, size))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0xA431] = "SERIAL-778899"  # BodySerialNumber
    exif[0x010F] = "SecretCam"  # Make
    exif.get_ifd(0x8825)[2] = (13.0, 45.0, 30.0)  # GPSLatitude
    exif.get_ifd(0x8825)[1] = "N"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="13,45.5N" note="XMP-SECRET"/></x:xmpmeta>'
    image.save(path, exif=exif, comment=b"COMMENT-SECRET home of the photographer", xmp=xmp)
    return path


SECRETS = (b"SERIAL-778899", b"SecretCam", b"COMMENT-SECRET", b"XMP-SECRET", b"PNG-TEXT-SECRET")


def big_photo(path: Path, size: tuple[int, int]) -> Path:
    """A large JPEG made with Pillow's own generators (numpy noise at 48 MP would need gigabytes)."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.effect_noise((width // 8, height // 8), 40).resize(size)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.merge("RGB", (red, green, blue)).save(path, quality=80)
    return path


def edit(site: Site, slug: str, name: str, old: str, new: str) -> None:
    path = site.product(slug) / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {slug}/{name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_photo(site: Site, slug: str, index: int, reference: str) -> None:
    """Point photos[index] (1 = cover, 2 = detail) of a conftest product at ``reference`` (a YAML scalar)."""
    old = "file: photos/cover.jpg" if index == 1 else "file: photos/detail.png"
    edit(site, slug, "product.yml", old, f"file: {reference}")


def numbered(start: int) -> Callable[[], str]:
    """Distinct, well-formed GI numbers, so products do not report each other as duplicates."""
    counter = iter(range(start, start + 1000))
    return lambda: f"สช 501{next(counter):05d}"


# --- a story full of raw HTML ----------------------------------------------------------------------------------------

ATTACK_MD = """\
---
name: ผ้าไหมทดสอบความปลอดภัย
tagline: เรื่องราวที่มี HTML อันตรายอยู่ข้างใน
characteristics:
  - ทอมือ
---
## เรื่องราว

ย่อหน้าแรก <script>alert("XSS-1")</script> ต่อ

<img src="https://example.org/x.png" onerror="alert('XSS-2')">

<!-- --><script>alert("XSS-3")</script>

<iframe src="https://evil.example/XSS-4"></iframe>

<svg onload="alert('XSS-5')"><circle r="1"/></svg>

<p style="width: expression(alert('XSS-6'))">a</p>

<p style="background: url(javascript:alert('XSS-7'))">b</p>

ย่อหน้าที่มีคุณสมบัติ
{: onclick="alert('XSS-8')" }

[one](javascript:alert(9)) [two](vbscript:msgbox(10)) [three](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)

<a href="JaVaScRiPt:alert('XSS-12')">four</a> <a href="&#106;avascript:alert('XSS-13')">five</a>

[safe](https://example.org/safe) and `<script>shown as code</script>`

```html
<script>also shown as code</script>
```

<style>body { display: none }</style>

| ซ้าย | กลาง |
|:-----|:----:|
| 1    | 2    |
"""

_REMOVED_SCRIPT = "removed <script> (raw HTML that could run code); write plain text or Markdown instead"
_STYLE = "removed the attribute 'style' from <p> (styles could hide or disguise text; the theme sets the look); remove it"


def _link(url: str) -> str:
    return f"removed the link to '{url}' (only http, https, mailto and tel addresses are kept); write a web address starting with https://"


#: What check and build say about ATTACK_MD, line by line.
ATTACK_WARNINGS = [
    (9, _REMOVED_SCRIPT),
    (11, "removed the attribute 'onerror' from <img> (an event handler that could run code); remove it"),
    (13, _REMOVED_SCRIPT),
    (15, "removed <iframe> (raw HTML that could run code); write plain text or Markdown instead"),
    (17, "removed <svg> (raw HTML that could run code); write plain text or Markdown instead"),
    (19, _STYLE),
    (21, _STYLE),
    (24, "removed the attribute 'onclick' from <p> (an event handler that could run code); remove it"),
    (26, _link("javascript:alert(9)")),
    (26, _link("vbscript:msgbox(10)")),
    (26, _link("data:text/html;base64,PHNjcmlwdD5hbGVyd…")),
    (28, _link("JaVaScRiPt:alert('XSS-12')")),
    (28, _link("javascript:alert('XSS-13')")),
    (36, "removed <style> (raw HTML that could restyle or hide the page); write plain text or Markdown instead"),
]


def attack_lines(slug: str) -> list[str]:
    return [f"{P}/{slug}/th.md:{line}: warning: story: {message}" for line, message in ATTACK_WARNINGS]


# --- rogues: one broken product per case, checked in one run ---------------------------------------------------------

def _python_tag(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "category: textile", 'category: !!python/object/apply:os.system ["touch PWNED"]')


def _python_tag_front_matter(site: Site, slug: str) -> None:
    edit(site, slug, "en.md", "name: Test Brocade Silk", "name: !!python/name:os.system")


def billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _alias_bomb(site: Site, slug: str) -> None:
    path = site.product(slug) / "product.yml"
    path.write_text(path.read_text(encoding="utf-8") + billion_laughs(), encoding="utf-8")


def _self_alias(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "seasons: [1, 2, 3]", "seasons: &loop [1, *loop]")


def _deep(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "seasons: [1, 2, 3]", "seasons: " + "[" * 200 + "]" * 200)


def _huge(site: Site, slug: str) -> None:
    path = site.product(slug) / "product.yml"
    path.write_text(path.read_text(encoding="utf-8") + ("# " + "x" * 98 + "\n") * 3000, encoding="utf-8")


def _list_yaml(site: Site, slug: str) -> None:
    (site.product(slug) / "product.yml").write_text("- gi\n- category\n", encoding="utf-8")


def _string_front_matter(site: Site, slug: str) -> None:
    (site.product(slug) / "en.md").write_text("---\njust a sentence\n---\nThe story.\n", encoding="utf-8")


def _list_front_matter(site: Site, slug: str) -> None:
    (site.product(slug) / "en.md").write_text("---\n- name\n- tagline\n---\nThe story.\n", encoding="utf-8")


def _utf16(site: Site, slug: str) -> None:
    (site.product(slug) / "en.md").write_text(EN_MD, encoding="utf-16")  # what Notepad calls "Unicode"


def _nul(site: Site, slug: str) -> None:
    edit(site, slug, "th.md", "tagline: ผ้าไหม", "tagline: \x00ผ้าไหม")


def _escape_codes(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "category: textile", 'category: "\\e[2J\\e]0;owned\\atextile"')


def _bad_references(site: Site, slug: str) -> None:
    folder = site.product(slug)
    make_photo(folder / "photos" / "-rf.jpg", (40, 30))
    outside = make_photo(site.root / "outside.jpg", (40, 30))
    (folder / "photos" / "link.jpg").symlink_to(outside)
    references = [
        "../other/photos/cover.jpg", "/etc/passwd.jpg", "'C:\\photos\\a.jpg'", "https://example.org/a.jpg",
        "'data:image/jpeg;base64,AAAA'", "photos/link.jpg", "photos/-rf.jpg", '"photos/a\\e[2J.jpg"',
    ]
    photos = "".join(f"  - file: {ref}\n    alt: {{th: ภาพ, en: photo}}\n" for ref in references)
    edit(site, slug, "product.yml", "photos:\n", "photos:\n" + photos)


def _story_link(site: Site, slug: str) -> None:
    outside = site.root / "secret.md"
    outside.write_text(TH_MD, encoding="utf-8")
    (site.product(slug) / "th.md").unlink()
    (site.product(slug) / "th.md").symlink_to(outside)


def _bomb(site: Site, slug: str) -> None:
    png_bomb(site.product(slug) / "photos" / "detail.png", 30000, 30000)


def _too_many_pixels(site: Site, slug: str) -> None:
    png_bomb(site.product(slug) / "photos" / "detail.png", 12000, 10000)


def _truncated(site: Site, slug: str) -> None:
    path = site.product(slug) / "photos" / "cover.jpg"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _html_as_jpeg(site: Site, slug: str) -> None:
    (site.product(slug) / "photos" / "cover.jpg").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")


def _svg_as_jpeg(site: Site, slug: str) -> None:
    (site.product(slug) / "photos" / "cover.jpg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")


def _gif_as_jpeg(site: Site, slug: str) -> None:
    Image.new("RGB", (40, 30)).save(site.product(slug) / "photos" / "cover.jpg", "GIF")


def _padded(site: Site, slug: str) -> None:
    with (site.product(slug) / "photos" / "cover.jpg").open("r+b") as handle:
        handle.truncate(41 * 1024 * 1024)  # a valid JPEG followed by 41 MB of (sparse) zeros


def _markup_in_fields(site: Site, slug: str) -> None:
    edit(site, slug, "th.md", "name: ผ้าไหมยกดอกทดสอบ", "name: 'ผ้า<script>alert(1)</script>'")
    edit(site, slug, "th.md", "  - ลายดอกพิกุล", "  - '<img src=x onerror=alert(2)>'")
    edit(site, slug, "th.md", "a: ควรซักแห้ง", "a: 'ควรซักแห้ง </title><script>alert(3)</script>'")
    edit(site, slug, "product.yml", "en: Golden brocade silk", "en: '<svg onload=alert(4)>'")
    edit(site, slug, "product.yml", "en: Test weavers group", "en: 'Weavers <!-- x -->'")
    edit(site, slug, "product.yml", "label: {th: ร้านค้า, en: Shop}", "label: {th: ร้านค้า, en: '<b onmouseover=alert(5)>Shop</b>'}")


def _script_contact(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "    authorised: true\n", "    authorised: true\n    contact: ' JaVa Script:alert(1)'\n")


def _addresses(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "url: https://shop.example.org/silk", "url: 'https://shop.example.org/\"onmouseover=\"alert(1)'")
    edit(site, slug, "product.yml", "seasons: [1, 2, 3]", "sources:\n  - {title: Registry, url: 'javascript:alert(2)'}\nseasons: [1, 2, 3]")


def _http_contact(site: Site, slug: str) -> None:
    edit(site, slug, "product.yml", "    authorised: true\n", '    authorised: true\n    contact: \'http://x"onmouseover="alert(1)\'\n')


def _unlisted_photo(site: Site, slug: str) -> None:
    make_photo(site.product(slug) / "photos" / "\x07bell\x1b[2J.jpg", (40, 30))


def _append_story(site: Site, slug: str, text: str) -> None:
    path = site.product(slug) / "th.md"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _story_nesting(site: Site, slug: str) -> None:
    _append_story(site, slug, "".join("    " * level + "- x\n" for level in range(40)))


def _story_open_tags(site: Site, slug: str) -> None:
    _append_story(site, slug, "\n" + "<a " * 10000 + "\n")


def _story_brackets(site: Site, slug: str) -> None:
    _append_story(site, slug, "\n" + "[" * 2000 + "\n")


def _story(site: Site, slug: str) -> None:
    (site.product(slug) / "th.md").write_text(ATTACK_MD, encoding="utf-8")


ROGUES: dict[str, Callable[[Site, str], None]] = {
    "python-tag": _python_tag,
    "python-tag-front-matter": _python_tag_front_matter,
    "alias-bomb": _alias_bomb,
    "self-alias": _self_alias,
    "deep": _deep,
    "huge": _huge,
    "list-yaml": _list_yaml,
    "string-front-matter": _string_front_matter,
    "list-front-matter": _list_front_matter,
    "utf16": _utf16,
    "nul": _nul,
    "escape-codes": _escape_codes,
    "bad-references": _bad_references,
    "story-link": _story_link,
    "bomb": _bomb,
    "too-many-pixels": _too_many_pixels,
    "truncated": _truncated,
    "html-as-jpeg": _html_as_jpeg,
    "svg-as-jpeg": _svg_as_jpeg,
    "gif-as-jpeg": _gif_as_jpeg,
    "padded": _padded,
    "markup-in-fields": _markup_in_fields,
    "script-contact": _script_contact,
    "addresses": _addresses,
    "http-contact": _http_contact,
    "unlisted-photo": _unlisted_photo,
    "story-nesting": _story_nesting,
    "story-open-tags": _story_open_tags,
    "story-brackets": _story_brackets,
    "story": _story,
}
#: A product folder whose name would drive a terminal if printed as it is.
EVIL_FOLDER = "\x1b[2Jevil"


@pytest.fixture(scope="module")
def rogues(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[str], int]:
    site = Site(tmp_path_factory.mktemp("rogues"))
    (site.content / "products").mkdir(parents=True)
    number = numbered(100)
    for slug, spoil in ROGUES.items():
        site.add_product(slug, number=number())
        spoil(site, slug)
    (site.content / "products" / EVIL_FOLDER).mkdir()
    result = site.run("check")
    return site, result.stdout.splitlines(), result.returncode


_INSIDE = "it must be a path inside the product folder, like photos/field.jpg"
_WEB = "is a web address; download the photo into photos/ and write its path (must be a path inside the product folder, like photos/field.jpg)"
_NOT_IMAGE = (
    "the file is not a readable JPEG, PNG or WebP image (its content is not an image: perhaps a web page or an SVG drawing "
    "renamed to .jpg); export the photo again from your photo app"
)
_PLAIN = "looks like HTML, but this field is plain text; write it without '<'"
_PLAIN_MD = _PLAIN + " (Markdown and HTML belong in the story, below the second '---')"
_QUOTE = "a web address cannot contain a double quote (\"); copy the address again from the browser's address bar"

#: Every line `check` prints for each rogue product, exactly.
EXPECTED: dict[str, list[str]] = {
    "python-tag": [
        "product.yml:4: the tag '!!python/object/apply:os.system' is not allowed (column 11); write plain text, numbers, lists and mappings only"
    ],
    "python-tag-front-matter": [
        "en.md:2: the tag '!!python/name:os.system' is not allowed (column 7); write plain text, numbers, lists and mappings only"
    ],
    "alias-bomb": [
        "product.yml:36: the YAML expands to more than 50,000 values through anchors (&) and aliases (*); "
        "write the values out instead of repeating anchors"
    ],
    "self-alias": [
        "product.yml:30: an alias (*) refers to a list or mapping that contains it, so the value would never end; write the values out instead"
    ],
    "deep": ["product.yml:30: the lists and mappings are nested more than 32 levels deep; check the indentation"],
    "huge": ["product.yml: the file is 297 KB, more than the limit of 256 KB; shorten it"],
    "list-yaml": ["product.yml:1: the file must hold 'key: value' lines, not a list"],
    "string-front-matter": ["en.md:2: the front matter must hold 'key: value' lines (name, tagline, ...), not a single value ('just a sentence')"],
    "list-front-matter": ["en.md:2: the front matter must hold 'key: value' lines (name, tagline, ...), not a list"],
    "utf16": ["en.md:1: the file is not saved as UTF-8 text; save it again choosing the UTF-8 encoding"],
    "nul": ["th.md:3: the text holds the invisible control character U+0000, which YAML does not allow; delete it and type the text again"],
    "escape-codes": [
        "product.yml:4: category: '\\x1b[2J\\x1b]0;owned\\x07textile' is not one of: "
        "rice, coffee, fruit, vegetable, textile, handicraft, food, beverage, other"
    ],
    "bad-references": [
        f"product.yml:7: photos[1].file: '../other/photos/cover.jpg' leaves the product folder with '..'; {_INSIDE}",
        f"product.yml:9: photos[2].file: '/etc/passwd.jpg' is an absolute path; {_INSIDE}",
        f"product.yml:11: photos[3].file: 'C:\\photos\\a.jpg' is an absolute path; {_INSIDE}",
        f"product.yml:13: photos[4].file: 'https://example.org/a.jpg' {_WEB}",
        f"product.yml:15: photos[5].file: 'data:image/jpeg;base64,AAAA' {_WEB}",
        "product.yml:17: photos[6].file: 'photos/link.jpg' leads outside the product folder (through a link); copy the photo into photos/",
        "product.yml:19: photos[7].file: 'photos/-rf.jpg' has a part that starts with '-'; rename the file so it starts with a letter or digit",
        "product.yml:21: photos[8].file: the file name contains control characters; rename the file",
    ],
    "story-link": ["th.md: th.md leads outside the product folder (through a link); replace the link by the file itself"],
    "bomb": ["product.yml:13: photos[2].file: photos/detail.png: the photo has 900 megapixels, more than the limit of 100 megapixels; export it smaller"],
    "too-many-pixels": [
        "product.yml:13: photos[2].file: photos/detail.png: the photo is 12000x10000 (120 megapixels), more than the limit of 100 megapixels; export it smaller"
    ],
    "truncated": [
        "product.yml:7: photos[1].file: photos/cover.jpg: the photo file is incomplete (cut short while copying or downloading); copy or export it again"
    ],
    "html-as-jpeg": [f"product.yml:7: photos[1].file: photos/cover.jpg: {_NOT_IMAGE}"],
    "svg-as-jpeg": [f"product.yml:7: photos[1].file: photos/cover.jpg: {_NOT_IMAGE}"],
    "gif-as-jpeg": ["product.yml:7: photos[1].file: photos/cover.jpg: the file is a GIF image; save it as JPEG, PNG or WebP"],
    "padded": ["product.yml:7: photos[1].file: photos/cover.jpg: the photo is 41.0 MB, more than the limit of 40.0 MB; export it smaller"],
    "markup-in-fields": [
        f"product.yml:10: warning: photos[1].alt.en: '<svg onload=alert(4)>' {_PLAIN}",
        f"product.yml:20: warning: producers[1].name.en: '<!-- x -->' {_PLAIN}",
        f"product.yml:24: warning: shop.links[1].label.en: '<b onmouseover=alert(5)>' {_PLAIN}",
        f"th.md:2: warning: name: '<script>' {_PLAIN_MD}",
        f"th.md:6: warning: characteristics[2]: '<img src=x onerror=alert(2)>' {_PLAIN_MD}",
        f"th.md:11: warning: faq[1].a: '</title>' {_PLAIN_MD}",
    ],
    "script-contact": [
        "product.yml:22: warning: producers[1].contact: 'JaVa Script:alert(1)' is not a web address (https://), e-mail address or "
        "phone number, so the site shows it as plain text, not as a link; write one of those instead"
    ],
    "addresses": [
        f"product.yml:25: shop.links[1].url: {_QUOTE}",
        "product.yml:31: sources[1].url: must be a full web address starting with https:// (or http://)",
    ],
    "http-contact": [f"product.yml:22: producers[1].contact: {_QUOTE}"],
    "unlisted-photo": ["photos/\\x07bell\\x1b[2J.jpg: warning: this photo is not listed under photos: in product.yml, so it is not published"],
    "story-nesting": [
        "th.md:48: story: this line is nested 33 levels deep (lists, quotes or indented blocks inside each other), "
        "more than the limit of 32; flatten the structure"
    ],
    "story-open-tags": [
        "th.md:17: story: the story has so many '<' without a closing '>' that reading it would take minutes; "
        "close each HTML tag with '>', or write &lt; for a '<' that is not a tag"
    ],
    "story-brackets": [
        "th.md:17: story: the story has so many '[' or '(' left open or nested that reading it would take minutes; "
        "close each bracket, or write \\[ for a '[' that is not a link"
    ],
    "story": [line.removeprefix(f"{P}/story/") for line in attack_lines("story")],
}


def test_every_rogue_has_expectations() -> None:
    assert set(EXPECTED) == set(ROGUES)


@pytest.mark.parametrize("slug", list(ROGUES))
def test_check_reports_exactly(rogues: tuple[Site, list[str], int], slug: str) -> None:
    _, lines, _ = rogues
    mine = [line.removeprefix(f"{P}/{slug}/") for line in lines if line.startswith(f"{P}/{slug}/")]
    assert mine == EXPECTED[slug]


def test_check_fails_and_counts_everything(rogues: tuple[Site, list[str], int]) -> None:
    _, lines, returncode = rogues
    errors = sum(1 for expected in EXPECTED.values() for line in expected if ": warning: " not in line)
    warnings = sum(len(expected) for expected in EXPECTED.values()) - errors
    assert returncode == 1
    assert lines[-1] == f"FAILED: {len(ROGUES) + 1} products checked: {errors + 1} errors, {warnings} warnings"
    assert len(lines) == errors + 1 + warnings + 1  # nothing else: no traceback, no stray output
    assert (
        f"{P}/\\x1b[2Jevil: slug: the folder name '\\x1b[2Jevil' must use only lowercase letters a-z, digits and hyphens, "
        "for example '2jevil'; rename the folder"
    ) in lines
    assert not [line for line in lines if re.search(r"[\x00-\x1f\x7f]", line)]


def test_python_tags_never_run(rogues: tuple[Site, list[str], int]) -> None:
    site, _, _ = rogues
    assert not (site.root / "PWNED").exists()
    assert not (site.content / "products" / "python-tag" / "PWNED").exists()


def test_alias_bomb_is_refused_fast() -> None:
    from builder.content.yamlmarks import YamlSyntaxError, parse_yaml

    started = time.perf_counter()
    with pytest.raises(YamlSyntaxError, match="expands to more than 50,000 values"):
        parse_yaml(billion_laughs())
    assert time.perf_counter() - started < 1.0


def _yaml_outcome(text: str) -> object:
    from builder.content.yamlmarks import YamlSyntaxError, parse_front_matter, parse_yaml

    try:
        doc = parse_front_matter(text).meta if text.startswith("---") else parse_yaml(text, first_line=3)
    except YamlSyntaxError as exc:
        return exc.line, exc.message.render("en")
    return doc.data, doc.lines


def test_libyaml_and_the_python_loader_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles are parsed by libyaml when it can; what editors get must not depend on which parser ran."""
    from builder.content import yamlmarks

    assert yamlmarks._FAST  # PyYAML's wheels ship libyaml 0.2.6 with its nesting limit: the fast path is the one tested here
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content" / "products").rglob("*")) if p.suffix in (".yml", ".md")]
    texts += [
        "a: 2007-09-27\nb: [1, 2.5, {c: null}]\nc: yes\nd: 0x1F\ne: '007'\nf: |\n  two\n  lines\n",
        "x: &a [1, 2]\ny: *a\n", "x: [1, 2\n", "a: b\n\tc: d\n", "a: 'unclosed\n", "a: !!int abc\n", "a: !!python/object x\n",
        "x: " + "[" * 40 + "]" * 40, "a: \x07\n", "a: 1\na: 2\n", "- a\nb: c\n", "a: \ufeffb\n", "? [a, b]\n: c\n", billion_laughs(),
        "name: Silk\tweave\n", "a: b\t\n", "links: [https://x.th/?id=1]\n",  # libyaml accepts these, PyYAML does not
        "a:\n" + "".join("  " * level + "- \n" for level in range(1, 40)),  # too deep over many lines: the line of level 33
    ]
    fast = [_yaml_outcome(text) for text in texts]
    monkeypatch.setattr(yamlmarks, "_FAST", False)
    assert fast == [_yaml_outcome(text) for text in texts]
    assert sum(isinstance(outcome[0], int) for outcome in fast) >= 12  # the errors were compared too, not only data


@pytest.mark.parametrize(
    "story",
    [
        "[" * 100_000, "<http://a" * 25_000, "<a " * 80_000, "[a](" * 60_000, "![" * 100_000, "[" * 2000 + "]" * 2000,
        ("[" * 100 + "\n\n") * 2500, "".join("    " * level + "- x\n" for level in range(300)), "> - " * 400 + "x",
    ],
    ids=["brackets", "autolinks", "open-tags", "open-links", "images", "nested-brackets", "bracket-paragraphs", "deep-list", "quotes"],
)
def test_stories_markdown_would_choke_on_are_refused_fast(story: str) -> None:
    """Python-Markdown (and so MkDocs) takes minutes on these, or recurses until it crashes."""
    from builder.content.stories import story_problems

    started = time.perf_counter()
    errors, _ = story_problems(story, 1)
    assert len(errors) == 1
    assert time.perf_counter() - started < 2


def test_decompression_bomb_is_refused_without_decoding(site: Site) -> None:
    """30000x30000 would take 900 MB as pixels: check reads only the header, fast and in little memory."""
    site.add_product()
    bomb = png_bomb(site.product("test-silk") / "photos" / "detail.png", 30000, 30000)
    assert bomb.stat().st_size < 200_000
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # The child reports its own peak (VmHWM starts afresh at exec; ru_maxrss would include the
    # memory of the forked test process, which grows over a whole test run).
    launcher = (
        "import runpy, sys\n"
        "sys.argv = ['gi-showcase', 'check']\n"
        "try:\n    runpy.run_module('builder', run_name='__main__')\n"
        "finally:\n    sys.stderr.write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", launcher], cwd=site.root, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert result.returncode == 1
    assert "photos[2].file: photos/detail.png: the photo has 900 megapixels, more than the limit of 100 megapixels" in result.stdout
    peak_kb = int(result.stderr.split("VmHWM:")[1].split()[0])
    assert peak_kb < 300 * 1024, f"check used {peak_kb // 1024} MB"
    assert seconds < 20


# --- gauntlet: content that must build, built once -------------------------------------------------------------------

NFC_NAME = unicodedata.normalize("NFC", "ผ้า-café.jpg")
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)
ODD_PHOTOS = {
    # reference in product.yml: (file on disk, maker)
    "photos/rotated.jpg": ("rotated.jpg", lambda path: photo_with_secrets(path, (1200, 800))),
    "photos/cmyk.jpg": ("cmyk.jpg", lambda path: Image.open(make_photo(path, (900, 600))).convert("CMYK").save(path, quality=90)),
    "photos/rgb16.png": ("rgb16.png", lambda path: png_rgb16(path, 600, 400)),
    "photos/palette.png": ("palette.png", lambda path: _palette_png(path)),
    "photos/huge.jpg": ("huge.jpg", lambda path: big_photo(path, (8000, 6000))),
    f"photos/{NFC_NAME}": (NFD_NAME, lambda path: make_photo(path, (500, 400))),
    "photos/my photo.jpg": ("my photo.jpg", lambda path: make_photo(path, (500, 400))),
}


def _palette_png(path: Path) -> None:
    """A palette PNG whose colour 0 is transparent and which carries a text chunk."""
    from PIL import PngImagePlugin

    image = Image.new("P", (300, 200), 0)
    image.putpalette([0, 0, 0, 200, 30, 30] + [0, 0, 0] * 254)
    image.paste(1, (0, 0, 150, 200))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "PNG-TEXT-SECRET")
    image.save(path, transparency=0, pnginfo=text)


def _odd_photos(site: Site, slug: str) -> None:
    folder = site.product(slug)
    for name, maker in ODD_PHOTOS.values():
        maker(folder / "photos" / name)
    (folder / "photos" / "cover.jpg").unlink()
    (folder / "photos" / "detail.png").unlink()
    photos = "".join(f"  - file: '{ref}'\n    alt: {{th: ภาพ {i}, en: photo {i}}}\n" for i, ref in enumerate(ODD_PHOTOS, 1))
    text = (folder / "product.yml").read_text(encoding="utf-8")
    start, end = text.index("photos:\n"), text.index("producers:\n")
    (folder / "product.yml").write_text(text[:start] + "photos:\n" + photos + text[end:], encoding="utf-8")


def _rewrite(site: Site, slug: str, change: Callable[[str], bytes]) -> None:
    for name in ("product.yml", "th.md", "en.md"):
        path = site.product(slug) / name
        path.write_bytes(change(path.read_text(encoding="utf-8")))


def _bom(site: Site, slug: str) -> None:
    _rewrite(site, slug, lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"))


def _crlf(site: Site, slug: str) -> None:
    _rewrite(site, slug, lambda text: text.replace("\n", "\r\n").encode("utf-8"))


def _tabs(site: Site, slug: str) -> None:
    def tabbed(text: str) -> bytes:
        head, sep, body = text.partition("\n---\n") if text.startswith("---") else (text, "", "")
        lines = [re.sub(r"^((?:  )+)", lambda m: "\t" * (len(m.group(1)) // 2), line) for line in head.split("\n")]
        return ("\n".join(lines) + sep + body).encode("utf-8")

    _rewrite(site, slug, tabbed)
    story = site.product(slug) / "th.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\tโค้ดที่เยื้องด้วยแท็บ\n", encoding="utf-8")


ESCAPED_NAME = "Tom & Jerry's \"best\" <3 silk >_< &lt;b&gt;"


def _special_characters(site: Site, slug: str) -> None:
    edit(site, slug, "en.md", "name: Test Brocade Silk", "name: " + json.dumps(ESCAPED_NAME))
    edit(site, slug, "en.md", "  - Phikul flower motif", "  - 'a > b & c < 5'")
    edit(site, slug, "product.yml", "en: Golden brocade silk", "en: 'Silk \"quoted\" & <1 kg'")


def _story_attack(site: Site, slug: str) -> None:
    _story(site, slug)
    edit(site, slug, "product.yml", "    authorised: true\n", "    authorised: true\n    contact: javascript:alert(1)\n")


GAUNTLET: dict[str, Callable[[Site, str], None]] = {
    "story-attack": _story_attack,
    "odd-photos": _odd_photos,
    "bom": _bom,
    "crlf": _crlf,
    "tabs": _tabs,
    "special-characters": _special_characters,
}
CONTACT_WARNING = (
    f"{P}/story-attack/product.yml:22: warning: producers[1].contact: 'javascript:alert(1)' is not a web address (https://), "
    "e-mail address or phone number, so the site shows it as plain text, not as a link; write one of those instead"
)


def tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``root`` with its modification time and bytes; folders with their modification time."""
    return {
        str(p.relative_to(root)): (p.lstat().st_mtime_ns, p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
        for p in sorted(root.rglob("*"))
    }


class Gauntlet:
    """The gauntlet project and what happened to it: a build, a --strict build and a refused build."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.out = site.root / "site"

    def run(self) -> None:
        site = self.site
        self.content_before = tree(site.content)
        self.listing_before = sorted(p.name for p in site.root.iterdir())
        self.build = site.run("build", "--no-clips", "--config", CONFIG)
        self.content_after = tree(site.content)
        self.listing_after = sorted(p.name for p in site.root.iterdir())
        self.site_after_build = tree(self.out)
        self.strict = site.run("build", "--no-clips", "--config", CONFIG, "--strict")
        self.site_after_strict = tree(self.out)
        site.add_product("zz-refused", number="สช 50199999")
        _bomb(site, "zz-refused")
        _markup_in_fields(site, "zz-refused")
        self.refused = site.run("build", "--no-clips", "--config", CONFIG)
        self.site_after_refused = tree(self.out)
        self.listing_after_refused = sorted(p.name for p in site.root.iterdir())

    def page(self, relative: str) -> str:
        return (self.out / relative).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gauntlet(tmp_path_factory: pytest.TempPathFactory) -> Gauntlet:
    site = Site(tmp_path_factory.mktemp("gauntlet"))
    (site.content / "products").mkdir(parents=True)
    number = numbered(300)
    for slug, prepare in GAUNTLET.items():
        site.add_product(slug, number=number())
        prepare(site, slug)
    result = Gauntlet(site)
    result.run()
    return result


class _Scan(HTMLParser):
    """Everything in a page that could run code: tags, event handlers, URL schemes, scripts and styles."""

    ACTIVE_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
    BAD_URL = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in self.URL_ATTRIBUTES and self.BAD_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"expression\(|javascript:|url\(", value, re.IGNORECASE):
                self.found.append(f"<{tag} style={value!r}>")
            if "XSS" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self.raw = "json" if ("type", "application/ld+json") in attrs else tag

    def handle_endtag(self, tag: str) -> None:
        self.raw = None

    def handle_data(self, data: str) -> None:
        if self.raw == "json":  # data, not code: it only must not close its element (json_for_script escapes '<')
            if "<" in data:
                self.found.append(f"<script type=application/ld+json>{data.strip()[:60]}")
        elif self.raw and re.search(r"XSS|alert\(|display: none", data):
            self.found.append(f"<{self.raw}>{data.strip()[:60]}")


def executable(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def problem_lines(output: str) -> list[str]:
    return [line.removeprefix("error: ") for line in output.splitlines() if line.removeprefix("error: ").startswith("content/")]


def test_gauntlet_builds_with_exactly_the_expected_warnings(gauntlet: Gauntlet) -> None:
    assert gauntlet.build.returncode == 0, gauntlet.build.stderr
    assert problem_lines(gauntlet.build.stderr) == [CONTACT_WARNING, *attack_lines("story-attack")]


def test_nothing_executable_reaches_any_page(gauntlet: Gauntlet) -> None:
    pages = sorted(gauntlet.out.rglob("*.html"))
    assert len(pages) > 40
    found = {str(page.relative_to(gauntlet.out)): executable(page.read_text(encoding="utf-8")) for page in pages}
    assert {page: items for page, items in found.items() if items} == {}
    for index in gauntlet.out.rglob("search_index.json"):
        text = index.read_text(encoding="utf-8")
        assert "XSS" not in text and "alert(" not in text and "<script" not in text


def test_the_story_keeps_what_is_safe(gauntlet: Gauntlet) -> None:
    page = gauntlet.page("products/story-attack/index.html")
    story = page.split('class="gi-story"')[1].split("</section>")[0]
    assert "XSS" not in page and "alert(" not in story
    assert '<a href="https://example.org/safe" rel="noopener nofollow">safe</a>' in story
    assert "<code>&lt;script&gt;shown as code&lt;/script&gt;</code>" in story
    assert '<th style="text-align: center;">กลาง</th>' in story  # table alignment survives, as the only style
    assert '<img src="https://example.org/x.png">' in story


def test_a_contact_with_a_script_scheme_is_shown_as_text(gauntlet: Gauntlet) -> None:
    page = gauntlet.page("products/story-attack/index.html")
    assert " · javascript:alert(1)</li>" in page
    assert 'href="javascript' not in page


def _jsonld(page: str) -> str:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    return found.group(1)


def test_special_characters_cannot_break_out_of_json_ld_or_attributes(gauntlet: Gauntlet) -> None:
    page = gauntlet.page("en/products/special-characters/index.html")
    raw = _jsonld(page)
    assert not set("<>&") & set(raw)
    assert json.loads(raw)["name"] == ESCAPED_NAME
    og = re.search(r'<meta property="og:title" content="([^"]*)">', page)
    assert og and html.unescape(og.group(1)) == ESCAPED_NAME and not set("<>\"") & set(og.group(1))


def test_json_for_script_cannot_close_its_element() -> None:
    from builder.site.seo import json_for_script

    text = json_for_script({"name": "</script><script>alert(1)</script><!--"})
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script><!--"}


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, subprocess.CompletedProcess[str]]:
    """A site whose plain-text fields all hold HTML: a warning each, and the build goes on."""
    site = Site(tmp_path_factory.mktemp("markup"))
    (site.content / "products").mkdir(parents=True)
    site.add_product("markup-in-fields")
    _markup_in_fields(site, "markup-in-fields")
    edit(site, "markup-in-fields", "th.md", "tagline: ผ้าไหม", "tagline: '</title><script>alert(6)</script>ผ้าไหม")
    edit(site, "markup-in-fields", "th.md", "ลำพูน\n", "ลำพูน'\n")
    return site, site.run("build", "--no-clips", "--config", CONFIG)


def test_markup_in_plain_text_fields_is_a_warning(markup_site: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    _, result = markup_site
    assert result.returncode == 0, result.stderr
    expected = [f"{P}/markup-in-fields/{line}" for line in EXPECTED["markup-in-fields"]]
    expected.insert(4, f"{P}/markup-in-fields/th.md:3: warning: tagline: '</title>' {_PLAIN_MD}")
    assert problem_lines(result.stderr) == expected


def test_markup_in_plain_text_fields_never_runs(markup_site: tuple[Site, subprocess.CompletedProcess[str]]) -> None:
    site, _ = markup_site
    out = site.root / "site"
    found = {str(p.relative_to(out)): executable(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.html"))}
    assert {page: items for page, items in found.items() if items} == {}
    for index in out.rglob("search_index.json"):
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            # the result list shows both as HTML: the tagline and characteristics arrive escaped
            assert executable(doc["title"]) == executable(doc["text"]) == [], doc


class _Text(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.texts = tag, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.depth += 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def texts(page: str, tag: str) -> list[str]:
    parser = _Text(tag)
    parser.feed(page)
    return parser.texts


def test_text_fields_are_shown_exactly_as_written(gauntlet: Gauntlet) -> None:
    page = gauntlet.page("en/products/special-characters/index.html")
    assert ESCAPED_NAME in texts(page, "h1")
    assert "a > b & c < 5" in texts(page, "li")
    assert any(text.startswith('Silk "quoted" & <1 kg') for text in texts(page, "figcaption"))


def _published(gauntlet: Gauntlet, slug: str, name: str) -> list[tuple[Image.Image, tuple[int, int]]]:
    from builder.images import plan_photo

    planned = plan_photo(gauntlet.site.product(slug) / "photos" / name)
    folder = gauntlet.out / "assets" / "photos" / slug
    return [(Image.open(folder / rendition.name), (rendition.width, rendition.height)) for rendition in planned.renditions]


@pytest.mark.parametrize("name", [name for name, _ in ODD_PHOTOS.values()])
def test_odd_photos_are_published(gauntlet: Gauntlet, name: str) -> None:
    published = _published(gauntlet, "odd-photos", name)
    assert {image.format for image, _ in published} == {"JPEG", "WEBP"}
    for image, size in published:
        assert image.size == size and image.mode == "RGB"


def _pixel(gauntlet: Gauntlet, name: str, where: tuple[float, float]) -> tuple[int, ...]:
    image = max((image for image, _ in _published(gauntlet, "odd-photos", name) if image.format == "JPEG"), key=lambda i: i.width)
    return tuple(image.convert("RGB").getpixel((int(where[0] * (image.width - 1)), int(where[1] * (image.height - 1)))))  # type: ignore[arg-type]


def test_odd_photos_look_right(gauntlet: Gauntlet) -> None:
    sizes = {name: max(size for _, size in _published(gauntlet, "odd-photos", name)) for name, _ in ODD_PHOTOS.values()}
    assert sizes["rotated.jpg"] == (800, 1200)  # EXIF 'rotate 90' applied: the landscape original is published upright
    assert sizes["huge.jpg"] == (1600, 1200)
    transparent = _pixel(gauntlet, "palette.png", (0.9, 0.5))
    assert all(channel > 240 for channel in transparent), transparent  # transparency flattened on white
    solid = _pixel(gauntlet, "palette.png", (0.1, 0.5))
    assert abs(solid[0] - 200) < 20 and solid[1] < 60, solid
    corner = _pixel(gauntlet, "rgb16.png", (1.0, 1.0))
    assert corner[0] > 230 and corner[1] > 230 and abs(corner[2] - 78) < 15, corner  # 16-bit values scaled, not clipped


def test_no_metadata_reaches_any_published_file(gauntlet: Gauntlet) -> None:
    files = [p for p in gauntlet.out.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        assert not [secret for secret in SECRETS if secret in data], path
    images = [p for p in files if p.suffix in (".jpg", ".webp") and "assets" in p.parts]
    assert len(images) >= 44 + 12  # renditions of every product and every share image
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info), (path, set(image.info))


@pytest.mark.parametrize("slug", ["bom", "crlf", "tabs"])
def test_byte_order_marks_crlf_and_tabs_just_work(gauntlet: Gauntlet, slug: str) -> None:
    assert texts(gauntlet.page(f"en/products/{slug}/index.html"), "h1") == ["Test Brocade Silk"]
    thai = gauntlet.page(f"products/{slug}/index.html")
    assert texts(thai, "h1") == ["ผ้าไหมยกดอกทดสอบ"]
    assert "\r" not in thai.split('class="gi-story"')[1]
    if slug == "tabs":  # a tab in the story keeps its Markdown meaning: an indented code block
        assert "<pre><code>โค้ดที่เยื้องด้วยแท็บ" in thai


def test_the_build_writes_only_its_output_and_cache(gauntlet: Gauntlet) -> None:
    assert gauntlet.content_after == gauntlet.content_before
    assert gauntlet.listing_after == sorted([*gauntlet.listing_before, "site", ".cache"])


def test_strict_build_fails_and_leaves_the_site_alone(gauntlet: Gauntlet) -> None:
    assert gauntlet.strict.returncode == 1
    assert problem_lines(gauntlet.strict.stderr) == [CONTACT_WARNING, *attack_lines("story-attack")]
    assert gauntlet.strict.stderr.splitlines()[-1] == (
        "the content has problems (0 errors, 15 warnings) (--strict: warnings count as errors); "
        "the other 5 products were built and cached for the next build, but the previous site is unchanged"
    )
    assert gauntlet.site_after_strict == gauntlet.site_after_build


def test_refused_content_stops_the_build_before_writing(gauntlet: Gauntlet) -> None:
    assert gauntlet.refused.returncode == 1
    refused = [line for line in problem_lines(gauntlet.refused.stderr) if "/zz-refused/" in line]
    markup, bomb = EXPECTED["markup-in-fields"], EXPECTED["bomb"]
    assert refused == [f"{P}/zz-refused/{line}" for line in [markup[0], *bomb, *markup[1:]]]
    assert gauntlet.refused.stderr.splitlines()[-1] == (
        "the content has problems (1 error, 21 warnings); "
        "the other 6 products were built and cached for the next build, but the previous site is unchanged"
    )
    assert gauntlet.site_after_refused == gauntlet.site_after_build
    assert gauntlet.listing_after_refused == gauntlet.listing_after  # no staging folder left behind


# --- output folders that must never be replaced ----------------------------------------------------------------------

_CONTAINS = "it is the content folder or a folder that contains it; choose another --out such as site/"
_INSIDE_CONTENT = "it is inside the content folder; choose another --out such as site/"


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        (".", _CONTAINS),
        ("..", _CONTAINS),
        ("content", _CONTAINS),
        ("content/", _CONTAINS),
        ("./content/../content", _CONTAINS),
        ("to-content", _CONTAINS),  # a symlink to the content folder
        ("to-root", _CONTAINS),  # a symlink to the folder that holds the content
        ("content/products", _INSIDE_CONTENT),
        ("content/products/test-silk", _INSIDE_CONTENT),
        ("content/new-site", _INSIDE_CONTENT),
        ("to-products", _INSIDE_CONTENT),  # a symlink into the content folder
        ("project", "it is the project folder or a folder that contains it; choose another --out such as site/"),
    ],
)
def test_dangerous_output_folders_are_refused(one_product: Site, out: str, reason: str) -> None:
    root = one_product.root
    (root / "to-content").symlink_to(root / "content")
    (root / "to-root").symlink_to(root)
    (root / "to-products").symlink_to(root / "content" / "products")
    (root / "project").mkdir()
    (root / "project" / "mkdocs.yml").write_text(write_config(root).read_text(encoding="utf-8"), encoding="utf-8")  # theme paths that exist
    config = "project/mkdocs.yml" if out == "project" else CONFIG
    before, listing = tree(one_product.content), sorted(p.name for p in root.iterdir())
    result = one_product.run("build", "--no-clips", "--config", config, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"error: refusing to build into {Path(out)}: {reason}"
    assert tree(one_product.content) == before
    assert sorted(p.name for p in root.iterdir()) == listing
    assert (root / "to-content").resolve() == (root / "content").resolve()



def test_a_folder_of_other_files_is_never_replaced(one_product: Site) -> None:
    """A mistyped --out (a folder of someone's files) is refused; an empty folder, or one an earlier build made, is used."""
    root = one_product.root
    documents = root / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("ten years of work", encoding="utf-8")
    refused = one_product.run("build", "--no-clips", "--config", CONFIG, "--out", "documents")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-1] == (
        "error: refusing to build into documents: it holds files that gi-showcase did not make, and the whole folder "
        "would be replaced; choose an empty or new folder such as site/, or move those files away first"
    )
    assert sorted(p.name for p in documents.iterdir()) == ["thesis.txt"]
    (root / "notes.txt").write_text("a file", encoding="utf-8")
    as_file = one_product.run("build", "--no-clips", "--config", CONFIG, "--out", "notes.txt")
    assert as_file.returncode == 2  # a command-line mistake
    assert "Invalid value for '--out': Directory 'notes.txt' is a file." in as_file.stderr
    assert (root / "notes.txt").read_text(encoding="utf-8") == "a file"

    (root / "empty").mkdir()
    (root / "empty" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # a folder a Mac's Finder has shown still counts as empty
    one_product.run("build", "--no-clips", "--config", CONFIG, "--out", "empty", check=True)
    marker = (root / "empty" / ".gi-showcase-site").read_text(encoding="utf-8")
    assert "gi-showcase" in marker and "โฟลเดอร์นี้" in marker, "the marker says in both languages what the folder is"
    (root / "empty" / "stale.html").write_text("left by the last build", encoding="utf-8")
    one_product.run("build", "--no-clips", "--config", CONFIG, "--out", "empty", check=True)
    assert not (root / "empty" / "stale.html").exists(), "a site an earlier build made is replaced whole"
    # a site built before the marker existed is still recognised by its registry and sitemap
    (root / "empty" / ".gi-showcase-site").unlink()
    one_product.run("build", "--no-clips", "--config", CONFIG, "--out", "empty", check=True)
    assert (root / "empty" / ".gi-showcase-site").is_file()

# --- the site renders stories as check does --------------------------------------------------------------------------

def test_check_renders_stories_with_the_sites_markdown_extensions() -> None:
    from mkdocs.config import load_config

    from builder.content.stories import MARKDOWN_CONFIGS, MARKDOWN_EXTENSIONS

    config = load_config(str(REPO / "mkdocs.yml"))
    assert sorted(config.markdown_extensions) == sorted(MARKDOWN_EXTENSIONS)
    assert dict(config.mdx_configs) == MARKDOWN_CONFIGS


def test_there_is_one_sanitiser() -> None:
    from builder.site import plugin

    assert not (REPO / "builder" / "site" / "sanitize.py").exists()
    assert plugin.clean_html.__module__ == "builder.content.sanitize"


# --- subtitles are plain text -----------------------------------------------------------------------------------------

def test_vtt_cue_text_is_escaped() -> None:
    from builder.clips.subtitles import Cue, vtt

    text = vtt([Cue(0.0, 1.5, ("a < b & c <3", "<script>alert(1)</script>"))])
    assert "a &lt; b &amp; c &lt;3\n&lt;script&gt;alert(1)&lt;/script&gt;\n" in text
    assert "<" not in text.split("\n", 1)[1]
