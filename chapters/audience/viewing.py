"""One page view's state while it plays, and what each of its beacons adds to the aggregates.

A view's state (which seconds it played, which beacons arrived, what it already counted) lives
in a row of the store until 30 minutes of silence; then the row is deleted and nothing of the
viewer remains, only the day's sums. Pure Python: the store reads and writes the row."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from chapters.audience.beacon import Beacon
from chapters.audience.shape import Shape, second_span

SILENCE = 30 * 60.0  # seconds without a beacon before a view is folded away
SPEED = 16  # seconds of recording per second of wall time, at most (the fastest rate + room)
GRACE = 60  # seconds of recording allowed beyond that (a beacon sent late, clocks)
WATCHED = 0.8  # share of a chapter's seconds a view plays to have "watched" it
OPENED_PER_VIEW = 300  # distinct items one view may count as opened

STARTED, WATCHED_FLAG, REPLAYED = 1, 2, 4


@dataclass
class ViewState:
    """What one view did so far: its first and last beacon's time, the beacons seen (a bit per
    ``seq``), the seconds played (a bit per second), how many seconds were counted, each
    chapter's flags, and the items it opened."""

    first: float
    last: float
    seen: int = 0
    played: int = 0
    used: int = 0
    chapters: dict[str, int] = field(default_factory=dict)
    opened: set[tuple[str, str]] = field(default_factory=set)

    def to_row(self) -> tuple:
        return (self.first, self.last, _bits(self.seen), _bits(self.played), self.used,
                json.dumps(self.chapters, separators=(",", ":")),
                json.dumps(sorted(self.opened), separators=(",", ":"), ensure_ascii=False))

    @classmethod
    def from_row(cls, row: tuple) -> ViewState:
        first, last, seen, played, used, chapters, opened = row
        return cls(first, last, int.from_bytes(seen or b"", "little"),
                   int.from_bytes(played or b"", "little"), used, json.loads(chapters),
                   {tuple(item) for item in json.loads(opened)})


def _bits(number: int) -> bytes:
    return number.to_bytes((number.bit_length() + 7) // 8, "little")


@dataclass
class Added:
    """What one beacon adds: seconds played (again or not), seconds this view reached for the
    first time, chapters newly started/watched/replayed, items newly opened."""

    plays: list[int] = field(default_factory=list)
    reached: list[int] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    watched: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    opened: list[tuple[str, str]] = field(default_factory=list)


def fold(state: ViewState, beacon: Beacon, shape: Shape, now: float) -> Added | None:
    """Apply a beacon to its view's state; what it adds, or None for a beacon already seen."""
    if state.seen >> beacon.seq & 1:
        return None
    state.seen |= 1 << beacon.seq
    state.last = max(state.last, now)
    added = Added()
    budget = int((now - state.first) * SPEED) + GRACE - state.used
    touched = again = 0
    for start, end in beacon.played:
        first, past = second_span(start, end, shape.seconds)
        past = min(past, first + max(0, budget))
        if past <= first:
            continue
        budget -= past - first
        state.used += past - first
        span = ((1 << (past - first)) - 1) << first
        before = state.played & span
        touched |= span
        again |= before
        state.played |= span
        added.plays.extend(range(first, past))
        added.reached.extend(s for s in range(first, past) if not before >> s & 1)
    if touched:
        _chapters(state, shape, touched, again, added)
    for item in beacon.opened:
        if item in state.opened or len(state.opened) >= OPENED_PER_VIEW:
            continue
        if item[0] == "search" or item in shape.ids:
            state.opened.add(item)
            added.opened.append(item)
    return added


def _chapters(state: ViewState, shape: Shape, touched: int, again: int, added: Added) -> None:
    for cid, first, past in shape.chapter_seconds():
        if past <= first:
            continue
        span = ((1 << (past - first)) - 1) << first
        if not touched & span:
            continue
        flags = state.chapters.get(cid, 0)
        if not flags & STARTED:
            flags |= STARTED
            added.started.append(cid)
        if not flags & WATCHED_FLAG and (state.played & span).bit_count() >= math.ceil(WATCHED * (past - first)):
            flags |= WATCHED_FLAG
            added.watched.append(cid)
        if not flags & REPLAYED and again & span:
            flags |= REPLAYED
            added.replayed.append(cid)
        state.chapters[cid] = flags
