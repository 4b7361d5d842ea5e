"""The site's interface strings, kept in ``themes/strings.yml`` in Thai and English side by side."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml

from builder.content.model import LANGUAGES
from builder.messages import tr
from builder.problems import ConfigError
from builder.themes import theme_dir


def load_strings(themes: Path | None = None) -> dict[str, dict[str, str]]:
    """Strings by language then key; every key must exist in every language.

    The file is read once per version of it: a build asks for it per product, and
    ``serve`` sees an edited file at once because the cache key is its size and mtime.
    """
    path = theme_dir(themes) / "strings.yml"
    stat = path.stat()
    return _read_strings(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_strings(path: Path, size: int, mtime_ns: int) -> dict[str, dict[str, str]]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    table: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for key, texts in data.items():
        missing = [lang for lang in LANGUAGES if not isinstance(texts, dict) or not texts.get(lang)]
        if missing:
            raise ConfigError(tr("strings_missing_language", file=str(path), key=str(key), languages=", ".join(missing)))
        for lang in LANGUAGES:
            table[lang][key] = str(texts[lang])
    return table


def format_date(value: dt.date, lang: str, strings: dict[str, str]) -> str:
    """27 ก.ย. 2550 in Thai (Buddhist Era, as Thai readers expect), 27 Sep 2007 in English."""
    year = value.year + 543 if lang == "th" else value.year
    return f"{value.day} {strings[f'month_{value.month}']} {year}"
