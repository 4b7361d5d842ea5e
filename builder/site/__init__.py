"""The showcase site: one MkDocs build per language from the root mkdocs.yml (Thai at /, English at /en/)."""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from builder.messages import Verbatim, tr
from builder.background import Background
from builder.cache import forget_used, remember_used, text_digest, used_entries
from builder.config import Project, lang_prefix
from builder.content.catalogue import Catalogue, Product
from builder.i18n import load_strings
from builder.images import PhotoSet, plan_photo, publish, render_missing
from builder.kit import KitTexts
from builder.problems import ConfigError
from builder.progress import NullReporter, Reporter
from builder.site.fonts import publish_fonts
from builder.site.plugin import GIPlugin, LanguageSite, ShowSwitcher
from builder.site.qr import QrCodes, verify_urls
from builder.site.pages import PageCache, page_url, shared_inputs
from builder.site.search import ThaiWords, product_lead, thai_texts
from builder.site.seo import SitemapEntry, robots_txt, sitemap
from builder.site.share import ShareCard, render_share_images
from builder.site.views import category_label, product_view

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteStats:
    pages: int
    pages_reused: int
    images_rendered: int
    images_reused: int


def build_site(
    catalogue: Catalogue,
    out: Path,
    *,
    project: Project,
    cache: Path,
    kits: dict[tuple[str, str], KitTexts],
    clips: frozenset[str],
    themes: Path | None = None,
    jobs: int = 1,
    reporter: Reporter | None = None,
    background: Background | None = None,
    qr: QrCodes | None = None,
    words: ThaiWords | None = None,
) -> SiteStats:
    """Write the whole site for every language into ``out`` (which the caller swaps into place).

    ``kits`` holds each product's caption and live script by (slug, lang) for the kit
    pages; ``clips`` names the products whose kit pages show a clip. ``qr`` and ``words``
    may have started drawing the QR codes and segmenting Thai search words in ``background``;
    when there are many pages to render, that worker also builds the other languages while
    this process builds the Thai site.
    """
    strings = load_strings(themes)
    reporter = reporter or NullReporter()
    photo_sets, rendered, reused = _render_photos(catalogue, cache=cache, jobs=jobs, reporter=reporter)
    codes = (qr or QrCodes(cache)).codes(verify_urls(project, (p.slug for p in catalogue.products)))
    pages = pages_reused = 0
    # MkDocs empties its site_dir first, so the root (Thai) site is built before the
    # language folders inside it, or beside it, and shared assets are placed last.
    root_lang, *other_langs = sorted(project.languages, key=lambda code: code != "th")
    elsewhere: dict[str, tuple[Path, Future[Built]]] = {}

    def share_the_work(plan: PageCache) -> None:
        # Called once the Thai pages are planned. Starting the worker costs a second of a core
        # and some memory, which a small rebuild (a story edited during `serve`) would not win back.
        if background is None or not background.available or len(plan.rendered) < ELSEWHERE_FROM:
            return
        if words and root_lang == "th":
            rendering = set(plan.rendered)
            words.start(text for p in catalogue.products if f"products/{p.slug}/index.md" in rendering for text in thai_texts(p))
        for lang in other_langs:
            # Built in the background worker at the same time as the Thai site, then moved in.
            # .site.staging-en-<pid>: swept like the staging folder if the build is killed
            beside = out.with_name(out.name.replace(".staging-", f".staging-{lang}-", 1))
            site = _language_site(catalogue, lang, project=project, strings=strings[lang], photo_sets=photo_sets, codes=codes, kits=kits, clips=clips)
            task = background.submit(build_language_elsewhere, site, beside.resolve(), _absolute(project), cache.resolve(), _log_levels())
            elsewhere[lang] = beside, task

    try:
        site = _language_site(catalogue, root_lang, project=project, strings=strings[root_lang], photo_sets=photo_sets, codes=codes, kits=kits, clips=clips)
        ready = words.collect if words else None  # the Thai index needs the words the worker segmented
        pages, pages_reused = _build_language(
            site, out / lang_prefix(root_lang), project=project, cache=cache, after_plan=share_the_work, before_index=ready
        )
        for lang in other_langs:
            if lang in elsewhere:
                beside, task = elsewhere[lang]
                try:
                    done = task.result()
                except BaseException as exc:  # what MkDocs logged before it failed ("Error building page ...")
                    _log_again(getattr(exc, "gi_records", []))
                    raise
                _log_again(done.records)
                remember_used(done.used)
                os.replace(beside, out / lang_prefix(lang))
                built, kept = done.pages, done.reused
            else:
                site = _language_site(catalogue, lang, project=project, strings=strings[lang], photo_sets=photo_sets, codes=codes, kits=kits, clips=clips)
                built, kept = _build_language(site, out / lang_prefix(lang), project=project, cache=cache)
            pages, pages_reused = pages + built, pages_reused + kept
    finally:
        for beside, task in elsewhere.values():  # left only when the build failed
            if not task.cancel():
                wait([task])  # the worker is writing into it
            shutil.rmtree(beside, ignore_errors=True)
    publish_fonts(out / "assets" / "fonts", cache)
    cards = {
        out / "assets" / "share" / f"{product.slug}-{lang}.jpg": share_card(product, lang, project=project, strings=strings[lang])
        for product in catalogue.products
        for lang in project.languages
    }
    drawn, kept = render_share_images(cards, cache, jobs=jobs, reporter=reporter)
    rendered, reused = rendered + drawn, reused + kept
    for slug, by_file in photo_sets.items():
        publish([r for s in by_file.values() for r in s.renditions], cache / "images", out / "assets" / "photos" / slug)
    entries = _sitemap_entries(catalogue, project)
    # One sitemap of every language with its alternates replaces MkDocs' own, which carry
    # the build date; Material's instant navigation reads the copy in each language folder.
    text = sitemap(entries)
    for lang in project.languages:
        (out / lang_prefix(lang) / "sitemap.xml.gz").unlink(missing_ok=True)
        (out / lang_prefix(lang) / "sitemap.xml").write_text(text, encoding="utf-8")
    (out / "robots.txt").write_text(robots_txt(project.site_url), encoding="utf-8")
    return SiteStats(pages, pages_reused, rendered, reused)


