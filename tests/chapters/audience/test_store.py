"""What a view counts, folded into the day's sums: once per view, the 80 % rule, replays, ranges
clipped to the recording and to the time the view has been playing."""

from __future__ import annotations

from datetime import date

import pytest

from chapters.audience import AudienceError, AudienceStore

from .helpers import DAY, SHAPE, WID, beacon, counts, record


@pytest.fixture
def store(tmp_path) -> AudienceStore:
    return AudienceStore(tmp_path / "audience.sqlite")


def test_a_view_counts_once_however_many_beacons_it_sends(store):
    assert record(store, 1, 0, [(0, 10)], now=1000)
    assert record(store, 1, 1, [(10, 20)], now=1030)
    assert record(store, 1, 2, [], now=1060)
    assert record(store, 2, 0, [(0, 5)], now=1100)
    assert store.views(WID) == 2
    report = store.report(WID, DAY, DAY, SHAPE)
    assert report.views == 2 and report.days == ((DAY, 2),)
    assert report.reached[:5] == (2,) * 5 and report.reached[5:20] == (1,) * 15 and report.reached[20] == 0


def test_a_beacon_sent_twice_counts_once(store):
    assert record(store, 1, 0, [(0, 30)], now=1000)
    assert not record(store, 1, 0, [(0, 30)], now=1010)
    report = store.report(WID, DAY, DAY, SHAPE)
    assert report.plays[:30] == (1,) * 30
    assert counts(store)["a"] == (1, 0, 0)


def test_a_chapter_is_watched_at_80_percent_of_its_seconds(store):
    record(store, 1, 0, [], now=900)  # the first beacon, at the first play
    record(store, 1, 1, [(100, 179)], now=1000)  # 79 s of chapter b
    assert counts(store)["b"] == (1, 0, 0)
    record(store, 1, 2, [(179, 180)], now=1010)  # the 80th second, in another beacon
    assert counts(store)["b"] == (1, 1, 0)
    record(store, 1, 3, [(180, 200)], now=1020)  # more of it: still one view that watched it
    assert counts(store)["b"] == (1, 1, 0)
    assert counts(store)["a"] == (0, 0, 0) and counts(store)["c"] == (0, 0, 0)


def test_seconds_played_in_pieces_add_up_but_seeking_past_does_not(store):
    # 40 s, a seek, 45 s: 85 s of chapter a, watched; chapter c only started
    record(store, 1, 0, [], now=900)
    record(store, 1, 1, [(0, 40), (55, 100), (250, 260)], now=1000)
    assert counts(store) == {"a": (1, 1, 0), "b": (0, 0, 0), "c": (1, 0, 0)}


def test_a_replay_counts_once_per_view_and_every_play_counts_in_the_histogram(store):
    record(store, 1, 0, [(100, 130), (110, 120)], now=1000)  # 110-120 played twice, one beacon
    record(store, 1, 1, [(110, 120)], now=1020)  # and a third time
    record(store, 2, 0, [(100, 130)], now=1030)  # another view, no replay
    assert counts(store)["b"] == (2, 0, 1)
    report = store.report(WID, DAY, DAY, SHAPE)
    assert report.plays[105] == 2 and report.plays[115] == 4
    assert report.reached[115] == 2  # views, not plays


def test_ranges_meeting_between_beacons_share_no_second(store):
    record(store, 1, 0, [], now=900)
    record(store, 1, 1, [(10.0, 95.5)], now=1000)
    record(store, 1, 2, [(95.5, 99.0)], now=1010)
    report = store.report(WID, DAY, DAY, SHAPE)
    assert report.plays[10:99] == (1,) * 89 and report.plays[99] == 0
    assert counts(store)["a"][2] == 0  # not a replay


def test_ranges_are_clipped_to_the_recording(store):
    record(store, 1, 0, [(280, 900)], now=1000)
    report = store.report(WID, DAY, DAY, SHAPE)
    assert len(report.plays) == 300 and sum(report.plays) == 20


