"""The marketer's kit, text half: TikTok captions and live-selling scripts per product and language.

All wording lives in ``themes/kit/`` (Jinja2 templates and ``kit.yml``) so that
non-programmers can edit it; this package computes plain values, fits the
caption into TikTok's limit and times the live. See docs/kit.md.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

from builder.cache import builder_digest, file_digest, text_digest, tree_digest, used, write_text_whole
from builder.content.catalogue import Catalogue, Product
from builder.kit.caption import CAPTION_LIMIT, caption_parts, render_caption
from builder.kit.live import live_script, render_live
from builder.kit.model import KitTexts, Segment
from builder.kit.shopcsv import catalogue_csv
from builder.kit.theme import LIVE_MINUTES_MAX, LIVE_MINUTES_MIN, KitTheme, load_theme
from builder.kit.timing import check_live_minutes
from builder.kit.urls import product_url

__all__ = [
    "CAPTION_LIMIT",
    "LIVE_MINUTES_MAX",
    "LIVE_MINUTES_MIN",
    "KitTexts",
    "Segment",
    "catalogue_csv",
    "check_live_minutes",
    "kit_texts",
    "kit_texts_for",
    "product_url",
    "write_kit_texts",
    "write_texts",
]

log = logging.getLogger(__name__)

#: Bump when what is stored in the kit cache changes.
KIT_CACHE_VERSION = "2"

#: The files written per product and language, in ``kit/<slug>/<lang>/``.
KIT_FILES = ("caption.txt", "live-script.md", "live-script.html")


def kit_texts(product: Product, lang: str, *, product_url: str, live_minutes: int = 60, themes: Path | None = None) -> KitTexts:
    """The caption and live script of ``product`` in ``lang``; a ConfigError for a bad length or a broken template."""
    check_live_minutes(live_minutes)
    return _kit_texts(product, lang, load_theme(themes), product_url=product_url, live_minutes=live_minutes)


def _kit_texts(product: Product, lang: str, theme: KitTheme, *, product_url: str, live_minutes: int) -> KitTexts:
    caption = render_caption(caption_parts(product, lang, theme, product_url=product_url), theme)
    script = live_script(product, lang, theme, product_url=product_url, minutes=live_minutes)
    markdown, html, section = render_live(script, theme)
    return KitTexts(caption=caption, live_markdown=markdown, live_html=html, segments=script.segments, live_section=section)


def kit_texts_for(
    catalogue: Catalogue, urls: dict[tuple[str, str], str], *, live_minutes: int = 60, themes: Path | None = None, cache: Path | None = None
) -> dict[tuple[str, str], KitTexts]:
    """The kit texts of every (slug, lang) in ``urls``, which gives each product page's address; the theme is loaded once.

    With ``cache``, texts whose inputs did not change are read from ``cache/kit/`` instead of
    being written again: the key covers the product folder, the language and address, the
    live's length, the kit templates, the interface strings and gi-showcase's code.
    """
    check_live_minutes(live_minutes)
    theme = load_theme(themes)
    by_slug = {product.slug: product for product in catalogue.products}
    shared = text_digest(KIT_CACHE_VERSION, builder_digest(), tree_digest(theme.folder), file_digest(theme.folder.parent / "strings.yml"), live_minutes)
    texts = {}
    for (slug, lang), url in urls.items():
        product = by_slug[slug]
        stored = cache / "kit" / f"{text_digest(shared, slug, lang, url, tree_digest(product.folder, hidden=True))}.json" if cache else None
        found = _read_stored(stored) if stored else None
        if found is None:
            found = _kit_texts(product, lang, theme, product_url=url, live_minutes=live_minutes)
            if stored:
                write_text_whole(stored, json.dumps(dataclasses.asdict(found), ensure_ascii=False))
        texts[(slug, lang)] = found
    return texts


def _read_stored(path: Path) -> KitTexts | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        segments = tuple(Segment(**{**s, "points": tuple(s["points"])}) for s in data.pop("segments"))
        texts = KitTexts(**data, segments=segments)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    used(path)
    return texts


def write_kit_texts(catalogue: Catalogue, kit_dir: Path, *, site_url: str, live_minutes: int = 60, themes: Path | None = None) -> int:
    """Write kit_dir/<slug>/<lang>/{caption.txt, live-script.md, live-script.html} for every product and language ("th", "en"); return files written."""
    check_live_minutes(live_minutes)
    theme = load_theme(themes)
    written = 0
    for product in catalogue.products:
        for lang in catalogue.languages:
            url = product_url(site_url, product.slug, lang)
            texts = _kit_texts(product, lang, theme, product_url=url, live_minutes=live_minutes)
            written += write_texts(texts, kit_dir / product.slug / lang)
    return written


def write_texts(texts: KitTexts, folder: Path, *, whole: bool = True) -> int:
    """Write one product's caption and live script in one language into ``folder``; return files written.

    ``whole=False`` writes each file directly, for a folder nobody reads until it is complete
    (a build's staging folder): on a virtual machine's disk that halves the cost.
    """
    if not whole:
        folder.mkdir(parents=True, exist_ok=True)
    for name, text in zip(KIT_FILES, (texts.caption, texts.live_markdown, texts.live_html), strict=True):
        if whole:
            write_text_whole(folder / name, text)
        else:
            (folder / name).write_text(text, encoding="utf-8", newline="")
        log.debug("wrote %s", folder / name)
    return len(KIT_FILES)
