"""The site's interface strings, kept in ``themes/strings.yml`` in Thai and English side by side."""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.content.model import LANGUAGES
from builder.problems import ConfigError
from builder.themes import theme_dir


def load_strings(themes: Path | None = None) -> dict[str, dict[str, str]]:
    """Strings by language then key; every key must exist in every language."""
    path = theme_dir(themes) / "strings.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    table: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for key, texts in data.items():
        missing = [lang for lang in LANGUAGES if not isinstance(texts, dict) or not texts.get(lang)]
        if missing:
            raise ConfigError(f"{path}: {key}: the text is missing in {', '.join(missing)}; add it")
        for lang in LANGUAGES:
            table[lang][key] = str(texts[lang])
    return table
