"""A story is Markdown that may hold raw HTML: render it as the site does, sanitise it, say what went and where.

``check`` and ``build`` both run this while loading, so an editor hears about a removed
``<script>`` before anything is published; the site itself sanitises with the same
function (builder/content/sanitize.py) when it renders the page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from builder.content.limits import MAX_LINK_SCAN, MAX_STORY_NESTING, MAX_TAG_SCAN
from builder.content.sanitize import ATTRIBUTES, TAGS, URL_ATTRIBUTES, URL_SCHEMES, clean_html
from builder.messages import Message, tr

#: The Markdown extensions the site renders stories with: the three MkDocs always adds
#: (toc, tables, fenced_code) and mkdocs.yml's markdown_extensions. tests/test_hardening.py
#: fails when mkdocs.yml changes and this list does not.
MARKDOWN_EXTENSIONS = (
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "pymdownx.details",
)
MARKDOWN_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": False}}

#: Tags whose only purpose in a story would be to run code, load another page or send a form.
_ACTIVE_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "link", "meta",
    "form", "input", "button", "textarea", "select", "noscript", "template", "portal", "xml", "import",
})


Found = list[tuple[int, Message]]


def story_problems(body: str, first_line: int) -> tuple[Found, Found]:
    """(errors, warnings) of the story ``body`` that starts at line ``first_line``, each as (line, message).

    Errors: a story Python-Markdown would take minutes to read or recurse too deep on (MkDocs
    uses the same library, so the build would hang or crash too), and images from the
    product folder, which are never published. Warnings: what the sanitiser removes.
    """
    refused = _refusals(body, first_line)
    if refused:
        return refused, []
    try:
        html = render_markdown(body)
    except RecursionError:
        return [(first_line, tr("story_too_deep", limit=MAX_STORY_NESTING))], []
    cleaned = clean_html(html)
    return _unpublished_images(body, cleaned, first_line), _warnings(body, html, cleaned, first_line)


def story_warnings(body: str, first_line: int) -> Found:
    """(line, message) for everything the sanitiser removes from the story ``body`` starting at ``first_line``."""
    return story_problems(body, first_line)[1]


def _refusals(body: str, first_line: int) -> Found:
    lines = body.split("\n")
    for number, line in enumerate(lines):
        depth = _nesting(line)
        if depth > MAX_STORY_NESTING:
            return [(first_line + number, tr("story_line_too_deep", depth=depth, limit=MAX_STORY_NESTING))]
    scan, offset = _tag_scan(body)
    if scan > MAX_TAG_SCAN:
        return [(first_line + body.count("\n", 0, offset), tr("story_open_tags"))]
    total, start, worst = 0, 0, (0, 0)
    for block in body.split("\n\n"):
        scan = _link_scan(block)
        total, worst = total + scan, max(worst, (scan, start))
        start += len(block) + 2
    if total > MAX_LINK_SCAN:
        return [(first_line + body.count("\n", 0, worst[1]), tr("story_open_brackets"))]
    return []


def _nesting(line: str) -> int:
    """Levels a line opens: each four columns of indentation, each quote marker and each list marker before the text."""
    if re.fullmatch(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*", line):
        return 0  # a thematic break such as '- - - -'
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
    markers = re.match(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*", line)
    return indent // 4 + (len(re.findall(r">|[-*+]|\d{1,9}[.)]", markers.group())) if markers else 0)


def _tag_scan(text: str) -> tuple[int, int]:
    """Characters from every tag start ('<' then a letter, '/', '!' or '?') to the next '>'; and where the longest starts."""
    total, longest, where = 0, -1, 0
    next_close = len(text)
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == ">":
            next_close = index
        elif char == "<" and index + 1 < len(text) and (text[index + 1].isascii() and (text[index + 1].isalpha() or text[index + 1] in "/!?")):
            distance = next_close - index
            total += distance
            if distance > longest:
                longest, where = distance, index
    return total, where


def _link_scan(block: str) -> int:
    """Characters from every '[' to its ']' and from every '](' to its ')', or to the end of the paragraph when unclosed."""
    closing = _matches(block, "[", "]")
    total = sum(closing.values())
    parens = _matches(block, "(", ")")
    return total + sum(parens[index + 1] for index in range(len(block) - 1) if block[index] == "]" and block[index + 1] == "(")


def _matches(text: str, opening: str, closing: str) -> dict[int, int]:
    """For each ``opening`` character: the distance to its matching ``closing`` one, or to the end of ``text``."""
    found, stack = {}, []
    for index, char in enumerate(text):
        if char == opening:
            stack.append(index)
        elif char == closing and stack:
            start = stack.pop()
            found[start] = index - start
    found.update({start: len(text) - start for start in stack})
    return found


def render_markdown(text: str) -> str:
    """The story's HTML before sanitising, as MkDocs renders it."""
    return markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_CONFIGS)


