"""The clip frame and its TikTok safe zone, defined once for layout and for tests."""

from __future__ import annotations

from dataclasses import dataclass

#: Frame size of every clip (9:16).
WIDTH, HEIGHT = 1080, 1920


@dataclass(frozen=True)
class Rect:
    """A rectangle in frame pixels; ``right`` and ``bottom`` are exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def inset(self, by: int) -> Rect:
        return Rect(self.left + by, self.top + by, self.right - by, self.bottom - by)

    def contains(self, box: tuple[int, int, int, int]) -> bool:
        """Whether the box (left, top, right, bottom; exclusive end) lies inside this rectangle."""
        left, top, right, bottom = box
        return self.left <= left and self.top <= top and right <= self.right and bottom <= self.bottom


#: Where text, the QR code and the badge may go: TikTok covers the top 150 px, the bottom
#: 440 px (caption, sound) and the right 150 px (buttons); 60 px keeps text off the left edge.
SAFE = Rect(left=60, top=150, right=WIDTH - 150, bottom=HEIGHT - 440)
FRAME = Rect(0, 0, WIDTH, HEIGHT)
