"""Shorten text to a length without cutting a word: at a sentence end where possible, else between words.

Thai has no spaces between words, so Thai text is cut only where PyThaiNLP's
``newmm`` tokenizer puts a word boundary; a space in Thai ends a sentence.
"""

from __future__ import annotations

import re

from builder.typesetting import has_thai

ELLIPSIS = "…"
# English sentence ends: . ! ? (optionally followed by a closing quote or bracket) and then a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")


def thai_word_boundaries(text: str) -> list[int]:
    """Every offset in ``text`` where a ``newmm`` word starts or ends (0 and len(text) included)."""
    from pythainlp.tokenize import word_tokenize  # slow to import; only needed when Thai text is cut

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    if "".join(tokens) != text:  # never trust offsets that do not add up to the text
        return sorted({0, len(text), *(m.start() for m in re.finditer(r"\s", text)), *(m.end() for m in re.finditer(r"\s", text))})
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def shorten(text: str, limit: int, *, lang: str) -> str:
    """``text`` cut to at most ``limit`` characters, or '' when no clean cut fits.

    A cut at a sentence end is kept as is; a cut between words (when no sentence
    end keeps at least half of ``limit``) ends with '…'. ``lang`` is the language
    the text is written in; Thai rules apply to any text with Thai letters.
    """
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ""
    thai = lang == "th" or has_thai(text)
    sentence = _thai_sentence_cut(text, limit) if thai else _english_sentence_cut(text, limit)
    if sentence and len(sentence) * 2 >= limit:
        return sentence
    word = _thai_word_cut(text, limit - 1) if thai else _english_word_cut(text, limit - 1)
    if word:
        return word + ELLIPSIS
    return sentence


def _thai_sentence_cut(text: str, limit: int) -> str:
    # A space ends a Thai sentence; it must also be a newmm boundary (it always is, but check).
    boundaries = set(thai_word_boundaries(text))
    ends = [i for i in range(1, min(limit, len(text) - 1) + 1) if text[i].isspace() and i in boundaries]
    return text[: ends[-1]].rstrip() if ends else ""


def _thai_word_cut(text: str, limit: int) -> str:
    ends = [b for b in thai_word_boundaries(text) if 0 < b <= limit]
    return text[: ends[-1]].rstrip() if ends else ""


def _english_sentence_cut(text: str, limit: int) -> str:
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= limit]
    return text[: ends[-1]] if ends else ""


def _english_word_cut(text: str, limit: int) -> str:
    # Prefer the end of a clause (before ', ' '; ' ' — ') when it keeps half; else cut before any space, never inside a word.
    clauses = [m.start() for m in re.finditer(r"[,;:]\s|\s[–—]\s", text) if 0 < m.start() <= limit]
    if clauses and clauses[-1] * 2 >= limit:
        return text[: clauses[-1]]
    ends = [m.start() for m in re.finditer(r"\s", text) if 0 < m.start() <= limit]
    return text[: ends[-1]].rstrip(" ,;:–—-") if ends else ""


def first_sentence(text: str, *, lang: str, budget: int = 160) -> str:
    """The opening of a paragraph as one talking point: the first sentence, at most ``budget`` characters.

    Thai clauses are separated by spaces and are often short, so Thai keeps
    adding clauses while they fit in ``budget``.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    if lang == "th" or has_thai(text):
        clauses = text.split(" ")
        kept = clauses[0]
        for clause in clauses[1:]:
            if len(kept) + 1 + len(clause) > budget:
                break
            kept += " " + clause
        return shorten(kept, budget, lang="th")
    match = _SENTENCE_END.search(text)
    sentence = text[: match.end()] if match else text
    return shorten(sentence, budget, lang="en")
