"""Small text helpers shared by captions and live scripts: clean profile text, lists of names, dates, prices, the story."""

from __future__ import annotations

import re

from builder.content.catalogue import Page
from builder.kit.shorten import first_sentence

#: At most this many story sections become talking points.
MAX_STORY_POINTS = 6


def clean(text: str) -> str:
    """Profile text on one line: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def join_names(names: list[str], and_word: str) -> str:
    """``A, B and C`` in English, ``ก ข และค`` in Thai (where 'and' is written against the next word)."""
    if len(names) <= 1:
        return "".join(names)
    thai = not and_word.isascii()
    head = " ".join(names[:-1]) if thai else ", ".join(names[:-1])
    return f"{head} {and_word}{'' if thai else ' '}{names[-1]}"


def repeats_number(text: str, number: str) -> bool:
    """True when ``text`` quotes the GI registration ``number`` (already said elsewhere)."""
    squeeze = re.compile(r"\s+")
    return bool(number) and squeeze.sub("", number) in squeeze.sub("", text)


def format_amount(low: float, high: float) -> str:
    """``1,500–4,500`` or ``150`` when both ends are equal."""
    texts = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}" for v in (low, high)]
    return texts[0] if texts[0] == texts[1] else f"{texts[0]}–{texts[1]}"


def story_points(page: Page) -> list[str]:
    """The story as a few talking points: each ``##`` heading with the first sentence under it.

    A story without headings gives the first sentence of each of its first paragraphs.
    """
    points = []
    for heading, paragraph in _sections(page.body):
        sentence = first_sentence(_plain(paragraph), lang=page.lang)
        point = f"{heading} — {sentence}" if heading and sentence else heading or sentence
        if point:
            points.append(point)
    return points[:MAX_STORY_POINTS]


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading, first paragraph) for every ``#``-heading section, or ('', paragraph) without headings."""
    sections: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] = ("", [])
    for line in body.splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            sections.append(current)
            current = (_plain(match.group(1)), [])
        else:
            current[1].append(line)
    sections.append(current)
    found = []
    for heading, lines in sections:
        paragraphs = [p for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
        if heading:
            found.append((heading, paragraphs[0] if paragraphs else ""))
        else:
            found.extend(("", p) for p in paragraphs)
    return found


def _plain(markdown: str) -> str:
    """Markdown and HTML reduced to the words a presenter reads out."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]*>", "", text)  # HTML tags
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)  # *emphasis* and _emphasis_
    text = re.sub(r"^\s*(?:[-+*]|\d+[.)]|>)\s+", "", text, flags=re.MULTILINE)  # list and quote markers
    return clean(text)
