"""The bounded map every cache is built on: a flood of distinct keys never grows it past its bound."""

from __future__ import annotations

import threading

from chapters.bounded import BoundedCache, live_caches
from chapters.files import StampCache


def test_a_flood_of_distinct_keys_stays_at_the_bound():
    cache = BoundedCache(100, name="test: flood")
    for i in range(20_000):
        cache.put(f"/static/{i:012x}/js/pages.js", b"x" * 470)
        assert len(cache) <= 100
    assert len(cache) == 100
    # the last ones put are the ones kept
    assert cache.get(f"/static/{19_999:012x}/js/pages.js") == b"x" * 470
    assert cache.get(f"/static/{0:012x}/js/pages.js") is None


def test_the_least_recently_used_goes_first():
    cache = BoundedCache(3)
    for key in "abc":
        cache.put(key, key)
    assert cache.get("a") == "a"  # now the most recent
    cache.put("d", "d")
    assert cache.keys() == ["c", "a", "d"]


def test_bytes_are_bounded_too():
    cache = BoundedCache(1000, max_bytes=10_000)
    for i in range(5_000):
        cache.put(i, b"y" * (i % 900 + 1))
        assert cache.bytes <= 10_000
    assert cache.bytes == sum(len(cache.get(k)) for k in cache.keys())
    cache.put("huge", b"z" * 10_001)  # larger than the whole bound: not kept, nothing dropped for it
    assert "huge" not in cache and cache.bytes <= 10_000
    before = cache.bytes
    key = cache.keys()[-1]
    cache.put(key, b"")  # a replaced value's bytes are given back
    assert cache.bytes < before


def test_threads_flooding_at_once_keep_the_bound():
    cache = BoundedCache(50, max_bytes=5_000)

    def flood(n: int) -> None:
        for i in range(2_000):
            cache.put((n, i), b"w" * 60)
            cache.get((n, i - 1))

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) <= 50 and cache.bytes <= 5_000
    assert cache.bytes == 60 * len(cache)


def test_a_stamp_cache_reads_again_on_a_new_stamp_and_stays_bounded():
    cache, reads = StampCache(10, name="test: stamps"), []

    def load(key):
        reads.append(key)
        return key.upper()

    for i in range(1_000):
        assert cache.get(f"f{i}", 1, lambda i=i: load(f"f{i}")) == f"F{i}"
    assert len(cache) == 10 == cache.entries
    assert cache.get("f999", 1, lambda: load("again")) == "F999" and reads[-1] == "f999"
    assert cache.get("f999", 2, lambda: load("f999 v2")) == "F999 V2"


def test_live_caches_lists_them_by_name():
    kept = BoundedCache(1, name="test: listed")
    names = [cache.name for cache in live_caches()]
    assert kept in live_caches() and names == sorted(names)
