"""The per-connection limits: beacons a minute, new views an hour, each address for itself."""

from __future__ import annotations

from chapters.audience.rate import RateLimit


def test_beacons_a_minute():
    limit = RateLimit(beacons=3, views=10)
    assert [limit.allow("a", "v1", 100.0 + i) for i in range(5)] == [True, True, True, False, False]
    assert limit.allow("b", "v1", 104.0)  # another address
    assert not limit.allow("a", "v1", 159.0)
    assert limit.allow("a", "v1", 160.5)  # the first beacon left the minute


def test_new_views_an_hour_but_known_views_go_on():
    limit = RateLimit(beacons=100, views=2)
    assert limit.allow("a", "v1", 0.0) and limit.allow("a", "v2", 1.0)
    assert not limit.allow("a", "v3", 2.0)
    assert limit.allow("a", "v1", 70.0)  # a view already seen keeps sending
    assert not limit.allow("a", "v3", 3599.0)
    assert limit.allow("a", "v3", 3600.5)  # v1 first seen an hour ago: room for one more


def test_a_refused_beacon_is_not_counted_against_the_minute():
    limit = RateLimit(beacons=2, views=1)
    assert limit.allow("a", "v1", 0.0)
    assert not limit.allow("a", "v2", 1.0)  # a new view past the limit
    assert limit.allow("a", "v1", 2.0)


def test_addresses_are_forgotten_past_the_bound():
    limit = RateLimit(beacons=1, views=1, addresses=2)
    assert limit.allow("a", "v", 0.0) and limit.allow("b", "v", 0.0) and limit.allow("c", "v", 0.0)
    assert limit.allow("a", "v", 1.0)  # "a" was the least recent: forgotten, fresh again
