"""The live preview, run as an editor runs it: ``gi-showcase serve`` in a terminal, files edited while it runs."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from conftest import REPO, Site

CONFIG = str(REPO / "mkdocs.yml")
THAI = {"GI_SHOWCASE_LANG": "th"}
#: What serve prints, in Thai, after each build and once it serves (builder/data/messages.yml).
REBUILT = "สร้างตัวอย่างใหม่แล้ว: "
SERVING = "เปิดดูตัวอย่างได้ที่ "
#: A whole build of two products takes a few seconds; a busy shared machine may take many more.
WAIT = 180.0


class Preview:
    """A running ``gi-showcase serve`` whose output (stdout and stderr, one stream) is read line by line."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process, self.url = process, url
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, done: Callable[[str], bool]) -> list[str]:
        """The lines printed from now until one for which ``done`` is true (included)."""
        seen: list[str] = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError("serve ended early:\n" + "\n".join(seen))
            seen.append(line)
            if done(line):
                return seen
        raise AssertionError(f"serve printed nothing expected within {WAIT:.0f} s:\n" + "\n".join(seen))

    def wait_until_serving(self) -> None:
        """Until the server answers, which it does only once it watches the files (mkdocs.livereload)."""
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answered (404 while no preview was published yet)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(site: Site, *, env: dict[str, str]) -> Iterator[Preview]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--config", CONFIG, "--jobs", "1", "--address", f"127.0.0.1:{port}"],
        cwd=site.root, env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield Preview(process, f"http://127.0.0.1:{port}/")
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C, as the editor stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def set_category(site: Site, slug: str, category: str) -> None:
    path = site.product(slug) / "product.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = f"category: {category}\n"
    # saved whole, as editors' apps do: the watcher never sees a half-written file
    temporary = path.with_name(".product.yml.tmp")
    temporary.write_text("".join(lines), encoding="utf-8")
    os.replace(temporary, path)


def problems_from_check(site: Site) -> list[str]:
    """The problem lines ``gi-showcase check`` prints, in Thai."""
    result = site.run("check", env=THAI)
    return [line for line in result.stdout.splitlines() if line.startswith("content/")]


def test_serve_prints_the_problems_check_prints_at_start_and_after_each_edit(site: Site) -> None:
    site.add_product("test-silk")
    site.add_product("bad-silk", number="สช 50100031", seed=2)
    set_category(site, "bad-silk", "silk")
    expected = problems_from_check(site)
    assert any(line.startswith("content/products/bad-silk/product.yml:4: category: 'silk'") for line in expected), expected
    with serving(site, env=THAI) as preview:
        first = preview.until(lambda line: line.startswith(SERVING))
        assert all(problem in first for problem in expected), first
        assert "ข้อผิดพลาด: สินค้า bad-silk: ไม่ได้สร้างหน้าเว็บ เพราะมีปัญหาตามที่แจ้งไว้ข้างบน" in first
        preview.wait_until_serving()

        set_category(site, "bad-silk", "wool")
        expected = problems_from_check(site)
        assert any(line.startswith("content/products/bad-silk/product.yml:4: category: 'wool'") for line in expected), expected
        rebuilt = preview.until(lambda line: line.startswith(REBUILT))
        assert all(problem in rebuilt for problem in expected), rebuilt
        assert not any("'silk'" in line for line in rebuilt), rebuilt

        set_category(site, "bad-silk", "textile")  # fixed: nothing to report, the preview is updated
        rebuilt = preview.until(lambda line: line.startswith(REBUILT) and "ล้มเหลว" not in line)
        assert not any(line.startswith("content/") for line in rebuilt), rebuilt
        assert (site.root / ".cache" / "preview" / "products" / "bad-silk" / "index.html").is_file()