def share_card(product: Product, lang: str, *, project: Project, strings: dict[str, str]) -> ShareCard:
    """The link-preview card of ``product`` in ``lang``."""
    page, cover, gi = product.page(lang), product.cover, product.facts.gi
    badge = f"GI {gi.registration_number}" if gi.number_confirmed else strings["number_pending_badge"]
    focus = (cover.focus.x, cover.focus.y) if cover.focus else (0.5, 0.5)
    return ShareCard(product.photo_path(cover), focus, page.meta.name, page.meta.tagline, badge, project.site_name[lang], page.lang)


def _render_photos(
    catalogue: Catalogue, *, cache: Path, jobs: int, reporter: Reporter
) -> tuple[dict[str, dict[str, PhotoSet]], int, int]:
    sets: dict[str, dict[str, PhotoSet]] = {}
    for product in catalogue.products:
        sets[product.slug] = {photo.file: plan_photo(product.photo_path(photo)) for photo in product.facts.photos}
    every = [r for by_file in sets.values() for s in by_file.values() for r in s.renditions]
    rendered, reused = render_missing(every, cache / "images", jobs=jobs, reporter=reporter)
    return sets, rendered, reused


def _language_site(
    catalogue: Catalogue,
    lang: str,
    *,
    project: Project,
    strings: dict[str, str],
    photo_sets: dict[str, dict[str, PhotoSet]],
    codes: dict[str, str],
    kits: dict[tuple[str, str], KitTexts],
    clips: frozenset[str],
) -> LanguageSite:
    views = [product_view(p, lang, project=project, strings=strings, photos=photo_sets[p.slug], qr=codes) for p in catalogue.products]
    categories = sorted({v.category for v in views})
    provinces = sorted({code_name for v in views for code_name in v.provinces})
    site = LanguageSite(
        lang=lang,
        project=project,
        strings=strings,
        products=views,
        categories=[(c, category_label(c, strings)) for c in categories],
        provinces=provinces,
        languages=project.languages,
        stories={p.slug: p.page(lang).body for p in catalogue.products},
    )
    site.kits = {slug: texts for (slug, kit_lang), texts in kits.items() if kit_lang == lang}
    site.clips = clips
    return site


