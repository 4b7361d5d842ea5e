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

import html
import json
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from builder.background import Background
    from builder.content.catalogue import Product
    from builder.site.views import ProductView

ZWSP = "\u200b"
SEPARATOR = r"[\s\-\u200b]+"
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")


#: Thai runs already segmented, kept for the process (``serve`` builds many times): headings,
#: labels and place names recur on many pages, and :class:`ThaiWords` fills it ahead.
_known: dict[str, str] = {}
#: Past this many runs the memory is started afresh.
KNOWN_MAX = 1 << 17
#: Runs segmented per task sent to the background worker.
CHUNK = 400


def segment_thai(text: str) -> str:
    """Put a zero-width space between Thai words; other text is unchanged."""
    return _THAI_RUN.sub(lambda m: _segmented_run(m.group(0)), text)


def _segmented_run(run: str) -> str:
    found = _known.get(run)
    if found is None:
        found = _learn(run, _segment_runs([run])[0])
    return found


def _learn(run: str, segmented: str) -> str:
    if len(_known) >= KNOWN_MAX:
        _known.clear()
    _known[run] = segmented
    return segmented


def _segment_runs(runs: list[str]) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return [ZWSP.join(word_tokenize(run, engine="newmm", keep_whitespace=False)) for run in runs]


class ThaiWords:
    """Segments the Thai runs of texts known early (stories, names) in the background worker.

    PyThaiNLP takes about half a millisecond a run, several milliseconds a Thai product
    page. :meth:`start` sends the runs not known yet to the worker as soon as the profiles
    are read; :meth:`collect` takes its results before the Thai index is written. A run
    it missed (text a template adds) is segmented when met, with the same result.
    """

    def __init__(self, background: Background) -> None:
        self.background = background
        self._tasks: list[tuple[list[str], Future[list[str]]]] = []
        self._sent: set[str] = set()

    def start(self, texts: Iterable[str]) -> None:
        if not self.background.available:
            return
        runs = list(dict.fromkeys(run for text in texts for run in _THAI_RUN.findall(text) if run not in _known and run not in self._sent))
        self._sent.update(runs)
        self._tasks += self.background.submit_chunks(_segment_runs, runs, CHUNK)

    def collect(self) -> None:
        for runs, task in self._tasks:
            for run, segmented in zip(runs, task.result(), strict=True):
                _learn(run, segmented)
        self._tasks.clear()


def thai_texts(product: Product) -> Iterator[str]:
    """The Thai text the Thai pages of ``product`` index: the story, the translated fields, the facts, the provinces."""
    page = product.pages.get("th")
    if page:
        yield page.body
        yield json.dumps(page.meta.model_dump(mode="json"), ensure_ascii=False)
    yield json.dumps(product.facts.model_dump(mode="json"), ensure_ascii=False)
    yield " ".join(province.th for province in product.provinces)


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
