"""The audience's counts read back for a period: what the organisers' dashboard shows, and the
"most replayed" curve viewers may see. Sums over days are made by SQLite, the per-second
histograms by ``months.histograms`` (whole months read from their sums)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from chapters.audience import months
from chapters.audience.shape import Shape

OPENED_KINDS = ("chapter", "speaker", "question", "resource")
SEARCH_SHOWN = 3  # a term counted fewer times over the period is not shown


@dataclass(frozen=True)
class ChapterCount:
    """Views that started a chapter, watched 80 % of it, played some of it twice."""

    id: str
    started: int
    watched: int
    replayed: int


@dataclass(frozen=True)
class Report:
    """One webinar's counts from ``first`` to ``last`` (see the contract, ARCHITECTURE.md)."""

    first: date
    last: date
    days: tuple[tuple[date, int], ...]  # views per day, every day of the period
    views: int
    reached: tuple[int, ...]  # per second: views that played it
    plays: tuple[int, ...]  # per second: times it was played
    chapters: tuple[ChapterCount, ...]  # in chapter order
    opened: dict[str, tuple[tuple[str, int], ...]]  # kind -> (id, count), most first
    searches: tuple[tuple[str, int], ...]  # terms counted SEARCH_SHOWN times or more, most first


def build(db, webinar: str, first: date, last: date, shape: Shape) -> Report:
    """The report of ``webinar`` over ``first``..``last`` read from an open connection."""
    span = (webinar, first.isoformat(), last.isoformat())
    where = "webinar = ? AND day BETWEEN ? AND ?"
    per_day = dict(db.execute(f"SELECT day, views FROM days WHERE {where}", span))  # noqa: S608
    days = []
    day = first
    while day <= last:
        days.append((day, per_day.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    reached, plays = months.histograms(db, webinar, first, last, shape.seconds)
    counts = {
        cid: (started, watched, replayed)
        for cid, started, watched, replayed in db.execute(
            f"SELECT chapter, SUM(started), SUM(watched), SUM(replayed) FROM chapters "  # noqa: S608
            f"WHERE {where} GROUP BY chapter", span)
    }
    chapters = tuple(ChapterCount(cid, *counts.get(cid, (0, 0, 0))) for cid, _, _ in shape.chapters)
    opened: dict[str, list[tuple[str, int]]] = {kind: [] for kind in OPENED_KINDS}
    searches = []
    for kind, name, count in db.execute(
        f"SELECT kind, name, SUM(count) AS n FROM opened WHERE {where} "  # noqa: S608
        "GROUP BY kind, name ORDER BY n DESC, name", span):
        if kind == "search":
            if count >= SEARCH_SHOWN:
                searches.append((name, count))
        elif (kind, name) in shape.ids:  # an id since removed from the webinar is not shown
            opened[kind].append((name, count))
    return Report(first, last, tuple(days), sum(per_day.values()), reached, plays, chapters,
                  {kind: tuple(items) for kind, items in opened.items()}, tuple(searches))


def replay_curve(db, webinar: str, shape: Shape, bins: int, min_views: int) -> tuple[float, ...] | None:
    """``bins`` values in [0, 1]: plays beyond each view's first, per part of the recording,
    over all the days kept, the most replayed part at 1; None below ``min_views`` views."""
    views, first, last = db.execute("SELECT COALESCE(SUM(views), 0), MIN(day), MAX(day) FROM days "
                                    "WHERE webinar = ?", (webinar,)).fetchone()
    if views < max(1, min_views) or bins < 1 or shape.seconds < 1:
        return None
    reached, plays = months.histograms(db, webinar, date.fromisoformat(first),
                                       date.fromisoformat(last), shape.seconds)
    again = [p - r for p, r in zip(plays, reached)]
    n = len(again)
    values = []
    for index in range(bins):
        start, end = index * n // bins, max(index * n // bins + 1, (index + 1) * n // bins)
        part = again[start:min(end, n)]
        values.append(sum(part) / len(part) if part else 0.0)
    top = max(values)
    return tuple(round(v / top, 3) if top else 0.0 for v in values)
