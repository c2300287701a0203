"""The embeddable player inside another site's page, in Chromium (issue 8, point 5).

The "other site" is a tiny http.server on another port of 127.0.0.1: a different origin, so the
player's Content-Security-Policy (frame-ancestors) is what lets the frame show, or not.
"""

from __future__ import annotations

import functools
import json
import re
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.support.browser import record, wait_js
from tests.support.servers import serving
from tests.support.watch import CHAPTERS, TIMEOUT, VIDEO, open_watch
from tests.support.webinar import WID

CAPA = f"/w/{WID}/chapitres/capa-cite"


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def other_site(tmp_path: Path):
    """Serves ``tmp_path`` from 127.0.0.1 on a port of its own; yields (folder, base URL)."""
    handler = functools.partial(QuietFiles, directory=str(tmp_path))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler), "other-site") as url:
        yield tmp_path, url


def host_page(folder: Path, name: str, body: str) -> str:
    (folder / name).write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        "<title>Le site de l'organisateur</title></head>"
        f"<body><h1>Notre dernier webinaire</h1>{body}<p>Suite de l'article.</p></body></html>",
        encoding="utf-8",
    )
    return name


def oembed(live_server: str, page_url: str) -> dict:
    url = f"{live_server}/oembed?url={quote(page_url, safe='')}&format=json"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read().decode("utf-8"))


def player_frame(page: Page) -> Frame:
    """The frame of the embedded player, once its script has drawn the control bar."""
    wait_js(page, "document.querySelector('iframe') !== null")
    deadline = page.evaluate("Date.now()") + TIMEOUT
    while True:
        frames = [f for f in page.frames if "/integrer" in f.url]
        if frames:
            break
        assert page.evaluate("Date.now()") < deadline, [f.url for f in page.frames]
        page.wait_for_timeout(50)
    frame = frames[0]
    expect(frame.locator("#bar")).to_be_visible(timeout=TIMEOUT)
    wait_js(frame, f"{VIDEO}.readyState >= 1", timeout=TIMEOUT)
    return frame


def wait_playing_near(frame: Frame, seconds: float, span: float = 5) -> None:
    wait_js(
        frame,
        f"!{VIDEO}.paused && {VIDEO}.currentTime >= {seconds} && {VIDEO}.currentTime < {seconds + span}",
        timeout=TIMEOUT,
    )


def test_oembed_iframe_plays_inside_a_page_of_another_origin(page: Page, live_server, other_site):
    folder, site = other_site
    answer = oembed(live_server, live_server + CAPA)
    log = record(page)
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{site}/{host_page(folder, 'article.html', answer['html'])}")
    frame = player_frame(page)
    assert frame.url == f"{live_server}/w/{WID}/integrer?t=24m5s,40m25s"
    assert frame.evaluate("[innerWidth, innerHeight]") == [800, 450]
    # the frame opens on the chapter's span, and plays
    assert frame.evaluate(f"{VIDEO}.currentTime") == pytest.approx(CHAPTERS["capa-cite"], abs=0.5)
    expect(frame.locator("#span-line")).to_be_visible()
    frame.locator("#play").click()
    wait_playing_near(frame, CHAPTERS["capa-cite"])
    # "Continuer après l'extrait" lifts the span's stop, then a chapter link seeks inside the
    # frame and plays on; the host page stays where it is
    frame.locator("#span-continue").click()
    expect(frame.locator("#span-line")).to_be_hidden()
    frame.locator("a.chapter-link[data-chapter=france-active]").click()
    wait_playing_near(frame, CHAPTERS["france-active"])
    expect(frame.locator("#chapter-name")).to_contain_text("France Active")
    assert page.url == f"{site}/article.html"
    # the tabs: "Ce chapitre" shows the chapter's panel, brought by htmx inside the frame
    frame.get_by_role("tab", name="Ce chapitre").click()
    panel = frame.locator("#chapitre")
    expect(panel).to_be_visible()
    expect(panel.locator("#panel-title")).to_contain_text("France Active", timeout=TIMEOUT)
    # links that leave the player open a new tab, links that seek stay
    speaker = panel.locator("a[href*='/intervenants/']").first
    expect(speaker).to_have_attribute("target", "_blank")
    expect(speaker).to_have_attribute("rel", "noopener")
    seek = panel.locator("a[data-seek]").first
    assert seek.get_attribute("target") is None
    expect(frame.locator("h1.compact-title a")).to_have_attribute("target", "_blank")
    # no header or footer of the site inside the frame, and nothing went wrong
    assert frame.locator("header.site, footer.site").count() == 0
    frame.locator("#play").click()
    assert log.errors() == []
    foreign = [u for u in log.requests if not u.startswith((site + "/", live_server + "/", "data:"))]
    assert foreign == []


