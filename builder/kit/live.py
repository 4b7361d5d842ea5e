"""The live-selling script: a checklist, then timed blocks of talking points, as Markdown and printable HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from builder.content.catalogue import Product
from builder.i18n import format_date, load_strings
from builder.kit.model import Segment
from builder.kit.text import clean, format_amount, join_names, repeats_number, story_points
from builder.kit.theme import KitTheme
from builder.kit.timing import Slot, plan


@dataclass(frozen=True)
class LiveScript:
    """A live script in one language: the checklist and the timed segments."""

    lang: str
    name: str
    minutes: int
    checklist: tuple[str, ...]
    segments: tuple[Segment, ...]


def live_script(product: Product, lang: str, theme: KitTheme, *, product_url: str, minutes: int) -> LiveScript:
    """Plan the clock, then fill every segment with talking points from the ``live-points`` template."""
    values = live_values(product, lang, theme, product_url=product_url)
    template = f"live-points.{lang}.txt.j2"
    slots = plan(minutes, theme.settings.live)
    blocks = {key: theme.lines(template, key, values) for key in {slot.key for slot in slots if slot.key != "rehook"}}
    segments = []
    for index, slot in enumerate(slots):
        if slot.key == "rehook":
            following = next((s for s in slots[index + 1 :] if s.key != "rehook"), slot)
            points = theme.lines(template, "rehook", {**values, "next_title": _title(following, theme, lang)})
        else:
            points = _share(blocks[slot.key], slot, slots)
        segments.append(Segment(slot.key, _title(slot, theme, lang), slot.start, slot.minutes, tuple(points)))
    checklist = tuple(theme.lines(template, "checklist", values))
    return LiveScript(lang, values["name"], minutes, checklist, tuple(segments))


def live_values(product: Product, lang: str, theme: KitTheme, *, product_url: str) -> dict[str, Any]:
    """Plain values for the talking-point templates (profile text on one line, Thai when untranslated)."""
    page = product.page(lang)
    meta, facts, gi = page.meta, product.facts, product.facts.gi
    words = theme.settings.words(lang)
    number = gi.registration_number if gi.number_confirmed else ""
    price = facts.shop.price
    return {
        "name": clean(meta.name),
        "hook": clean(meta.clip.hook or meta.tagline),
        "tagline": clean(meta.tagline),
        "provinces": join_names([p.name(lang) for p in product.provinces], words.labels.and_),
        "gi_number": number,
        "registered_on": _date(gi.registered_on, lang, theme),
        "eu_protection": clean(gi.eu_protection or ""),
        "genuine_signs": [clean(s) for s in meta.genuine_signs],
        "story": story_points(page),
        "characteristics": [clean(c) for c in meta.characteristics if not repeats_number(c, number)],
        "price": format_amount(price.min, price.max) if price else "",
        "unit": clean(price.unit(lang)) if price else "",
        "price_note": clean(price.note(lang)) if price and price.note else "",
        "shop_links": [{"label": clean(link.label(lang)), "url": link.url} for link in facts.shop.links],
        "url": product_url,
        "faq": [{"q": clean(item.q), "a": clean(item.a)} for item in meta.faq],
        "next_title": "",
    }


def _date(value: dt.date | str, lang: str, theme: KitTheme) -> str:
    if not isinstance(value, dt.date):
        return ""
    strings = load_strings(theme.folder.parent)[lang]
    return format_date(value, lang, strings)


def _title(slot: Slot, theme: KitTheme, lang: str) -> str:
    words = theme.settings.words(lang)
    title = words.titles.of(slot.key)
    return f"{title} {words.continued}" if slot.part and slot.key != "rehook" else title


def _share(points: list[str], slot: Slot, slots: list[Slot]) -> list[str]:
    """The points of ``slot``'s piece of its block, shared by minutes; every piece gets all when there are fewer points than pieces."""
    pieces = [s.minutes for s in slots if s.key == slot.key]
    if len(pieces) == 1 or len(points) < len(pieces):
        return points
    counts = _counts(len(points), pieces)
    start = sum(counts[: slot.part])
    return points[start : start + counts[slot.part]]


def _counts(total: int, minutes: list[int]) -> list[int]:
    """``total`` points shared by ``minutes``: at least one each, the rest in proportion (largest remainders first)."""
    spare = total - len(minutes)
    shares = [spare * m / sum(minutes) for m in minutes]
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(len(minutes)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def clock(minute: int) -> str:
    """``01:05`` for minute 65 of the live."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def render_live(script: LiveScript, theme: KitTheme) -> tuple[str, str, str]:
    """The Markdown, the HTML document, and the HTML of its ``script`` block (for the site's kit page) of ``script``."""
    labels = theme.settings.words(script.lang).labels.model_dump()
    values = {
        "lang": script.lang,
        "labels": labels,
        "name": script.name,
        "minutes": script.minutes,
        "checklist": list(script.checklist),
        "segments": [
            {
                "time": f"{clock(s.start)}–{clock(s.start + s.minutes)}",
                "title": s.title,
                "minutes": s.minutes,
                "points": list(s.points),
                "rehook": s.key == "rehook",
            }
            for s in script.segments
        ],
    }
    markdown = theme.render("live.md.j2", values).rstrip("\n") + "\n"
    html = theme.render("live.html.j2", {**values, "heading": 2}).rstrip("\n") + "\n"
    section = theme.render_block("live.html.j2", "script", {**values, "heading": 3}).strip("\n") + "\n"
    return markdown, html, section
