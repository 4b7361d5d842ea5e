"""Everything drawn over the photos, rendered once per clip as RGBA images.

Text cards, the GI badge and the end card stay inside :data:`SAFE`; the scrims (soft
gradients that keep text legible on any photo) are the only overlays that reach the edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter

from builder.clips.layout import HEIGHT, SAFE, WIDTH, Rect
from builder.clips.story import Caption, Script, Storyboard, breakable_link
from builder.clips.style import ClipStyle, FontChoice
from builder.messages import tr
from builder.problems import MediaError
from builder.typesetting import TextBlock, draw_block, fit

OverlayKind = Literal["scrim", "hook", "beat", "origin", "end", "badge", "cover"]
#: Shrink steps tried when a card does not fit its box (long names, many provinces).
SCALES = (1.0, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52)
SHADOW_BLUR = 6
BAR_SIZE = (72, 8)
SHADOW_OFFSET = 3
#: How far beyond the text the scrim behind it is already at full darkness (room for Thai marks and the shadow).
SCRIM_MARGIN = 64
#: The shortest fade of a scrim, in rows.
SCRIM_FADE = 320


@dataclass(frozen=True, eq=False)
class Overlay:
    """An RGBA image placed at (x, y), visible from ``start`` to ``end`` seconds with fades."""

    kind: OverlayKind
    image: Image.Image
    x: int
    y: int
    start: float
    end: float
    fade_in: float = 0.0
    fade_out: float = 0.0

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.x + self.image.width, self.y + self.image.height)

    def opacity(self, t: float) -> float:
        """How visible the overlay is at ``t`` seconds (0 to 1)."""
        if t < self.start or t >= self.end:
            return 0.0
        rise = (t - self.start) / self.fade_in if self.fade_in else 1.0
        fall = (self.end - t) / self.fade_out if self.fade_out else 1.0
        return max(0.0, min(1.0, rise, fall))


@dataclass(frozen=True, eq=False)
class Piece:
    """One element of a text stack: a block of text, or an accent bar when ``block`` is None, and the gap after it."""

    block: TextBlock | None
    colour: str
    gap: int

    @property
    def height(self) -> int:
        return BAR_SIZE[1] if self.block is None else self.block.height

    @property
    def width(self) -> int:
        return BAR_SIZE[0] if self.block is None else self.block.width


def build_overlays(board: Storyboard, script: Script, style: ClipStyle) -> list[Overlay]:
    """The scrims, one card per caption, the badge and the end card of a clip."""
    fade = style.timings.text_fade
    cards = []
    for caption in board.captions:
        image = end_card(caption, script, style) if caption.kind == "end" else caption_card(caption, script, style)
        fade_out = 0.0 if caption.end >= board.duration else fade
        cards.append(_placed(caption.kind, image, caption.start, caption.end, fade, fade_out))
    # The end card sits on its own dark background; the scrims are for the text over photos.
    overlays = [*scrims(style, board.duration, text_rows([c for c in cards if c.kind != "end"], style)), *cards]
    overlays.append(_placed("badge", badge(script, style), board.badge_from, board.duration, fade, 0.0))
    return overlays


def cover_overlays(script: Script, style: ClipStyle) -> list[Overlay]:
    """The still overlays of cover.jpg: scrims, product name and tagline, badge."""
    caption = Caption("hook", 0, 1, script.kicker, script.name, script.tagline, ())
    card = _placed("cover", caption_card(caption, script, style), 0, 1, 0, 0)
    return [*scrims(style, 1.0, text_rows([card], style)), card, _placed("badge", badge(script, style), 0, 1, 0, 0)]


def _placed(kind: OverlayKind, canvas: Image.Image, start: float, end: float, fade_in: float, fade_out: float) -> Overlay:
    bbox = canvas.getchannel("A").getbbox()
    if bbox is None:
        return Overlay(kind, Image.new("RGBA", (1, 1)), 0, 0, start, end)
    if kind != "scrim" and not SAFE.contains(bbox):
        raise MediaError(tr("card_outside_safe_zone", card=kind, zone=str(SAFE), box=str(bbox)))
    return Overlay(kind, canvas.crop(bbox), bbox[0], bbox[1], start, end, fade_in, fade_out)


# --------------------------------------------------------------------------- scrims


def text_rows(cards: list[Overlay], style: ClipStyle) -> tuple[int, int] | None:
    """The rows (top, bottom) that text drawn straight on the photos covers, or None when a card carries it."""
    boxes = [card.box for card in cards if card.image.width > 1]
    if style.layout.card or not boxes:
        return None
    return min(box[1] for box in boxes), max(box[3] for box in boxes)


def scrims(style: ClipStyle, duration: float, rows: tuple[int, int] | None = None) -> Iterator[Overlay]:
    """Soft gradients: darkest under the text, lighter at the badge's edge of the frame.

    ``rows`` are the rows text covers (see :func:`text_rows`). The scrim on the text's side
    reaches its full darkness (``scrim.bottom``) :data:`SCRIM_MARGIN` above the first of
    them, however tall the cards are, so white text stays legible on a white photo; above
    that it fades out over at least :data:`SCRIM_FADE` pixels, so its edge never shows.
    """
    colour = ImageColor.getrgb(style.colours.scrim)[:3]
    # The rows of text on the photo, on the side of the frame the style puts it.
    below, above = (rows, None) if style.layout.text == "bottom" else (None, rows)
    if style.scrim.bottom > 0:
        full = SAFE.bottom if below is None else min(SAFE.bottom, below[0] - SCRIM_MARGIN)
        start = max(0, min(round(HEIGHT * (1 - style.scrim.reach)), full - SCRIM_FADE))
        rise = _smoothstep(max(1, full - start)) * style.scrim.bottom
        ramp = np.concatenate([rise, np.full(HEIGHT - full, style.scrim.bottom)])
        yield Overlay("scrim", _gradient(colour, ramp), 0, start, 0.0, duration)
    top = style.scrim.top if above is None else max(style.scrim.top, style.scrim.bottom)
    if top > 0:
        full = 0 if above is None else above[1] + SCRIM_MARGIN
        ramp = np.concatenate([np.full(full, top), _smoothstep(max(SAFE.top + 2 * _badge_room(style), SCRIM_FADE))[::-1] * top])
        yield Overlay("scrim", _gradient(colour, ramp[:HEIGHT]), 0, 0, 0.0, duration)


def _smoothstep(length: int) -> np.ndarray:
    x = np.linspace(0.0, 1.0, length)
    return x * x * (3 - 2 * x)


def _gradient(colour: tuple[int, ...], ramp: np.ndarray) -> Image.Image:
    rows = np.empty((len(ramp), WIDTH, 4), np.uint8)
    rows[..., :3] = colour
    rows[..., 3] = np.round(ramp * 255).astype(np.uint8)[:, None]
    return Image.fromarray(rows, "RGBA")


# --------------------------------------------------------------------------- text cards


def _box(style: ClipStyle) -> Rect:
    return SAFE.inset(style.layout.inset)


def _badge_room(style: ClipStyle) -> int:
    return round(style.sizes.badge * 1.9) + 28


def _text_box(style: ClipStyle) -> Rect:
    """Where text cards may go: the inset safe zone minus the badge's band (and the card padding)."""
    box = _box(style)
    room = _badge_room(style)
    box = Rect(box.left, box.top + room, box.right, box.bottom) if style.layout.badge == "top" else Rect(box.left, box.top, box.right, box.bottom - room)
    return box.inset(style.layout.card_padding) if style.layout.card else box


