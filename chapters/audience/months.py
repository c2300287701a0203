"""The per-second histograms over a period, read from monthly sums where whole months fit.

A year of days is 800 blobs of 25 KB (a 1 h 45 min recording); reading them is most of a report.
Each whole month of the period before ``last``'s month is read from ``months``, one row made on
first need from its days and deleted whenever one of its days is written (``store.py``) or
removed by the retention; the days around them are read as they are. A month whose sums would
not fit 32 bits a second is never made (its days are read). Keeping a month's row is the only
write a report makes, and it never waits: while another connection writes (a beacon, the
retention), the report uses the sums it just made and leaves the row for a later one."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from chapters.audience import histogram

SCHEMA = """
CREATE TABLE IF NOT EXISTS months (
    webinar TEXT NOT NULL, month TEXT NOT NULL,
    reached BLOB, reached_total INTEGER NOT NULL, plays BLOB, plays_total INTEGER NOT NULL,
    PRIMARY KEY (webinar, month)
);
"""


def histograms(db, webinar: str, first: date, last: date, seconds: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``reached`` and ``plays`` summed second by second over ``first``..``last``."""
    reached, plays = [], []
    loose = []  # (first, last) of the days not in a whole month
    start = first
    for month_first, month_last in _whole_months(first, last):
        if start < month_first:
            loose.append((start, month_first - timedelta(days=1)))
        row = _month(db, webinar, month_first, month_last, seconds)
        if row is None:
            loose.append((month_first, month_last))
        else:
            reached.append(row[:2])
            plays.append(row[2:])
        start = month_last + timedelta(days=1)
    if start <= last:
        loose.append((start, last))
    for low, high in loose:
        for row in db.execute(
                "SELECT reached, reached_total, plays, plays_total FROM days "
                "WHERE webinar = ? AND day BETWEEN ? AND ?", (webinar, low.isoformat(), high.isoformat())):
            reached.append(row[:2])
            plays.append(row[2:])
    return histogram.sum_blobs(reached, seconds), histogram.sum_blobs(plays, seconds)


def _whole_months(first: date, last: date) -> list[tuple[date, date]]:
    """The months entirely inside ``first``..``last`` and before ``last``'s month (the current
    month, on a dashboard, still changes)."""
    found = []
    month = first.replace(day=1)
    if month < first:
        month = _next(month)
    while _next(month) <= last.replace(day=1):
        found.append((month, _next(month) - timedelta(days=1)))
        month = _next(month)
    return found


def _next(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month(db, webinar: str, first: date, last: date, seconds: int) -> tuple | None:
    key = (webinar, first.isoformat()[:7])
    row = db.execute("SELECT reached, reached_total, plays, plays_total FROM months "
                     "WHERE webinar = ? AND month = ?", key).fetchone()
    if row is not None and len(row[0] or b"") == len(row[2] or b"") == histogram.LANE * seconds:
        return row
    days = db.execute("SELECT reached, reached_total, plays, plays_total FROM days "
                      "WHERE webinar = ? AND day BETWEEN ? AND ?",
                      (webinar, first.isoformat(), last.isoformat())).fetchall()
    reached_total = sum(r[1] for r in days)
    plays_total = sum(r[3] for r in days)
    if max(reached_total, plays_total) >= histogram.LIMIT:
        return None
    # summed at this recording's length: one of another length is made again (above)
    row = (histogram.dump(_array(histogram.sum_blobs([r[:2] for r in days], seconds))), reached_total,
           histogram.dump(_array(histogram.sum_blobs([r[2:] for r in days], seconds))), plays_total)
    _keep(db, key + row)
    return row


def _keep(db, values: tuple) -> None:
    """Store a month's row unless the file is being written: a reader must not wait up to the
    connection's busy timeout behind a writer for a row it has already made."""
    waits = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("INSERT OR REPLACE INTO months VALUES (?, ?, ?, ?, ?, ?)", values)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
            raise
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waits)}")


def _array(values: tuple[int, ...]):
    found = histogram.empty(0)
    found.extend(values)
    return found


def forget(db, webinar: str, day: str) -> None:
    """A day of ``webinar`` was written: its month's sums are made again when next needed."""
    db.execute("DELETE FROM months WHERE webinar = ? AND month = ?", (webinar, day[:7]))


def forget_before(db, cutoff: str) -> None:
    """Days before ``cutoff`` were removed: every month holding one is made again."""
    db.execute("DELETE FROM months WHERE month <= ?", (cutoff[:7],))
