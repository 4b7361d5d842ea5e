"""Turn pydantic's validation errors into plain sentences for editors."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from builder.content.yamlmarks import Loc

_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines that start with '- ')",
    "model_type": "a group of fields ('key: value' lines indented under it)",
    "model_attributes_type": "a group of fields ('key: value' lines indented under it)",
    "dict_type": "a group of fields ('key: value' lines indented under it)",
}


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


#: Control characters and the bidirectional overrides that can disguise text in a terminal or a CI log.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print in a message: control characters are shown as escapes such as \\x1b."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def field_label(loc: Loc) -> str:
    """``photos[1].alt.en`` for ``("photos", 0, "alt", "en")``: list items count from 1 for editors."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) and not isinstance(part, bool) else (f".{part}" if out else str(part))
    return printable(out)


def explain(error: ErrorDetails, model: type[BaseModel]) -> str:
    """One plain sentence (with a hint) for one pydantic error."""
    return printable(_explain(error, model))


def _explain(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return "is required but missing; " + _add_hint(model, error["loc"])
    if kind in _KINDS:
        return f"should be {_KINDS[kind]}, not {_show(given)}"
    if kind == "enum":
        allowed = [str(v) for v in (error.get("ctx") or {}).get("expected", "").replace("'", "").split(" or ")]
        allowed = [a.strip() for part in allowed for a in part.split(",") if a.strip()]
        return f"{_show(given)} is not one of: {', '.join(allowed)}{_did_you_mean(str(given), allowed)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind in {"too_long", "string_too_long"}:
        limit = (error.get("ctx") or {}).get("max_length")
        noun = "characters" if kind == "string_too_long" else "entries"
        return f"is too long: at most {limit} {noun}; shorten it"
    if kind == "string_too_short":
        return "is empty; write the text or remove the line"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        ctx = error.get("ctx") or {}
        bounds = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ctx.items())
        return f"{_show(given)} is out of range ({bounds})"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def unknown_key_message(model: type[BaseModel], loc: Loc) -> str:
    """Name the unknown key and the closest valid one."""
    valid = sorted(fields_at(model, loc[:-1]))
    key = str(loc[-1])
    hint = _did_you_mean(key, valid) or f" (valid keys here: {', '.join(valid)})"
    return printable(f"unknown key '{key}' is ignored{hint}")


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


def _add_hint(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    parent: Any = model
    for part in loc[:-1]:
        parent = _step(parent, part)
    inner = _model_in(parent)
    info = inner.model_fields.get(str(loc[-1])) if inner else None
    if info is None:
        return "add it"
    example = f", for example: {loc[-1]}: {info.examples[0]}" if info.examples else ""
    description = f" ({info.description})" if info.description else ""
    return f"add it{example}{description}"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
