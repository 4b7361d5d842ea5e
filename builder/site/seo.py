"""What search engines and link previews read: JSON-LD, the sitemap with language alternates, robots.txt."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from builder.site.views import ProductView


@dataclass(frozen=True)
class SitemapEntry:
    """One page with its URL in every language; ``fallback`` languages show another language's text."""

    urls: dict[str, str]
    fallback: frozenset[str] = frozenset()


def product_jsonld(view: ProductView, *, image_urls: list[str]) -> str:
    """A schema.org ``Product`` for one page, safe to place inside ``<script type="application/ld+json">``."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": view.name,
        "description": view.tagline,
        "url": view.url,
        "image": image_urls,
        "category": view.category_label,
        "countryOfOrigin": {"@type": "Country", "name": "Thailand", "identifier": "TH"},
        "brand": [{"@type": "Organization", "name": p["name"]} for p in view.producers],
    }
    if view.registration_number:
        certification: dict[str, object] = {
            "@type": "Certification",
            "name": "Thai Geographical Indication (GI)",
            "certificationIdentification": view.registration_number,
            "issuedBy": {"@type": "GovernmentOrganization", "name": "Department of Intellectual Property, Thailand"},
        }
        data["hasCertification"] = certification
    if view.price_range is not None:
        data["offers"] = _offers(view, view.price_range)
    return json_for_script(data)


def _offers(view: ProductView, price_range: tuple[float, float]) -> dict[str, object]:
    """One ``Offer`` with its ``price``, or an ``AggregateOffer`` from ``lowPrice`` to ``highPrice`` for a range.

    There is no ``offerCount``: a profile gives one price range for the product, not the
    number of sellers offering it (its shop links are places to buy, not priced offers).
    """
    low, high = (_number(value) for value in price_range)
    prices: dict[str, object] = {"@type": "Offer", "price": low} if low == high else {"@type": "AggregateOffer", "lowPrice": low, "highPrice": high}
    offer: dict[str, object] = {**prices, "priceCurrency": "THB", "description": view.price}
    if view.shop_links:
        offer["url"] = view.shop_links[0][1]
    return offer


def _number(value: float) -> int | float:
    """130.0 as 130: schema.org prices are numbers, and whole baht read better without '.0'."""
    return int(value) if float(value).is_integer() else value


def json_for_script(data: object) -> str:
    """JSON that cannot close its ``<script>`` element: ``<``, ``>`` and ``&`` are escaped as \\u sequences."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def hreflang_links(urls: Mapping[str, str], indexable: Collection[str], *, default_lang: str = "th") -> list[tuple[str, str]]:
    """The ``hreflang`` alternates every indexable version of a page announces: (language, URL) pairs, then ``x-default``.

    Only indexable versions belong: a version showing another language's text (no
    translation yet) is ``noindex``, so it is neither announced nor announces. With fewer
    than two indexable versions there is nothing to announce, and the list is empty.
    The page and the sitemap both use this, so they always agree.
    """
    cluster = {lang: url for lang, url in urls.items() if lang in indexable}
    if len(cluster) < 2:
        return []
    links = sorted(cluster.items())
    return [*links, ("x-default", cluster.get(default_lang, links[0][1]))]


def sitemap(entries: Iterable[SitemapEntry], *, default_lang: str = "th") -> str:
    """One sitemap for every language: each indexable URL with its alternates and ``x-default`` (see :func:`hreflang_links`).

    A version whose text is a fallback is ``noindex`` and left out, both as a URL and as an alternate.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        indexable = sorted(lang for lang in entry.urls if lang not in entry.fallback)
        links = hreflang_links(entry.urls, indexable, default_lang=default_lang)
        for lang in indexable:
            lines.append(f"  <url><loc>{escape(entry.urls[lang])}</loc>")
            for alt_lang, alt_url in links:
                lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(alt_lang)} href={quoteattr(alt_url)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"
