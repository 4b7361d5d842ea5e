"""Thai words in the search index.

Material splits indexed text on its ``separator`` before lunr sees it, so a Thai
sentence (written without spaces) would be one long token and only its first word
could be found. We segment Thai runs with PyThaiNLP's dictionary tokenizer at build
time and join the words with a zero-width space that the separator also splits on.
The pages themselves are untouched, and the browser needs no Thai segmenter
(Material's ``th`` search would download wordcut, about 660 KB): a one-word query
matches directly. A query of several Thai words typed without spaces matches only
when the reader separates them with spaces, as Thai readers do in search boxes.
"""

from __future__ import annotations

import functools
import re
from typing import Any

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
