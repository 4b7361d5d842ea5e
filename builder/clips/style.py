"""Clip styles: how a clip looks and reads, from ``themes/clips/<name>.yml``.

Every key is declared once here (with its meaning); the values live in the YAML files.
A style may start from another with ``extends: default`` and change only some keys.
Mistakes are reported all at once, each naming the file and the key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from builder.messages import Refusal, Verbatim, tr, untranslated
from builder.problems import ConfigError
from builder.themes import theme_dir

Move = Literal["zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down"]
#: How deep ``extends:`` chains may go (a loop is reported, not followed forever).
MAX_EXTENDS = 5


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", value):
        raise Refusal(tr("style_colour", value=value))
    return value.upper()


def _font_family(value: str) -> str:
    from builder.typesetting import TypesettingError, font_path

    try:
        font_path(value)
    except TypesettingError as exc:
        raise ValueError(str(exc)) from None
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Opacity = Annotated[float, Field(ge=0, le=1)]
Seconds = Annotated[float, Field(gt=0, le=20)]
Pixels = Annotated[int, Field(ge=10, le=240)]


class StyleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FontChoice(StyleModel):
    """A font from a fontpkg package, e.g. {family: Kanit, weight: 600}."""

    family: Annotated[str, AfterValidator(_font_family)] = Field(description="Family name, e.g. Kanit, Prompt, Sarabun, Noto Sans Thai")
    weight: int | Literal["thin", "light", "regular", "medium", "semibold", "bold", "extrabold", "black"] = Field(
        description="100-900 or a name such as bold"
    )


class Fonts(StyleModel):
    heading: FontChoice = Field(description="Product name, hook and beats")
    body: FontChoice = Field(description="Tagline, call to action and link")
    label: FontChoice = Field(description="Small labels and the GI badge")


class Colours(StyleModel):
    text: Colour = Field(description="Main text")
    muted: Colour = Field(description="Secondary text (tagline, link)")
    accent: Colour = Field(description="Labels, accent bars, call to action")
    shadow: Colour = Field(description="Soft shadow behind text")
    card: Colour = Field(description="Card behind text when layout.card is true")
    scrim: Colour = Field(description="Gradient that darkens the photo behind text")
    badge_fill: Colour = Field(description="GI badge background")
    badge_text: Colour = Field(description="GI badge text")
    end_background: Colour = Field(description="Tint over the blurred photo of the end card")
    qr_dark: Colour = Field(description="QR code modules")
    qr_light: Colour = Field(description="QR code background")


class Sizes(StyleModel):
    """Font sizes in pixels on the 1080x1920 frame (text shrinks to fit when needed)."""

    kicker: Pixels
    title: Pixels = Field(description="Product name or hook on the opening shot")
    tagline: Pixels
    beat: Pixels
    origin: Pixels
    badge: Pixels
    end_title: Pixels
    cta: Pixels
    link: Pixels
    qr: Annotated[int, Field(ge=200, le=600)] = Field(description="QR code side, including its white margin")


class Layout(StyleModel):
    text: Literal["bottom", "top"] = Field(description="Where text cards sit inside the safe zone")
    badge: Literal["top", "bottom"] = Field(description="Where the GI badge sits inside the safe zone")
    align: Literal["left", "center"] = Field(description="Text alignment")
    inset: Annotated[int, Field(ge=16, le=120)] = Field(description="Gap between the safe-zone edge and any text, px")
    card: bool = Field(description="Draw a solid card behind text instead of relying on the scrim")
    card_opacity: Opacity
    card_radius: Annotated[int, Field(ge=0, le=80)]
    card_padding: Annotated[int, Field(ge=0, le=80)]
    leading: Annotated[float, Field(ge=1.0, le=2.0)] = Field(description="Line height as a multiple of the font size")
    shadow: Opacity = Field(description="Opacity of the soft shadow under text (0 = none)")
    accent_bar: bool = Field(description="Draw a short accent bar above beats")


class Scrim(StyleModel):
    """Gradients that darken the photo under text so it stays legible on any picture."""

    bottom: Opacity = Field(description="Opacity from the bottom of the text zone down to the bottom edge")
    top: Opacity = Field(description="Opacity at the top edge, fading out below the badge")
    reach: Annotated[float, Field(ge=0.1, le=1.0)] = Field(description="Where the bottom gradient starts, as a fraction of the height above the bottom edge")


class Timings(StyleModel):
    hook: Seconds = Field(description="Length of the opening shot")
    end_card: Seconds = Field(description="Length of the end card")
    shot: Seconds = Field(description="Preferred length of a middle shot")
    min_shot: Seconds = Field(description="Shortest middle shot; fewer beats are shown when the clip is short")
    max_shot: Seconds = Field(description="Longest middle shot; extra photo-only shots are added when the clip is long")
    transition: Annotated[float, Field(ge=0, le=2)] = Field(description="Length of a transition between shots")
    text_fade: Annotated[float, Field(ge=0, le=1)] = Field(description="Fade in/out of text cards")


class Motion(StyleModel):
    zoom: Annotated[float, Field(ge=1.0, le=1.6)] = Field(description="Zoom factor of a Ken Burns move (1.15 = 15 %)")
    ease: Opacity = Field(description="0 = constant speed, 1 = smooth start and stop")
    moves: list[Move] = Field(min_length=1, description="Camera moves, used in turn for each shot")


class LanguageCaps(StyleModel):
    th: Annotated[int, Field(ge=10, le=80)]
    en: Annotated[int, Field(ge=10, le=80)]


class Subtitles(StyleModel):
    max_chars: LanguageCaps = Field(description="Longest subtitle line in characters, by script of the text")


class Music(StyleModel):
    file: str | None = Field(description="Default music bed, relative to themes/clips/ (null = silence)")
    volume: Annotated[float, Field(ge=0, le=2)]


class Labels(StyleModel):
    """Fixed wording in one language; {number} and {provinces} are filled in."""

    kicker: str = Field(description="Small label above the product name")
    origin: str = Field(description="Label above the province names")
    badge: str = Field(description="GI badge, e.g. 'GI {number}'")
    badge_pending: str = Field(description="GI badge when the registration number is to be confirmed")
    cta: str = Field(description="Call to action on the end card")


class LanguageLabels(StyleModel):
    th: Labels
    en: Labels


class ClipStyle(StyleModel):
    """One clip style (``themes/clips/<name>.yml``)."""

    description: str = Field(description="What the style is for")
    fonts: Fonts
    colours: Colours
    sizes: Sizes
    layout: Layout
    scrim: Scrim
    timings: Timings
    motion: Motion
    transition: Literal["crossfade", "dip", "cut"] = Field(description="crossfade, dip (through the end colour) or cut")
    subtitles: Subtitles
    music: Music
    labels: LanguageLabels

    def digest(self) -> str:
        """A hash of every value, so a changed style gives new clips."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def style_path(name: str, themes: Path | None = None) -> Path:
    """Where the style ``name`` is read from."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ConfigError(tr("style_name_invalid", name=name))
    return theme_dir(themes) / "clips" / f"{name}.yml"


def available_styles(themes: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (theme_dir(themes) / "clips").glob("*.yml"))


def load_style(name: str, themes: Path | None = None) -> ClipStyle:
    """Read and validate the style ``name``; a ConfigError lists every mistake as ``file: key: message``."""
    path = style_path(name, themes)
    data = _read_merged(path, themes, seen=())
    try:
        return ClipStyle.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from None


def music_path(style: ClipStyle, themes: Path | None = None) -> Path | None:
    """The style's default music bed, checked to exist."""
    if style.music.file is None:
        return None
    path = theme_dir(themes) / "clips" / style.music.file
    if not path.is_file():
        raise ConfigError(tr("style_music_missing", style=str(path), file=style.music.file))
    return path


