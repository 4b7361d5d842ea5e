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
        for definition in (schema, *schema.get("$defs", {}).values()):
            _bilingual_descriptions(definition, definition["title"])
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def _bilingual_descriptions(definition: dict[str, Any], model_name: str) -> None:
    # An editor's tooltip shows one text: the Thai line first, for the communities, then the English.
    # The model's own description comes from describe.<Model>, each field's from describe.<Model>.<field>.
    described = [(definition, f"describe.{model_name}")]
    described += [(spec, f"describe.{model_name}.{field}") for field, spec in definition.get("properties", {}).items()]
    for spec, key in described:
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
