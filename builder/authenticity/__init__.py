"""Authenticity: the public GI registry, matching suspect images with official photos, and takedown evidence packs.

- :mod:`~builder.authenticity.phash`: the perceptual hash (pHash-DCT-64 v1) and the matching rule;
- :mod:`~builder.authenticity.registry`: ``gi-registry.json`` and its JSON Schema;
- :mod:`~builder.authenticity.match`: ``gi-showcase match``;
- :mod:`~builder.authenticity.takedown`: Notice & Takedown evidence packs.
"""

from __future__ import annotations

from builder.authenticity.errors import RegistryError, SuspectImageError, TakedownInputError
from builder.authenticity.match import MatchResult, format_matches, load_registry, match_images
from builder.authenticity.phash import ALGORITHM, DEFAULT_THRESHOLD, hamming
from builder.authenticity.registry import REGISTRY_FILE, Registry, build_registry, registry_json, schema_json
from builder.authenticity.takedown import write_takedown_pack

__all__ = [
    "ALGORITHM",
    "DEFAULT_THRESHOLD",
    "REGISTRY_FILE",
    "MatchResult",
    "Registry",
    "RegistryError",
    "SuspectImageError",
    "TakedownInputError",
    "build_registry",
    "format_matches",
    "hamming",
    "load_registry",
    "match_images",
    "registry_json",
    "schema_json",
    "write_takedown_pack",
]
