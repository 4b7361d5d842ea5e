"""Share images: a 1200x630 card per product and language for link previews (OpenGraph, Twitter)."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from builder.background import worker_pool
from builder.cache import file_digest, replacing, used
from builder.images import load_upright_rgb
from builder.messages import tr
from builder.progress import NullReporter, Reporter
from builder.typesetting import draw_block, fit

SIZE = (1200, 630)
MARGIN = 64
SHARE_VERSION = "1"


@dataclass(frozen=True)
class ShareCard:
    """Everything drawn on one card; its hash names the cached file."""

    photo: Path
    focus: tuple[float, float]
    name: str
    tagline: str
    badge: str
    site_name: str
    lang: str

    def key(self) -> str:
        fields = "\x1f".join((SHARE_VERSION, file_digest(self.photo), repr(self.focus), self.name, self.tagline, self.badge, self.site_name, self.lang))
        return hashlib.sha256(fields.encode()).hexdigest()[:20]


def render_share_images(cards: dict[Path, ShareCard], cache: Path, *, jobs: int = 1, reporter: Reporter | None = None) -> tuple[int, int]:
    """Write each card to its destination (JPEG), drawing only those not cached; return (drawn, reused)."""
    folder = cache / "share"
    folder.mkdir(parents=True, exist_ok=True)
    keyed = {card.key(): card for card in cards.values()}
    missing = [(card, folder / f"{key}.jpg") for key, card in sorted(keyed.items()) if not used(folder / f"{key}.jpg")]
    with (reporter or NullReporter()).task(str(tr("progress_share_images")), len(missing)) as advance:
        if jobs > 1 and len(missing) > 1:
            with worker_pool(jobs) as pool:
                for _ in pool.map(_draw_to, missing):
                    advance(1)
        else:
            for job in missing:
                _draw_to(job)
                advance(1)
    for dest, card in cards.items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / f"{card.key()}.jpg", dest)  # copied by the kernel, not through Python
    return len(missing), len(cards) - len(missing)


def _draw_to(job: tuple[ShareCard, Path]) -> None:
    card, target = job
    with replacing(target) as tmp:
        _draw(card).save(tmp, "JPEG", quality=86, progressive=True, optimize=True)


def crop_to(image: Image.Image, size: tuple[int, int], focus: tuple[float, float]) -> Image.Image:
    """The largest crop of ``size``'s aspect ratio that keeps ``focus`` as central as possible, resized to ``size``."""
    width, height = image.size
    target = size[0] / size[1]
    crop_w, crop_h = (width, round(width / target)) if width / height < target else (round(height * target), height)
    left = min(max(round(focus[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focus[1] * height - crop_h / 2), 0), height - crop_h)
    return image.resize(size, Image.Resampling.LANCZOS, box=(left, top, left + crop_w, top + crop_h))


def _draw(card: ShareCard) -> Image.Image:
    base = crop_to(load_upright_rgb(card.photo), SIZE, card.focus).convert("RGBA")
    shade = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shade)
    for x in range(SIZE[0]):  # dark on the left, where the text sits, fading to the photo on the right
        alpha = round(215 * max(0.0, 1 - x / (SIZE[0] * 0.85)) ** 1.2)
        draw.line([(x, 0), (x, SIZE[1])], fill=(12, 20, 14, alpha))
    image = Image.alpha_composite(base, shade)
    width = SIZE[0] * 0.62
    badge = fit(card.badge, family="Kanit", weight=600, size=30, max_width=width, lang=card.lang, max_lines=1)
    name = fit(card.name, family="Kanit", weight=700, size=72, max_width=width, lang=card.lang, max_lines=2, leading=1.2)
    tagline = fit(card.tagline, family="Sarabun", weight=500, size=36, max_width=width, lang=card.lang, max_lines=3)
    site = fit(card.site_name, family="Sarabun", weight=600, size=28, max_width=width, lang=card.lang, max_lines=1)
    y = MARGIN
    pill = ImageDraw.Draw(image)
    pill.rounded_rectangle((MARGIN, y, MARGIN + badge.width + 36, y + badge.height + 16), radius=30, fill=(184, 134, 11, 255))
    draw_block(image, badge, (MARGIN + 18, y + 8), fill=(255, 255, 255, 255))
    y += badge.height + 48
    draw_block(image, name, (MARGIN, y), fill=(255, 255, 255, 255))
    y += name.height + 24
    draw_block(image, tagline, (MARGIN, y), fill=(235, 240, 232, 255))
    draw_block(image, site, (MARGIN, SIZE[1] - MARGIN - site.height), fill=(255, 214, 102, 255))
    return image.convert("RGB")
