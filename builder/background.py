"""A worker process for the build's side work, which runs while the build goes on.

Some work depends on little: a QR code only on a product's folder name, the Thai words
of a story only on its text. The build hands such work to one worker process as soon as
its input is known and collects the results when the pages need them, so on a machine
with two cores or more it costs the build no time of its own. The worker starts on the
first task; with ``--jobs 1`` there is none and the work is done when it is needed.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")


class Background:
    """Leave the block to stop the worker: tasks not started yet are dropped (a build that stops early)."""

    def __init__(self, *, jobs: int = 1) -> None:
        # One worker: the build itself keeps a core busy meanwhile.
        self.available = jobs > 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Background:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def started(self) -> bool:
        """Whether the worker has been given work (and so is worth giving more)."""
        return self._pool is not None

    def preload(self, *modules: str) -> None:
        """Have the worker import ``modules`` while it would otherwise wait (a started worker only)."""
        if self.started:
            self.submit(_import, modules)

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``function(*args)`` in the worker (a module-level function, its arguments picklable)."""
        if not self.available:
            raise RuntimeError("no worker: check Background.available first")
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        return self._pool.submit(function, *args)


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)
