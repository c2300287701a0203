"""What the server knows of a recording to check and count a beacon: its length in seconds, its
chapters' spans, the ids a viewer may open. Seconds are whole: second ``s`` is played when a
range covers its middle, ``s + 0.5``, so two ranges meeting at 95.5 never share a second."""

from __future__ import annotations

import math
from dataclasses import dataclass

from chapters.model import Webinar


@dataclass(frozen=True)
class Shape:
    """A recording's length, its chapters ``(id, start, end)`` in order, and the valid
    ``(kind, id)`` pairs for chapters, speakers, questions and resources."""

    duration: float
    chapters: tuple[tuple[str, float, float], ...] = ()
    ids: frozenset[tuple[str, str]] = frozenset()

    @property
    def seconds(self) -> int:
        """How many whole seconds the histograms hold."""
        return max(0, math.ceil(self.duration))

    def chapter_seconds(self) -> tuple[tuple[str, int, int], ...]:
        """Each chapter as ``(id, first second, past its last second)``."""
        return tuple((cid, *second_span(start, end, self.seconds)) for cid, start, end in self.chapters)


def second_span(start: float, end: float, seconds: int) -> tuple[int, int]:
    """The whole seconds ``[first, past)`` whose middles ``[start, end)`` covers, inside
    ``[0, seconds)``."""
    first = max(0, math.ceil(start - 0.5))
    past = min(seconds, math.ceil(end - 0.5))
    return first, max(first, past)


def shape_of(webinar: Webinar) -> Shape | None:
    """The shape of a webinar's recording; None while it has no duration (nothing is counted)."""
    duration = webinar.duration
    if not duration or duration <= 0 or not math.isfinite(duration):
        return None
    spans = []
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        end = webinar.chapter_end(chapter)
        end = duration if end is None else min(end, duration)
        start = min(max(0.0, chapter.start), duration)
        spans.append((chapter.id, float(start), float(max(start, end))))
    ids = {("chapter", c.id) for c in webinar.chapters}
    ids |= {("speaker", s.id) for s in webinar.speakers}
    ids |= {("question", q.id) for q in webinar.questions}
    ids |= {("resource", r.id) for r in webinar.resources}
    return Shape(float(duration), tuple(spans), frozenset(ids))