def render_story(text: str) -> str:
    """The story's HTML as it reaches the page: rendered, then sanitised."""
    return clean_html(render_markdown(text))


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: a whole tag, or one attribute of a tag it kept."""

    tag: str
    attribute: str = ""
    value: str = ""

    def message(self) -> Message:
        if self.tag == "h1" and not self.attribute:
            return tr("removed_top_heading")
        if not self.attribute:
            return tr("removed_tag", tag=self.tag, reason=_tag_reason(self.tag))
        if self.attribute in URL_ATTRIBUTES and self.value:
            schemes = sorted(URL_SCHEMES)
            allowed = tr("and", first=", ".join(schemes[:-1]), second=schemes[-1])
            key = "removed_link" if self.attribute == "href" else "removed_image_address"
            return tr(key, address=_short(self.value), allowed=allowed)
        return tr("removed_attribute", attribute=self.attribute, tag=self.tag, reason=_attribute_reason(self.attribute))


def _tag_reason(tag: str) -> Message:
    if tag in _ACTIVE_TAGS:
        return tr("tag_runs_code")
    if tag == "style":
        return tr("tag_restyles")
    return tr("tag_not_used")


def _attribute_reason(name: str) -> Message:
    if name.startswith("on"):
        return tr("attribute_runs_code")
    if name == "style":
        return tr("attribute_restyles")
    return tr("attribute_not_kept")


def _short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class _Elements(HTMLParser):
    """Every start tag with its attributes as a browser's tokenizer sees them, and the tags it sits inside."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple((name, value or "") for name, value in attrs), tuple(self.open)))
        if tag not in self._VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple((name, value or "") for name, value in attrs), tuple(self.open)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def _elements(html: str) -> list[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def removals(html: str, cleaned: str) -> list[Removal]:
    """What ``clean_html`` removed from ``html`` to give ``cleaned``, in the order it appears in ``html``.

    Tags outside the sanitiser's list always go (what is inside a removed tag is not listed
    again); an attribute counts as removed when ``cleaned`` no longer has it with the same value.
    """
    before, after = _elements(html), _elements(cleaned)
    kept_tags = Counter(tag for tag, _, _ in after)
    kept_attributes = Counter((tag, name, value) for tag, attrs, _ in after for name, value in attrs)
    found: list[Removal] = []
    for tag, attrs, inside in before:
        if any(outer not in TAGS for outer in inside):
            continue
        if tag not in TAGS:
            found.append(Removal(tag))
            continue
        for name, value in attrs:
            if kept_attributes[(tag, name, value)] > 0:
                kept_attributes[(tag, name, value)] -= 1
            elif tag in kept_tags and not _plainly_allowed(tag, name):
                found.append(Removal(tag, name, value))
    return found


def _plainly_allowed(tag: str, name: str) -> bool:
    # An allowed attribute that went missing was dropped by the HTML parser (a repeated id, say), not by a rule.
    return name not in URL_ATTRIBUTES and (name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ()))


#: An address with a scheme (https:, ...) or a host (//host/...); anything else names a file beside the story.
_WEB_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def _unpublished_images(body: str, cleaned: str, first_line: int) -> Found:
    """(line, message) for each image of the sanitised story whose address is a file, not a web address.

    Only the photos listed in product.yml are published, re-encoded without their metadata;
    the story's page comes from memory and nothing else of the product folder reaches the
    site, so such an image would be broken on the page.
    """
    lines = _searchable_lines(body)
    cursor = (0, 0)
    found: Found = []
    for tag, attrs, _ in _elements(cleaned):
        src = dict(attrs).get("src", "") if tag == "img" else ""
        if not src or _WEB_ADDRESS.match(src):
            continue
        patterns = [re.compile(re.escape(src[:40])), re.compile(r"!\["), re.compile(r"<\s*img(?![\w:-])", re.IGNORECASE)]
        line, cursor = _locate(lines, patterns, cursor)
        found.append((first_line + line, tr("story_image_not_published", address=_short(src))))
    return found


def _warnings(body: str, html: str, cleaned: str, first_line: int) -> Found:
    found = removals(html, cleaned)
    if not found:
        return []
    lines = _searchable_lines(body)
    cursor = (0, 0)
    warnings: list[tuple[int, Message]] = []
    for removal in found:
        line, cursor = _locate(lines, _patterns(removal), cursor)
        warning = (first_line + line, removal.message())
        if warning not in warnings:
            warnings.append(warning)
    return warnings


def _patterns(removal: Removal) -> list[re.Pattern[str]]:
    """What to look for in the Markdown source, most precise first."""
    tag = re.compile(rf"<\s*{re.escape(removal.tag)}(?![\w:-])", re.IGNORECASE)
    if removal.tag == "h1" and not removal.attribute:
        return [tag, re.compile(r"^ {0,3}#(?!#)"), re.compile(r"^ {0,3}=+\s*$")]
    if not removal.attribute:
        return [tag]
    name = re.escape(removal.attribute)
    found = [re.compile(rf"(?<![\w-]){name}\s*=", re.IGNORECASE), re.compile(rf"(?<![\w-]){name}(?![\w-])", re.IGNORECASE)]
    if removal.attribute in URL_ATTRIBUTES and removal.value:
        found.insert(0, re.compile(re.escape(removal.value[:40]), re.IGNORECASE))
        scheme = removal.value.split(":", 1)[0].strip()
        if scheme and scheme != removal.value:
            found.insert(1, re.compile(rf"{re.escape(scheme)}\s*:", re.IGNORECASE))
    return found


def _locate(lines: list[str], patterns: list[re.Pattern[str]], cursor: tuple[int, int]) -> tuple[int, tuple[int, int]]:
    """The 0-based line of the first match after ``cursor`` (the page keeps the story's order), else from the top; and the new cursor."""
    for start in (cursor, (0, 0)):
        for pattern in patterns:
            for number in range(start[0], len(lines)):
                match = pattern.search(lines[number], start[1] if number == start[0] else 0)
                if match:
                    return number, (number, match.end())
    return 0, cursor


def _searchable_lines(body: str) -> list[str]:
    """The story's lines with code (fenced blocks and `inline code`) blanked: HTML shown as code is not removed."""
    out, fence = [], ""
    for line in body.split("\n"):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence:
            out.append("")
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) and not stripped[len(marker.group(1)) :].strip():
                fence = ""
            continue
        if marker:
            fence = marker.group(1)
            out.append("")
            continue
        out.append(re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", line))
    return out
