"""The device's own controls know the chapters (issue 16, item 9), in Chromium: after the first
play, navigator.mediaSession holds the current chapter, its speakers, the webinar, the artwork
and every chapter as chapterInfo; previous/next track move by chapter and the metadata follows.

The action handlers the page registers are captured by wrapping setActionHandler in an init
script (Chromium keeps them to itself), then called as the device would call them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from chapters.store import load_webinar
from tests.support.browser import record, wait_js
from tests.support.watch import VIDEO, open_watch, pause_at
from tests.support.webinar import CHAPTER_STARTS, WID

PHONE = {"width": 390, "height": 844}

CAPTURE = """
window.__actions = {};
const original = MediaSession.prototype.setActionHandler;
MediaSession.prototype.setActionHandler = function (action, handler) {
  window.__actions[action] = handler;
  return original.call(this, action, handler);
};
"""

METADATA = """() => { const m = navigator.mediaSession.metadata; return m && {
  title: m.title, artist: m.artist, album: m.album,
  artwork: m.artwork.map((a) => ({ src: a.src, sizes: a.sizes, type: a.type })),
  chapters: (m.chapterInfo || []).map((c) => ({ title: c.title, start: c.startTime, artwork: c.artwork.map((a) => a.src) })),
}; }"""


@pytest.fixture
def phone(browser: Browser, live_server):
    """A touch phone's page that captures the media session's handlers."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    context.add_init_script(CAPTURE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def webinar(webinars_root):
    return load_webinar(webinars_root / WID)


def action(page: Page, name: str, seeks_to: float) -> None:
    """Call the page's handler as the device does, and wait for the seek it starts (where
    playback then goes on: the time is read at the seek, not polled while it plays)."""
    page.evaluate(f"""() => {{ window.__seeks = [];
        {VIDEO}.addEventListener('seeking', () => window.__seeks.push({VIDEO}.currentTime), {{ once: true }});
        window.__actions[{name!r}]({{ action: {name!r} }}); }}""")
    try:
        wait_js(page, f"window.__seeks.length > 0 && Math.abs(window.__seeks[0] - {seeks_to}) < 0.5")
    except AssertionError as error:
        raise AssertionError(f"{name}: seeks {page.evaluate('window.__seeks')}, expected {seeks_to}") from error


def wait_title(page: Page, title: str) -> None:
    wait_js(page, f"navigator.mediaSession.metadata?.title === {title!r}")


def test_metadata_names_the_chapter_its_speakers_the_webinar_and_every_chapter(phone: Page, live_server, webinar):
    page = phone
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=24m5s")
    # nothing before the first play: its script is not even fetched
    assert page.evaluate("navigator.mediaSession.metadata") is None
    assert not [u for u in log.requests if u.endswith("/media-session.js")]
    page.evaluate(f"{VIDEO}.play()")
    chapter = webinar.chapter("capa-cite")
    wait_title(page, chapter.title)
    meta = page.evaluate(METADATA)
    assert meta["artist"] == ", ".join(s.name for s in webinar.speakers_of(chapter))
    assert meta["artist"]  # this chapter has speakers
    assert meta["album"] == webinar.title
    # artwork: the chapter's thumbnail and the webinar's share card, from this site
    assert [(a["sizes"], a["type"]) for a in meta["artwork"]] == [("160x90", "image/jpeg"), ("1200x630", "image/jpeg")]
    assert meta["artwork"][1]["src"] == f"{live_server}/w/{WID}/carte.jpg"
    thumb = page.locator("a.chapter-link[data-chapter=capa-cite]").get_attribute("data-thumb")
    assert meta["artwork"][0]["src"] == live_server + thumb
    for art in meta["artwork"]:
        response = page.request.get(art["src"])
        assert response.status == 200 and response.headers["content-type"] == "image/jpeg", art
    # Chromium 127+ exposes chapterInfo: every chapter, at its start, with its own thumbnail
    assert [(c["title"], c["start"]) for c in meta["chapters"]] == [(c.title, c.start) for c in webinar.chapters]
    assert [c["start"] for c in meta["chapters"]] == list(CHAPTER_STARTS.values())
    thumbs = page.locator("a.chapter-link").evaluate_all("links => links.map((a) => a.dataset.thumb)")
    assert [c["artwork"][0] for c in meta["chapters"]] == [live_server + t for t in thumbs]
    assert len(set(thumbs)) == len(thumbs)
    page.evaluate(f"{VIDEO}.pause()")
    assert log.errors() == []
    assert log.foreign_requests(live_server) == []


def test_previous_and_next_track_move_by_chapter(phone: Page, live_server, webinar):
    page = phone
    open_watch(page, f"{live_server}/w/{WID}?t=24m5s")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, "typeof window.__actions.previoustrack === 'function'")
    title = {c.id: c.title for c in webinar.chapters}
    starts = CHAPTER_STARTS

    # late in a chapter, "previous" goes back to its start
    pause_at(page, starts["capa-cite"] + 20)
    action(page, "previoustrack", seeks_to=starts["capa-cite"])
    # at its start (less than 3 s in), to the previous chapter, and the metadata follows
    pause_at(page, starts["capa-cite"] + 1)
    action(page, "previoustrack", seeks_to=starts["relocalisations"])
    wait_title(page, title["relocalisations"])
    wait_js(page, f"!{VIDEO}.paused")  # it plays there, as a chapter link does
    # "next" to the following chapter
    action(page, "nexttrack", seeks_to=starts["capa-cite"])
    wait_title(page, title["capa-cite"])
    # in the last chapter there is no "next": the device greys its button
    pause_at(page, starts["france-active"] + 5)
    wait_title(page, title["france-active"])
    assert page.evaluate("window.__actions.nexttrack") is None
    action(page, "previoustrack", seeks_to=starts["france-active"])
    # back in an earlier chapter, "next" comes back
    pause_at(page, starts["ouverture"] + 1)
    wait_title(page, title["ouverture"])
    wait_js(page, "typeof window.__actions.nexttrack === 'function'")
    # and "previous" at the very start restarts the first chapter
    action(page, "previoustrack", seeks_to=0)
    page.evaluate(f"{VIDEO}.pause()")
