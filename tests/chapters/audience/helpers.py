"""A small recording's shape and beacons made through the real parser, for the audience tests."""

from __future__ import annotations

import json
from datetime import date

from chapters.audience import AudienceStore, Shape, parse_beacon

WID = "w1"
DAY = date(2026, 12, 4)
# three chapters of 100 s each
SHAPE = Shape(
    300.0,
    (("a", 0.0, 100.0), ("b", 100.0, 200.0), ("c", 200.0, 300.0)),
    frozenset({("chapter", "a"), ("chapter", "b"), ("chapter", "c"), ("question", "q1"),
               ("speaker", "s1"), ("resource", "r1")}),
)


def view_id(n: int) -> str:
    """A distinct 22-character view id."""
    return f"view{n:018d}"


def beacon(view: int = 0, seq: int = 0, played=(), opened=(), webinar: str = WID, **more):
    body = {"v": 1, "w": webinar, "view": view_id(view), "seq": seq,
            "played": [list(r) for r in played], "opened": [list(o) for o in opened], **more}
    return parse_beacon(json.dumps(body).encode("utf-8"))


def record(store: AudienceStore, view: int = 0, seq: int = 0, played=(), opened=(), *,
           day: date = DAY, now: float = 10_000.0) -> bool:
    return store.record(beacon(view, seq, played, opened), SHAPE, day=day, now=now)


def counts(store: AudienceStore, day: date = DAY):
    """Each chapter's (started, watched, replayed) on ``day``."""
    report = store.report(WID, day, day, SHAPE)
    return {c.id: (c.started, c.watched, c.replayed) for c in report.chapters}
