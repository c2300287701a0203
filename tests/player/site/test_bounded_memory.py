"""Memory stays bounded whatever addresses a client makes up (issue 15, item 2): made-up static
versions are redirected or refused and never cached; every cache holds at most its bound, in
the app and in a real gunicorn worker."""

from __future__ import annotations

import gc
import gzip
import http.client
import subprocess
import threading
from pathlib import Path

import pytest

from app import create_app
from chapters.bounded import live_caches
from player.site import delivery, page_cache
from tests.support.front import start_gunicorn

WID = "2021-05-04"
FLOOD = 20_000
GZIP = {"Accept-Encoding": "gzip"}


def made_up(i: int, current: str) -> tuple[str, int]:
    """The i-th made-up static address and the answer it must get."""
    version = f"{i + 1:012x}"
    assert version != current
    kind = i % 4
    if kind == 0:
        return f"/static/{version}/js/pages.js", 302  # under 512 bytes: was one cache entry each
    if kind == 1:
        return f"/static/{version}/js/main.js", 302
    if kind == 2:
        return f"/static/{version}/js/nope-{i}.js", 404
    return f"/static/js/nope-{i}.js", 404


def sizes(caches=None) -> dict:
    """Entries and bytes of each cache (by default every live one). The caches are the keys, so
    the ones measured stay alive: other tests' apps, collected at any moment, never count."""
    if caches is None:
        gc.collect()
        caches = list(live_caches())
    return {cache: (cache.name, len(cache), cache.bytes) for cache in caches}


def test_twenty_thousand_made_up_static_addresses_leave_every_cache_as_it_was(app, client, static_url):
    current = static_url("js/main.js").split("/")[2]
    # what a page visit fills, first: the flood must add nothing to it
    client.get(f"/w/{WID}", headers=GZIP).close()
    for name in ("js/main.js", "js/pages.js"):
        client.get(static_url(name), headers=GZIP).close()
    before = sizes()
    for i in range(FLOOD):
        address, status = made_up(i, current)
        with client.get(address, headers=GZIP) as response:
            assert response.status_code == status, address
            if status == 302:
                assert response.headers["Location"] == static_url(address.split("/", 3)[3])
    for i in range(1_000):  # made-up webinars and pages: errors, never kept
        client.get(f"/w/inconnu-{i}", headers=GZIP).close()
    assert sizes(before) == before
    assert set(sizes()) <= set(before)  # and no cache made by the flood


def test_a_flood_of_distinct_pages_keeps_the_page_cache_at_its_bounds(webinars_dir, monkeypatch):
    monkeypatch.setattr(page_cache, "ENTRIES", 20)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)})
    cache = app.extensions["page_cache"]
    client = app.test_client()
    for i in range(60):
        assert client.get(f"/w/{WID}", query_string={"t": f"{i}s"}).status_code == 200
        assert len(cache) <= 20
    assert len(cache) == 20
    # and by bytes: pages of about 100 KB each, at most 300 KB in all
    monkeypatch.setattr(page_cache, "ENTRIES", 1_000)
    monkeypatch.setattr(page_cache, "MAX_BYTES", 300_000)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)})
    cache, client = app.extensions["page_cache"], app.test_client()
    for i in range(30):
        assert client.get(f"/w/{WID}", query_string={"t": f"{i}s"}).status_code == 200
        assert cache.bytes <= 300_000
    assert 0 < len(cache) < 30


def test_compressed_files_are_kept_by_version_within_their_bound(client, webinars_dir):
    media = webinars_dir / WID / "media"
    media.mkdir(exist_ok=True)
    caption = media / "demo.fr.vtt"
    kept = delivery._packed
    for i in range(delivery.PACKED_ENTRIES + 30):
        # a new version of the captions each time: a new ETag, a new entry
        cues = "".join(f"\n00:00:{s:02d}.000 --> 00:00:{s:02d}.500\nversion {i} ligne {s}\n"
                       for s in range(30))
        caption.write_text("WEBVTT\n" + cues + "x" * i, encoding="utf-8")
        with client.get(f"/w/{WID}/media/demo.fr.vtt", headers=GZIP) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert f"version {i} ligne" in gzip.decompress(response.get_data()).decode()
        assert len(kept) <= delivery.PACKED_ENTRIES and kept.bytes <= delivery.PACKED_BYTES
    assert len(kept) == delivery.PACKED_ENTRIES
    # made-up addresses for the same file add nothing: a query string, another spelling
    for i in range(200):
        client.get(f"/w/{WID}/media/demo.fr.vtt?v={i}", headers=GZIP).close()
    assert len(kept) == delivery.PACKED_ENTRIES


# ---- a real gunicorn worker

RSS_LIMIT = 5 * 1024 * 1024  # the "within 5 MB after 20,000 distinct static paths"


def workers_of(master: int) -> list[int]:
    """The gunicorn workers: the master's children, from /proc."""
    children: list[int] = []
    for task in Path(f"/proc/{master}/task").iterdir():
        children += [int(pid) for pid in (task / "children").read_text().split()]
    return sorted(children)


def rss(pid: int) -> int:
    """Resident memory of a process, in bytes (VmRSS in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


def flood(port: int, start: int, count: int, current: str, answers: list[int]) -> None:
    """``count`` made-up versions of a small static file (the issue's attack: each one was a
    cache entry of about 470 bytes) on one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for i in range(start, start + count):
            address, expected = made_up(4 * i, current)  # always the kind that was cached
            conn.request("GET", address, headers=GZIP)
            response = conn.getresponse()
            response.read()
            answers.append(response.status if response.status == expected else -response.status)
    finally:
        conn.close()


def flood_all(port: int, start: int, total: int, current: str, connections: int = 4) -> list[int]:
    answers: list[int] = []
    share = total // connections
    threads = [
        threading.Thread(target=flood, args=(port, start + n * share, share, current, answers))
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def gunicorn(webinars_dir: Path):
    port, proc = start_gunicorn(webinars_dir, workers=1, threads=4)
    try:
        yield port, proc
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err, err


def test_a_real_worker_stays_within_5_mb_after_20000_made_up_static_addresses(gunicorn):
    port, proc = gunicorn
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/w/{WID}", headers=GZIP)
    page = gzip.decompress(conn.getresponse().read()).decode()
    conn.close()
    current = page.split('src="/static/', 1)[1].split("/", 1)[0]
    # one worker takes every request, as the issue measured; settled first (lazy imports,
    # first allocations), then measured
    assert set(flood_all(port, 10 * FLOOD, 2_000, current)) == {302}
    workers = workers_of(proc.pid)
    assert len(workers) == 1
    before = {pid: rss(pid) for pid in workers}
    answers = flood_all(port, 0, FLOOD, current)
    after = {pid: rss(pid) for pid in workers}
    assert len(answers) == FLOOD and set(answers) == {302}
    growth = {pid: after[pid] - before[pid] for pid in workers}
    print(f"RSS growth per worker after {FLOOD} made-up static addresses: {growth}")
    assert all(g < RSS_LIMIT for g in growth.values()), growth