def _read_merged(path: Path, themes: Path | None, seen: tuple[Path, ...]) -> dict[str, Any]:
    if not path.is_file():
        known = ", ".join(available_styles(themes)) or "none"
        raise ConfigError(tr("style_unknown", style=str(path), known=known))
    if path in seen or len(seen) > MAX_EXTENDS:
        raise ConfigError(tr("style_extends_loop", style=str(path), chain=" -> ".join(p.stem for p in (*seen, path))))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(tr("style_not_yaml", style=str(path), reason=Verbatim(str(exc)))) from None
    if not isinstance(data, dict):
        raise ConfigError(tr("style_not_mapping", style=str(path)))
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigError(tr("style_extends_invalid", style=str(path)))
    base = _read_merged(style_path(parent, themes), themes, (*seen, path))
    return _deep_merge(base, data)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(path: Path, exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        message = untranslated(str(error["msg"]).removeprefix("Value error, "))
        if isinstance((error.get("ctx") or {}).get("error"), Refusal):
            message = error["ctx"]["error"].message
        elif error["type"] == "missing":
            message = tr("style_key_missing")
        elif error["type"] == "extra_forbidden":
            message = tr("style_key_unknown")
        lines.append(f"{path}: {key}: {message}")
    return "\n".join(lines)
