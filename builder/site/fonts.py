"""Self-hosted Thai web fonts: Sarabun subset to Thai and Latin, as small WOFF2 files.

Phones usually have a Thai font, but not every device does (many desktops and
headless browsers show boxes); shipping our own keeps Thai readable everywhere
for about 60 KB.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import fontpkg

from builder.cache import replacing, used

#: Thai, Basic Latin, Latin-1, general punctuation, the baht sign and the check mark we print.
UNICODES = "U+0020-007E,U+00A0-00FF,U+0E00-0E7F,U+2000-206F,U+20BF,U+0E3F,U+2713,U+2190-2193,U+00D7,U+2039,U+203A"
WEIGHTS = {"regular": 400, "bold": 700}
FONTS_VERSION = "1"


def publish_fonts(dest: Path, cache: Path) -> dict[int, str]:
    """Write the subset fonts and their ``fonts.css`` into ``dest``; return file names by weight."""
    dest.mkdir(parents=True, exist_ok=True)
    names = {}
    for style, weight in WEIGHTS.items():
        source = Path(fontpkg.path("Sarabun", style))
        key = hashlib.sha256(f"{FONTS_VERSION}:{UNICODES}:".encode() + source.read_bytes()).hexdigest()[:12]
        name = f"sarabun-{weight}-{key}.woff2"
        cached = cache / "fonts" / name
        if not used(cached):
            _subset(source, cached)
        shutil.copyfile(cached, dest / name)
        names[weight] = name
    css = "".join(
        f'@font-face{{font-family:"Sarabun";font-style:normal;font-weight:{weight};font-display:swap;src:url("{name}") format("woff2")}}\n'
        for weight, name in sorted(names.items())
    )
    (dest / "fonts.css").write_text(css, encoding="utf-8")
    return names


def _subset(source: Path, target: Path) -> None:
    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it narrates every pruned table at INFO
    target.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep Thai mark positioning (mark, mkmk) and ligatures
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    with replacing(target) as tmp:
        subset.save_font(font, str(tmp), options)
