"""Where the theme files (site overrides, clip styles, text templates) are found, and how their templates render.

Every Jinja2 text template of ``themes/`` (kit captions and scripts, takedown notices,
the scaffold of ``gi-showcase new``) renders through :func:`render_template`, so a
mistake in any of them stops with the same kind of message: the template's file and line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext

from builder.content.loader import display
from builder.messages import tr
from builder.problems import ConfigError

#: The themes folder shipped in the repository, next to the builder package.
DEFAULT_THEMES = Path(__file__).resolve().parent.parent / "themes"


def theme_dir(themes: Path | None = None) -> Path:
    """The themes folder to use: the one given, or the project's ``themes/``."""
    return themes if themes is not None else DEFAULT_THEMES


def render_template(folder: Path, name: str, values: Mapping[str, Any]) -> str:
    """Render the template ``name`` of ``folder`` with ``values``; a template mistake becomes a ConfigError with file:line."""
    env = template_environment(folder)
    with TemplateErrors(folder, name):
        return env.get_template(name).render(values)
    raise AssertionError("unreachable: TemplateErrors re-raises every error")  # for type checkers


class TemplateErrors:
    """Turns Jinja2 mistakes (syntax, undefined values, a missing file) into a ConfigError naming file and line."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc is None or isinstance(exc, ConfigError):
            return
        if isinstance(exc, jinja2.TemplateNotFound):
            missing = display(self.folder / (exc.name or self.name))
            raise ConfigError(tr("template_missing", file=missing)) from None
        if isinstance(exc, jinja2.TemplateSyntaxError):
            source = display(Path(exc.filename or self.folder / self.name))
            raise ConfigError(f"{source}:{exc.lineno}: {exc.message}") from None
        where = self._where(exc)
        if where is not None:  # an error raised by template code, e.g. an undefined value or {{ 1 + "a" }}
            raise ConfigError(f"{where}: {_message(exc)}") from None
        if isinstance(exc, jinja2.TemplateError):
            raise ConfigError(f"{display(self.folder / self.name)}: {_message(exc)}") from None
        # anything else is a bug in gi-showcase and keeps its traceback

    def _where(self, exc: BaseException) -> str | None:
        # After Environment.handle_exception the frames of template code carry the template's file and line.
        folder = self.folder.resolve()
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            path = Path(frame.filename)
            if path.suffix == ".j2" and path.resolve().parent == folder:
                return f"{display(path)}:{frame.lineno}"
        return None


def _message(exc: BaseException) -> str:
    text = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return text or type(exc).__name__


class KeepTextLines(jinja2.ext.Extension):
    """A line holding only tags disappears; a line with text keeps its line break, even when it ends with a tag.

    With ``trim_blocks`` alone, ``Price {{ price }}{% if note %} ({{ note }}){% endif %}`` would
    swallow its line break and run into the next line: a trap for people who edit the wording.
    """

    _TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}")

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return "\n".join(self._keep(line) for line in source.split("\n"))

    def _keep(self, line: str) -> str:
        stripped = line.rstrip()
        if not stripped.endswith(("%}", "#}")) or stripped.endswith(("-%}", "-#}")):
            return line
        rest = self._TAGS.sub("", stripped)
        if not rest.strip() or "%}" in rest or "#}" in rest:  # only tags, or the end of a tag begun on an earlier line
            return line
        return stripped + '{{ "" }}'


def template_environment(folder: Path) -> jinja2.Environment:
    """A Jinja2 environment over the theme templates in ``folder``: strict about undefined values, kind to line breaks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        extensions=[KeepTextLines],
        undefined=jinja2.StrictUndefined,
        # HTML output escapes every value; plain-text and Markdown output writes them as they are.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False, default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
