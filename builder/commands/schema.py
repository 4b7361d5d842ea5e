"""``gi-showcase schema``: JSON Schemas of the profile files, for editor autocomplete."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from builder.content.model import PageMeta, ProductFacts

SCHEMA_FILES: dict[str, type[BaseModel]] = {"product.schema.json": ProductFacts, "page.schema.json": PageMeta}


def schemas() -> dict[str, str]:
    """Each schema file name with its JSON text."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into ``out`` and return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
