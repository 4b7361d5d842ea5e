"""Properties of the untrusted-content paths (issue 7): any story renders safely, any profile gives problems, never a traceback.

Hypothesis draws stories from a vocabulary of dangerous fragments mixed with arbitrary text,
and profiles from arbitrary YAML, arbitrary bytes and near-valid documents with one value
replaced. A seeded fuzz run then flips, inserts and deletes bytes of a valid product.yml.
"""

from __future__ import annotations

import copy
import random
import re
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EN_MD, PRODUCT_YML, TH_MD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from builder.content.loader import load_catalogue
from builder.content.sanitize import clean_html
from builder.content.stories import render_story, story_problems, story_warnings
from builder.problems import Report, Severity

SETTINGS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- stories ---------------------------------------------------------------------------------------------------------

FRAGMENTS = [
    "<script>", "</script>", "<script src=//evil.example/x.js>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "</svg>",
    "<iframe src=javascript:alert(1)>", "<object data=x>", "<embed src=x>", "<style>", "</style>", "<math><mi xlink:href=javascript:x>",
    "<!--", "-->", "<!-- --><script>alert(1)</script>", "<a href=\"", "<a href='", "\">", "'>", "</a>", "<p ", "<div ", ">", "<", "/>",
    "style=\"", "expression(alert(1))", "url(javascript:alert(1))", " onclick=\"alert(1)\"", " OnMouseOver=alert(1) ", "javascript:",
    "JaVaScRiPt:", "java\tscript:", "&#106;avascript:", "vbscript:", "data:text/html,", "data:text/html;base64,PHNjcmlwdD4=",
    "{: onclick=\"alert(1)\" }", "{: style=\"x\" }", "{: href=\"javascript:alert(1)\" }", "[x](", "](javascript:alert(1))", "![i](",
    "[r]: javascript:alert(1)", "[r]", ")", "\n", "\n\n", "```", "~~~", "    ", "\t", "| a | b |\n|:-:|--|\n| 1 | 2 |\n", "!!! note\n    ",
    "???+ note\n    ", "<details open>", "<div markdown=\"1\">", "# ", "## ", "- ", "1. ", "> ", "*", "_", "`", "\"", "'", "&", "&lt;",
    "&#x3C;script&#x3E;", "<base href=//evil.example/>", "<form action=javascript:alert(1)><button>", "<input onfocus=alert(1) autofocus>",
    "<table><tr><td>", "<body onload=alert(1)>", "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", "<template>", "ผ้าไหม",
    "![i](photos/x.jpg)", "<img src=photos/y.jpg>",
]
stories = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base", "meta", "link", "form", "svg", "math"}
TABLE_ALIGN = {"text-align: left;", "text-align: center;", "text-align: right;"}
BAD_URL = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def unsafe(html: str) -> list[str]:
    """Every executable construct in ``html``: parsed as a browser's tokenizer would, and searched as raw text."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    found = [f"<{tag}>" for tag, _ in parser.tags if tag in ACTIVE_TAGS]
    for tag, attrs in parser.tags:
        for name, value in attrs:
            if name.startswith("on") or (name == "style" and not (tag in ("td", "th") and value in TABLE_ALIGN)):
                found.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and BAD_URL.match(re.sub(r"[\x00-\x20]", "", value or "")):
                found.append(f"<{tag} {name}={value}>")
    for tag in raw_tags(html):
        bare = re.sub(r'"[^"]*"', '""', tag)  # the sanitiser writes every attribute value in double quotes
        found += re.findall(r"^</?\s*(?:script|iframe|object|embed|style)|\son\w+\s*=", bare, re.IGNORECASE)
    return found


def raw_tags(html: str) -> list[str]:
    """The tags of serialised HTML as plain text: every '<' starts one, since text writes '<' as '&lt;'."""
    tags, position = [], 0
    while (start := html.find("<", position)) != -1:
        end, quote = start + 1, ""
        while end < len(html) and (quote or html[end] != ">"):
            if quote and html[end] == quote:
                quote = ""
            elif not quote and html[end] in "\"'" and html[end - 1] == "=":
                quote = html[end]
            end += 1
        tags.append(html[start : end + 1])
        position = end + 1
    return tags


@SETTINGS
@given(stories)
def test_any_story_renders_to_safe_html(text: str) -> None:
    html = render_story(text)
    assert unsafe(html) == []


@SETTINGS
@given(st.one_of(stories, st.text(max_size=200)))
def test_the_sanitiser_is_idempotent(text: str) -> None:
    once = clean_html(text)
    assert clean_html(once) == once
    assert unsafe(once) == []


@SETTINGS
@given(stories)
def test_the_sanitiser_is_idempotent_on_rendered_stories(text: str) -> None:
    once = render_story(text)
    assert clean_html(once) == once


@SETTINGS
@given(stories)
def test_story_warnings_name_a_line_of_the_story(text: str) -> None:
    lines = text.count("\n") + 1
    for line, message in story_warnings(text, 7):
        assert 7 <= line < 7 + lines
        assert message.render("en").startswith("removed ")
        assert message.render("th").startswith("ลบ")


@SETTINGS
@given(stories)
def test_story_errors_name_a_line_of_the_story(text: str) -> None:
    lines = text.count("\n") + 1
    for line, message in story_problems(text, 7)[0]:
        assert 7 <= line < 7 + lines
        assert message.render("th") != message.render("en")


# --- profiles --------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A content folder with one product whose files each test overwrites; tiny photos keep each load fast."""
    with tempfile.TemporaryDirectory(prefix="gi-properties-") as name:
        folder = Path(name) / "content" / "products" / "test-silk"
        (folder / "photos").mkdir(parents=True)
        Image.new("RGB", (48, 32), (120, 80, 40)).save(folder / "photos" / "cover.jpg")
        Image.new("RGB", (32, 48), (40, 80, 120)).save(folder / "photos" / "detail.png")
        write(Path(name) / "content", PRODUCT_YML.encode(), TH_MD.encode(), EN_MD.encode())
        yield Path(name) / "content"


