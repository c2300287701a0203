"""The static export made for a base address with a path (``--base-url
https://example.org/replays``), served under ``/replays`` by ``scripts/serve-static --path``, in
Chromium: the watch page plays, its chapter links, its fragments, its transcript and its search
work, every module and file it asks for is found, nothing fails and nothing is logged as an error.
The crawl of every address: tests/player/content/test_export_under_path.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from app import create_app
from tests.support.browser import record, wait_js
from tests.support.frozen import freeze, serving_export
from tests.support.watch import TIMEOUT, VIDEO, expect_current_chapter, open_watch, pause_at, wait_time
from tests.support.webinar import WID

PUBLIC = "https://example.org/replays"


@pytest.fixture(scope="module")
def under_path(webinars_root: Path, demo_recording: Path, tmp_path_factory) -> str:
    """The export for PUBLIC, served under /replays: ``http://127.0.0.1:PORT/replays``."""
    out = tmp_path_factory.mktemp("frozen-under-path") / "site"
    freeze(create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)}), out, "--base-url", PUBLIC)
    with serving_export(out, "/replays") as root:
        yield root


def test_the_watch_page_under_a_path_plays_and_its_links_and_search_work(laptop, under_path):
    page = laptop
    log = record(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"échec {r.url} {r.failure}")
            if "/media/" not in r.url else None)  # a media request the player drops on a seek
    open_watch(page, f"{under_path}/w/{WID}")
    page.wait_for_load_state("networkidle")
    # it plays
    page.locator("#play").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 0.3", timeout=TIMEOUT)
    # a chapter link: the player seeks, the panel comes from its fragment under the path
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_time(page, 1445, 1.5)
    expect_current_chapter(page, "capa-cite")
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    assert f"{under_path}/w/{WID}/fragments/chapitres/capa-cite.html" in log.requests
    assert page.evaluate("location.pathname + location.search") == f"/replays/w/{WID}?t=24m5s"
    # the tracks the player reads (the chapters' was a 404 under a path)
    tracks = page.evaluate("[...document.querySelectorAll('track')].map((t) => t.src)")
    assert tracks and all(src.startswith(f"{under_path}/w/{WID}/") for src in tracks)
    # the transcript tab: a module imported on demand and its fragment
    page.get_by_role("tab", name="Transcription").click()
    lines = page.locator("#transcript a[data-seek]")
    expect(lines.first).to_be_visible(timeout=TIMEOUT)
    hrefs = lines.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert all(h.startswith(f"/replays/w/{WID}") for h in hrefs)
    # the search, through the index loaded on demand, and a result that seeks
    page.get_by_role("tab", name="Rechercher").click()
    page.locator("#search-q").press_sequentially("capa cit", delay=20)
    hit = page.locator("#search-results #sr-chapitres ~ ol a[data-seek]").first
    expect(hit).to_contain_text("Capa'Cité", timeout=TIMEOUT)
    assert hit.get_attribute("href").startswith(f"/replays/w/{WID}")
    assert f"{under_path}/w/{WID}/recherche.json" in log.requests
    pause_at(page, 10)  # away from the chapter, so that the result's seek shows
    hit.click()
    wait_time(page, 1445, 1.5)
    page.wait_for_load_state("networkidle")
    modules = [u for u in log.requests if u.endswith(".js")]
    assert modules and all(u.startswith(f"{under_path}/static/") for u in modules)
    assert [u for u in log.requests if "/replays/replays" in u] == []
    assert log.foreign_requests(under_path) == []
    assert failed == [] and log.errors() == []


def test_the_page_of_a_chapter_and_the_search_page_under_a_path(laptop, under_path):
    page = laptop
    log = record(page)
    open_watch(page, f"{under_path}/w/{WID}/chapitres/capa-cite")
    wait_time(page, 1445, 1.0)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    assert page.evaluate("location.pathname").rstrip("/") == f"/replays/w/{WID}/chapitres/capa-cite"
    page.goto(f"{under_path}/recherche?q=regie")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Les régies de quartier face aux besoins sociaux", timeout=TIMEOUT)
    link = results.locator("a[href*='/w/']").first
    assert link.get_attribute("href").startswith(f"/replays/w/{WID}")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("location.pathname").startswith(f"/replays/w/{WID}")
    assert log.foreign_requests(under_path) == [] and log.errors() == []


def test_the_embeddable_player_under_a_path_plays_from_its_moment(laptop, under_path):
    page = laptop
    log = record(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    open_watch(page, f"{under_path}/w/{WID}/integrer?t=24m5s")
    wait_time(page, 1445, 1.0)
    page.locator("#play").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 1445.3", timeout=TIMEOUT)
    page.evaluate(f"{VIDEO}.pause()")  # a playing video keeps the network busy
    page.wait_for_load_state("networkidle")
    assert failed == [] and log.errors() == [] and log.foreign_requests(under_path) == []
