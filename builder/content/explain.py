"""Turn pydantic's validation errors into plain sentences for editors."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from builder.content.model import field_description
from builder.content.yamlmarks import Loc
from builder.messages import Message, Refusal, printable, tr, untranslated

#: What pydantic expected, by the kind of its error, as a message key.
_KINDS = {
    "string_type": "kind_text",
    "int_type": "kind_whole_number",
    "int_parsing": "kind_whole_number",
    "int_from_float": "kind_whole_number",
    "float_type": "kind_number",
    "float_parsing": "kind_number",
    "finite_number": "kind_number",
    "bool_type": "kind_true_false",
    "bool_parsing": "kind_true_false",
    "list_type": "kind_list_lines",
    "model_type": "kind_group",
    "model_attributes_type": "kind_group",
    "dict_type": "kind_group",
}
#: Bounds of a number, by pydantic's name of the limit.
_BOUNDS = {"ge": "bound_ge", "le": "bound_le", "gt": "bound_gt", "lt": "bound_lt"}


def data_loc(loc: Sequence[str | int], data: Any) -> Loc:
    """Keep only the parts of ``loc`` that exist in the data, dropping pydantic's union branch names."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
        elif isinstance(part, str) and _is_branch(part):
            continue
        else:
            kept.append(part)  # a key that is missing from the data: the end of the path
            break
        kept.append(part)
    return tuple(kept)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_branch(part: str) -> bool:
    # pydantic names union branches after their types: 'date', "literal['x']", 'function-after[...]'.
    return "[" in part or part in {"date", "str", "int", "float", "bool", "none"}


def field_label(loc: Loc) -> str:
    """``photos[1].alt.en`` for ``("photos", 0, "alt", "en")``: list items count from 1 for editors."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) and not isinstance(part, bool) else (f".{part}" if out else str(part))
    return printable(out)


def explain(error: ErrorDetails, model: type[BaseModel]) -> Message:
    """One plain sentence (with a hint) for one pydantic error."""
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return tr("missing", hint=_add_hint(model, error["loc"]))
    if kind in _KINDS:
        shown = _show(given)
        # Thai joins a described value to the word before it but keeps a quoted one apart: two templates.
        return tr("should_be_value" if not shown.key else "should_be", kind=tr(_KINDS[kind]), given=shown)
    if kind == "enum":
        allowed = [a.strip() for part in str(ctx.get("expected", "")).replace("'", "").split(" or ") for a in part.split(",") if a.strip()]
        return tr("not_one_of", given=_show(given), allowed=", ".join(allowed), suggestion=_did_you_mean(str(given), allowed))
    if kind == "too_short":
        return tr("needs_one")
    if kind in {"too_long", "string_too_long"}:
        return tr("too_long_chars" if kind == "string_too_long" else "too_long_entries", limit=ctx.get("max_length"))
    if kind == "string_too_short":
        return tr("empty_text")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = [tr(_BOUNDS[name], value=value) for name, value in ctx.items() if name in _BOUNDS]
        joined = tr("and", first=bounds[0], second=bounds[1]) if len(bounds) == 2 else bounds[0]
        return tr("out_of_range", given=_show(given), bounds=joined)
    if kind == "value_error" and isinstance(ctx.get("error"), Refusal):
        return ctx["error"].message
    detail = untranslated(str(error["msg"]).removeprefix("Value error, "))
    return tr("invalid_value", detail=detail)  # a rare kind: pydantic's own English words, in a Thai sentence too


def unknown_key_message(model: type[BaseModel], loc: Loc) -> Message:
    """Name the unknown key and the closest valid one."""
    valid = sorted(fields_at(model, loc[:-1]))
    key = str(loc[-1])
    hint = _did_you_mean(key, valid) or tr("valid_keys", keys=", ".join(valid))
    return tr("unknown_key", key=key, hint=hint)


def fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> set[str]:
    """The field names allowed at ``loc`` in ``model``, found by walking the type annotations."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    inner = _model_in(current)
    return set(inner.model_fields) if inner else set()


def _step(annotation: Any, part: str | int) -> Any:
    inner = _model_in(annotation)
    if isinstance(part, str) and inner is not None:
        info = inner.model_fields.get(part)
        return info.annotation if info else None
    if isinstance(part, int):
        for arg in _args(annotation):
            if typing.get_origin(arg) is list or arg is list:
                return typing.get_args(arg)[0] if typing.get_args(arg) else None
    return None


def _args(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _args(arg)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _args(typing.get_args(annotation)[0])
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for arg in _args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _add_hint(model: type[BaseModel], loc: Sequence[str | int]) -> Message:
    parent: Any = model
    for part in loc[:-1]:
        parent = _step(parent, part)
    inner = _model_in(parent)
    info = inner.model_fields.get(str(loc[-1])) if inner else None
    if inner is None or info is None:
        return tr("add_it", example="", description="")
    example = tr("add_example", key=str(loc[-1]), value=str(info.examples[0])) if info.examples else ""
    meaning = field_description(inner, str(loc[-1]))
    return tr("add_it", example=example, description=tr("field_meaning", text=meaning) if meaning else "")


def _did_you_mean(word: str, choices: Sequence[str]) -> Message | str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return tr("did_you_mean", word=close[0]) if close else ""


def _show(value: Any) -> Message:
    if isinstance(value, dict):
        return tr("given_group")
    if isinstance(value, list):
        return tr("given_list")
    if value is None:
        return tr("given_empty")
    text = str(value)
    return untranslated(f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'")
