"""The project configuration: the root ``mkdocs.yml`` plus gi-showcase's own settings under ``extra.gi_showcase``."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.messages import Verbatim, tr
from builder.problems import ConfigError

DEFAULT_CONFIG = Path("mkdocs.yml")


@dataclass(frozen=True)
class ClipSettings:
    """Clip settings a site owner chooses in mkdocs.yml (``extra.gi_showcase.clips``)."""

    style: str = "default"
    duration: float = 20.0
    music: Path | None = None
    #: Only these products get clips (``extra.gi_showcase.clips.products``); None means every product.
    products: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Project:
    """Everything a build needs to know about the project besides the content."""

    config_file: Path
    site_url: str
    languages: tuple[str, ...]
    site_name: dict[str, str]
    site_description: dict[str, str]
    clips: ClipSettings

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def url(self, lang: str, path: str = "") -> str:
        """The absolute URL of ``path`` (e.g. ``products/x/``) in language ``lang``."""
        return page_url(self.site_url, lang, path)


def lang_prefix(lang: str) -> str:
    """Thai is the default language at the site root; other languages live under ``<lang>/``."""
    return "" if lang == "th" else f"{lang}/"


def page_url(site_url: str, lang: str, path: str = "") -> str:
    """The one place that turns a site address, a language and a page path into a URL."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + lang_prefix(lang) + path


def product_path(slug: str) -> str:
    return f"products/{slug}/"


def verify_path(slug: str) -> str:
    """The verification page, where QR codes on pages and clips lead."""
    return f"verify/{slug}/"


def load_project(config_file: Path = DEFAULT_CONFIG) -> Project:
    """Read ``mkdocs.yml`` with MkDocs' own loader and pick out gi-showcase's settings."""
    if not config_file.is_file():
        raise ConfigError(tr("config_missing", config=str(config_file)))
    raw = _read_mkdocs_config(config_file)
    site_url = str(raw.get("site_url") or "")
    if not site_url.startswith(("http://", "https://")):
        raise ConfigError(tr("config_site_url", config=str(config_file)))
    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir and not (config_file.parent / str(custom_dir)).is_dir():  # found now, not after every photo is encoded
        raise ConfigError(tr("config_custom_dir", config=str(config_file), folder=str(custom_dir)))
    settings: dict[str, Any] = (raw.get("extra") or {}).get("gi_showcase") or {}
    clips = settings.get("clips") or {}
    music = clips.get("music")
    return Project(
        config_file=config_file.resolve(),
        site_url=site_url.rstrip("/") + "/",
        languages=tuple(settings.get("languages") or ("th", "en")),
        site_name=_bilingual(settings, "site_name", str(raw.get("site_name", "GI Showcase")), config_file),
        site_description=_bilingual(settings, "site_description", str(raw.get("site_description", "")), config_file),
        clips=ClipSettings(
            style=str(clips.get("style", "default")),
            duration=_clip_duration(clips.get("duration", 20), config_file),
            music=(config_file.resolve().parent / music) if music else None,
            products=_clip_products(clips.get("products"), config_file),
        ),
    )


def _clip_duration(value: Any, config_file: Path) -> float:
    # The range itself (15 to 60 s) is checked with the other clip options; here, only that it is a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(tr("config_clip_duration", config=str(config_file), value=str(value)))
    return float(value)


def _clip_products(value: Any, config_file: Path) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(tr("config_clip_products", config=str(config_file)))
    return tuple(value)


def _read_mkdocs_config(config_file: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load  # MkDocs' loader understands !ENV and !relative

    try:
        with config_file.open(encoding="utf-8") as handle:
            data = yaml_load(handle)
    except Exception as exc:  # any YAML or tag error in a file the user edits
        raise ConfigError(tr("config_unreadable", config=str(config_file), reason=Verbatim(str(exc)))) from None
    if not isinstance(data, dict):
        raise ConfigError(tr("config_not_mapping", config=str(config_file)))
    return data


def _bilingual(settings: dict[str, Any], key: str, default: str, config_file: Path) -> dict[str, str]:
    value = settings.get(key)
    if value is None:
        return {"th": default, "en": default}
    if not isinstance(value, dict) or not {"th", "en"} <= set(value):
        raise ConfigError(tr("config_needs_both_languages", config=str(config_file), key=key))
    return {lang: str(text) for lang, text in value.items()}


def build_date() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` when it is set, so that a rebuild of old sources checks them as of their own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():
        raise ConfigError(tr("source_date_epoch_invalid", value=epoch))
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
