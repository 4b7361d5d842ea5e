"""A worker process for the build's side work, which runs while the build goes on.

Some work depends on little: a QR code only on a product's folder name, the Thai words
of a story only on its text. The build hands such work to one worker process as soon as
its input is known and collects the results when the pages need them, so on a machine
with two cores or more it costs the build no time of its own. The worker starts on the
first task; with ``--jobs 1`` there is none and the work is done when it is needed.

:func:`worker_pool` is where every pool of a build's workers (photos, share cards, this
worker) is made, so that all of them end with the build.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
Item = TypeVar("Item")


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

    def submit_chunks(self, function: Callable[[list[Item]], list[T]], items: list[Item], size: int) -> list[tuple[list[Item], Future[list[T]]]]:
        """``function`` on ``items`` in chunks of ``size``: each chunk with its future result."""
        chunks = [items[first : first + size] for first in range(0, len(items), size)]
        return [(chunk, self.submit(function, chunk)) for chunk in chunks]

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``function(*args)`` in the worker (a module-level function, its arguments picklable)."""
        if not self.available:
            raise RuntimeError("no worker: check Background.available first")
        if self._pool is None:
            self._pool = worker_pool(1, leave_interrupts_to_the_build=True)
        return self._pool.submit(function, *args)


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


def worker_pool(workers: int, *, leave_interrupts_to_the_build: bool = False) -> ProcessPoolExecutor:
    """Worker processes for a build: started from a fork server (a forked worker would inherit
    the build lock) and ended when the build ends, even when it is killed.

    A killed build releases its lock at once, and its workers used to go on (the fork server
    that started them outlives it too), writing into its folders and the cache while the next
    build began. Each worker now checks twice a second that the build is still there.
    """
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_end_with, initargs=(os.getpid(), leave_interrupts_to_the_build))


def _end_with(build: int, leave_interrupts_to_the_build: bool) -> None:
    if leave_interrupts_to_the_build:  # Ctrl-C: the build cancels the work and stops the worker itself
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(build, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its number taken by another user's process)
                os._exit(1)

    threading.Thread(target=watch, name="end-with-the-build", daemon=True).start()
