"""A product catalogue as CSV, in the spirit of a TikTok Shop bulk upload, for marketers to start from."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from builder.content.catalogue import Catalogue, Page, Product
from builder.kit.text import clean
from builder.kit.urls import product_url

#: Excel opens UTF-8 CSV with Thai text correctly only when the file starts with a byte-order mark.
BOM = "\ufeff"
#: The registration number column when the number is not confirmed: never a guessed number.
NOT_CONFIRMED = "to be confirmed"
COLUMNS = (
    "slug", "name_th", "name_en", "category", "description_th", "description_en",
    "price_min_thb", "price_max_thb", "unit_th", "unit_en",
    "gi_registration_number", "gi_registered_on", "provinces_th", "provinces_en",
    "main_image", "product_url_th", "product_url_en",
)  # fmt: skip


def catalogue_csv(catalogue: Catalogue, *, site_url: str) -> str:
    """One row per product in slug order; RFC 4180 quoting and CRLF line ends, with a BOM for Excel.

    English columns stay empty when a product has no English text yet, so nobody
    uploads Thai text as English by mistake. Write the result with ``newline=""``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for product in catalogue.products:
        writer.writerow(_row(product, site_url))
    return BOM + out.getvalue()


def _row(product: Product, site_url: str) -> list[str]:
    facts, gi = product.facts, product.facts.gi
    price = facts.shop.price
    return [
        product.slug,
        *_translated(product, lambda p: clean(p.meta.name)),
        facts.category.value,
        *_translated(product, lambda p: "\n".join([clean(p.meta.tagline), *(f"- {clean(c)}" for c in p.meta.characteristics)])),
        _number(price.min) if price else "",
        _number(price.max) if price else "",
        price.unit.th if price else "",
        price.unit.en if price else "",
        gi.registration_number if gi.number_confirmed else NOT_CONFIRMED,
        gi.registered_on.isoformat() if isinstance(gi.registered_on, dt.date) else NOT_CONFIRMED,
        "; ".join(p.th for p in product.provinces),
        "; ".join(p.en for p in product.provinces),
        product.cover.file.rsplit("/", 1)[-1],
        product_url(site_url, product.slug, "th"),
        product_url(site_url, product.slug, "en"),
    ]


def _translated(product: Product, value: Callable[[Page], str]) -> list[str]:
    return [value(product.pages[lang]) if lang in product.pages else "" for lang in ("th", "en")]


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
