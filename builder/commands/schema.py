"""``gi-showcase schema``: JSON Schemas of the profile files, for editor autocomplete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from builder.content.model import PageMeta, ProductFacts
from builder.messages import catalogue, tr

SCHEMA_FILES: dict[str, type[BaseModel]] = {"product.schema.json": ProductFacts, "page.schema.json": PageMeta}


def schemas() -> dict[str, str]:
    """Each schema file name with its JSON text; field descriptions are in Thai, then English."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        _bilingual_descriptions(schema["properties"], schema["title"])
        for title, definition in schema.get("$defs", {}).items():
            _bilingual_descriptions(definition.get("properties", {}), title)
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def _bilingual_descriptions(properties: dict[str, Any], model_name: str) -> None:
    # An editor's tooltip shows one text: the Thai line first, for the communities, then the English.
    for field, spec in properties.items():
        key = f"describe.{model_name}.{field}"
        if "description" in spec and key in catalogue()["en"]:
            spec["description"] = f"{tr(key).render('th')}\n{tr(key).render('en')}"


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into ``out`` and return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
