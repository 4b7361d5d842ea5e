"""``gi-showcase check``: validate every profile and print every problem."""

from __future__ import annotations

from pathlib import Path

import click

from builder.content.catalogue import Catalogue
from builder.content.loader import load_catalogue
from builder.messages import tr
from builder.problems import Report


def check(content: Path) -> tuple[Catalogue, Report]:
    """Load and validate ``content``; never writes anything."""
    return load_catalogue(content)


def print_report(report: Report, *, folders: int, strict: bool) -> bool:
    """Print every problem and a summary line; return whether the run failed."""
    for problem in report:
        click.echo(str(problem))
    failed = report.failed(strict=strict)
    strictly = tr("strict_reason") if strict and report.warnings else ""
    click.echo(str(tr("check_failed" if failed else "check_ok", summary=report.summary(products=folders), strictly=strictly)))
    return failed