#: The Thai pages to render from which the background worker builds the other languages
#: (a story edited during ``serve`` renders three or four).
ELSEWHERE_FROM = 10


@dataclass(frozen=True)
class Built:
    """What building a language in the background worker did, for the build to take over."""

    pages: int
    reused: int
    #: The cache entries it used (see builder.cache.used), which pruning must keep.
    used: list[str]
    #: What it logged (MkDocs' warnings among them), to be logged again by the build.
    records: list[logging.LogRecord]


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None  # plain text crosses processes
        self.records.append(record)


def build_language_elsewhere(site: LanguageSite, site_dir: Path, project: Project, cache: Path, levels: dict[str, int]) -> Built:
    """:func:`_build_language` in the background worker, with the build's log levels; its log comes back with the result."""
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)
    keep = _Keep()
    logging.getLogger().addHandler(keep)
    forget_used()
    try:
        pages, reused = _build_language(site, site_dir, project=project, cache=cache)
        return Built(pages, reused, used_entries(), keep.records)
    except BaseException as exc:
        exc.gi_records = keep.records  # type: ignore[attr-defined]  # an exception's attributes travel with it
        raise
    finally:
        logging.getLogger().removeHandler(keep)


def _log_again(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


def _log_levels() -> dict[str, int]:
    """The levels the command line set (the root logger's and MkDocs')."""
    return {name: logging.getLogger(name or None).level for name in ("", "mkdocs")}


def _absolute(project: Project) -> Project:
    # The worker may have been started from another folder (builds inside tests, ``serve``).
    return dataclasses.replace(project, config_file=project.config_file.resolve())


def _build_language(
    site: LanguageSite,
    site_dir: Path,
    *,
    project: Project,
    cache: Path,
    after_plan: Callable[[PageCache], None] | None = None,
    before_index: Callable[[], None] | None = None,
) -> tuple[int, int]:
    """Build one language into ``site_dir``; return (pages, of which reused from the page cache).

    ``after_plan`` is called once the page cache knows which pages to render, before MkDocs
    renders them; ``before_index`` after they are rendered, before the search index is written.
    """
    from mkdocs.commands.build import build

    cache.mkdir(parents=True, exist_ok=True)
    # The pages are handed to MkDocs from memory (see GIPlugin.on_files); its docs_dir stays empty.
    with tempfile.TemporaryDirectory(prefix=f"docs-{site.lang}-", dir=cache) as docs:
        pages, sources = _page_sources(site)
        config = _load_mkdocs_config(
            config_file=str(project.config_file),
            docs_dir=docs,
            site_dir=str(site_dir),
            site_url=project.url(site.lang),
            site_name=project.site_name[site.lang],
            site_description=project.site_description[site.lang],
            nav=[{site.strings["home_title"]: "index.md"}],
            validation={"nav": {"omitted_files": "ignore", "not_found": "warn"}},
        )
        config.theme["language"] = site.lang
        config.extra["alternate"] = ShowSwitcher()
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            # Thai words are separated at build time (builder/site/search.py), so the Thai
            # index needs no client-side segmenter: lunr's "th" would load 660 KB of wordcut.
            search.config["lang"] = ["en"]
        plugin = GIPlugin(site, sources, compiled=cache / "templates")
        custom_dir = config.theme.custom_dir
        shared = shared_inputs(config_file=project.config_file, theme_dir=Path(custom_dir) if custom_dir else None, strings=site.strings)
        views = {id(view): text_digest(view) for view in site.products}
        depends = {src: (meta, body, _by_digest(plugin.page_context(page_url(src), meta), views)) for src, (meta, body) in pages.items()}
        # A product's lead comes from its view, which is already part of the page's key (depends).
        leads = {f"{view.path}index.md": product_lead(view) for view in site.products}
        plugin.pages = PageCache.plan(cache / "pages", lang=site.lang, shared=shared, pages=depends, leads=leads)
        config.plugins["gi-showcase"] = plugin
        if after_plan:
            after_plan(plugin.pages)
        build(config)
        if before_index:
            before_index()
        plugin.pages.finish(site_dir)
    return len(pages), len(plugin.pages.reused)


def _by_digest(context: dict[str, Any], views: dict[int, str]) -> dict[str, Any]:
    """A page's template data with each product view replaced by its digest (computed once per build, not once per page)."""
    product = context["product"]
    return {**context, "product": views[id(product)] if product else None, "products": [views[id(p)] for p in context["products"]]}


def _load_mkdocs_config(**overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(**overrides)
    except ConfigurationError as exc:
        raise ConfigError(tr("config_unreadable", config=str(overrides["config_file"]), reason=Verbatim(str(exc)))) from None


def _page_sources(site: LanguageSite) -> tuple[dict[str, tuple[dict[str, object], str]], dict[str, str]]:
    """The Markdown pages MkDocs renders (home, product, verification, kit, category and province pages).

    Returns each page's front matter and body, and its Markdown source, by source path.
    """
    wide = ["navigation", "toc"]  # our layouts use the full width on phones

    def listing(title: str, spec: dict[str, str] | None = None) -> tuple[dict[str, object], str]:
        meta: dict[str, object] = {"title": title, "template": "home.html", "hide": wide, "gi_listing": True}
        if spec:
            meta["gi_filter"] = spec
        return meta, ""

    pages: dict[str, tuple[dict[str, object], str]] = {"index.md": listing(site.strings["home_title"])}
    for view in site.products:
        meta: dict[str, object] = {"title": view.name, "template": "product.html", "gi_slug": view.slug, "hide": wide}
        pages[f"products/{view.slug}/index.md"] = (meta, site.stories[view.slug])
    for view in site.products:
        title = site.strings["verify_title"].format(name=view.name)
        meta = {"title": title, "template": "verify.html", "gi_slug": view.slug, "hide": wide}
        pages[f"verify/{view.slug}/index.md"] = (meta, "")
    kit_index = {"title": site.strings["kit_title"], "template": "kit-index.html", "hide": wide, "search": {"exclude": True}, "gi_listing": True}
    pages["kit/index.md"] = (kit_index, "")
    for view in site.products:
        title = site.strings["kit_for"].format(name=view.name)
        meta = {"title": title, "template": "kit.html", "gi_kit": view.slug, "hide": wide, "search": {"exclude": True}}
        pages[f"kit/{view.slug}/index.md"] = (meta, "")  # the live script comes as HTML from the kit (gi.kit.live)
    for code, label in site.categories:
        title = site.strings["category_heading"].format(name=label)
        pages[f"category/{code}/index.md"] = listing(title, {"kind": "category", "value": code})
    for code, name in site.provinces:
        title = site.strings["province_heading"].format(name=name)
        pages[f"province/{code.lower()}/index.md"] = listing(title, {"kind": "province", "value": code})
    written, sources = {}, {}
    for relative, (meta, body) in pages.items():
        # MkDocs and Material print page titles as HTML: profile text must arrive escaped.
        meta = {**meta, "title": html.escape(str(meta["title"]))}
        front = yaml.dump(meta, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=True)
        sources[relative] = f"---\n{front}---\n{body}"
        written[relative] = (meta, body)
    return written, sources


_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: much faster, same data


def _sitemap_entries(catalogue: Catalogue, project: Project) -> list[SitemapEntry]:
    entries = [SitemapEntry({lang: project.url(lang) for lang in project.languages})]
    for product in catalogue.products:
        path = f"products/{product.slug}/"
        fallback = frozenset(lang for lang in project.languages if product.is_fallback(lang))
        entries.append(SitemapEntry({lang: project.url(lang, path) for lang in project.languages}, fallback))
    return entries


