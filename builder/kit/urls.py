"""Where a buyer checks a product: its page on the showcase site."""

from __future__ import annotations

from builder.config import lang_prefix


def product_url(site_url: str, slug: str, lang: str) -> str:
    """``<site_url>products/<slug>/`` in Thai, ``<site_url>en/products/<slug>/`` in English."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{lang_prefix(lang)}products/{slug}/"