def test_a_view_plays_at_most_sixteen_times_the_wall_time_plus_a_minute(store):
    record(store, 1, 0, [(0, 300)], now=1000)  # first beacon: 60 s at most
    assert sum(store.report(WID, DAY, DAY, SHAPE).plays) == 60
    record(store, 1, 1, [(0, 300)], now=1005)  # 5 s later: 80 more seconds at most
    assert sum(store.report(WID, DAY, DAY, SHAPE).plays) == 60 + 80
    assert counts(store)["a"] == (1, 1, 1)  # 0-60 played again within its allowance


def test_opened_items_count_once_per_view_and_unknown_ids_are_dropped(store):
    items = [("question", "q1"), ("question", "q1"), ("question", "q9"), ("speaker", "s1"),
             ("resource", "r1"), ("chapter", "c"), ("search", "Logement social")]
    record(store, 1, 0, opened=items, now=1000)
    record(store, 1, 1, opened=items, now=1010)
    record(store, 2, 0, opened=[("question", "q1"), ("search", "logement  social")], now=1020)
    record(store, 3, 0, opened=[("search", "LOGEMENT SOCIAL"), ("search", "rare")], now=1030)
    report = store.report(WID, DAY, DAY, SHAPE)
    assert report.opened == {"question": (("q1", 2),), "speaker": (("s1", 1),),
                             "resource": (("r1", 1),), "chapter": (("c", 1),)}
    # a term must be counted 3 times in the period to be shown
    assert report.searches == (("logement social", 3),)


def test_the_report_has_every_day_of_the_period_and_sums_them(store):
    record(store, 1, 0, [(0, 50)], day=date(2026, 12, 1), now=1000)
    record(store, 2, 0, [(0, 50)], day=date(2026, 12, 3), now=1000)
    record(store, 1, 1, [(50, 60)], day=date(2026, 12, 2), now=1200)  # past midnight
    report = store.report(WID, date(2026, 11, 30), date(2026, 12, 3), SHAPE)
    assert [n for _, n in report.days] == [0, 1, 0, 1] and report.views == 2
    assert report.reached[0] == 2 and report.reached[55] == 1
    one_day = store.report(WID, date(2026, 12, 2), date(2026, 12, 2), SHAPE)
    assert one_day.views == 0 and one_day.plays[55] == 1 and one_day.plays[0] == 0
    assert [c.id for c in report.chapters] == ["a", "b", "c"]


def test_webinars_are_counted_apart(store):
    record(store, 1, 0, [(0, 50)], now=1000)
    store.record(beacon(1, 0, [(0, 50)], webinar="other"), SHAPE, day=DAY, now=1000)
    assert store.views(WID) == 1 and store.views("other") == 1 and store.views("none") == 0


def test_most_replayed_needs_enough_views_and_shows_where_plays_came_again(store):
    for view in range(5):
        record(store, view, 0, [(0, 30), (150, 160), (150, 160)], now=1000 + view)
    record(store, 9, 0, [(150, 160)], now=1100)
    assert store.most_replayed(WID, SHAPE, 30, min_views=7) is None
    curve = store.most_replayed(WID, SHAPE, 30, min_views=6)
    assert len(curve) == 30 and curve[15] == 1.0
    assert [i for i, v in enumerate(curve) if v] == [15]


def test_the_public_curve_is_on_until_an_organiser_turns_it_off(store):
    assert store.public_curve_enabled(WID)
    store.set_public_curve(WID, False)
    assert not store.public_curve_enabled(WID) and store.public_curve_enabled("other")
    store.set_public_curve(WID, True)
    assert store.public_curve_enabled(WID)


def test_a_file_that_cannot_be_used_is_said_in_french(tmp_path):
    (tmp_path / "audience.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(AudienceError, match="fichier de mesure d'audience inutilisable"):
        AudienceStore(tmp_path / "audience.sqlite").views(WID)
