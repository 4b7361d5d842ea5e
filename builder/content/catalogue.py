"""The validated domain objects that every rendering stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.content.model import LANGUAGES, PageMeta, Photo, ProductFacts
from builder.content.photos import resolve_in_folder
from builder.content.provinces import Province, provinces


@dataclass(frozen=True)
class Page:
    """One language version of a product: translated fields plus the Markdown story."""

    lang: str
    meta: PageMeta
    body: str
    source: Path
    body_line: int


@dataclass(frozen=True)
class Product:
    """A validated GI product: its facts, its pages by language and its photo files."""

    slug: str
    folder: Path
    facts: ProductFacts
    pages: dict[str, Page]

    def page(self, lang: str) -> Page:
        """The page in ``lang``, or the Thai page when that translation is missing."""
        return self.pages.get(lang) or self.pages["th"]

    def is_fallback(self, lang: str) -> bool:
        return lang not in self.pages

    def photo_path(self, photo: Photo) -> Path:
        """The photo's file, found as the loader found it (``\\`` as separator, NFC or NFD names)."""
        return resolve_in_folder(self.folder, photo.file) or self.folder / photo.file

    @property
    def cover(self) -> Photo:
        return self.facts.photos[0]

    @property
    def provinces(self) -> list[Province]:
        table = provinces()
        return [table[code] for code in self.facts.provinces]


@dataclass(frozen=True)
class Catalogue:
    """All products, sorted by slug so every walk over them is reproducible."""

    root: Path
    products: tuple[Product, ...] = field(default_factory=tuple)
    languages: tuple[str, ...] = LANGUAGES

    def get(self, slug: str) -> Product | None:
        return next((p for p in self.products if p.slug == slug), None)
