"""Hashtags as TikTok reads them: one unbroken word each, no repeats."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Tag:
    """One hashtag without its '#'; ``keep`` tags are never dropped to shorten a caption."""

    text: str
    keep: bool = False


def as_hashtag(text: str) -> str:
    """``Doi Tung Coffee`` → ``DoiTungCoffee``; Thai stays whole; spaces, punctuation and symbols go; '' when nothing is left."""
    words = ["".join(ch for ch in word if _allowed(ch)) for word in text.split()]
    words = [w for w in words if w]
    if len(words) > 1:
        words = [w[0].upper() + w[1:] if w[0].isascii() else w for w in words]
    tag = "".join(words)
    return tag if any(ch.isalnum() for ch in tag) else ""


def _allowed(ch: str) -> bool:
    # Letters, digits and combining marks (Thai vowels and tone marks are marks); '_' is allowed by TikTok.
    return ch == "_" or unicodedata.category(ch)[0] in "LMN"


def hashtag_list(groups: Iterable[tuple[Iterable[str], bool]]) -> list[Tag]:
    """Normalised tags from ``(texts, keep)`` groups in order, without empty tags or case-insensitive repeats."""
    tags: list[Tag] = []
    seen: dict[str, int] = {}
    for texts, keep in groups:
        for text in texts:
            tag = as_hashtag(text)
            key = tag.casefold()
            if not tag:
                continue
            if key in seen:
                index = seen[key]
                tags[index] = replace(tags[index], keep=tags[index].keep or keep)
                continue
            seen[key] = len(tags)
            tags.append(Tag(tag, keep))
    return tags


def drop_last_optional(tags: list[Tag]) -> list[Tag] | None:
    """``tags`` without its last tag that may be dropped, or None when only kept tags are left."""
    for index in range(len(tags) - 1, -1, -1):
        if not tags[index].keep:
            return tags[:index] + tags[index + 1 :]
    return None


def hashtag_line(tags: Iterable[Tag]) -> str:
    return " ".join(f"#{tag.text}" for tag in tags)
