"""gi-showcase: a bilingual showcase site, vertical clips and a marketer's kit for Thai GI products."""

from __future__ import annotations

__version__ = "0.1.0"
