"""``gi-showcase serve``: a live preview that rebuilds when content, themes or mkdocs.yml change."""

from __future__ import annotations

import dataclasses
import functools
import logging

from builder.build import BuildOptions, build
from builder.messages import Verbatim, tr
from builder.problems import GIShowcaseError, Report, Severity
from builder.themes import theme_dir

log = logging.getLogger(__name__)


def serve(options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build into ``<cache>/preview``, serve it and rebuild on every change until Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    preview = dataclasses.replace(options, out=options.cache / "preview")
    rebuild = functools.partial(rebuild_preview, preview)
    rebuild()
    preview.out.mkdir(parents=True, exist_ok=True)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(preview.out))
    for path in (options.content, theme_dir(options.themes), options.config_file):
        server.watch(str(path))
    log.info("%s", tr("previewing_at", address=server.url))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("%s", tr("preview_stopped"))
    finally:
        server.shutdown()


def rebuild_preview(preview: BuildOptions) -> None:
    """Build the preview once, as serve does at start and on every change.

    The content's problems are logged as ``check`` prints them (``file:line: field: message``,
    in the editor's language), so that an editor sees why a product is missing from the preview.
    """
    try:
        result = build(preview, on_report=log_problems)
    except GIShowcaseError as exc:
        # Keep serving the last good preview; the editor fixes the file and saves again.
        # (Content errors that leave nothing to build arrive here, their problems in the message.)
        log.error("%s", exc)
        return
    for failure in result.failures:
        log.error("%s", tr("error_label", text=Verbatim(failure)))
    log.info("%s", tr("preview_rebuilt", summary=result.summary()))


def log_problems(report: Report) -> None:
    """Log every problem: errors at ERROR and warnings at WARNING, so that ``-q`` still shows them."""
    for problem in report:
        log.log(logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING, "%s", problem)
