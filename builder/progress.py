"""Progress of long work, reported through an object the caller passes in.

The CLI passes a rich progress bar on a terminal and plain log lines elsewhere;
library callers and tests get the silent :class:`NullReporter` by default.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from builder.messages import tr

log = logging.getLogger("builder")

Advance = Callable[[int], None]


class Reporter(Protocol):
    def task(self, label: str, total: int) -> AbstractContextManager[Advance]:
        """A context whose value is called with the number of items just finished."""
        ...


class NullReporter:
    @contextmanager
    def task(self, label: str, total: int) -> Iterator[Advance]:
        yield lambda done: None


class LogReporter:
    """One log line per tenth of the work: readable in CI logs and redirected output."""

    @contextmanager
    def task(self, label: str, total: int) -> Iterator[Advance]:
        state = {"done": 0, "shown": 0}

        def advance(done: int) -> None:
            state["done"] += done
            tenth = state["done"] * 10 // max(total, 1)
            if tenth > state["shown"]:
                state["shown"] = tenth
                log.info("%s: %d/%d", label, state["done"], total)

        if total:
            log.info("%s", tr("progress_to_do", label=label, total=total))
        yield advance


class RichReporter:
    """Progress bars with counts and time left, on the terminal's standard error."""

    @contextmanager
    def task(self, label: str, total: int) -> Iterator[Advance]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda done: bar.advance(task, done)


def reporter_for_terminal(*, quiet: bool = False) -> Reporter:
    """Bars on an interactive terminal, log lines otherwise, nothing with --quiet."""
    if quiet:
        return NullReporter()
    return RichReporter() if sys.stderr.isatty() else LogReporter()
