"""What the store forgets: each view's state after 30 minutes of silence (no view id left in
the files), days past the retention, search terms seen fewer than 3 times on a finished day."""

from __future__ import annotations

from datetime import date, timedelta

from chapters.audience import AudienceStore

from .helpers import DAY, SHAPE, WID, counts, record, view_id


def files_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def test_nothing_of_a_view_is_left_in_the_files_once_it_is_folded(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite")
    for n in range(20):
        record(store, n, 0, [(0, 50)], opened=[("search", f"terme secret {n}")], now=1000 + n)
    assert view_id(7).encode() in files_bytes(tmp_path)  # while it plays, the view is kept
    # 30 minutes later, the next beacon folds the silent views away
    record(store, 99, 0, [(0, 10)], now=1000 + 31 * 60)
    assert store.fold_silent(1000 + 62 * 60) == 1
    kept = files_bytes(tmp_path)
    assert not any(view_id(n).encode() in kept for n in (*range(20), 99))
    assert b"view0000" not in kept
    assert b"terme secret 7" in kept  # the day's counts remain until the day is over
    # the sums are all that is left, and they are whole
    assert store.views(WID) == 21 and counts(store)["a"] == (21, 0, 0)
    # once the day is over, terms seen fewer than 3 times go too
    record(store, 100, 0, day=DAY + timedelta(days=1), now=10_000)
    store.fold_silent(20_000)
    assert b"terme secret" not in files_bytes(tmp_path)


def test_a_view_silent_for_30_minutes_counts_again_as_a_new_view(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite")
    record(store, 1, 0, [(0, 10)], now=1000)
    record(store, 1, 1, [(10, 20)], now=1000 + 29 * 60)
    record(store, 2, 0, now=1000 + 29 * 60 + 1)  # any beacon: the minute's chores run
    assert store.views(WID) == 2
    record(store, 1, 2, [(20, 30)], now=1000 + 60 * 60)
    assert store.views(WID) == 3


def test_days_past_the_retention_are_removed_once_a_day(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite", retention_days=10)
    old, kept = DAY - timedelta(days=11), DAY - timedelta(days=10)
    record(store, 1, 0, [(0, 100)], opened=[("question", "q1")], day=old, now=1000)
    record(store, 2, 0, [(0, 100)], day=kept, now=1001)
    # the next beacon, on DAY, removes the day 11 days old
    record(store, 3, 0, [(150, 160)], day=DAY, now=1002)
    report = store.report(WID, old, DAY, SHAPE)
    assert [d for d, n in report.days if n] == [kept, DAY]
    assert report.views == 2 and report.reached[50] == 1 and report.opened["question"] == ()
    assert counts(store, kept)["a"] == (1, 0, 0) and counts(store, old)["a"] == (0, 0, 0)
    assert store.remove_older(DAY + timedelta(days=1)) == 1
    assert store.views(WID) == 1


def test_search_terms_seen_fewer_than_3_times_in_a_day_go_once_it_is_over(tmp_path):
    store = AudienceStore(tmp_path / "audience.sqlite")
    for n in range(3):
        record(store, n, 0, opened=[("search", "insertion")], now=1000 + n)
    for n in range(3, 5):
        record(store, n, 0, opened=[("search", "régie")], now=1000 + n)
    today = store.report(WID, DAY, DAY, SHAPE)
    assert today.searches == (("insertion", 3),)
    # the next day: "régie" twice yesterday, twice today: never 3 in one day, never shown
    next_day = DAY + timedelta(days=1)
    for n in range(5, 7):
        record(store, n, 0, opened=[("search", "régie")], day=next_day, now=2000 + n)
    both = store.report(WID, DAY, next_day, SHAPE)
    assert both.searches == (("insertion", 3),)
    assert store.report(WID, date(2026, 1, 1), next_day, SHAPE).searches == (("insertion", 3),)
