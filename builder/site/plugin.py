"""An in-process MkDocs plugin: hands each page its view of the catalogue and sanitises stories."""

from __future__ import annotations

import functools
from importlib.metadata import version
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from builder.cache import text_digest, used
from builder.config import Project, lang_prefix
from builder.content.sanitize import clean_html
from builder.kit import KitTexts
from builder.site.pages import PageCache
from builder.site.seo import hreflang_links, product_jsonld
from builder.site.views import ProductView


@dataclass
class LanguageSite:
    """Everything one language's build needs besides MkDocs' own config."""

    lang: str
    project: Project
    strings: dict[str, str]
    products: list[ProductView]
    categories: list[tuple[str, str]]
    provinces: list[tuple[str, str]]
    languages: tuple[str, ...]
    stories: dict[str, str] = field(default_factory=dict)
    kits: dict[str, KitTexts] = field(default_factory=dict)
    clips: frozenset[str] = frozenset()

    def product(self, slug: str) -> ProductView | None:
        return self._by_slug.get(slug)

    @functools.cached_property
    def _by_slug(self) -> dict[str, ProductView]:
        return {view.slug: view for view in self.products}


class ShowSwitcher(list[Any]):
    """Material's ``extra.alternate``: an empty list that is true.

    Material includes its language switcher (our partials/alternate.html) when this value is
    true, and writes a ``<link rel="alternate" hreflang>`` for each of its items. The switcher
    links every language, hreflang only indexable versions, so main.html writes those from
    ``gi.hreflang`` and Material gets no items.
    """

    def __bool__(self) -> bool:
        return True


def _our_templates(folder: Path) -> frozenset[str]:
    """The templates that themes/site/ defines (home.html, product.html, partials/gi-picture.html, ...): they autoescape."""
    return frozenset(str(path.relative_to(folder)).replace("\\", "/") for path in folder.rglob("*.html"))


class GIPlugin(BasePlugin):
    """Registered by :func:`builder.site.build_language`; never listed in mkdocs.yml."""

    def __init__(self, site: LanguageSite, sources: Mapping[str, str], *, compiled: Path | None = None, pages: PageCache | None = None) -> None:
        super().__init__()
        self.site = site
        self.sources = sources
        self.compiled = compiled
        self.pages = pages

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        # Every page comes from memory (``sources``: Markdown by path), none from docs_dir; pages
        # whose HTML is cached are left out and put back afterwards (builder/site/pages.py).
        reused = self.pages.reused if self.pages is not None else {}
        for src, text in self.sources.items():
            if src not in reused:
                files.append(File.generated(config, src, content=text))
        return files

    def on_env(self, env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
        # MkDocs' environment does not escape; ours must, since profile text is untrusted.
        # Material's own templates are left as they are (they print HTML they build themselves).
        ours = _our_templates(Path(config.theme.custom_dir))
        env.autoescape = ours.__contains__
        if self.compiled is not None:
            # Compiled templates are kept between builds (compiling Material's takes about half a
            # second per language). Whether a template escapes is decided when it is compiled, so
            # the folder is named after which templates are ours.
            folder = self.compiled / text_digest(jinja2.__version__, version("mkdocs"), sorted(ours))
            folder.mkdir(parents=True, exist_ok=True)
            used(folder)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    def on_page_content(self, html: str, /, *, page: Page, config: Any, files: Any) -> str:
        return clean_html(html)

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: Any, nav: Any) -> TemplateContext:
        context["gi"] = self.page_context(page.url, page.meta)  # type: ignore[typeddict-unknown-key]
        return context

    def page_context(self, url: str, meta: Mapping[str, Any]) -> dict[str, Any]:
        """What our templates receive as ``gi`` on the page at ``url`` with front matter ``meta``."""
        site = self.site
        depth = len(url.strip("/").split("/")) if url.strip("/") else 0
        root = "../" * (depth + (0 if site.lang == "th" else 1))  # up to the real site root
        product = site.product(str(meta.get("gi_slug", ""))) if meta.get("gi_slug") else None
        # Only listing pages receive the catalogue: a product page must not change when another product does.
        listing = bool(meta.get("gi_listing"))
        return {
            "lang": site.lang,
            "t": site.strings,
            "root": root,
            "home": "../" * depth,
            "product": product,
            "products": self._filtered(meta.get("gi_filter")) if listing else [],
            "filter": meta.get("gi_filter"),
            "categories": site.categories if listing else [],
            "provinces": site.provinces if listing else [],
            "alternates": self._alternates(url, root),
            "hreflang": self._hreflang(url, product),
            "jsonld": product_jsonld(product, image_urls=self._image_urls(product)) if product else None,
            "share_image": site.project.site_url + f"assets/share/{product.slug}-{site.lang}.jpg" if product else None,
            "description": product.tagline if product else site.project.site_description[site.lang],
            "kit": self._kit(str(meta.get("gi_kit", ""))),
            "clips": str(meta.get("gi_kit", "")) in site.clips,
        }

    def _kit(self, slug: str) -> dict[str, str] | None:
        view = self.site.product(slug) if slug else None
        if view is None or slug not in self.site.kits:
            return None
        texts = self.site.kits[slug]
        # The live script is shown as the kit renders it for live-script.html (our template, escaped),
        # not converted from its Markdown again: that took Python-Markdown 7 to 15 ms a page.
        return {"slug": slug, "name": view.name, "caption": texts.caption, "live": texts.live_section, "content_lang": view.content_lang}

    def _filtered(self, spec: dict[str, str] | None) -> list[ProductView]:
        if not spec:
            return self.site.products
        kind, value = spec["kind"], spec["value"]
        if kind == "category":
            return [p for p in self.site.products if p.category == value]
        return [p for p in self.site.products if value in (code for code, _ in p.provinces)]

    def _alternates(self, url: str, root: str) -> list[dict[str, Any]]:
        """Each language's version of this page, for the language switcher (fallback versions too)."""
        return [
            {
                "lang": lang,
                "name": self.site.strings["switch_language"] if lang != self.site.lang else "",
                "link": root + lang_prefix(lang) + url,
                "current": lang == self.site.lang,
            }
            for lang in self.site.languages
        ]

    def _hreflang(self, url: str, product: ProductView | None) -> list[tuple[str, str]]:
        """The (language, absolute URL) pairs this page announces as ``<link rel="alternate" hreflang>``.

        A product's version in a language it has no text in is ``noindex``: it is not
        announced by the others and announces nothing itself (see seo.hreflang_links).
        """
        indexable = product.translated if product is not None else self.site.languages
        if self.site.lang not in indexable:
            return []
        urls = {lang: self.site.project.url(lang, url) for lang in self.site.languages}
        return hreflang_links(urls, indexable)

    def _image_urls(self, product: ProductView) -> list[str]:
        base = self.site.project.site_url + f"assets/photos/{product.slug}/"
        return [base + photo.photos.largest("jpg").name for photo in product.photos]
