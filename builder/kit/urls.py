"""Where a buyer checks a product: its page on the showcase site."""

from __future__ import annotations

from builder.config import page_url, product_path


def product_url(site_url: str, slug: str, lang: str) -> str:
    """``<site_url>products/<slug>/`` in Thai, ``<site_url>en/products/<slug>/`` in English."""
    return page_url(site_url, lang, product_path(slug))
