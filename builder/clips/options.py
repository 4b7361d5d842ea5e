"""What the caller asks of the clip stage, and what it gets back."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder.messages import tr
from builder.problems import ConfigError

#: Allowed clip lengths in seconds (TikTok accepts 3 s to 10 min; a product story needs 15-60 s).
MIN_DURATION = 15.0
MAX_DURATION = 60.0


def _cpu_count() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class ClipOptions:
    """How to render clips: site address, style, length, music bed, where themes are, how many processes."""

    site_url: str
    style: str = "default"
    duration: float = 20.0
    music: Path | None = None
    themes: Path | None = None
    jobs: int = field(default_factory=_cpu_count)

    def __post_init__(self) -> None:
        if not (self.site_url.startswith(("https://", "http://")) and self.site_url.endswith("/")):
            raise ConfigError(tr("clip_site_url", url=self.site_url))
        if not MIN_DURATION <= self.duration <= MAX_DURATION:
            raise ConfigError(tr("clip_duration", low=MIN_DURATION, high=MAX_DURATION, value=self.duration))
        if self.jobs < 1:
            raise ConfigError(tr("clip_jobs", value=self.jobs))
        if self.music is not None and not self.music.is_file():
            raise ConfigError(tr("clip_music_missing", file=str(self.music)))


@dataclass(frozen=True)
class ClipOutcome:
    """What happened to one clip."""

    slug: str
    lang: str
    status: Literal["rendered", "reused", "failed"]
    error: str | None = None
