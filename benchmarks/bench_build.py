"""The whole build engine on a synthetic national catalogue: prints figures, asserts nothing.

    python benchmarks/bench_build.py [--products 200] [--clips 10] [--no-jobs-compare] [--keep DIR]

It writes N products (each with a 1600x1067 photo), gives clips to the first few of
them (``extra.gi_showcase.clips.products`` in the project's mkdocs.yml), and prints,
each with the peak memory of the whole process tree (build, workers and ffmpeg):

- the cold build (empty cache, ``--jobs`` = the number of cores);
- a rebuild with nothing changed;
- a rebuild after a one-word edit to one product's story;
- the same cold build with ``--jobs 1``, and the speed-up of the default over it.

Targets on 2 cores (issue 6): no-change rebuild under 2 % of the cold build, story
edit under 10 %, peak memory under 1 GiB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_site import make_catalogue
from measure import REPO, run_measured


def write_project_config(root: Path, clip_products: list[str]) -> Path:
    """The repository's mkdocs.yml, usable from ``root``, with clips for ``clip_products`` only."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: themes/site", f"custom_dir: {REPO / 'themes' / 'site'}")
    config = config.replace("music: media/music/gentle-pluck.wav", f"music: {REPO / 'media/music/gentle-pluck.wav'}")
    config = config.replace("      duration:", f"      products: [{', '.join(clip_products)}]\n      duration:")
    path = root / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def build(root: Path, *args: str) -> tuple[float, float, str]:
    return run_measured([sys.executable, "-m", "builder", "-q", "build", *args], cwd=root)


def line(label: str, seconds: float, peak: float, cold: float | None = None) -> str:
    share = f"   ({seconds / cold:.1%} of cold)" if cold else ""
    return f"  {label:<24}{seconds:8.1f} s   peak {peak:6.0f} MB{share}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--clips", type=int, default=10, help="how many products get clips (both languages)")
    parser.add_argument("--no-jobs-compare", action="store_true", help="skip the second cold build with --jobs 1")
    parser.add_argument("--keep", type=Path, help="keep the generated project in this folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix=f"gi-build-bench-{args.products}-"))
    try:
        make_catalogue(root, args.products)
        write_project_config(root, [f"product-{i:04d}" for i in range(args.clips)])
        cores = os.cpu_count() or 1
        cold, cold_mb, summary = build(root)
        print(f"N={args.products} products, clips for {args.clips} of them in both languages, {cores} cores")
        print(f"  cold build: {summary.strip()}")
        print(line(f"cold build (--jobs {cores})", cold, cold_mb))
        warm, warm_mb, _ = build(root)
        print(line("no-change rebuild", warm, warm_mb, cold))
        story = root / "content" / "products" / "product-0000" / "en.md"
        story.write_text(story.read_text(encoding="utf-8").replace("carefully", "patiently", 1), encoding="utf-8")
        edit, edit_mb, summary = build(root)
        print(line("one-story-edit rebuild", edit, edit_mb, cold))
        print(f"    ({summary.strip()})")
        if not args.no_jobs_compare:
            shutil.rmtree(root / ".cache")
            shutil.rmtree(root / "site")
            serial, serial_mb, _ = build(root, "--jobs", "1")
            print(line("cold build (--jobs 1)", serial, serial_mb))
            print(f"  speed-up of --jobs {cores} over --jobs 1: {serial / cold:.2f}x")
    finally:
        if args.keep:
            shutil.move(str(root), args.keep / root.name)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
