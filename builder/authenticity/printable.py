"""The notice's Markdown, turned into the body of a printable HTML page: everything escaped, little turned into tags.

The wording lives once, in ``themes/takedown/notice.<lang>.md.j2``; the HTML is made from that text.
It is not a general Markdown converter on purpose: every character is HTML-escaped, and only these
become tags: ``#``/``##``/``###`` headings, ``- `` items, ``- [ ] `` checkboxes, ``---`` rules,
``**bold**``, ```code```, images of files inside the pack (``![alt](evidence/...)``) and http(s) addresses.
A ``javascript:`` or ``data:`` address stays plain text. Values are single lines (takedown.py sees to it),
so a value can never start a heading or an item of its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

_HEADING = re.compile(r"^(#{1,3}) (.+)$")
_CHECK = re.compile(r"^- \[( |x)\] (.+)$")
_ITEM = re.compile(r"^- (.+)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^()\s]+)\)$")
_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|(https?://[^\s`]+)")


def is_web_url(text: str) -> bool:
    """True for an http(s) address with a host and no spaces or control characters: the only kind made a link."""
    if re.search(r"[\s\x00-\x1f\x7f]", text):
        return False
    try:
        parts = urlsplit(text)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def is_name_character(char: str) -> bool:
    """Letters (Thai with its vowel and tone marks too), digits, '.', '-' and '_': what a file name in a pack holds."""
    return unicodedata.category(char)[0] in "LMN" or char in "._-"


def is_pack_file(src: str) -> bool:
    """True for a relative path inside the pack (no scheme, no '..', no leading '/'): the only images shown."""
    return bool(src) and ".." not in src and not src.startswith(("/", ".")) and all(is_name_character(c) or c == "/" for c in src)


def markdown_to_html(text: str) -> str:
    """The body HTML of ``text`` (see the module docstring for what is understood)."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_class = ""

    def close() -> None:
        nonlocal list_class
        if paragraph:
            out.append("<p>" + "<br>\n".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append(f'<ul class="{list_class}">\n' + "\n".join(items) + "\n</ul>")
            items.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        kind, html_line = _block(line)
        if kind in ("item", "check"):
            if paragraph or (items and list_class != _LIST_CLASS[kind]):
                close()
            list_class = _LIST_CLASS[kind]
            items.append(html_line)
            continue
        close()
        if kind == "text":
            paragraph.append(html_line)
        elif html_line:
            out.append(html_line)
    close()
    return "\n".join(out) + "\n"


_LIST_CLASS = {"item": "items", "check": "checks"}


def _block(line: str) -> tuple[str, str]:
    """The kind of one line and its HTML: heading, rule, image, item, check, blank or text."""
    if not line:
        return "blank", ""
    if line == "---":
        return "rule", "<hr>"
    if match := _HEADING.match(line):
        level = len(match.group(1))
        return "heading", f"<h{level}>{_inline(match.group(2))}</h{level}>"
    if (match := _IMAGE.match(line)) and is_pack_file(match.group(2)):
        alt, src = (html.escape(part, quote=True) for part in match.groups())
        return "image", f'<figure><img src="{src}" alt="{alt}"><figcaption>{alt}</figcaption></figure>'
    if match := _CHECK.match(line):
        box = "☑" if match.group(1) == "x" else "☐"
        return "check", f'<li><span class="box" aria-hidden="true">{box}</span> {_inline(match.group(2))}</li>'
    if match := _ITEM.match(line):
        return "item", f"<li>{_inline(match.group(1))}</li>"
    return "text", _inline(line)


def _inline(text: str) -> str:
    """Escape ``text``; turn code spans, bold and http(s) addresses into tags."""
    parts: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=True))
        code, bold, url = match.groups()
        if code is not None:
            parts.append(_link(code, f"<code>{html.escape(code, quote=True)}</code>"))
        elif bold is not None:
            parts.append(f"<strong>{html.escape(bold, quote=True)}</strong>")
        else:
            trimmed = url.rstrip(".,;:)")  # the sentence's punctuation, not the address's
            parts.append(_link(trimmed, html.escape(trimmed, quote=True)) + html.escape(url[len(trimmed) :], quote=True))
        position = match.end()
    parts.append(html.escape(text[position:], quote=True))
    return "".join(parts)


def _link(target: str, inner: str) -> str:
    if not is_web_url(target):
        return inner
    return f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer nofollow">{inner}</a>'
