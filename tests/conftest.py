"""Shared fixtures: scratch content folders written into tmp_path, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent

# Tests read the English messages unless they ask for Thai, whatever this machine's locale is.
os.environ["GI_SHOWCASE_LANG"] = "en"

PRODUCT_YML = """\
gi:
  registration_number: สช 50100020
  registered_on: 2007-09-27
category: textile
provinces: [TH-51]
photos:
  - file: photos/cover.jpg
    alt:
      th: ผ้าไหมยกดอกสีทอง
      en: Golden brocade silk
    credit: Test photo
    focus: {x: 0.4, y: 0.5}
  - file: photos/detail.png
    alt:
      th: ลายดอกพิกุล
      en: Phikul flower motif
producers:
  - name:
      th: กลุ่มทอผ้าทดสอบ
      en: Test weavers group
    authorised: true
shop:
  links:
    - label: {th: ร้านค้า, en: Shop}
      url: https://shop.example.org/silk
  price:
    min: 1500
    max: 4500
    unit: {th: ผืน, en: piece}
seasons: [1, 2, 3]
hashtags: [ผ้าไหมยกดอกลำพูน, LamphunSilk]
"""

TH_MD = """\
---
name: ผ้าไหมยกดอกทดสอบ
tagline: ผ้าไหมทอมือลายละเอียดจากลำพูน
characteristics:
  - ยกดอกด้วยไหมเส้นพุ่งพิเศษ
  - ลายดอกพิกุล
genuine_signs:
  - มีตรา GI บนป้าย
faq:
  - q: ซักได้ไหม
    a: ควรซักแห้ง
---
## เรื่องราว

ผ้าไหมยกดอกทอด้วยมือในจังหวัดลำพูน
"""

EN_MD = """\
---
name: Test Brocade Silk
tagline: Hand-woven silk with fine raised motifs from Lamphun
characteristics:
  - Supplementary weft brocade
  - Phikul flower motif
genuine_signs:
  - The GI logo is on the label
---
## The story

Brocade silk is woven by hand in Lamphun.
"""


@dataclass
class Site:
    """A scratch project: a content folder with products, and a way to run the CLI in it."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    def product(self, slug: str) -> Path:
        return self.content / "products" / slug

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def add_product(self, slug: str = "test-silk", *, en: bool = True, number: str = "สช 50100020", seed: int = 1) -> Path:
        folder = self.product(slug)
        self.write(f"products/{slug}/product.yml", PRODUCT_YML.replace("สช 50100020", number))
        self.write(f"products/{slug}/th.md", TH_MD)
        if en:
            self.write(f"products/{slug}/en.md", EN_MD)
        make_photo(folder / "photos" / "cover.jpg", (900, 600), seed=seed)
        make_photo(folder / "photos" / "detail.png", (600, 900), seed=seed + 100)
        return folder

    def run(self, *args: str, check: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run the real ``gi-showcase`` CLI in this project, as a user would (``env``: variables to add)."""
        return run_cli(*args, cwd=self.root, check=check, env=env)


def run_cli(
    *args: str, cwd: Path, check: bool = False, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"gi-showcase {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def make_photo(path: Path, size: tuple[int, int], *, seed: int = 1) -> Path:
    """A small, textured image (not flat colour) so encoders and hashes behave as with photos."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    rng = np.random.default_rng(seed)  # the same seed gives the same bytes: builds stay comparable
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack([x / width * 255, y / height * 255, np.full_like(x, 40.0 * seed % 256)], axis=-1)
    pixels = np.clip(base * 0.7 + rng.normal(0, 25, (height, width, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(pixels, "RGB").save(path)
    return path


def write_config(root: Path, *, duration: int = 15, clip_products: list[str] | None = None) -> Path:
    """The repository's mkdocs.yml, made usable from ``root``, with short clips (15 s, the shortest allowed) to keep tests quick."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: themes/site", f"custom_dir: {REPO / 'themes' / 'site'}")
    config = config.replace("music: media/music/gentle-pluck.wav", f"music: {REPO / 'media/music/gentle-pluck.wav'}")
    config = config.replace("duration: 20", f"duration: {duration}")
    if clip_products is not None:
        config = config.replace("      duration:", f"      products: [{', '.join(clip_products)}]\n      duration:")
    path = root / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty scratch project in tmp_path."""
    (tmp_path / "content" / "products").mkdir(parents=True)
    return Site(tmp_path)


@pytest.fixture
def one_product(site: Site) -> Site:
    """A scratch project with one valid product."""
    site.add_product()
    return site
