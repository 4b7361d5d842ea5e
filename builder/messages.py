"""What gi-showcase tells editors, in Thai and in English.

Every message is a key of ``builder/data/messages.yml`` plus the values it names.
Problems are found once and kept (in the profile cache, in the last build's record)
as :class:`Message` objects; they become text only when printed, in the language
the editor chose: ``--messages th|en``, else ``GI_SHOWCASE_LANG``, else the
system's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import functools
import locale
import os
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

#: The languages of messages, the same as the site's.
MESSAGE_LANGUAGES = ("th", "en")
LANGUAGE_ENV = "GI_SHOWCASE_LANG"

#: Control characters and the bidirectional overrides that can disguise text in a terminal or a CI log.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print in a message: control characters are shown as escapes such as \\x1b."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Message:
    """One message: a catalogue key and the values it names (text, numbers or other messages).

    An empty key holds text that has no translation (for example an operating system's
    own error text); it is printed as it is in every language.
    """

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str) -> str:
        values = {name: _render_value(value, lang) for name, value in self.args}
        if not self.key:
            return str(values.get("text", ""))
        return catalogue()[lang][self.key].format(**values)

    def __str__(self) -> str:
        return self.render(language())

    def to_json(self) -> list[Any]:
        return [self.key, [[name, value.to_json() if isinstance(value, Message) else value] for name, value in self.args]]

    @classmethod
    def from_json(cls, data: Any) -> Message:
        key, args = data
        return cls(str(key), tuple((str(name), cls.from_json(value) if isinstance(value, list) else value) for name, value in args))


def tr(key: str, /, **args: Any) -> Message:
    """The message ``key`` of the catalogue, naming ``args``; a wrong key fails at once, not when printed."""
    if key not in catalogue()["en"]:
        raise KeyError(f"no message '{key}' in builder/data/messages.yml")
    return Message(key, tuple(args.items()))


def untranslated(text: str) -> Message:
    """Text that has no translation (an operating system's or a library's own words)."""
    return Message("", (("text", text),))


def plural(count: int, key: str, /, **args: Any) -> Message:
    """``key_one`` for one, ``key_other`` otherwise (Thai has one form; English needs both)."""
    return tr(f"{key}_{'one' if count == 1 else 'other'}", count=count, **args)


class Verbatim(str):
    """Text that is already safe to print as it is, line breaks included (a whole report, an error's own lines)."""

    __slots__ = ()


def _render_value(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, str) and not isinstance(value, Verbatim):
        return printable(value)
    return value


class Refusal(ValueError):
    """A value an editor wrote that a model refuses, with the message that says why and how to fix it."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Message templates by language then key; every key exists in every language with the same placeholders."""
    text = resources.files("builder.data").joinpath("messages.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    table: dict[str, dict[str, str]] = {lang: {} for lang in MESSAGE_LANGUAGES}
    for key, texts in data.items():
        if not isinstance(texts, Mapping) or any(not isinstance(texts.get(lang), str) for lang in MESSAGE_LANGUAGES):
            raise ValueError(f"builder/data/messages.yml: {key}: needs a text in each of {', '.join(MESSAGE_LANGUAGES)}")
        names = {lang: placeholders(texts[lang]) for lang in MESSAGE_LANGUAGES}
        if len(set(map(frozenset, names.values()))) != 1:
            raise ValueError(f"builder/data/messages.yml: {key}: the languages name different values {names}")
        for lang in MESSAGE_LANGUAGES:
            table[lang][key] = texts[lang]
    return table


def placeholders(template: str) -> set[str]:
    """The names a template fills in: {'file', 'limit'} for 'the file {file} ... {limit:.0f} MB'."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


_chosen: str | None = None


def choose(lang: str | None) -> None:
    """Print messages in ``lang`` from now on (None: as the environment says)."""
    global _chosen
    _chosen = lang
    if lang:
        os.environ[LANGUAGE_ENV] = lang  # worker processes (clips, images) speak the same language


def chosen_language() -> str | None:
    """The language ``--messages`` chose, if a command line has chosen one yet."""
    return _chosen


def language() -> str:
    """The language messages are printed in now."""
    return _chosen or language_from_environment(os.environ)


def language_asked(argv: Sequence[str]) -> str | None:
    """The language of ``--messages th|en`` in ``argv``, read before click parses it.

    Help texts are composed, and click's own usage errors raised, before any option's
    callback runs; reading the choice early keeps them in the language the editor asked for.
    """
    asked = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--messages" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--messages="):
            value = arg.split("=", 1)[1]
        else:
            continue
        if value.lower() in MESSAGE_LANGUAGES:
            asked = value.lower()  # as with click, the last one counts
    return asked


#: Catalogue entries that translate another library's own words carry its English text, word for word.
LIBRARY_PREFIX = "click."


@functools.cache
def _library_keys() -> dict[str, str]:
    english = catalogue()["en"]
    return {english[key]: key for key in english if key.startswith(LIBRARY_PREFIX)}


def library_text(text: str, lang: str) -> str:
    """``text``, one of click's own English phrases, in ``lang``; a phrase the catalogue lacks stays as it is."""
    key = _library_keys().get(text)
    return catalogue()[lang][key] if key else text


def language_from_environment(environ: Mapping[str, str]) -> str:
    """``GI_SHOWCASE_LANG``, else the first locale variable set (as gettext reads them), else the system's locale."""
    chosen = environ.get(LANGUAGE_ENV, "").strip().lower()
    if chosen in MESSAGE_LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "th" if value.lower().startswith("th") else "en"
    try:
        system = locale.getlocale()[0] or ""
    except ValueError:
        system = ""
    return "th" if system.lower().startswith("th") else "en"  # 'th_TH', or 'Thai_Thailand' on Windows
