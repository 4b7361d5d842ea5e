"""The TikTok post caption: the template filled with profile text, fitted into TikTok's 2,200 characters."""

from __future__ import annotations

from dataclasses import dataclass, replace

from builder.content.catalogue import Product
from builder.content.loader import display
from builder.kit.hashtags import Tag, drop_last_optional, hashtag_line, hashtag_list
from builder.kit.shorten import shorten
from builder.kit.text import clean, join_names, repeats_number
from builder.kit.theme import KitTheme
from builder.messages import tr
from builder.problems import ConfigError

#: TikTok's caption limit, counted in Python characters (code points), hashtags included.
CAPTION_LIMIT = 2200
#: A fact that would be shorter than this after shortening is left out instead.
MIN_FACT = 24


@dataclass(frozen=True)
class CaptionParts:
    """What fills the caption template; facts and tagline may be shortened, hashtags dropped."""

    lang: str
    content_lang: str
    hook: str
    name: str
    tagline: str
    facts: tuple[str, ...]
    provinces: str
    gi_number: str
    url: str
    tags: tuple[Tag, ...]


def caption_parts(product: Product, lang: str, theme: KitTheme, *, product_url: str) -> CaptionParts:
    """The caption's values for ``product`` in ``lang`` (Thai profile text when the translation is missing)."""
    page = product.page(lang)
    meta, gi = page.meta, product.facts.gi
    words = theme.settings.words(lang)
    hook = clean(meta.clip.hook or meta.tagline)
    number = gi.registration_number if gi.number_confirmed else ""
    facts = [clean(c) for c in meta.characteristics if not repeats_number(c, number)]
    provinces = [p.name(lang) for p in product.provinces]
    tags = hashtag_list(
        (
            (product.facts.hashtags, False),
            ([meta.name, *provinces], True),
            (words.hashtags.always, True),
            (words.hashtags.more, False),
        )
    )
    return CaptionParts(
        lang=lang,
        content_lang=page.lang,
        hook=hook,
        name=clean(meta.name),
        tagline="" if clean(meta.tagline) == hook else clean(meta.tagline),
        facts=tuple(facts[: theme.settings.caption.facts]),
        provinces=join_names(provinces, words.labels.and_),
        gi_number=number,
        url=product_url,
        tags=tuple(tags),
    )


def render_caption(parts: CaptionParts, theme: KitTheme) -> str:
    """The caption, at most 2,200 characters: first drop optional hashtags from the end, then shorten facts and tagline."""
    text = _render(parts, theme)
    while len(text) > CAPTION_LIMIT:
        fewer = drop_last_optional(list(parts.tags))
        if fewer is None:
            break
        parts = replace(parts, tags=tuple(fewer))
        text = _render(parts, theme)
    while len(text) > CAPTION_LIMIT:
        parts = _shorten_longest(parts, len(text) - CAPTION_LIMIT, theme)
        text = _render(parts, theme)
    return text


def _render(parts: CaptionParts, theme: KitTheme) -> str:
    text = theme.render(
        f"caption.{parts.lang}.txt.j2",
        {
            "hook": parts.hook,
            "name": parts.name,
            "tagline": parts.tagline,
            "facts": list(parts.facts),
            "provinces": parts.provinces,
            "gi_number": parts.gi_number,
            "url": parts.url,
            "hashtags": hashtag_line(parts.tags),
        },
    )
    return text.rstrip("\n") + "\n"


def _shorten_longest(parts: CaptionParts, overflow: int, theme: KitTheme) -> CaptionParts:
    """Cut the longest fact (or the tagline) by ``overflow`` characters at a clean place, or leave it out."""
    fields = [*parts.facts, parts.tagline]
    longest = max(range(len(fields)), key=lambda i: len(fields[i]))
    if not fields[longest]:
        template = display(theme.folder / f"caption.{parts.lang}.txt.j2")
        raise ConfigError(tr("caption_template_too_long", template=template, limit=CAPTION_LIMIT))
    target = len(fields[longest]) - overflow
    cut = shorten(fields[longest], target, lang=parts.content_lang) if target >= MIN_FACT else ""
    if longest == len(parts.facts):
        return replace(parts, tagline=cut)
    facts = list(parts.facts)
    if cut:
        facts[longest] = cut
    else:
        del facts[longest]
    return replace(parts, facts=tuple(facts))
