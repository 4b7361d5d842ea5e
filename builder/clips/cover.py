"""cover.jpg: the still that platforms show before a clip plays (photo, name, tagline, badge)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from builder.clips.frames import Camera, PhotoSource, Sprite, camera_for, load_photo, prepare_footage
from builder.clips.overlays import cover_overlays
from builder.clips.story import Script
from builder.clips.style import ClipStyle

JPEG_QUALITY = 90


def render_cover(script: Script, photo: PhotoSource, style: ClipStyle, out: Path) -> None:
    """Write ``out`` (1080x1920 JPEG, no metadata): the cover photo framed on its focus, with the title card."""
    # Drawn in RGB, not in the clips' Y'CbCr: a JPEG still gains nothing from the round trip.
    pixels = load_photo(photo)
    size = (pixels.shape[1], pixels.shape[0])
    centred = camera_for("zoom-in", size, photo.focus, zoom=1.0, ease=0.0).end
    frame = prepare_footage(pixels, Camera(centred, centred, 0.0), (0.0, 1.0), yuv=False).render(0.0)
    for overlay in cover_overlays(script, style):
        Sprite.of(overlay, yuv=False).composite(frame, 1.0)
    image = Image.fromarray(np.ascontiguousarray(frame[..., :3]), "RGB")
    # A new image carries no EXIF, ICC or comments; only the pixels are written.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
