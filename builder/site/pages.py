"""Rendered pages kept between builds, so an edit re-renders only the pages it touches.

Each page's key is the digest of everything its HTML is made from: the Markdown
file we hand MkDocs (front matter and body), the data our templates receive for it
(the product's view, the catalogue for listing pages, the kit texts), and what all
pages of a language share (the theme folder, ``mkdocs.yml``, the interface strings,
the versions of MkDocs, Material and gi-showcase). A page whose key is cached is
taken out of MkDocs' file list, so MkDocs neither parses nor renders it; its HTML
and its search entries are put back afterwards. The search index is rebuilt in the
order of the page list, so a warm build writes the same bytes as a cold one.

A page is kept as two files: its HTML as MkDocs wrote it and its search entries
(JSON). The HTML is never read into Python: the cache and the site share it as one
file through hard links, both ways, because on a virtual machine's disk copying a
page cost about as much as rendering it. The JSON records the HTML's size and time,
so a page edited in place in the site is not taken from the cache again. Only the
entries of the reused pages are held in memory, which matters at a thousand products.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from builder.cache import builder_digest, file_digest, link_or_copy, replacing, text_digest, tree_digest, used, write_text_whole
from builder.site.search import SEPARATOR, segment_entry, with_lead

#: Bump when the way pages are stored changes (4: the entries record the HTML's size and time).
PAGES_VERSION = "4"
#: Pages always rendered by MkDocs: they are in its navigation, so it must see them.
ALWAYS_RENDERED = frozenset({"index.md"})

Entry = dict[str, Any]


def page_url(src_uri: str) -> str:
    """The URL MkDocs gives ``products/x/index.md`` (directory URLs): ``products/x/``."""
    return src_uri.removesuffix("index.md")


@dataclass
class PageCache:
    """The cached pages of one language's build: which are reused, and how to store the rest."""

    folder: Path
    lang: str
    keys: dict[str, str]
    #: The search title and text of what a page shows outside its Markdown, by source path (see search.product_lead).
    leads: Mapping[str, dict[str, str]] = field(default_factory=dict)
    #: The search entries of each reused page, by source path.
    reused: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def plan(
        cls, folder: Path, *, lang: str, shared: str, pages: Mapping[str, Any], leads: Mapping[str, dict[str, str]] | None = None
    ) -> PageCache:
        """``pages`` maps each source file to what its HTML depends on besides ``shared``; ``leads`` must be part of that."""
        keys = {src: text_digest(PAGES_VERSION, shared, lang, src, inputs) for src, inputs in pages.items()}
        cache = cls(folder, lang, keys, leads or {})
        for src, key in keys.items():
            if src in ALWAYS_RENDERED:
                continue
            entries = cache._load(key)
            if entries is not None:
                cache.reused[src] = entries
        return cache

    @property
    def rendered(self) -> list[str]:
        return [src for src in self.keys if src not in self.reused]

    def finish(self, site_dir: Path) -> None:
        """Put reused pages back into ``site_dir``, store the rendered ones, and write the search index in page order."""
        index_path = site_dir / "search" / "search_index.json"
        index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else None
        fresh = _entries_by_page(index["docs"]) if index else {}
        docs: list[Entry] = []
        for src, key in self.keys.items():
            html_path = site_dir / page_url(src) / "index.html"
            if src in self.reused:
                html_path.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(self._path(key, ".html"), html_path)
                entries = self.reused[src]
            else:
                entries = self._entries(src, fresh.get(page_url(src), []))
                self._store(key, html_path, entries)
            docs.extend(entries)
        if index is not None:
            if self.lang == "th":
                index["config"]["separator"] = SEPARATOR
            index["docs"] = docs
            index_path.write_text(_dumps(index), encoding="utf-8")

    def _entries(self, src: str, entries: list[Entry]) -> list[Entry]:
        """A rendered page's search entries as the index holds them: with its lead, Thai words apart."""
        if src in self.leads:
            entries = with_lead(entries, page_url(src), self.leads[src])
        return [segment_entry(e) for e in entries] if self.lang == "th" else entries

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def _load(self, key: str) -> list[Entry] | None:
        """The search entries of the page cached under ``key``, or None when it is not (wholly) there."""
        html = self._path(key, ".html")
        try:
            stored = json.loads(self._path(key, ".json").read_text(encoding="utf-8"))
            stat = html.stat()
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("html") != [stat.st_size, stat.st_mtime_ns]:
            return None  # written in place since it was stored (the site shares the file), or not ours
        entries = stored.get("entries")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return None
        used(html)
        used(self._path(key, ".json"))
        return entries

    def _store(self, key: str, html: Path, entries: list[Entry]) -> None:
        # The HTML first: a page counts as cached only once its entries are there too, and they
        # must name the HTML's size and time (see _load). So both are written directly, without
        # the temporary file and rename of write_text_whole: an entry cut short by a crash does
        # not parse, and the file is replaced whole on the next store.
        path = self._path(key, ".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        link_or_copy(html, path)
        stat = path.stat()  # the cached file's: a copy (cache and site on different disks) has its own time
        self._path(key, ".json").write_text(_dumps({"html": [stat.st_size, stat.st_mtime_ns], "entries": entries}), encoding="utf-8")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entries_by_page(docs: list[Entry]) -> dict[str, list[Entry]]:
    by_page: dict[str, list[Entry]] = {}
    for entry in docs:
        by_page.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
    return by_page


def shared_inputs(*, config_file: Path, theme_dir: Path | None, strings: Mapping[str, str]) -> str:
    """What every page of a language depends on besides its own data."""
    return text_digest(
        builder_digest(),
        version("mkdocs"),
        version("mkdocs-material"),
        file_digest(config_file),
        tree_digest(theme_dir) if theme_dir else "",
        dict(strings),
    )
