"""What the search index holds besides Material's defaults: Thai words apart, and product facts.

Material splits indexed text on its ``separator`` before lunr sees it, so a Thai
sentence (written without spaces) would be one long token and only its first word
could be found. We segment Thai runs with PyThaiNLP's dictionary tokenizer at build
time and join the words with a zero-width space that the separator also splits on.
The pages themselves are untouched, and the browser needs no Thai dictionary
(Material's ``th`` search would download wordcut, about 660 KB). A reader types a
name of several words without spaces too ("ข้าวหอมมะลิ"): themes/site/assets/javascripts/gi.js
cuts such a query into the words of this index before Material looks it up.

Material indexes a page's Markdown only, which for a product is its story; the
tagline, GI facts and characteristics come from our template. :func:`product_lead`
puts them in the product's own entry, so they can be found too.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from builder.site.views import ProductView

ZWSP = "\u200b"
SEPARATOR = r"[\s\-\u200b]+"
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")


def segment_thai(text: str) -> str:
    """Put a zero-width space between Thai words; other text is unchanged."""
    return _THAI_RUN.sub(lambda m: _segmented_run(m.group(0)), text)


@functools.lru_cache(maxsize=1 << 16)
def _segmented_run(run: str) -> str:
    # Headings, labels, names and place names recur on many pages: each distinct run is segmented once.
    from pythainlp.tokenize import word_tokenize

    return ZWSP.join(word_tokenize(run, engine="newmm", keep_whitespace=False))


def segment_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A search index entry with Thai words separated in its title and text."""
    return {k: segment_thai(v) if k in ("title", "text") and isinstance(v, str) and v else v for k, v in entry.items()}


def product_lead(view: ProductView) -> dict[str, str]:
    """The search title and text of what a product page shows besides its story: tagline, GI facts, characteristics.

    FAQ and genuine signs are left out: much of them is the same on every product
    ("the GI logo of the Department of Intellectual Property"), so they would
    match everything and weigh down the index that phones download.
    """
    facts = [view.registration_number or "", ", ".join(name for _, name in view.provinces), *(p["name"] for p in view.producers)]
    traits = "".join(f"<li>{_text(c)}</li>" for c in view.characteristics)
    text = f"<p>{_text(view.tagline)}</p><p>{_text(' · '.join(f for f in facts if f))}</p><ul>{traits}</ul>"
    # Titles are escaped like the page titles MkDocs receives (builder/site/__init__.py).
    return {"title": html.escape(view.name), "text": text}


def with_lead(entries: list[dict[str, Any]], location: str, lead: dict[str, str]) -> list[dict[str, Any]]:
    """A page's search entries with ``lead``'s text first in the page's own entry (made when the page has none)."""
    if entries and entries[0].get("location") == location:
        own = entries[0]
        text = " ".join(t for t in (lead["text"], own.get("text") or "") if t)
        return [{**own, "text": text}, *entries[1:]]
    return [{"location": location, **lead}, *entries]


def _text(value: str) -> str:
    # As Material's own indexer escapes page text: the result list shows ``text`` as HTML.
    return html.escape(value, quote=False)
