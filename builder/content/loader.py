"""Load and validate every product profile under ``content/``, collecting all problems.

Nothing here writes a file: ``check`` and the first phase of ``build`` both call
:func:`load_catalogue` and print its report.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.cache import builder_digest, replacing, text_digest, tree_digest, used
from builder.config import build_date
from builder.content import explain
from builder.content.catalogue import Catalogue, Page, Product
from builder.content.limits import MAX_PROFILE_BYTES
from builder.content.model import LANGUAGES, THAI_GI_NUMBER, PageMeta, ProductFacts, contact_problem
from builder.content.photos import ALLOWED_SUFFIXES, resolve_in_folder
from builder.content.stories import story_problems
from builder.content.yamlmarks import Loc, YamlDoc, YamlSyntaxError, normalise_text, parse_front_matter, parse_yaml
from builder.messages import Message, printable, tr
from builder.problems import Report

#: Bump when what is stored for a checked product folder changes.
PROFILES_VERSION = "2"
#: The marker 'gi-showcase new' leaves in every field an editor must fill in.
TODO = "TODO"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: '<' then a letter, '/', '!' or '?' opens a tag, an end tag or a comment in a browser: not meant for a plain-text field.
MARKUP = re.compile(r"<[A-Za-z/!?]")
#: Fields that never reach a page as text (a photo's file name; addresses, which the model checks itself).
_NOT_TEXT = frozenset({"file", "url"})

M = TypeVar("M", bound=BaseModel)


def display(path: Path) -> str:
    """A path as the editor knows it, safe to print: relative to the current folder when inside it (a link is named, not its target)."""
    return printable(_relative(path))


def _relative(path: Path) -> str:
    absolute = Path(os.path.abspath(path))
    for base in (Path.cwd(), Path.cwd().resolve()):
        if absolute.is_relative_to(base):
            return str(absolute.relative_to(base))
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def count_product_folders(content: Path) -> int:
    """How many product folders there are, valid or not (for summary lines)."""
    products_dir = content / "products"
    if not products_dir.is_dir():
        return 0
    return sum(1 for p in products_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def product_slugs(content: Path) -> list[str]:
    """The names of the folders :func:`load_catalogue` will read as products (before reading any)."""
    products_dir = content / "products"
    return [folder.name for folder in _product_folders(products_dir, Report())] if products_dir.is_dir() else []


def load_catalogue(content: Path, *, cache: Path | None = None) -> tuple[Catalogue, Report]:
    """Read every product under ``content/products``; return the valid ones and every problem found.

    With ``cache`` (a build's cache folder), a product folder whose files did not change
    since it was last checked is not parsed and checked again: its result is reused.
    """
    report = Report()
    products_dir = content / "products"
    if not products_dir.is_dir():
        report.add(display(content), 0, "", tr("no_products_folder", folder=display(products_dir)))
        return Catalogue(content), report
    loaded = [_load_product_cached(folder, report, cache) for folder in _product_folders(products_dir, report)]
    products = tuple(p for p in loaded if p is not None)
    _check_across_products(products, report)
    return Catalogue(content, products), report


def _product_folders(products_dir: Path, report: Report) -> list[Path]:
    folders = []
    for entry in sorted(products_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if not entry.is_dir():
            report.warn(display(entry), 0, "", tr("file_in_products"))
            continue
        if not SLUG.match(entry.name):
            report.add(
                display(entry), 0, "slug",
                tr("bad_slug", name=entry.name, example=_suggest_slug(entry.name)),
            )
            continue
        folders.append(entry)
    return folders


def _suggest_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "doi-tung-coffee"


def _load_product_cached(folder: Path, report: Report, cache: Path | None) -> Product | None:
    """:func:`_load_product`, remembered in ``cache/profiles/`` under a digest of every file in the folder."""
    if cache is None:
        return _load_product(folder, report)
    # The result also depends on gi-showcase's code and data (provinces), on the folder
    # printed in messages (relative to the current one) and on the day dates are checked against.
    key = text_digest(PROFILES_VERSION, builder_digest(), os.getcwd(), os.path.abspath(folder), build_date().isoformat(), tree_digest(folder, hidden=True))
    stored = cache / "profiles" / f"{key}.pickle"
    try:
        product, problems = pickle.loads(stored.read_bytes())
        used(stored)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        local = Report()
        product = _load_product(folder, local)
        problems = local.problems
        with replacing(stored) as tmp:
            tmp.write_bytes(pickle.dumps((product, problems), protocol=pickle.HIGHEST_PROTOCOL))
    report.extend(problems)
    return product


def _load_product(folder: Path, report: Report) -> Product | None:
    facts_path = folder / "product.yml"
    if not facts_path.is_file():
        report.add(display(facts_path), 0, "", tr("no_product_yml"))
        return None
    doc = _read_yaml(facts_path, report)
    facts = None
    if doc:
        _check_markup(doc.data, (), doc, facts_path, report)
        todos = _check_todos(doc.data, (), doc, facts_path, report)
        facts = _validate(ProductFacts, doc, facts_path, report, context={"folder": folder}, skip=todos)
    if facts and doc:
        _check_facts(facts, doc, facts_path, report)
        _check_photos(folder, facts, doc, facts_path, report)
    pages = _load_pages(folder, report)
    if facts is None or "th" not in pages:
        return None
    return Product(folder.name, folder, facts, pages)


def _read_text(path: Path, report: Report) -> str | None:
    """The text of a profile file inside its product folder, or None after reporting why it cannot be used."""
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            report.add(display(path), 0, "", tr("link_outside", name=path.name))
            return None
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            report.add(display(path), 0, "", tr("file_too_big", size=size / 1024, limit=MAX_PROFILE_BYTES // 1024))
            return None
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, on Python < 3.13
        report.add(display(path), 0, "", tr("file_unreadable", reason=str(getattr(exc, "strerror", None) or exc)))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(display(path), line, "", tr("not_utf8"))
        return None


def _read_yaml(path: Path, report: Report) -> YamlDoc | None:
    text = _read_text(path, report)
    if text is None:
        return None
    try:
        doc = parse_yaml(normalise_text(text))
    except YamlSyntaxError as exc:
        report.add(display(path), exc.line, "", exc.message)
        return None
    if not isinstance(doc.data, dict):
        report.add(display(path), doc.first_line, "", tr("not_mapping", kind=_kind(doc.data)))
        return None
    return doc


def _kind(data: Any) -> Message:
    if data is None:
        return tr("kind_empty")
    return tr("kind_list") if isinstance(data, list) else tr("kind_value", value=repr(str(data)[:30]))


def _validate(
    model: type[M],
    doc: YamlDoc,
    path: Path,
    report: Report,
    *,
    context: dict[str, Any] | None = None,
    skip: set[Loc] | None = None,
) -> M | None:
    """Validate, reporting unknown keys as warnings (and ignoring them) and everything else as errors.

    Fields in ``skip`` were already reported (e.g. as TODO) and get no second message.
    """
    data = doc.data
    for _ in range(20):  # each pass removes the unknown keys pydantic found; nesting is shallow
        try:
            return model.model_validate(data, context=context)
        except ValidationError as exc:
            extras = [e for e in exc.errors() if e["type"] == "extra_forbidden"]
            others = [e for e in exc.errors() if e["type"] != "extra_forbidden"]
            for error in extras:
                loc = explain.data_loc(error["loc"], data)
                report.warn(display(path), doc.line_of(loc), explain.field_label(loc), explain.unknown_key_message(model, loc))
                data = _without(data, loc)
            if others:
                _report_errors(model, others, doc, data, path, report, skip or set())
                return None
    return None


def _report_errors(
    model: type[BaseModel], errors: list[Any], doc: YamlDoc, data: Any, path: Path, report: Report, skip: set[Loc]
) -> None:
    seen = set(skip)
    for error in errors:
        loc = explain.data_loc(error["loc"], data)
        if loc in seen:
            continue  # one message per field, even when pydantic tried several union branches
        seen.add(loc)
        report.add(display(path), doc.line_of(loc), explain.field_label(loc), explain.explain(error, model))


def _without(data: Any, loc: tuple[str | int, ...]) -> Any:
    if not loc:
        return data
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k != head} if not rest else {k: (_without(v, rest) if k == head else v) for k, v in data.items()}
    if isinstance(data, list) and isinstance(head, int):
        return [_without(v, rest) if i == head else v for i, v in enumerate(data)]
    return data


def _check_facts(facts: ProductFacts, doc: YamlDoc, path: Path, report: Report) -> None:
    gi = facts.gi
    if gi.number_confirmed and not THAI_GI_NUMBER.match(gi.registration_number):
        report.warn(
            display(path), doc.line_of(("gi", "registration_number")), "gi.registration_number",
            tr("gi_number_format", number=gi.registration_number),
        )
    for index, producer in enumerate(facts.producers):
        warning = contact_problem(producer.contact) if producer.contact else None
        if warning:
            report.warn(display(path), doc.line_of(("producers", index, "contact")), f"producers[{index + 1}].contact", warning)
    if facts.location and not (5 <= facts.location.lat <= 21 and 97 <= facts.location.lon <= 106):
        report.warn(display(path), doc.line_of(("location",)), "location", tr("outside_thailand"))
    listed: tuple[tuple[str, list[str]], ...] = (
        ("seasons", [str(m) for m in facts.seasons]),
        ("hashtags", [h.lower() for h in facts.hashtags]),
    )
    for label, values in listed:
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            report.warn(display(path), doc.line_of((label,)), label, tr("listed_more_than_once", values=", ".join(repeated)))


def _check_photos(folder: Path, facts: ProductFacts, doc: YamlDoc, path: Path, report: Report) -> None:
    used: set[Path] = set()
    for index, photo in enumerate(facts.photos):
        # The model has checked (and decoded) each file already; here it is only found again, not read.
        found = resolve_in_folder(folder, photo.file)
        if found:
            if found in used:
                report.warn(display(path), doc.line_of(("photos", index, "file")), f"photos[{index + 1}].file", tr("photo_listed_twice", file=photo.file))
            used.add(found)
    for extra in _photo_files(folder):
        if extra not in used:
            report.warn(display(extra), 0, "", tr("photo_not_listed"))


def _photo_files(folder: Path) -> list[Path]:
    photos = folder / "photos"
    if not photos.is_dir():
        return []
    return sorted(p for p in photos.rglob("*") if p.is_file() and p.suffix.lower() in ALLOWED_SUFFIXES)


def _load_pages(folder: Path, report: Report) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.md"
        if not path.is_file():
            if lang == "th":
                report.add(display(path), 0, "", tr("no_thai_page"))
            continue
        page = _load_page(path, lang, report)
        if page:
            pages[lang] = page
    return pages


def _load_page(path: Path, lang: str, report: Report) -> Page | None:
    text = _read_text(path, report)
    if text is None:
        return None
    try:
        parsed = parse_front_matter(text)
    except YamlSyntaxError as exc:
        report.add(display(path), exc.line, "", exc.message)
        return None
    if not isinstance(parsed.meta.data, dict):
        report.add(display(path), 2, "", tr("front_matter_not_mapping", kind=_kind(parsed.meta.data)))
        return None
    _check_markup(parsed.meta.data, (), parsed.meta, path, report)
    todos = _check_todos(parsed.meta.data, (), parsed.meta, path, report)
    for number, line in enumerate(parsed.body.split("\n"), start=parsed.body_line):
        if TODO in line:
            report.add(display(path), number, "story", tr("todo_in_story"))
    refused, removed = story_problems(parsed.body, parsed.body_line)
    for number, message in refused:
        report.add(display(path), number, "story", message)
    for number, message in removed:
        report.warn(display(path), number, "story", message)
    meta = _validate(PageMeta, parsed.meta, path, report, skip=todos)
    if meta is None:
        return None
    if not parsed.body.strip():
        report.warn(display(path), parsed.body_line, "story", tr("story_empty"))
    return Page(lang, meta, parsed.body, path, parsed.body_line)


def _check_todos(data: Any, loc: Loc, doc: YamlDoc, path: Path, report: Report) -> set[Loc]:
    """Report every value that still holds the TODO marker that 'gi-showcase new' writes; return their places."""
    found: set[Loc] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found |= _check_todos(value, (*loc, key), doc, path, report)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found |= _check_todos(value, (*loc, index), doc, path, report)
    elif isinstance(data, str) and TODO in data:
        report.add(display(path), doc.line_of(loc), explain.field_label(loc), tr("todo_in_value"))
        found.add(loc)
    return found


def _check_markup(data: Any, loc: Loc, doc: YamlDoc, path: Path, report: Report) -> None:
    """Warn about HTML in plain-text fields: only the story may hold markup; pages must show these fields as text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_TEXT:
                _check_markup(value, (*loc, key), doc, path, report)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_markup(value, (*loc, index), doc, path, report)
    elif isinstance(data, str) and (match := MARKUP.search(data)):
        rest = data[match.start() :]
        tag = rest[: rest.index(">") + 1] if 0 < rest.find(">") < 30 else rest[:20] + "…"
        where = tr("markup_belongs_in_story") if path.suffix == ".md" else ""
        report.warn(display(path), doc.line_of(loc), explain.field_label(loc), tr("looks_like_html", tag=tag, where=where))


def _check_across_products(products: tuple[Product, ...], report: Report) -> None:
    owners: dict[str, list[Product]] = defaultdict(list)
    for product in products:
        if product.facts.gi.number_confirmed:
            owners[re.sub(r"\s+", "", product.facts.gi.registration_number)].append(product)
    for number, group in owners.items():
        if len(group) > 1:
            for product in group:
                others = ", ".join(p.slug for p in group if p is not product)
                path = product.folder / "product.yml"
                report.add(
                    display(path), _line(path, "registration_number"), "gi.registration_number",
                    tr("number_shared", number=number, others=others),
                )


def _line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 0


__all__ = ["display", "load_catalogue"]
