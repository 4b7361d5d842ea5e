"""Subtitle tracks (SRT and WebVTT) that say what the clip shows, when it shows it.

Each caption becomes one or more cues of at most two lines; a line holds at most the
style's number of characters (combining Thai marks do not count) and breaks only between
words, with the same rules as the on-screen text.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.clips.story import Caption, Storyboard
from builder.clips.style import ClipStyle
from builder.typesetting import has_thai, visible_length, wrap_chars

LINES_PER_CUE = 2


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def cues(board: Storyboard, style: ClipStyle, keep: tuple[str, ...] = ()) -> list[Cue]:
    """The cues of a clip, in time order."""
    out: list[Cue] = []
    for caption in board.captions:
        out.extend(_caption_cues(caption, style, keep))
    return sorted(out, key=lambda cue: cue.start)


def _caption_cues(caption: Caption, style: ClipStyle, keep: tuple[str, ...]) -> list[Cue]:
    groups: list[tuple[str, ...]] = []
    for part in caption.spoken:
        limit = style.subtitles.max_chars.th if has_thai(part) else style.subtitles.max_chars.en
        lines = wrap_chars(part, limit, "th" if has_thai(part) else "en", keep=keep)
        # A part (a sentence, a web address) starts a new cue rather than straddle two.
        if groups and len(groups[-1]) + len(lines) <= LINES_PER_CUE:
            groups[-1] += tuple(lines)
        else:
            groups += [tuple(lines[i : i + LINES_PER_CUE]) for i in range(0, len(lines), LINES_PER_CUE)]
    weights = [max(1, sum(visible_length(line) for line in group)) for group in groups]
    total = sum(weights)
    span = caption.end - caption.start
    result, start = [], caption.start
    for group, weight in zip(groups, weights, strict=True):
        end = start + span * weight / total
        result.append(Cue(round(start, 3), round(end, 3), group))
        start = end
    return result


def srt(cue_list: list[Cue]) -> str:
    """SubRip text: numbered cues, ``HH:MM:SS,mmm`` times, a blank line after each cue."""
    blocks = [f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n" + "\n".join(c.lines) + "\n" for i, c in enumerate(cue_list, 1)]
    return "\n".join(blocks)


def vtt(cue_list: list[Cue]) -> str:
    """WebVTT text: the ``WEBVTT`` header, then cues with ``HH:MM:SS.mmm`` times."""
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n" + "\n".join(_vtt_text(line) for line in c.lines) + "\n" for c in cue_list]
    return "WEBVTT\n\n" + "\n".join(blocks)


def _vtt_text(line: str) -> str:
    """Cue text is markup in WebVTT: profile text must not become tags."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stamp(seconds: float, mark: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{mark}{millis:03d}"
