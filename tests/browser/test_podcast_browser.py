"""The podcast feed on the watch page, in Chromium: the "Podcast" entry of "Télécharger" (the
feed's address copied by its button, selectable without a script, reached by the keyboard),
valid and accessible; and a page of another origin reading the feed and the files it names,
as a web podcast player does (CORS).

Its own live server, on a copy of the session's webinars with an audio edition added (the
other browser tests meet the menu without it).
"""

from __future__ import annotations

import json
import shutil
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from tests.support.audio_edition import place_edition
from tests.support.browser import AXE, LAPTOP, html_errors, record
from tests.support.servers import live_app, serving
from tests.support.watch import menu_script_bound, open_watch
from tests.support.webinar import WID

MENU = "#telecharger"


@pytest.fixture(scope="module")
def podcast_server(tmp_path_factory, webinars_root, demo_recording, edition_files):
    root = tmp_path_factory.mktemp("podcast") / "webinars"
    shutil.copytree(webinars_root, root)
    place_edition(root / WID / "media", *edition_files, recording=demo_recording.name)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)})
    with live_app(app) as url:
        yield url


@pytest.fixture
def clipboard_page(browser: Browser):
    context = browser.new_context(viewport=LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_copy_button_copies_the_feeds_address(clipboard_page: Page, podcast_server):
    page = clipboard_page
    log = record(page)
    open_watch(page, f"{podcast_server}/w/{WID}")
    feed = f"{podcast_server}/w/{WID}/podcast.xml"
    assert page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href") == feed
    page.locator(f"{MENU} summary").click()
    button = page.get_by_role("button", name="Copier l'adresse du flux")
    expect(button).to_be_visible()  # copy.js showed it
    button.click()
    expect(page.locator(f"{MENU} .copy-status")).to_have_text("Lien copié.")
    assert page.evaluate("navigator.clipboard.readText()") == feed
    assert page.evaluate(f"document.querySelector('{MENU}').open")  # the menu stays to read the status
    assert page.get_by_label("Adresse du flux, à coller dans une application de podcasts").input_value() == feed
    assert log.errors() == []


def test_the_keyboard_reaches_the_feed_and_tab_past_it_closes(laptop: Page, podcast_server):
    page = laptop
    open_watch(page, f"{podcast_server}/w/{WID}")
    page.locator(f"{MENU} summary").focus()
    page.keyboard.press("Enter")
    menu_script_bound(page)
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if not page.evaluate(f"document.querySelector('{MENU}').open"):
            break
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert focused[-3:] == ["Podcast : Flux RSS de l'édition audio", "dl-feed-url", "Copier l'adresse du flux"]
    assert not page.evaluate(f"document.querySelector('{MENU}').contains(document.activeElement)")


def test_without_javascript_the_address_is_there_to_select(browser: Browser, podcast_server):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(f"{podcast_server}/w/{WID}")
        page.locator(f"{MENU} summary").click()
        field = page.locator("#dl-feed-url")
        expect(field).to_be_visible()
        assert field.input_value() == f"{podcast_server}/w/{WID}/podcast.xml"
        expect(page.get_by_role("link", name="Podcast : Flux RSS de l'édition audio")).to_be_visible()
        expect(page.locator(f"{MENU} button.copy")).to_be_hidden()  # it would do nothing
    finally:
        context.close()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A page of another origin (another port of 127.0.0.1), with no policy of its own: where
    a web podcast player would run."""
    root = tmp_path_factory.mktemp("player-elsewhere")
    (root / "index.html").write_text('<!doctype html><html lang="fr"><title>Ailleurs</title></html>', encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    with serving(server, "other-origin") as url:
        yield url


def test_a_page_of_another_origin_reads_the_feed_and_its_files(laptop: Page, podcast_server, other_origin):
    """What the feed names is readable from another origin; the pages and the video are not."""
    page = laptop
    page.goto(other_origin + "/")
    read = """async (url) => {
        try { const r = await fetch(url); return [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]; }
        catch (e) { return ['refused']; }
    }"""
    feed = page.evaluate(read, f"{podcast_server}/w/{WID}/podcast.xml")
    assert feed[0] == 200 and feed[1].startswith("application/rss+xml")
    text = page.evaluate("async (url) => (await fetch(url)).text()", f"{podcast_server}/w/{WID}/podcast.xml")
    for name in ("media/audio/edition.m4a", "media/audio/cover.jpg", "chapitres.json", "transcription.vtt",
                 "transcription.srt"):
        url = f"{podcast_server}/w/{WID}/{name}"
        assert url in text, name
        assert page.evaluate(read, url)[0] == 200, name
    chapters = page.evaluate("async (url) => (await fetch(url)).json()", f"{podcast_server}/w/{WID}/chapitres.json")
    assert chapters["chapters"][2]["title"].startswith("Capa'Cité")
    assert page.evaluate(read, f"{podcast_server}/w/{WID}") == ["refused"]
    assert page.evaluate(read, f"{podcast_server}/w/{WID}/media/demo.mp4") == ["refused"]


def test_the_page_with_the_feed_is_valid_and_accessible(browser: Browser, podcast_server, tmp_path):
    context = browser.new_context(bypass_csp=True, viewport=LAPTOP)  # axe goes in as an inline script
    page = context.new_page()
    try:
        open_watch(page, f"{podcast_server}/w/{WID}")
        page.locator(f"{MENU} summary").click()
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document)")
        assert results["passes"] and results["violations"] == [], json.dumps(results["violations"], indent=1)
        html = tmp_path / "watch.html"
        html.write_text(page.evaluate("fetch(location.href).then((r) => r.text())"), encoding="utf-8")
    finally:
        context.close()
    errors = html_errors([html])
    assert errors == [], "\n".join(errors)
