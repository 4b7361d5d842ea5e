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

import json
import re
from pathlib import Path

ZWSP = "\u200b"
SEPARATOR = r"[\s\-\u200b]+"
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")


def segment_thai(text: str) -> str:
    """Put a zero-width space between Thai words; other text is unchanged."""
    from pythainlp.tokenize import word_tokenize

    return _THAI_RUN.sub(lambda m: ZWSP.join(word_tokenize(m.group(0), engine="newmm", keep_whitespace=False)), text)


def segment_search_index(site_dir: Path) -> None:
    """Rewrite ``search/search_index.json`` with Thai words separated."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["separator"] = SEPARATOR
    for doc in index["docs"]:
        for field in ("title", "text"):
            if doc.get(field):
                doc[field] = segment_thai(doc[field])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
