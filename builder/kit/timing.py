"""The run-of-show clock: which block runs when, for any live length from 15 to 240 minutes.

Minutes are whole numbers. Every block first gets its minimum, the rest is shared
by weight (water-filling under each block's maximum, largest remainders rounded
up), so longer lives give more time to the story, the demonstration and the
questions. Re-hooks for late joiners are then placed about every
``rehook_every`` minutes: on a boundary between blocks when one is near,
otherwise inside a block, which then continues after the re-hook.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from builder.kit.theme import LIVE_MINUTES_MAX, LIVE_MINUTES_MIN, SEGMENT_ORDER, LiveSettings, Timings, rehook_count
from builder.messages import tr
from builder.problems import ConfigError

#: A re-hook this close to a boundary between blocks, as a fraction of ``rehook_every``, moves onto it rather than splitting a block.
SNAP_FRACTION = 0.25


@dataclass(frozen=True)
class Slot:
    """One timed piece of the live: ``part`` 0 is a block's first piece, 1 and up its continuations."""

    key: str
    start: int
    minutes: int
    part: int = 0


def check_live_minutes(minutes: object) -> int:
    """``minutes`` if it is a whole number of minutes from 15 to 240; a ConfigError otherwise."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not LIVE_MINUTES_MIN <= minutes <= LIVE_MINUTES_MAX:
        raise ConfigError(tr("live_minutes_invalid", low=LIVE_MINUTES_MIN, high=LIVE_MINUTES_MAX, value=repr(minutes)))
    return minutes


def plan(minutes: int, live: LiveSettings) -> list[Slot]:
    """The slots of a ``minutes``-long live: contiguous, starting at 0 and ending exactly at ``minutes``."""
    check_live_minutes(minutes)
    rehooks = rehook_count(minutes, live.rehook_every)
    main_total = minutes - rehooks * live.rehook_minutes
    durations = allocate(main_total, live.segments)
    cuts = _rehook_points(durations, rehooks, snap=max(1, int(live.rehook_every * SNAP_FRACTION)))
    return _interleave(durations, cuts, live.rehook_minutes)


def allocate(total: int, timings: Timings) -> list[tuple[str, int]]:
    """Whole minutes for every block, in order, adding up to ``total``."""
    alloc = {key: timings.of(key).min for key in SEGMENT_ORDER}
    spare = total - sum(alloc.values())
    if spare < 0:
        raise ConfigError(tr("live_segments_too_long", total=total))
    open_keys = [k for k in SEGMENT_ORDER if timings.of(k).weight > 0]
    while spare > 0 and open_keys:
        weight = sum(timings.of(k).weight for k in open_keys)
        shares = {k: spare * timings.of(k).weight / weight for k in open_keys}
        full = [k for k in open_keys if _reaches_max(alloc[k] + shares[k], timings.of(k).max)]
        if full:  # cap these blocks and share the rest again among the others
            for key in full:
                limit = timings.of(key).max or 0
                spare -= limit - alloc[key]
                alloc[key] = limit
                open_keys.remove(key)
            continue
        floors = {k: math.floor(shares[k]) for k in open_keys}
        by_remainder = sorted(open_keys, key=lambda k: (-(shares[k] - floors[k]), SEGMENT_ORDER.index(k)))
        for key in by_remainder[: spare - sum(floors.values())]:
            floors[key] += 1
        for key in open_keys:
            alloc[key] += floors[key]
        spare = 0
    return [(key, alloc[key]) for key in SEGMENT_ORDER]


def _reaches_max(value: float, limit: int | None) -> bool:
    return limit is not None and value >= limit


def _rehook_points(durations: list[tuple[str, int]], count: int, *, snap: int) -> list[int]:
    """Where the re-hooks go, in minutes of block time: evenly spread, after the opening and before the close."""
    total = sum(minutes for _, minutes in durations)
    ends = _ends(durations)
    earliest, latest = ends[0], ends[-2]  # after the opening hook, before the closing block
    boundaries = [b for b in ends[:-1] if earliest <= b <= latest]
    points = []
    for k in range(1, count + 1):
        point = min(max(round(k * total / (count + 1)), earliest), latest)
        near = min(boundaries, key=lambda b: (abs(b - point), b))
        points.append(near if abs(near - point) <= snap else point)
    return sorted(points)


def _ends(durations: list[tuple[str, int]]) -> list[int]:
    ends, clock = [], 0
    for _, minutes in durations:
        clock += minutes
        ends.append(clock)
    return ends


def _interleave(durations: list[tuple[str, int]], cuts: list[int], rehook_minutes: int) -> list[Slot]:
    """Lay the blocks on the clock, splitting a block where a re-hook falls inside it."""
    slots: list[Slot] = []
    clock = block_start = 0
    pending = list(cuts)
    rehooks = 0

    def add(key: str, minutes: int, part: int) -> None:
        nonlocal clock
        slots.append(Slot(key, clock, minutes, part))
        clock += minutes

    for key, minutes in durations:
        piece_start, part, block_end = block_start, 0, block_start + minutes
        while pending and pending[0] < block_end:
            cut = pending.pop(0)
            if cut > piece_start:
                add(key, cut - piece_start, part)
                part, piece_start = part + 1, cut
            add("rehook", rehook_minutes, rehooks)
            rehooks += 1
        add(key, block_end - piece_start, part)
        block_start = block_end
    return slots