def test_the_full_pages_refuse_to_be_framed_by_another_origin(page: Page, live_server, other_site):
    folder, site = other_site
    body = f'<iframe src="{live_server}/w/{WID}" width="800" height="450" title="Page entière"></iframe>'
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(f"{site}/{host_page(folder, 'copie.html', body)}")
    wait_js(page, "document.querySelector('iframe') !== null")
    page.wait_for_timeout(1500)
    (frame,) = [f for f in page.frames if f is not page.main_frame]
    # Chromium replaces the refused document: none of the page is there
    assert frame.evaluate("document.getElementById('video')") is None
    assert any("frame-ancestors" in m for m in messages), messages


def test_share_dialog_gives_an_embed_code_that_plays_from_the_chosen_moment(
    browser: Browser, live_server, other_site
):
    folder, site = other_site
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page = context.new_page()
        log = record(page)
        open_watch(page, live_server + CAPA)
        page.locator("#share-open").click()
        code = page.locator("#share-embed")
        expect(code).to_be_visible()
        src = f"{live_server}/w/{WID}/integrer"
        value = code.input_value()
        assert re.fullmatch(
            rf'<iframe src="{re.escape(src)}\?t=24m5s" width="800" height="450" '
            r'title="Lecteur vidéo : Créer et transformer[^"]*" '
            r'allow="fullscreen; picture-in-picture" loading="lazy"></iframe>',
            value,
        ), value
        # the embed follows "Commencer à" and the chapter's end, as the link does
        page.locator("#share-start").uncheck()
        assert f'src="{src}"' in code.input_value()
        page.locator("#share-end").check()
        assert f'src="{src}?t=24m5s,40m25s"' in code.input_value()
        page.locator("#share-start").check()
        page.locator("#share-embed-copy").click()
        expect(page.locator("#share-embed-status")).to_have_text("Code d'intégration copié.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == code.input_value()
        assert page.locator("#share-url").input_value() == f"{live_server}/w/{WID}?t=24m5s,40m25s"
        assert log.errors() == []
        # the copied code, pasted into another site's page, plays that span
        page.goto(f"{site}/{host_page(folder, 'colle.html', copied)}")
        frame = player_frame(page)
        assert frame.url == f"{src}?t=24m5s,40m25s"
        frame.locator("#play").click()
        wait_playing_near(frame, CHAPTERS["capa-cite"])
    finally:
        context.close()


def test_embed_in_a_narrow_frame_keeps_its_controls_in_view(page: Page, live_server, other_site):
    folder, site = other_site
    answer = oembed(live_server, f"{live_server}/w/{WID}?t=1h10m")
    answer_small = answer["html"].replace('width="800" height="450"', 'width="360" height="640"')
    page.goto(f"{site}/{host_page(folder, 'mobile.html', answer_small)}")
    frame = player_frame(page)
    assert frame.evaluate(f"{VIDEO}.currentTime") == pytest.approx(CHAPTERS["fleurs-d-halage"], abs=0.5)
    width = frame.evaluate("document.documentElement.clientWidth")
    for button in ("#play", "#chapter-button", "#share-open", "#fullscreen"):
        right = frame.evaluate(f"document.querySelector('{button}').getBoundingClientRect().right")
        assert 0 < right <= width + 0.5, button
