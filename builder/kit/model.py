"""The kit's output values: the texts of one product in one language, and the timed blocks of its live."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One block of the live run-of-show, in the script's language."""

    key: str  #: "hook", "story", "gi", "demo", "offer", "qa", "rehook" or "close"
    title: str  #: the block's title in the script's language
    start: int  #: minutes from the start of the live
    minutes: int  #: duration in whole minutes (at least 1)
    points: tuple[str, ...]  #: talking points in the script's language


@dataclass(frozen=True)
class KitTexts:
    """The caption and the live script of one product in one language."""

    caption: str  #: caption.txt
    live_markdown: str  #: live-script.md
    live_html: str  #: live-script.html: a complete, printable, self-contained document without JavaScript
    segments: tuple[Segment, ...]
    #: The checklist, overview and blocks of live-script.html without its header, for the site's kit page
    live_section: str = ""
