"""What the page templates see: plain, per-language views of the validated catalogue."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.config import Project, product_path, verify_path
from builder.content.catalogue import Product
from builder.content.model import Category
from builder.i18n import format_date
from builder.images import PhotoSet
from builder.typesetting import has_thai


@dataclass(frozen=True)
class PhotoView:
    alt: str
    credit: str | None
    photos: PhotoSet
    focus: tuple[float, float]
    #: The language the credit is written in (see :func:`text_lang`).
    credit_lang: str | None = None


@dataclass(frozen=True)
class ProductView:
    """One product in one language, ready for a template."""

    slug: str
    lang: str
    fallback: bool
    #: The languages the product has its own text in; its pages in the others are fallbacks, not indexed.
    translated: tuple[str, ...]
    name: str
    tagline: str
    characteristics: list[str]
    genuine_signs: list[str]
    faq: list[tuple[str, str]]
    category: str
    category_label: str
    provinces: list[tuple[str, str]]
    registration_number: str | None
    registered_on: str | None
    eu_protection: str | None
    eu_protection_lang: str | None
    registrant: str | None
    producers: list[dict[str, Any]]
    shop_links: list[tuple[str, str]]
    price: str | None
    #: The lowest and highest price in baht, as numbers (the same when there is one price).
    price_range: tuple[float, float] | None
    seasons: list[int]
    hashtags: list[str]
    #: (title, address or None, language of the title).
    sources: list[tuple[str, str | None, str | None]]
    photos: list[PhotoView]
    url: str
    path: str
    verify_url: str = ""
    content_lang: str = "th"
    #: The QR code to the verification page, inline SVG (from builder.site.qr).
    qr_svg: str = ""


def text_lang(text: str) -> str | None:
    """The language of a text an editor wrote in either: Thai if it has Thai letters, else English if it has Latin ones.

    For fields without a language of their own (a photo credit, a source's title, the EU
    protection): None when there is nothing to read, such as a year alone.
    """
    if has_thai(text):
        return "th"
    return "en" if _LATIN.search(text) else None


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def format_price(product: Product, lang: str, strings: dict[str, str]) -> str | None:
    price = product.facts.shop.price
    if price is None:
        return None
    low, high = (f"{v:,.0f}" for v in (price.min, price.max))
    amount = low if low == high else f"{low}–{high}"
    text = f"{amount} {strings['baht']} {strings['per']} {price.unit(lang)}"
    return f"{text} ({price.note(lang)})" if price.note else text


def category_label(category: Category | str, strings: dict[str, str]) -> str:
    return strings[f"category_{Category(category).value}"]


def product_view(
    product: Product, lang: str, *, project: Project, strings: dict[str, str], photos: dict[str, PhotoSet], qr: Mapping[str, str]
) -> ProductView:
    """The view of ``product`` in ``lang`` (Thai text with a notice when the translation is missing).

    ``qr`` holds the QR code of each verification page by its address (see builder.site.qr).
    """
    facts, page = product.facts, product.page(lang)
    gi = facts.gi
    path = product_path(product.slug)
    url = project.url(lang, path)
    verify_url = project.url(lang, verify_path(product.slug))
    return ProductView(
        slug=product.slug,
        lang=lang,
        fallback=product.is_fallback(lang),
        translated=tuple(code for code in project.languages if not product.is_fallback(code)),
        name=page.meta.name,
        tagline=page.meta.tagline,
        characteristics=list(page.meta.characteristics),
        genuine_signs=list(page.meta.genuine_signs),
        faq=[(item.q, item.a) for item in page.meta.faq],
        category=facts.category.value,
        category_label=category_label(facts.category, strings),
        provinces=[(p.code, p.name(lang)) for p in product.provinces],
        registration_number=gi.registration_number if gi.number_confirmed else None,
        registered_on=format_date(gi.registered_on, lang, strings) if isinstance(gi.registered_on, dt.date) else None,
        eu_protection=gi.eu_protection,
        eu_protection_lang=text_lang(gi.eu_protection) if gi.eu_protection else None,
        registrant=gi.registrant(lang) if gi.registrant else None,
        producers=[{"name": p.name(lang), "contact": p.contact, "authorised": p.authorised} for p in facts.producers],
        shop_links=[(link.label(lang), link.url) for link in facts.shop.links],
        price=format_price(product, lang, strings),
        price_range=(facts.shop.price.min, facts.shop.price.max) if facts.shop.price else None,
        seasons=sorted(set(facts.seasons)),
        hashtags=list(facts.hashtags),
        sources=[(s.title, s.url, text_lang(s.title)) for s in facts.sources],
        photos=[
            PhotoView(
                p.alt(lang), p.credit, photos[p.file], (p.focus.x, p.focus.y) if p.focus else (0.5, 0.5), text_lang(p.credit) if p.credit else None
            )
            for p in facts.photos
        ],
        url=url,
        path=path,
        verify_url=verify_url,
        content_lang=page.lang,
        qr_svg=qr[verify_url],
    )