def _set(text: str, font: FontChoice, size: float, width: int, script: Script, style: ClipStyle, lines: int) -> TextBlock:
    return fit(
        text, family=font.family, weight=font.weight, size=max(10, round(size)), max_width=width,
        lang=script.lang, max_lines=lines, leading=style.layout.leading, keep=script.keep,
    )


def caption_pieces(caption: Caption, script: Script, style: ClipStyle, scale: float) -> list[Piece]:
    """The text stack of a hook, beat or origin card at ``scale`` of the style's sizes."""
    fonts, sizes, colours = style.fonts, style.sizes, style.colours
    width = _text_box(style).width
    gap = round(18 * scale)
    pieces: list[Piece] = []
    if caption.kind == "beat" and style.layout.accent_bar:
        pieces.append(Piece(None, colours.accent, round(26 * scale)))
    if caption.kicker:
        # No gap after the kicker: the title's ascent already leaves room for Thai marks above it.
        pieces.append(Piece(_set(caption.kicker, fonts.label, sizes.kicker * scale, width, script, style, 2), colours.accent, 0))
    title_size = {"hook": sizes.title, "beat": sizes.beat, "origin": sizes.origin}.get(caption.kind, sizes.title)
    title_lines = 4 if caption.kind == "beat" else 3
    pieces.append(Piece(_set(caption.title, fonts.heading, title_size * scale, width, script, style, title_lines), colours.text, gap))
    if caption.body:
        pieces.append(Piece(_set(caption.body, fonts.body, sizes.tagline * scale, width, script, style, 3), colours.muted, gap))
    return pieces


