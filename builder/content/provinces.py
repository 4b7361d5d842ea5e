"""The table of Thai provinces (ISO 3166-2:TH) shipped with gi-showcase."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Province:
    code: str
    th: str
    en: str

    def name(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


@cache
def provinces() -> dict[str, Province]:
    """All 77 provinces by ISO code, read once from ``builder/data/provinces.csv``."""
    text = resources.files("builder.data").joinpath("provinces.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: Province(row["code"], row["th"], row["en"]) for row in rows}
