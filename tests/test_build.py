"""The build as a whole: atomic, locked, reproducible, and incremental for media."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Site, make_photo, run_cli, write_config

CONFIG = str(REPO / "mkdocs.yml")


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(site: Site, *args: str) -> str:
    return site.run("build", "--no-clips", "--config", CONFIG, *args, check=True).stdout


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_ino) for p in sorted(folder.rglob("*"))}


def test_a_build_with_nothing_changed_does_nothing(one_product: Site) -> None:
    cold = build(one_product)
    assert "pages 14 built / 0 reused, images 10 built / 0 reused" in cold  # 4 renditions of each photo, 2 share cards
    before = stamps(one_product.root / "site")
    (one_product.product("test-silk") / "th.md").touch()  # saved again without a change
    warm = build(one_product)
    assert warm.startswith("Up to date: nothing changed since the last build (14 pages)")
    assert stamps(one_product.root / "site") == before  # not a file rewritten


def test_every_cache_is_reused_and_the_output_is_byte_identical(one_product: Site) -> None:
    build(one_product)
    first = tree(one_product.root / "site")
    cached = {name: stamps(one_product.root / ".cache" / name) for name in ("kit", "profiles", "pages", "images", "share")}
    assert all(cached.values())
    shutil.rmtree(one_product.root / "site")  # the shortcut no longer applies: everything comes from the caches
    warm = build(one_product)
    # the two home pages are always rendered: they are in MkDocs' navigation
    assert "pages 2 built / 12 reused, images 0 built / 10 reused" in warm
    assert tree(one_product.root / "site") == first
    assert stamps(one_product.root / ".cache" / "kit") == cached["kit"]  # captions and scripts were read, not written again
    assert stamps(one_product.root / ".cache" / "profiles") == cached["profiles"]


def test_pages_are_reused_where_hard_links_are_not_possible(one_product: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.build import BuildOptions
    from builder.build import build as run_build

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")  # the cache on another disk than the site

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.chdir(one_product.root)
    options = BuildOptions(config_file=Path(CONFIG), clips=False, jobs=1)
    run_build(options)
    first = tree(one_product.root / "site")
    shutil.rmtree(one_product.root / "site")
    again = run_build(options)
    assert (again.pages, again.pages_reused) == (14, 12)  # only the two home pages, always rendered
    assert tree(one_product.root / "site") == first
    page = one_product.root / "site" / "products" / "test-silk" / "index.html"
    assert page.stat().st_nlink == 1  # copies, not links


def test_a_changed_site_is_built_again(one_product: Site) -> None:
    build(one_product)
    first = tree(one_product.root / "site")
    page = one_product.root / "site" / "products" / "test-silk" / "index.html"
    page.write_text("edited by hand", encoding="utf-8")
    assert build(one_product).startswith("Built: ")
    assert tree(one_product.root / "site") == first


def test_replaced_photo_renders_only_its_own_derivatives(one_product: Site) -> None:
    build(one_product)
    make_photo(one_product.product("test-silk") / "photos" / "detail.png", (600, 900), seed=7)
    assert "images 4 built / 6 reused" in build(one_product)


def test_story_edit_changes_only_that_products_pages(site: Site, tmp_path_factory: pytest.TempPathFactory) -> None:
    site.add_product("silk-a", number="สช 50100001")
    site.add_product("silk-b", number="สช 50100002")
    build(site)
    before = tree(site.root / "site")
    story = site.product("silk-a") / "en.md"
    story.write_text(story.read_text(encoding="utf-8").replace("woven by hand", "woven slowly by hand"), encoding="utf-8")
    # The English product page and its kit page (the live script quotes the story) are
    # rendered again, with the two home pages that are always rendered; both products use
    # identical photos, which share renditions; each has 2 share cards.
    assert "pages 4 built / 16 reused, images 0 built / 12 reused" in build(site)
    after = tree(site.root / "site")
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {
        "en/products/silk-a/index.html",
        "en/kit/silk-a/index.html",
        "kit/silk-a/en/live-script.md",
        "kit/silk-a/en/live-script.html",
        "en/search/search_index.json",
    }
    # ... and the incremental result is exactly what a build from scratch gives
    fresh = Site(tmp_path_factory.mktemp("fresh"))
    shutil.copytree(site.content, fresh.content)
    build(fresh)
    assert tree(fresh.root / "site") == after



PRUNED = ("images", "share", "pages", "kit", "qr", "profiles", "phash", "fonts", "templates")
#: Keep no unused entry: prune down to what the build used (the default keeps them 7 days).
NO_GRACE = {"GI_SHOWCASE_CACHE_DAYS": "0"}


def test_a_complete_build_prunes_the_cache_to_what_the_content_needs(one_product: Site) -> None:
    cache = one_product.root / ".cache"

    def build(site: Site) -> str:
        return site.run("build", "--no-clips", "--config", CONFIG, check=True, env=NO_GRACE).stdout

    build(one_product)
    counts = {name: sum(1 for p in (cache / name).rglob("*") if p.is_file()) for name in PRUNED}
    assert all(counts.values()), counts
    for _ in range(3):  # an editor at work: the story and a photo change, again and again
        story = one_product.product("test-silk") / "en.md"
        story.write_text(story.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        make_photo(one_product.product("test-silk") / "photos" / "detail.png", (600, 900), seed=len(story.read_text(encoding="utf-8")))
        build(one_product)
        assert {name: sum(1 for p in (cache / name).rglob("*") if p.is_file()) for name in PRUNED} == counts, "the cache does not grow"
    kept = {name: stamps(cache / name) for name in PRUNED}
    # Nothing still needed was removed: without the site, everything but the home pages comes from the cache.
    shutil.rmtree(one_product.root / "site")
    assert "pages 2 built / 12 reused, images 0 built / 10 reused" in build(one_product)
    for name in PRUNED:
        if name != "pages":  # the two home pages are always rendered and stored again
            assert stamps(cache / name) == kept[name], f"{name}: an entry was removed and made again"
    # A build that leaves a broken product out keeps that product's cache entries for when it is fixed.
    (one_product.product("test-silk") / "photos" / "detail.png").write_bytes(b"not a photo")
    assert one_product.run("build", "--no-clips", "--config", CONFIG, env=NO_GRACE).returncode == 1
    for name in PRUNED:
        if name != "pages":
            assert kept[name].items() <= stamps(cache / name).items(), f"{name}: an entry was removed by a build that left a product out"


def test_unused_cache_entries_are_kept_for_a_week_by_default(one_product: Site) -> None:
    cache = one_product.root / ".cache"
    build(one_product)
    pages = sorted((cache / "pages").rglob("*.html"))
    story = one_product.product("test-silk") / "en.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build(one_product)
    assert set(pages) < set((cache / "pages").rglob("*.html")), "yesterday's English page is still there (serve may need it)"
    # two pages no build needs: one last used eight days ago, one six days ago
    old, recent = (cache / "pages" / "zz" / "old.html"), (cache / "pages" / "zz" / "recent.html")
    for path, days in ((old, 8), (recent, 6)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("stale", encoding="utf-8")
        os.utime(path, (time.time() - days * 86400, time.time() - days * 86400))
    story.write_text(story.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
    build(one_product)
    assert not old.exists() and recent.exists()
    wrong = one_product.run("build", "--no-clips", "--config", CONFIG, env={"GI_SHOWCASE_CACHE_DAYS": "a week"})
    assert wrong.returncode == 1
    assert wrong.stderr.splitlines()[-1] == (
        "error: GI_SHOWCASE_CACHE_DAYS='a week' is not a number of days; set it to 0 or more, such as 7, or unset it"
    )

def test_two_cold_builds_in_different_folders_are_identical(tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        site = Site(tmp_path / name)
        (site.content / "products").mkdir(parents=True)
        site.add_product()
        build(site)
        trees.append(tree(site.root / "site"))
    assert trees[0] == trees[1]


def test_one_job_and_two_jobs_build_the_same_site(tmp_path: Path) -> None:
    # With two jobs the English site is built in the background worker while Thai is built here.
    trees = []
    for jobs in ("1", "2"):
        site = Site(tmp_path / f"jobs-{jobs}")
        (site.content / "products").mkdir(parents=True)
        site.add_product("test-silk")
        site.add_product("thai-only", en=False, number="สช 50100021")
        site.add_product("silk-c", number="สช 50100022")  # enough pages to render (site.ELSEWHERE_FROM) for the worker
        build(site, "--jobs", jobs)
        assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".site")) == []  # nothing left beside the site
        trees.append(tree(site.root / "site"))
    assert trees[0] == trees[1]
    assert "en/products/test-silk/index.html" in trees[1] and "en/search/search_index.json" in trees[1]


def test_mkdocs_warnings_from_the_background_worker_are_shown(one_product: Site) -> None:
    for slug, number in (("silk-b", "สช 50100002"), ("silk-c", "สช 50100003")):  # enough pages for the worker
        one_product.add_product(slug, number=number)
    for lang, link in (("th", "nothere.md"), ("en", "nowhere.md")):
        story = one_product.product("test-silk") / f"{lang}.md"
        story.write_text(story.read_text(encoding="utf-8") + f"\n\n[a page that does not exist]({link})\n", encoding="utf-8")
    result = one_product.run("build", "--no-clips", "--config", CONFIG, "--jobs", "2", check=True)
    for link in ("nothere.md", "nowhere.md"):  # the Thai site's warning from this process, the English one from the worker
        assert f"contains a link '{link}', but the target 'products/test-silk/{link}' is not found" in result.stderr


def test_the_english_site_is_built_in_the_background_only_when_there_is_much_to_render(
    one_product: Site, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.build import BuildOptions
    from builder.build import build as run_build

    for slug, number in (("silk-b", "สช 50100002"), ("silk-c", "สช 50100003")):
        one_product.add_product(slug, number=number)
    story = one_product.product("test-silk") / "en.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\n[a page that does not exist](nowhere.md)\n", encoding="utf-8")
    monkeypatch.chdir(one_product.root)
    options = BuildOptions(config_file=Path(CONFIG), clips=False, jobs=2)

    def english_warning_from() -> int:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            run_build(options)
        return next(record.process for record in caplog.records if "'nowhere.md'" in record.getMessage())

    assert english_warning_from() != os.getpid()  # a cold build: the worker built the English site (and its warning came back)
    story.write_text(story.read_text(encoding="utf-8").replace("woven by hand", "woven slowly by hand"), encoding="utf-8")
    assert english_warning_from() == os.getpid()  # one story edited: too little to render to start the worker


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
    # Its workers (photos, the background worker) end with it; Python's idle fork server may stay.
    deadline = time.monotonic() + 5
    while _workers_of(one_product.root) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers_of(one_product.root) == []
    build(one_product)  # the next build cleans up after the killed one
    assert not list(one_product.root.glob(".site.*"))
    assert (one_product.root / "site" / "products" / "more-5" / "index.html").is_file()


def _workers_of(project: Path) -> list[int]:
    """Worker processes started from a fork server for builds in ``project`` (their command line names its folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if "multiprocessing.forkserver" in command and str(project) in command and parent != 1:
            found.append(int(entry.name))
    return found


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


def test_a_corrupt_photo_leaves_its_product_out_and_builds_the_others(site: Site) -> None:
    site.add_product("silk-a", number="สช 50100001")
    site.add_product("silk-b", number="สช 50100002", seed=5)
    photo = site.product("silk-b") / "photos" / "detail.png"
    good = photo.read_bytes()
    photo.write_bytes(good[: len(good) // 2])  # an upload cut short
    result = site.run("build", "--no-clips", "--config", CONFIG)
    assert result.returncode == 1
    assert "content/products/silk-b/product.yml:13: photos[2].file: photos/detail.png: the photo file is incomplete" in result.stderr
    assert "error: product silk-b: left out because of the problems above" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "the content has problems (1 error, 0 warnings); the other product was built and cached for the next build, "
        "but the previous site is unchanged"
    )
    assert result.stdout.startswith("FAILED: pages 14 built / 0 reused")
    assert not (site.root / "site").exists() and not list(site.root.glob(".site.*"))
    # silk-a was really built: once the photo is fixed, only silk-b's work remains
    photo.write_bytes(good)
    fixed = build(site)
    # silk-a's product, verification and kit pages (3 a language) are reused; silk-b's and the listings that now show it are new
    assert "pages 14 built / 6 reused, images 10 built / 10 reused" in fixed
    assert (site.root / "site" / "products" / "silk-b" / "index.html").is_file()


def test_two_builds_at_once_the_second_fails_fast(site: Site) -> None:
    for index in range(4):
        site.add_product(f"silk-{index}", number=f"สช 5010000{index}", seed=20 + index)
    first = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--no-clips", "--config", CONFIG],
        cwd=site.root, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(site.root.glob(".site.staging-*")) and time.monotonic() < deadline:
            time.sleep(0.02)
        second = site.run("build", "--no-clips", "--config", CONFIG)
        assert second.returncode == 1
        assert f"another build is running (process {first.pid}, lock " in second.stderr
    finally:
        _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (site.root / "site" / "products" / "silk-3" / "index.html").is_file()


def test_source_date_epoch_is_the_day_dates_are_checked_against(one_product: Site) -> None:
    env_day = {"SOURCE_DATE_EPOCH": "1000000000"}  # 2001-09-09: the registration (2007-09-27) is after it
    result = run_cli("check", cwd=one_product.root, env=env_day)
    assert result.returncode == 1
    assert "content/products/test-silk/product.yml:3: gi.registered_on: 2007-09-27 is in the future" in result.stdout + result.stderr
    wrong = run_cli("check", cwd=one_product.root, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert "SOURCE_DATE_EPOCH is 'yesterday'; it must be a whole number of seconds" in wrong.stderr


def test_a_missing_theme_folder_stops_the_build_before_any_work(one_product: Site) -> None:
    config = write_config(one_product.root)
    config.write_text(config.read_text(encoding="utf-8").replace(f"custom_dir: {REPO / 'themes' / 'site'}", "custom_dir: themes/sight"), encoding="utf-8")
    built = one_product.run("build", "--no-clips")
    assert built.returncode == 1
    assert "mkdocs.yml: theme.custom_dir: the folder 'themes/sight' does not exist" in built.stderr
    assert "photos:" not in built.stdout + built.stderr and not (one_product.root / ".cache" / "images").exists(), "no photo was encoded first"
