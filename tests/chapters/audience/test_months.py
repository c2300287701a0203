"""Whole months are read from their sums: the same figures as the days, made again when a day
of theirs is written or removed."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from chapters.audience import AudienceStore

from .helpers import SHAPE, WID, record


def months_kept(store: AudienceStore) -> list[str]:
    db = sqlite3.connect(store.path)
    try:
        return [m for (m,) in db.execute("SELECT month FROM months ORDER BY month")]
    finally:
        db.close()


def test_whole_months_give_the_same_sums_and_follow_new_days(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite", retention_days=1000)
    days = [date(2026, 9, 20), date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 15),
            date(2026, 12, 2)]
    for n, day in enumerate(days):
        record(store, n, 0, [(n * 10, n * 10 + 30)], day=day, now=1000 + n)
    first, last = date(2026, 9, 15), date(2026, 12, 4)
    report = store.report(WID, first, last, SHAPE)
    assert report.views == 5 and months_kept(store) == ["2026-10", "2026-11"]
    assert report.reached[:71] == (1,) * 10 + (2,) * 10 + (3,) * 30 + (2,) * 10 + (1,) * 10 + (0,)
    again = store.report(WID, first, last, SHAPE)  # from the months' sums now
    assert again.reached == report.reached and again.plays == report.plays
    # a day of October written again: its month is made again, with it
    record(store, 9, 0, [(200, 210)], day=date(2026, 10, 10), now=2000)
    assert months_kept(store) == ["2026-11"]
    assert store.report(WID, first, last, SHAPE).reached[200:211] == (1,) * 10 + (0,)
    assert months_kept(store) == ["2026-10", "2026-11"]
    # the curve over every day kept reads the same months
    assert store.most_replayed(WID, SHAPE, 10, min_views=1) == (0.0,) * 10


def test_days_removed_by_the_retention_take_their_months_with_them(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite", retention_days=40)
    record(store, 1, 0, [(0, 30)], day=date(2026, 10, 5), now=1000)
    record(store, 2, 0, [(0, 30)], day=date(2026, 10, 25), now=1001)
    assert store.report(WID, date(2026, 10, 1), date(2026, 11, 1), SHAPE).reached[0] == 2
    assert months_kept(store) == ["2026-10"]
    assert store.remove_older(date(2026, 11, 20)) == 1  # 5 October goes, 25 October stays
    assert months_kept(store) == []
    report = store.report(WID, date(2026, 10, 1), date(2026, 11, 1), SHAPE)
    assert report.reached[0] == 1 and report.views == 1
    assert [d for d, n in report.days if n] == [date(2026, 10, 25)]
    assert report.days[0][0] == date(2026, 10, 1) and report.days[-1][0] == date(2026, 10, 1) + timedelta(days=31)


def test_a_report_does_not_wait_for_a_writer_to_keep_a_month(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite", retention_days=1000)
    record(store, 1, 0, [(0, 30)], day=date(2026, 10, 5), now=1000)
    first, last = date(2026, 10, 1), date(2026, 11, 2)
    writer = sqlite3.connect(store.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a beacon being written, say
        report = store.report(WID, first, last, SHAPE)  # waited 10 s, then failed, before
        assert report.reached[:31] == (1,) * 30 + (0,) and report.views == 1
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert months_kept(store) == []  # left for a later report
    assert store.report(WID, first, last, SHAPE).reached == report.reached
    assert months_kept(store) == ["2026-10"]
