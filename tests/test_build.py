"""The build as a whole: atomic, locked, reproducible, and incremental for media."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, Site

CONFIG = str(REPO / "mkdocs.yml")


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(site: Site, *args: str) -> str:
    return site.run("build", "--no-clips", "--config", CONFIG, *args, check=True).stdout


def test_warm_build_reuses_every_image_and_is_byte_identical(one_product: Site) -> None:
    cold = build(one_product)
    assert "images 10 built / 0 reused" in cold  # 4 renditions of each photo, 2 share cards
    first = tree(one_product.root / "site")
    warm = build(one_product)
    assert "images 0 built / 10 reused" in warm
    assert tree(one_product.root / "site") == first


def test_replaced_photo_renders_only_its_own_derivatives(one_product: Site) -> None:
    build(one_product)
    from conftest import make_photo

    make_photo(one_product.product("test-silk") / "photos" / "detail.png", (600, 900), seed=7)
    assert "images 4 built / 6 reused" in build(one_product)


def test_story_edit_changes_only_that_products_pages(site: Site) -> None:
    site.add_product("silk-a", number="สช 50100001")
    site.add_product("silk-b", number="สช 50100002")
    build(site)
    before = tree(site.root / "site")
    story = site.product("silk-a") / "en.md"
    story.write_text(story.read_text(encoding="utf-8").replace("woven by hand", "woven slowly by hand"), encoding="utf-8")
    # both products use identical photos, which share renditions; each has 2 share cards
    assert "images 0 built / 12 reused" in build(site)
    after = tree(site.root / "site")
    changed = {path for path in after if before.get(path) != after[path]}
    assert "en/products/silk-a/index.html" in changed
    assert not any("silk-b" in path for path in changed)
    assert not any(path.startswith("assets/photos/") for path in changed)


def test_two_cold_builds_in_different_folders_are_identical(tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        site = Site(tmp_path / name)
        (site.content / "products").mkdir(parents=True)
        site.add_product()
        build(site)
        trees.append(tree(site.root / "site"))
    assert trees[0] == trees[1]


def test_killed_build_leaves_the_previous_site_and_no_stray_folders(one_product: Site) -> None:
    build(one_product)
    before = tree(one_product.root / "site")
    for index in range(6):  # more products make the build long enough to kill
        one_product.add_product(f"more-{index}", number=f"สช 5010010{index}", seed=10 + index)
    shutil.rmtree(one_product.root / ".cache")
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--no-clips", "--config", CONFIG],
        cwd=one_product.root, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(one_product.root.glob(".site.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree(one_product.root / "site") == before
    build(one_product)  # the next build cleans up after the killed one
    assert not list(one_product.root.glob(".site.*"))
    assert (one_product.root / "site" / "products" / "more-5" / "index.html").is_file()


def test_a_second_concurrent_build_fails_fast_naming_the_holder(one_product: Site) -> None:
    import fcntl

    cache = one_product.root / ".cache"
    cache.mkdir()
    with (cache / "build.lock").open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("4242")
        handle.flush()
        started = time.monotonic()
        result = one_product.run("build", "--no-clips", "--config", CONFIG)
    assert result.returncode == 1
    assert "another build is running (process 4242" in result.stderr
    assert time.monotonic() - started < 30
    assert not (one_product.root / "site").exists()


def test_progress_is_logged_when_not_on_a_terminal(site: Site) -> None:
    site.add_product()
    result = site.run("build", "--no-clips", "--config", CONFIG, check=True)
    assert "photos: 8 to do" in result.stderr  # two photos, 2 widths x 2 formats each
    assert "photos: 8/8" in result.stderr and "share images: 2/2" in result.stderr
    assert result.stdout.startswith("Built: ")
    quiet = site.run("-q", "build", "--no-clips", "--config", CONFIG, check=True)
    assert "photos:" not in quiet.stderr
