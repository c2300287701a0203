"""Embed mode in Chromium, against a local stand-in for YouTube's IFrame Player API.

The real site is not reachable here; the stand-in (tests/embed_standin/yt_api.js) implements the
same constructor, methods and events with a simulated clock, served from another origin (the
fixture HTTP server on 127.0.0.1), as the real API would be.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from tests.browser.conftest import WID, record, start_live_server, wait_js

STANDIN = Path(__file__).resolve().parents[1] / "embed_standin"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def embed_server(tmp_path_factory, http_fixture):
    for name in ("yt_api.js", "embed.html"):
        shutil.copy(STANDIN / name, http_fixture.root / name)
    webinars = tmp_path_factory.mktemp("embed") / "webinars"
    shutil.copytree(ROOT / "webinars", webinars, ignore=shutil.ignore_patterns("media"))
    webinar = load_webinar(webinars / WID)
    webinar.recording = Recording(
        kind="embed", platform="youtube", embed_id="standin", duration=6300,
        src=http_fixture.url("embed.html"), page_url=http_fixture.url("embed.html"),
    )
    save_webinar(webinar, webinars / WID)
    app = create_app({
        "TESTING": True,
        "WEBINARS_DIR": str(webinars),
        "EMBED_API_SCRIPTS": {"youtube": http_fixture.url("yt_api.js"), "vimeo": "", "peertube": ""},
    })
    server, thread, url = start_live_server(app)
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def calls(page) -> list[str]:
    return page.evaluate("window.__standinCalls || []")


def test_embed_loads_nothing_before_consent_then_drives_the_sites_player(
    page, embed_server, http_fixture
):
    log = record(page)
    page.goto(f"{embed_server}/w/{WID}?t=1h10m")
    page.wait_for_load_state("networkidle")
    site = http_fixture.url("")
    assert [u for u in log.requests if u.startswith(site)] == []
    assert page.locator("iframe").count() == 0
    consent = page.get_by_role("button", name="Charger la vidéo depuis YouTube")
    assert consent.is_visible()

    consent.click()
    wait_js(page, "(window.__standinCalls || []).includes('playVideo')")
    frame = page.locator("iframe.embed-frame")
    assert frame.get_attribute("src") == http_fixture.url("embed.html")
    assert "seekTo:4200" in calls(page)  # the link's time, given to the site's player
    assert any(u == http_fixture.url("yt_api.js") for u in log.requests)

    # a chapter click drives the site's player, the panel and the address as with a file
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_js(page, "(window.__standinCalls || []).includes('seekTo:1445')")
    wait_js(page, "!!document.querySelector('#panel [data-chapter=capa-cite]')")
    assert page.evaluate("location.search") == "?t=24m5s"
    assert page.locator("a.chapter-link[aria-current=true]").get_attribute("data-chapter") == "capa-cite"

    # keyboard and controls go through the same adapter
    page.locator("body").press("k")
    wait_js(page, "(window.__standinCalls || []).includes('pauseVideo')")
    page.locator("body").press("n")
    wait_js(page, "(window.__standinCalls || []).includes('seekTo:2425')")
    page.select_option("#speed", "1.5")
    wait_js(page, "(window.__standinCalls || []).includes('setPlaybackRate:1.5')")
    assert log.errors() == []


def test_embed_follows_the_sites_clock_across_a_chapter_boundary(page, embed_server):
    log = record(page)
    page.goto(f"{embed_server}/w/{WID}?t=1443")
    page.get_by_role("button", name="Charger la vidéo depuis YouTube").click()
    # the stand-in plays in real time: 1443 s -> past 1445 s within a few seconds
    wait_js(page, "!!document.querySelector('#panel [data-chapter=capa-cite]')", timeout=8000)
    assert page.evaluate("window.WebinarPlayer.player.time()") >= 1445
    assert log.errors() == []
