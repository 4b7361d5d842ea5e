"""The kit's theme files in ``themes/kit/``: ``kit.yml`` (short words, numbers) and the Jinja2 templates.

Every key of ``kit.yml`` is declared here once. A mistake in ``kit.yml`` or in a
template stops the build with a :class:`ConfigError` naming the file and line,
e.g. ``themes/kit/caption.th.txt.j2:7: 'product' is undefined``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from builder.content import explain
from builder.content.loader import display
from builder.content.yamlmarks import YamlSyntaxError, normalise_text, parse_yaml
from builder.messages import tr
from builder.problems import ConfigError
from builder.themes import TemplateErrors, template_environment, theme_dir

#: The timed blocks of a live, in the order they run (re-hooks are placed between them).
SEGMENT_ORDER: tuple[str, ...] = ("hook", "story", "gi", "demo", "offer", "qa", "close")
#: Shortest and longest live the run-of-show is planned for, in minutes.
LIVE_MINUTES_MIN, LIVE_MINUTES_MAX = 15, 240


class KitModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Timing(KitModel):
    """How one block of the live gets its minutes."""

    min: int = Field(ge=1, le=30, description="Minimum minutes")
    weight: float = Field(ge=0, le=100, description="Share of the minutes left after every minimum")
    max: int | None = Field(None, ge=1, le=240, description="Most minutes; leave out for no limit")

    @model_validator(mode="after")
    def _ordered(self) -> Timing:
        if self.max is not None and self.max < self.min:
            raise ValueError("max must not be lower than min")
        return self


class Timings(KitModel):
    """The timing of every block, by key."""

    hook: Timing
    story: Timing
    gi: Timing
    demo: Timing
    offer: Timing
    qa: Timing
    close: Timing

    def of(self, key: str) -> Timing:
        timing: Timing = getattr(self, key)
        return timing


class LiveSettings(KitModel):
    """``live:``: how the run-of-show is timed."""

    rehook_every: int = Field(ge=8, le=60, description="Roughly how many minutes between re-hooks for late joiners")
    rehook_minutes: int = Field(ge=1, le=3, description="Length of one re-hook in minutes")
    segments: Timings

    @model_validator(mode="after")
    def _fits(self) -> LiveSettings:
        if not any(self.segments.of(k).max is None and self.segments.of(k).weight > 0 for k in SEGMENT_ORDER):
            raise ValueError("give at least one block a weight above 0 and no max, so every length can be filled")
        shortest = sum(self.segments.of(k).min for k in SEGMENT_ORDER) + rehook_count(LIVE_MINUTES_MIN, self.rehook_every) * self.rehook_minutes
        if shortest > LIVE_MINUTES_MIN:
            raise ValueError(f"the minimum minutes add up to {shortest}, more than the shortest live ({LIVE_MINUTES_MIN} minutes); lower some min values")
        return self


class CaptionSettings(KitModel):
    """``caption:``: what goes into a caption."""

    facts: int = Field(ge=0, le=8, description="How many characteristics the caption lists")


class Hashtags(KitModel):
    """GI hashtags of one language, written without '#'."""

    always: list[str] = Field(description="Kept even when the caption is too long")
    more: list[str] = Field(default_factory=list, description="Dropped first when the caption is too long")


class Titles(KitModel):
    """The title of every block in one language."""

    hook: str = Field(min_length=1)
    story: str = Field(min_length=1)
    gi: str = Field(min_length=1)
    demo: str = Field(min_length=1)
    offer: str = Field(min_length=1)
    qa: str = Field(min_length=1)
    rehook: str = Field(min_length=1)
    close: str = Field(min_length=1)

    def of(self, key: str) -> str:
        title: str = getattr(self, key)
        return title


class Labels(KitModel):
    """The header words of a live script in one language."""

    title: str = Field(min_length=1)
    product: str = Field(min_length=1)
    length: str = Field(min_length=1)
    minutes: str = Field(min_length=1)
    checklist: str = Field(min_length=1)
    checklist_note: str = Field(min_length=1)
    overview: str = Field(min_length=1)
    time: str = Field(min_length=1)
    block: str = Field(min_length=1)
    and_: str = Field(min_length=1, alias="and", description="The word that joins the last two names of a list")


class Words(KitModel):
    """Everything in ``kit.yml`` that is written in one language."""

    hashtags: Hashtags
    titles: Titles
    continued: str = Field(min_length=1, description="Added to the title of a block that goes on after a re-hook")
    labels: Labels


class KitSettings(KitModel):
    """``themes/kit/kit.yml``."""

    caption: CaptionSettings
    live: LiveSettings
    th: Words
    en: Words

    def words(self, lang: str) -> Words:
        return self.en if lang == "en" else self.th


def rehook_count(minutes: int, every: int) -> int:
    """How many re-hooks a live of ``minutes`` gets: about one every ``every`` minutes, at least one."""
    return max(1, int(minutes / every + 0.5) - 1)


@dataclass(frozen=True)
class KitTheme:
    """The loaded ``themes/kit/`` folder: settings plus a Jinja2 environment over its templates."""

    folder: Path
    settings: KitSettings
    env: jinja2.Environment

    def render(self, name: str, values: Mapping[str, Any]) -> str:
        """Render the template ``name`` with ``values``; any template mistake becomes a ConfigError with file:line."""
        with self._reported(name):
            return self.env.get_template(name).render(values)

    def lines(self, name: str, block: str, values: Mapping[str, Any]) -> list[str]:
        """The non-blank lines that ``{% block block %}`` of template ``name`` renders to, stripped."""
        return [line.strip() for line in self.render_block(name, block, values).split("\n") if line.strip()]

    def render_block(self, name: str, block: str, values: Mapping[str, Any]) -> str:
        """What ``{% block block %}`` of template ``name`` renders to; a ConfigError names the file when the block is missing."""
        with self._reported(name):
            template = self.env.get_template(name)
            if block not in template.blocks:
                raise ConfigError(tr("template_block_missing", template=display(self.folder / name), block=block))
            try:
                return "".join(template.blocks[block](template.new_context(dict(values))))
            except Exception:
                self.env.handle_exception()  # re-raises with the template's own line numbers
                raise  # not reached: handle_exception always raises

    def _reported(self, name: str) -> TemplateErrors:
        return TemplateErrors(self.folder, name)


def load_theme(themes: Path | None = None) -> KitTheme:
    """Read ``<themes>/kit/kit.yml`` and prepare the templates; a ConfigError names every mistake with its line."""
    folder = theme_dir(themes) / "kit"
    return KitTheme(folder, _load_settings(folder / "kit.yml"), template_environment(folder))


def _load_settings(path: Path) -> KitSettings:
    if not path.is_file():
        raise ConfigError(tr("template_missing", file=display(path)))
    try:
        doc = parse_yaml(normalise_text(path.read_text(encoding="utf-8")))
    except YamlSyntaxError as exc:
        raise ConfigError(f"{display(path)}:{exc.line}: {exc.message}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display(path)}: {tr('not_utf8')}") from None
    try:
        return KitSettings.model_validate(doc.data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = explain.data_loc(error["loc"], doc.data)
            lines.append(f"{display(path)}:{doc.line_of(loc)}: {explain.field_label(loc)}: {explain.explain(error, KitSettings)}")
        raise ConfigError("\n".join(lines)) from None
