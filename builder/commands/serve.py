"""``gi-showcase serve``: a live preview that rebuilds when content, themes or mkdocs.yml change."""

from __future__ import annotations

import dataclasses
import logging

from builder.build import BuildOptions, build
from builder.messages import tr
from builder.problems import GIShowcaseError
from builder.themes import theme_dir

log = logging.getLogger(__name__)


def serve(options: BuildOptions, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build into ``<cache>/preview``, serve it and rebuild on every change until Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    preview = dataclasses.replace(options, out=options.cache / "preview")

    def rebuild() -> None:
        try:
            result = build(preview)
        except GIShowcaseError as exc:
            # Keep serving the last good preview; the editor fixes the file and saves again.
            log.error("%s", exc)
            return
        log.info("%s", tr("preview_rebuilt", summary=result.summary()))

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
