"""Embed mode in Chromium, against local stand-ins for the video sites' player APIs.

The real sites are not reachable here; each stand-in (tests/embed_standin/*_api.js) implements
its site's constructor, methods and events with a simulated clock, served from another origin
(the fixture HTTP server on 127.0.0.1), as the real API would be.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from app import create_app
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from tests.support.browser import record, wait_js
from tests.support.paths import EMBED_STANDIN as STANDIN
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.webinar import WID

SITES = {
    # platform: (button's site name, stand-in script, the stand-in's names for play/pause/seek)
    "youtube": ("YouTube", "yt_api.js", "playVideo", "pauseVideo", "seekTo"),
    "vimeo": ("Vimeo", "vimeo_api.js", "play", "pause", "setCurrentTime"),
    "peertube": ("PeerTube", "peertube_api.js", "play", "pause", "seek"),
}


@pytest.fixture(scope="module", params=sorted(SITES))
def embed_server(request, tmp_path_factory, http_fixture):
    """The app with its recording embedded from one site; yields (base URL, site)."""
    platform = request.param
    for name in ("embed.html", SITES[platform][1]):
        shutil.copy(STANDIN / name, http_fixture.root / name)
    webinars = tmp_path_factory.mktemp(f"embed-{platform}") / "webinars"
    shutil.copytree(ROOT / "webinars", webinars, ignore=shutil.ignore_patterns("media"))
    webinar = load_webinar(webinars / WID)
    webinar.recording = Recording(
        kind="embed", platform=platform, embed_id="standin", duration=6300,
        src=http_fixture.url("embed.html"), page_url=http_fixture.url("embed.html"),
    )
    save_webinar(webinar, webinars / WID)
    scripts = {name: "" for name in SITES}
    scripts[platform] = http_fixture.url(SITES[platform][1])
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars), "EMBED_API_SCRIPTS": scripts})
    with live_app(app) as url:
        yield url, SITES[platform]


def called(page, name: str) -> None:
    wait_js(page, f"(window.__standinCalls || []).includes({name!r})")


def calls(page) -> list[str]:
    return page.evaluate("window.__standinCalls || []")


def test_embed_loads_nothing_before_consent_then_drives_the_sites_player(
    page, embed_server, http_fixture
):
    base, (site, script, play, pause, seek) = embed_server
    log = record(page)
    page.goto(f"{base}/w/{WID}?t=1h10m")
    page.wait_for_load_state("networkidle")
    assert [u for u in log.requests if u.startswith(http_fixture.url(""))] == []
    assert page.locator("iframe").count() == 0
    consent = page.get_by_role("button", name=f"Charger la vidéo depuis {site}")
    assert consent.is_visible()

    consent.click()
    called(page, play)
    frame = page.locator("iframe.embed-frame")
    assert frame.get_attribute("src") == http_fixture.url("embed.html")
    assert f"{seek}:4200" in calls(page)  # the link's time, given to the site's player
    assert http_fixture.url(script) in log.requests

    # a chapter click drives the site's player, the panel and the address as with a file
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    called(page, f"{seek}:1445")
    wait_js(page, "!!document.querySelector('#panel [data-chapter=capa-cite]')")
    assert page.evaluate("location.search") == "?t=24m5s"
    assert page.locator("a.chapter-link[aria-current=true]").get_attribute("data-chapter") == "capa-cite"

    # keyboard and controls go through the same adapter
    page.locator("body").press("k")
    called(page, pause)
    page.locator("body").press("n")
    called(page, f"{seek}:2425")
    page.select_option("#speed", "1.5")
    called(page, "setPlaybackRate:1.5")

    # the page's own bar shows the chapters and drives the site's player through the adapter
    assert page.locator("[role=slider]").count() == 1
    assert page.locator("#gaps .gap").count() == 6
    page.locator("#scrubber").focus()
    page.keyboard.press("PageUp")  # besoins-sociaux-iae (2425) -> regies-de-quartier
    called(page, f"{seek}:3334")
    # "n" played on from the next chapter: the bar's button pauses the site's player
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    pauses = calls(page).count(pause)
    page.get_by_role("button", name="Pause").click()
    wait_js(page, f"window.__standinCalls.filter(c => c === {pause!r}).length > {pauses}")
    expect(page.get_by_role("button", name="Lecture")).to_be_visible()
    assert log.errors() == []


def test_embed_follows_the_sites_clock_across_a_chapter_boundary(page, embed_server):
    base, (site, *_) = embed_server
    log = record(page)
    page.goto(f"{base}/w/{WID}?t=1443")
    page.get_by_role("button", name=f"Charger la vidéo depuis {site}").click()
    # the stand-in plays in real time: 1443 s -> past 1445 s within a few seconds
    wait_js(page, "!!document.querySelector('#panel [data-chapter=capa-cite]')", timeout=8000)
    assert page.evaluate("window.WebinarPlayer.player.time()") >= 1445
    assert log.errors() == []