def caption_card(caption: Caption, script: Script, style: ClipStyle) -> Image.Image:
    """A full-frame RGBA canvas with the caption's text stack placed in the text box."""
    box = _text_box(style)
    for scale in SCALES:
        pieces = caption_pieces(caption, script, style, scale)
        height = stack_height(pieces)
        if height <= box.height:
            break
    top = box.bottom - height if style.layout.text == "bottom" else box.top
    canvas = Image.new("RGBA", (WIDTH, HEIGHT))
    if style.layout.card:
        _card(canvas, Rect(box.left, top, box.left + stack_width(pieces, box.width, style), top + height), style)
    draw_stack(canvas, pieces, box.left, top, box.width, style)
    return canvas


def stack_height(pieces: list[Piece]) -> int:
    return sum(p.height for p in pieces) + sum(p.gap for p in pieces[:-1])


def stack_width(pieces: list[Piece], box_width: int, style: ClipStyle) -> int:
    return box_width if style.layout.align == "center" else max(p.width for p in pieces)


def draw_stack(canvas: Image.Image, pieces: list[Piece], x: int, y: int, width: int, style: ClipStyle) -> None:
    """Draw the pieces top-down from (x, y), each aligned inside ``width``, with a soft shadow."""
    mask_layers: list[tuple[Image.Image, str]] = []
    for piece in pieces:
        layer = Image.new("L", canvas.size)
        if piece.block is None:
            bar_x = x if style.layout.align == "left" else x + (width - BAR_SIZE[0]) // 2
            ImageDraw.Draw(layer).rounded_rectangle((bar_x, y, bar_x + BAR_SIZE[0], y + BAR_SIZE[1]), radius=BAR_SIZE[1] // 2, fill=255)
        else:
            draw_block(layer, piece.block, (x, y), fill=255, align=style.layout.align, box_width=width)
        y += piece.height + piece.gap
        mask_layers.append((layer, piece.colour))
    if style.layout.shadow > 0:
        combined = Image.new("L", canvas.size)
        for layer, _ in mask_layers:
            combined = Image.fromarray(np.maximum(np.asarray(combined), np.asarray(layer)))
        _shadow(canvas, combined, style)
    for layer, colour in mask_layers:
        _paint(canvas, layer, colour)


def _shadow(canvas: Image.Image, mask: Image.Image, style: ClipStyle) -> None:
    bbox = mask.getbbox()
    if bbox is None:
        return
    reach = 3 * SHADOW_BLUR + SHADOW_OFFSET
    left, top = max(0, bbox[0] - reach), max(0, bbox[1] - reach)
    right, bottom = min(canvas.width, bbox[2] + reach), min(canvas.height, bbox[3] + reach)
    local = Image.new("L", (right - left, bottom - top))
    local.paste(mask.crop((left, top, right, bottom)), (0, SHADOW_OFFSET))
    soft = local.filter(ImageFilter.GaussianBlur(SHADOW_BLUR)).point(lambda v: round(v * style.layout.shadow))
    full = Image.new("L", canvas.size)
    full.paste(soft, (left, top))
    _paint(canvas, full, style.colours.shadow)


def _paint(canvas: Image.Image, mask: Image.Image, colour: str, opacity: float = 1.0) -> None:
    """Paint ``colour`` through ``mask`` (same size as the canvas), touching only the mask's bounding box."""
    bbox = mask.getbbox()
    if bbox is None:
        return
    local = mask.crop(bbox)
    if opacity < 1:
        local = local.point(lambda v: round(v * opacity))
    solid = Image.new("RGBA", local.size, (*ImageColor.getrgb(colour)[:3], 255))
    solid.putalpha(local)
    canvas.alpha_composite(solid, dest=bbox[:2])


def _card(canvas: Image.Image, rect: Rect, style: ClipStyle) -> None:
    pad = style.layout.card_padding
    mask = Image.new("L", canvas.size)
    ImageDraw.Draw(mask).rounded_rectangle(
        (rect.left - pad, rect.top - pad, rect.right + pad, rect.bottom + pad), radius=style.layout.card_radius, fill=255
    )
    _paint(canvas, mask, style.colours.card, style.layout.card_opacity)


# --------------------------------------------------------------------------- badge


def badge(script: Script, style: ClipStyle) -> Image.Image:
    """The GI registration pill, honest when the number is still to be confirmed."""
    box = _box(style)
    size = style.sizes.badge
    height = round(size * 1.9)
    pad = round(size * 0.8)
    font = style.fonts.label
    block = fit(script.badge, family=font.family, weight=font.weight, size=size, max_width=box.width - 2 * pad, lang=script.lang, max_lines=1)
    width = block.width + 2 * pad
    top = box.top if style.layout.badge == "top" else box.bottom - height
    canvas = Image.new("RGBA", (WIDTH, HEIGHT))
    mask = Image.new("L", canvas.size)
    ImageDraw.Draw(mask).rounded_rectangle((box.left, top, box.left + width, top + height), radius=height // 2, fill=255)
    _paint(canvas, mask, style.colours.badge_fill)
    text = Image.new("L", canvas.size)
    ImageDraw.Draw(text).text((box.left + pad, top + height / 2), block.lines[0] if block.lines else "", font=block.font, fill=255, anchor="lm")
    _paint(canvas, text, style.colours.badge_text)
    return canvas


# --------------------------------------------------------------------------- end card


def qr_image(url: str, *, side: int, dark: str, light: str) -> Image.Image:
    """A QR code for ``url``, as crisp square modules (whole pixels each) with a 4-module quiet zone."""
    import segno

    code = segno.make(url, error="m", micro=False)
    modules = np.array([list(row) for row in code.matrix], dtype=bool)
    quiet = 4
    count = modules.shape[0] + 2 * quiet
    scale = max(1, side // count)
    grid = np.zeros((count, count), dtype=bool)
    grid[quiet:-quiet, quiet:-quiet] = modules
    pixels = np.repeat(np.repeat(grid, scale, axis=0), scale, axis=1)
    image = Image.new("RGB", pixels.shape[::-1], ImageColor.getrgb(light)[:3])
    image.paste(ImageColor.getrgb(dark)[:3], mask=Image.fromarray(pixels.astype(np.uint8) * 255))
    return image


def end_card(caption: Caption, script: Script, style: ClipStyle) -> Image.Image:
    """Name, QR code to the verification page, call to action and shop link, centred in the safe zone.

    Card styles put the whole column on one card, so dark text stays readable on the dark end background.
    """
    box = _text_box(style)
    for scale in SCALES:
        title, cta, link, qr = _end_parts(caption, script, style, scale, box.width)
        gap = round(34 * scale)
        height = title.height + qr.height + cta.height + link.height + 3 * gap
        if height <= box.height:
            break
    canvas = Image.new("RGBA", (WIDTH, HEIGHT))
    y = box.top + (box.height - height) // 2
    if style.layout.card:
        _card(canvas, Rect(box.left, y, box.right, y + height), style)
    centre = _centred(style)
    draw_stack(canvas, [Piece(title, style.colours.text, 0)], box.left, y, box.width, centre)
    y += title.height + gap
    qr_x = box.left + (box.width - qr.width) // 2
    _rounded_paste(canvas, qr, (qr_x, y), radius=max(8, qr.width // 24))
    y += qr.height + gap
    draw_stack(canvas, [Piece(cta, style.colours.accent, gap // 2), Piece(link, style.colours.muted, 0)], box.left, y, box.width, centre)
    return canvas


def _end_parts(caption: Caption, script: Script, style: ClipStyle, scale: float, width: int) -> tuple[TextBlock, TextBlock, TextBlock, Image.Image]:
    fonts, sizes, colours = style.fonts, style.sizes, style.colours
    title = _set(caption.title, fonts.heading, sizes.end_title * scale, width, script, style, 2)
    cta = _set(caption.body or "", fonts.body, sizes.cta * scale, width, script, style, 2)
    link = _set(breakable_link(script.link), fonts.body, sizes.link * scale, width, script, style, 2)
    side = min(width, max(200, math.floor(sizes.qr * scale)))
    qr = qr_image(script.page_url, side=side, dark=colours.qr_dark, light=colours.qr_light)
    return title, cta, link, qr


def _centred(style: ClipStyle) -> ClipStyle:
    """The style with centred text and no card (the end card centres everything on its own background)."""
    layout = style.layout.model_copy(update={"align": "center"})
    return style.model_copy(update={"layout": layout})


def _rounded_paste(canvas: Image.Image, image: Image.Image, xy: tuple[int, int], *, radius: int) -> None:
    mask = Image.new("L", image.size)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, image.width - 1, image.height - 1), radius=radius, fill=255)
    tile = image.convert("RGBA")
    tile.putalpha(mask)
    canvas.alpha_composite(tile, xy)
