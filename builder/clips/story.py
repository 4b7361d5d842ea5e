"""The story of one clip: its words (a :class:`Script`) and when each shot and caption appears.

Pure data and arithmetic, no pixels: the frames, the overlays and the subtitles are all
drawn from the same :class:`Storyboard`, so the subtitles always match the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from builder.clips.style import ClipStyle
from builder.config import page_url, product_path, verify_path
from builder.content.catalogue import Product

#: Frames per second of every clip.
FPS = 30
CaptionKind = Literal["hook", "beat", "origin", "end"]
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True)
class Script:
    """Every word a clip shows, already in the clip's language (with the Thai fallback applied)."""

    lang: str
    name: str
    tagline: str
    hook: str | None
    kicker: str
    beats: tuple[str, ...]
    origin_label: str
    origin: str
    badge: str
    cta: str
    link: str
    link_url: str
    page_url: str
    keep: tuple[str, ...]


def write_script(product: Product, lang: str, style: ClipStyle, site_url: str) -> Script:
    """The words of the ``lang`` clip of ``product``: page text (Thai when untranslated) and style labels."""
    meta = product.page(lang).meta
    labels = style.labels.th if lang == "th" else style.labels.en
    provinces = [p.name(lang) for p in product.provinces]
    gi = product.facts.gi
    badge = labels.badge.format(number=gi.registration_number) if gi.number_confirmed else labels.badge_pending
    product_page = page_url(site_url, lang, product_path(product.slug))
    link_url = product.facts.shop.links[0].url if product.facts.shop.links else product_page
    return Script(
        lang=lang,
        name=meta.name,
        tagline=meta.tagline,
        hook=meta.clip.hook,
        kicker=labels.kicker,
        beats=tuple(meta.clip.beats or meta.characteristics),
        origin_label=labels.origin.format(provinces=" · ".join(provinces)),
        origin=" · ".join(provinces),
        badge=badge,
        cta=labels.cta,
        link=display_link(link_url),
        link_url=link_url,
        page_url=page_url(site_url, lang, verify_path(product.slug)),  # the QR code: where a buyer checks it is genuine
        keep=(meta.name, *provinces),
    )


def display_link(url: str) -> str:
    """A web address as people read it: no scheme, no 'www.', no trailing slash."""
    shown = url.split("://", 1)[-1]
    return shown.removeprefix("www.").rstrip("/")


def breakable_link(link: str) -> str:
    """The link with break opportunities (zero-width spaces) after '/', '.', '?', '&', '=' and '-'."""
    return "".join(ch + ZERO_WIDTH_SPACE if ch in "/.?&=-" else ch for ch in link)


@dataclass(frozen=True)
class Shot:
    """One photo on screen from ``start`` to ``end`` (cut points; transitions straddle them)."""

    photo: int
    start: float
    end: float
    move: str
    ending: bool = False


@dataclass(frozen=True)
class Caption:
    """Text on screen from ``start`` to ``end``: what the overlay shows and the subtitles say."""

    kind: CaptionKind
    start: float
    end: float
    kicker: str | None
    title: str
    body: str | None
    spoken: tuple[str, ...]


@dataclass(frozen=True)
class Storyboard:
    duration: float
    fps: int
    shots: tuple[Shot, ...]
    captions: tuple[Caption, ...]
    badge_from: float
    transition: float

    @property
    def frames(self) -> int:
        return round(self.duration * self.fps)


def plan(script: Script, *, photos: int, style: ClipStyle, duration: float, fps: int = FPS) -> Storyboard:
    """Lay out the shots and captions of a ``duration``-second clip over ``photos`` photos."""
    timing = style.timings
    transition = 0.0 if style.transition == "cut" else timing.transition
    middle_start, middle_end = timing.hook, duration - timing.end_card
    items = _middle_items(script, (middle_end - middle_start) / timing.min_shot)
    count = max(len(items), math.ceil((middle_end - middle_start) / timing.max_shot))
    cuts = [middle_start + (middle_end - middle_start) * i / count for i in range(count + 1)]
    order = _photo_order(photos, count)
    moves = style.motion.moves
    shots = [Shot(0, 0.0, middle_start, moves[0])]
    shots += [Shot(order[i], cuts[i], cuts[i + 1], moves[(i + 1) % len(moves)]) for i in range(count)]
    # The end card holds still: the QR code is easiest to scan, and a still frame costs the encoder little.
    shots.append(Shot(0, middle_end, duration, "hold", ending=True))
    lead = transition / 2 + 0.15
    captions = [_hook_caption(script, 0.15, middle_start - transition / 2)]
    for item, slot in zip(items, _slots(len(items), count), strict=True):
        kicker, title = item
        kind: CaptionKind = "origin" if kicker else "beat"
        captions.append(Caption(kind, cuts[slot] + lead, cuts[slot + 1] - transition / 2, kicker, title, None, (title,)))
    captions.append(_end_caption(script, middle_end + lead, duration))
    return Storyboard(duration, fps, tuple(shots), tuple(captions), cuts[0] + lead, transition)


def _middle_items(script: Script, room: float) -> list[tuple[str | None, str]]:
    """The beats that fit (as many as ``room`` shots allow, keeping one for the origin), then the origin."""
    fitting = max(0, math.floor(room + 1e-9) - 1)
    beats: list[tuple[str | None, str]] = [(None, beat) for beat in script.beats[:fitting]]
    return [*beats, (script.origin_label, script.origin)]


def _slots(items: int, shots: int) -> list[int]:
    """Which middle shot carries each item: beats spread out, the origin always on the last one."""
    beats = items - 1
    return [i * (shots - 1) // beats for i in range(beats)] + [shots - 1] if beats else [shots - 1]


def _photo_order(photos: int, count: int) -> list[int]:
    # The cover opens and closes the clip; the middle shows the other photos in turn.
    return [1 + i % (photos - 1) if photos > 1 else 0 for i in range(count)]


def _hook_caption(script: Script, start: float, end: float) -> Caption:
    # The name and tagline open every clip; an editor's hook line takes the big type, with the name above it.
    # Labels (the kicker) are not spoken: subtitles carry the title and the body.
    if script.hook:
        return Caption("hook", start, end, script.name, script.hook, script.tagline, (script.hook, script.tagline))
    return Caption("hook", start, end, script.kicker, script.name, script.tagline, (script.name, script.tagline))


def _end_caption(script: Script, start: float, end: float) -> Caption:
    return Caption("end", start, end, None, script.name, script.cta, (script.cta, breakable_link(script.link)))
