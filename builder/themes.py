"""Where the theme files (site overrides, clip styles, text templates) are found."""

from __future__ import annotations

from pathlib import Path

#: The themes folder shipped in the repository, next to the builder package.
DEFAULT_THEMES = Path(__file__).resolve().parent.parent / "themes"


def theme_dir(themes: Path | None = None) -> Path:
    """The themes folder to use: the one given, or the project's ``themes/``."""
    return themes if themes is not None else DEFAULT_THEMES
