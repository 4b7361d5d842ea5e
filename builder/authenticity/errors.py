"""The errors of the authenticity commands: each names the file or value the user must fix."""

from __future__ import annotations

from builder.problems import GIShowcaseError, MediaError


class RegistryError(GIShowcaseError):
    """The registry (gi-registry.json, a built site or a content folder) is missing or unusable."""


class SuspectImageError(MediaError):
    """An image to compare with the registry cannot be read."""


class TakedownInputError(GIShowcaseError):
    """What was given for an evidence pack is wrong: every problem found is listed, one per line."""
