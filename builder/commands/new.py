"""``gi-showcase new``: scaffold a product folder from the commented templates in ``themes/scaffold/``."""

from __future__ import annotations

from pathlib import Path

from builder.content.loader import SLUG
from builder.messages import tr
from builder.problems import ContentError
from builder.themes import render_template, theme_dir

SCAFFOLD_FILES = ("product.yml", "th.md", "en.md")


def new_product(slug: str, content: Path, *, themes: Path | None = None) -> Path:
    """Create ``content/products/<slug>/`` with templates to fill in; refuse to overwrite anything."""
    if not SLUG.match(slug):
        raise ContentError(tr("new_bad_slug", slug=slug))
    folder = content / "products" / slug
    if folder.exists():
        raise ContentError(tr("new_folder_exists", folder=str(folder)))
    scaffold = theme_dir(themes) / "scaffold"
    rendered = {name: render_template(scaffold, name + ".j2", {"slug": slug}) for name in SCAFFOLD_FILES}
    (folder / "photos").mkdir(parents=True)
    for name, text in rendered.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