def write(content: Path, product: bytes, th: bytes, en: bytes) -> None:
    folder = content / "products" / "test-silk"
    for name, data in (("product.yml", product), ("th.md", th), ("en.md", en)):
        (folder / name).write_bytes(data)


def load(content: Path) -> Report:
    """Load the scratch catalogue: problems are allowed, exceptions are not; every problem is well formed."""
    catalogue, report = load_catalogue(content)
    for problem in report.problems:
        assert isinstance(problem.line, int) and problem.line >= 0
        assert problem.message and problem.severity in (Severity.ERROR, Severity.WARNING)
        for lang in ("th", "en"):
            assert not re.search(r"[\x00-\x1f\x7f]", problem.format(lang)), problem.format(lang)  # nothing that drives a terminal
        # Every problem an editor can cause is explained in Thai, not only in English.
        assert re.search(r"[\u0e01-\u0e5b]", problem.message.render("th").replace(str(problem.message.render("en")), "")), problem
    assert len(catalogue.products) <= 1
    return report


def test_the_scratch_product_is_valid(scratch: Path) -> None:
    write(scratch, PRODUCT_YML.encode(), TH_MD.encode(), EN_MD.encode())
    assert load(scratch).problems == []


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["to-be-confirmed", "TODO", "TH-51", "photos/cover.jpg", "../x.jpg", "2007-09-27", "2550-01-01", "สช 50100020",
                     "https://x.org/", "javascript:alert(1)", "<script>", "-rf.jpg", "photos/\x1b.jpg"]),
)
keys = st.one_of(st.text(max_size=10), st.sampled_from(["file", "url", "th", "en", "alt", "photos", "gi"]), st.integers(), st.none(), st.booleans())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
BASE = yaml.safe_load(PRODUCT_YML.replace("2007-09-27", "'2007-09-27'"))
BASE_META = yaml.safe_load(TH_MD.split("---")[1])


def places(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and list position in ``data``."""
    found = [loc]
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*loc, index))
    return found


def replaced(base: Any, loc: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(base)
    if not loc:
        return value
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    parent[loc[-1]] = value
    return data


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


@SETTINGS
@given(st.data())
def test_a_near_valid_product_gives_problems_not_tracebacks(scratch: Path, data: st.DataObject) -> None:
    loc = data.draw(st.sampled_from(places(BASE)))
    write(scratch, dump(replaced(BASE, loc, data.draw(values))), TH_MD.encode(), EN_MD.encode())
    load(scratch)


@SETTINGS
@given(st.data())
def test_near_valid_front_matter_gives_problems_not_tracebacks(scratch: Path, data: st.DataObject) -> None:
    loc = data.draw(st.sampled_from(places(BASE_META)))
    meta = dump(replaced(BASE_META, loc, data.draw(values)))
    write(scratch, PRODUCT_YML.encode(), b"---\n" + meta + b"---\n## story\n", EN_MD.encode())
    load(scratch)


@SETTINGS
@given(st.one_of(values.map(dump), st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_product_yml_gives_problems_not_tracebacks(scratch: Path, product: bytes) -> None:
    write(scratch, product, TH_MD.encode(), EN_MD.encode())
    load(scratch)


@SETTINGS
@given(st.one_of(values.map(dump), st.binary(max_size=300), st.text(max_size=300).map(str.encode)), st.binary(max_size=100))
def test_any_front_matter_gives_problems_not_tracebacks(scratch: Path, meta: bytes, body: bytes) -> None:
    write(scratch, PRODUCT_YML.encode(), b"---\n" + meta + b"\n---\n" + body, EN_MD.encode())
    load(scratch)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random byte flips, insertions and deletions."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        position = rng.randrange(len(out) + 1)
        action = rng.choice(("flip", "insert", "delete", "duplicate"))
        if action == "flip" and position < len(out):
            out[position] ^= 1 << rng.randrange(8)
        elif action == "insert":
            out[position:position] = bytes([rng.choice([rng.randrange(256), *b":-[]{}&*!|>'\"#\t\n "])])
        elif action == "delete" and position < len(out):
            del out[position : position + rng.randint(1, 4)]
        else:
            start = rng.randrange(len(out))
            out[position:position] = out[start : start + rng.randint(1, 40)]
    return bytes(out)


def test_seeded_fuzz_of_a_valid_profile(scratch: Path) -> None:
    rng = random.Random(20240607)
    product, th = PRODUCT_YML.encode(), TH_MD.encode()
    failed = 0
    for _ in range(300):
        write(scratch, mutate(product, rng), th, EN_MD.encode())
        failed += bool(load(scratch).errors)
    for _ in range(100):
        write(scratch, product, mutate(th, rng), EN_MD.encode())
        failed += bool(load(scratch).errors)
    assert failed > 100  # the mutations did reach the validation, not only the happy path
