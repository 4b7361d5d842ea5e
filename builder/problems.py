"""Problems found in user content, and the few exceptions that stop a build.

An editor's mistake is a :class:`Problem`, collected and reported all at once.
Only conditions that make going on pointless raise a :class:`GIShowcaseError`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.messages import Message, language, plural, tr


class Severity(enum.IntEnum):
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in the content, printed as ``path:line: field: message``.

    The path and the field name are the same in every language (they are what the editor
    types); the message is printed in the editor's language.
    """

    path: str
    line: int
    field: str
    message: Message
    severity: Severity = Severity.ERROR

    def format(self, lang: str) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity is Severity.ERROR else tr("warning_label").render(lang)
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{subject}{self.message.render(lang)}"

    def __str__(self) -> str:
        return self.format(language())


@dataclass
class Report:
    """Every problem found in one run, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        path: str | Path,
        line: int,
        field_: str,
        message: Message,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(str(path), line, field_, message, severity))

    def warn(self, path: str | Path, line: int, field_: str, message: Message) -> None:
        self.add(path, line, field_, message, severity=Severity.WARNING)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.problems, key=lambda p: (p.path, p.line, p.field)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def counted(self) -> Message:
        """'2 errors, 1 warning'."""
        return tr("errors_and_warnings", errors=plural(len(self.errors), "errors"), warnings=plural(len(self.warnings), "warnings"))

    def summary(self, *, products: int) -> Message:
        return tr("checked_summary", products=plural(products, "products"), counted=self.counted())


class GIShowcaseError(Exception):
    """Base of the errors that stop a command; the CLI prints them without a traceback."""


class ContentError(GIShowcaseError):
    """The content has errors; the report says which."""


class ConfigError(GIShowcaseError):
    """The site or clip configuration is unusable."""


class MediaError(GIShowcaseError):
    """An external media tool (ffmpeg) or an image failed on one input."""
