"""How well ``gi-showcase match`` finds edited copies of the sample photos: prints figures, asserts nothing.

    python benchmarks/bench_match.py [--unrelated 200] [--thresholds 4 6 8 10 12 14 16] [--keep DIR]

Every sample photo under content/ is edited the way counterfeit listings edit photos
(builder/authenticity/copies.py: the edits the tests require, and harsher ones), saved as
JPEG (quality 95, as a downloaded picture is) and matched against the registry built from
content/. Negatives: generated unrelated images (noise, gradients, shapes, landscape-like
scenes, text cards) matched against the whole registry, and every copy matched against the
registry *without* its own product (the photos of other products must never be flagged).

True-positive rate: the closest official photo is the right one and within the threshold.
False-positive rate: a negative's closest official photo is within the threshold.
The suggested threshold lies midway between the largest distance of a required edit and
the smallest distance of any negative.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from builder.authenticity.copies import HARSH, REQUIRED, unrelated_image, unrelated_kind  # noqa: E402
from builder.authenticity.match import closest, hash_suspect, load_registry  # noqa: E402
from builder.authenticity.phash import DEFAULT_THRESHOLD, HASH_BITS  # noqa: E402
from builder.authenticity.registry import Registry  # noqa: E402
from builder.config import load_project  # noqa: E402
from builder.images import load_upright_rgb  # noqa: E402

SIZES = ((1200, 800), (1080, 1080), (800, 1200), (1600, 900), (720, 1280))


@dataclass(frozen=True)
class Copy:
    edit: str
    slug: str
    photo: str
    right: bool  # the closest official photo is the one it was made from
    distance: int  # distance to the closest official photo
    other_distance: int  # distance to the closest photo of another product


def make_copies(registry: Registry, folder: Path) -> list[Copy]:
    """Edit, save and match every sample photo with every edit."""
    assert registry.content is not None
    edits = {"none": None, **REQUIRED, **HARSH}
    copies = []
    for product in registry.products:
        others = [p for p in registry.products if p.slug != product.slug]
        for photo in product.photos:
            original = load_upright_rgb(registry.content / "products" / product.slug / photo.file)
            for name, edit in edits.items():
                path = folder / f"{product.slug}--{Path(photo.file).stem}--{name}.jpg"
                (edit(original) if edit else original).save(path, "JPEG", quality=95)
                hashes = hash_suspect(path)
                best = closest(path, hashes, registry.products)
                other = closest(path, hashes, others)
                right = (best.slug, best.photo) == (product.slug, photo.file)
                copies.append(Copy(name, product.slug, photo.file, right, best.distance or 0, other.distance or 0))
    return copies


def match_unrelated(registry: Registry, folder: Path, count: int) -> dict[str, list[int]]:
    """The distance of each generated unrelated image to its closest official photo, by kind of image."""
    distances: dict[str, list[int]] = {}
    for index in range(count):
        path = folder / f"unrelated-{index:03d}-{unrelated_kind(index)}.jpg"
        unrelated_image(index, SIZES[index % len(SIZES)]).save(path, "JPEG", quality=90)
        distances.setdefault(unrelated_kind(index), []).append(closest(path, hash_suspect(path), registry.products).distance or 0)
    return distances


def rate(hits: int, total: int) -> str:
    return f"{hits / total:6.1%}" if total else "   n/a"


def report(copies: list[Copy], by_kind: dict[str, list[int]], thresholds: list[int]) -> None:
    unrelated = [d for distances in by_kind.values() for d in distances]
    edits = sorted({c.edit for c in copies}, key=lambda e: (e not in ("none", *REQUIRED), e in HARSH, e))
    print(f"\nDistance to the right photo (of {HASH_BITS} bits), per edit:")
    print(f"  {'edit':28} {'closest is right':>16} {'max':>4} {'mean':>5} {f'<= {DEFAULT_THRESHOLD}':>8}")
    for edit in edits:
        group = [c for c in copies if c.edit == edit]
        found = [c.distance for c in group if c.right]
        flagged = sum(d <= DEFAULT_THRESHOLD for d in found)
        kind = "required" if edit in REQUIRED or edit == "none" else "harsh"
        worst = max(found) if found else "-"
        mean = f"{statistics.mean(found):5.1f}" if found else "    -"
        print(f"  {edit:28} {len(found):10}/{len(group):<5} {worst!s:>4} {mean} {flagged:5}/{len(group):<3} ({kind})")
    negatives = unrelated + [c.other_distance for c in copies]
    print(f"\nNegatives: {len(unrelated)} unrelated images, closest distance {min(unrelated)} "
          f"({', '.join(f'{kind} {min(d)}' for kind, d in sorted(by_kind.items()))}); "
          f"{len(copies)} copies against the other products' photos, closest distance {min(c.other_distance for c in copies)}")

    required = [c for c in copies if c.edit in REQUIRED or c.edit == "none"]
    harsh = [c for c in copies if c.edit in HARSH]
    print(f"\n{'threshold':>9} {'TPR required':>13} {'TPR harsh':>10} {'FPR unrelated':>14} {'FPR other product':>18}")
    for threshold in thresholds:
        tp_req = sum(c.right and c.distance <= threshold for c in required)
        tp_harsh = sum(c.right and c.distance <= threshold for c in harsh)
        fp_unrelated = sum(d <= threshold for d in unrelated)
        fp_other = sum(c.other_distance <= threshold for c in copies)
        mark = "  <- default" if threshold == DEFAULT_THRESHOLD else ""
        print(f"{threshold:9} {rate(tp_req, len(required)):>13} {rate(tp_harsh, len(harsh)):>10} "
              f"{rate(fp_unrelated, len(unrelated)):>14} {rate(fp_other, len(copies)):>18}{mark}")

    worst_required = max(c.distance for c in required)
    nearest_negative = min(negatives)
    if all(c.right for c in required) and worst_required < nearest_negative:
        suggested = (worst_required + nearest_negative) // 2
        print(f"\nSuggested threshold: {suggested} (required edits reach at most {worst_required}; negatives come no closer than {nearest_negative})")
    else:
        print(f"\nNo threshold separates them: required edits reach {worst_required}, a negative comes as close as {nearest_negative}")
    print(f"Default threshold in builder/authenticity/phash.py: {DEFAULT_THRESHOLD}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unrelated", type=int, default=200, help="How many generated unrelated images (default 200)")
    parser.add_argument("--thresholds", type=int, nargs="+", default=[4, 6, 8, 10, 12, 14, 16])
    parser.add_argument("--keep", type=Path, help="Keep the edited copies in this folder")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    registry = load_registry(REPO / "content", project=load_project(REPO / "mkdocs.yml"))
    photos = sum(len(p.photos) for p in registry.products)
    print(f"Registry: {len(registry.products)} products, {photos} photos, built in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        copies = make_copies(registry, folder)
        unrelated = match_unrelated(registry, folder, args.unrelated)
        elapsed = time.perf_counter() - started
        count = len(copies) + args.unrelated
        print(f"Made and matched {len(copies)} copies and {args.unrelated} unrelated images in {elapsed:.1f} s "
              f"({elapsed / count * 1000:.0f} ms each, encoding included)")
    report(copies, unrelated, args.thresholds)


if __name__ == "__main__":
    main()
