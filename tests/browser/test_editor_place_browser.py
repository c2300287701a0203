"""The editor keeps its place across a save, in Chromium: the player's time and the form's scroll
position are the same after the save's round trip; a moved start's thumbnail follows in the
background. Own copy of the webinar (media hard-linked from the session copy), own live server."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from app import create_app
from chapters.store import load_webinar
from tests.support.browser import LAPTOP, record, wait_js
from tests.support.organisers import add_organiser
from tests.support.servers import live_app
from tests.support.webinar import WID

EMAIL, PASSWORD = "orga@example.org", "un mot de passe assez long"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def editor_site(tmp_path: Path, webinars_root: Path, demo_recording: Path):
    root = tmp_path / "webinars"
    folder = root / WID
    shutil.copytree(webinars_root / WID, folder, ignore=shutil.ignore_patterns("media"))
    shutil.copytree(webinars_root / WID / "media", folder / "media", copy_function=os.link)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)},
                     instance_path=str(tmp_path / "instance"))
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        yield url, folder


def _place(page) -> dict:
    return page.evaluate("""() => ({
        t: document.querySelector('video').currentTime,
        column: document.getElementById('formulaire').scrollTop,
        y: window.scrollY,
    })""")


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1366", "390"])
def test_a_save_keeps_the_player_time_and_the_form_scroll(browser, editor_site, size, tmp_path):
    url, folder = editor_site
    context = browser.new_context(viewport=size)
    page = context.new_page()
    log = record(page)
    page.goto(f"{url}/w/{WID}/modifier")
    page.fill("#connexion-email", EMAIL)
    page.fill("#connexion-mot-de-passe", PASSWORD)
    page.click("button.login-submit")
    page.wait_for_url(f"{url}/w/{WID}/modifier")
    wait_js(page, "window.WebinarPlayer && document.querySelector('video').readyState >= 1")

    page.evaluate("window.WebinarPlayer.player.seek(3333)")
    wait_js(page, "Math.abs(document.querySelector('video').currentTime - 3333) < 0.01")
    # down the form to the speakers, and change one field there
    role = page.locator("#f-speakers-tarek-daher-role")
    role.scroll_into_view_if_needed()
    role.fill("délégué général du CNLRQ")
    before = _place(page)
    assert before["column"] + before["y"] > 300, before  # far from the top
    # a start moved too: its thumbnail follows in the background
    start = page.locator("#f-chapters-capa-cite-start")
    thumbs = folder / "media" / "thumbs"
    assert (thumbs / "1445000.jpg").is_file() and not (thumbs / "1500000.jpg").exists()
    page.evaluate("document.getElementById('f-chapters-capa-cite-start').value = '25:00'")
    assert start.input_value() == "25:00"
    role.press("Enter")  # submits the form, as the Enregistrer button does
    page.wait_for_url("**/modifier?fait=enregistre")
    wait_js(page, "document.querySelector('video').readyState >= 1 && !document.querySelector('video').seeking")
    after = _place(page)
    assert abs(after["t"] - 3333) < 0.5, after
    assert abs(after["column"] - before["column"]) <= 2 and abs(after["y"] - before["y"]) <= 2, (before, after)
    assert load_webinar(folder).speaker("tarek-daher").role == "délégué général du CNLRQ"
    page.screenshot(path=str(tmp_path / f"editeur-apres-enregistrement-{size['width']}.png"))

    deadline = time.monotonic() + 120
    while not ((thumbs / "1500000.jpg").is_file() and not (thumbs / "1445000.jpg").exists()):
        assert time.monotonic() < deadline, "the moved chapter's thumbnail did not follow"
        time.sleep(0.2)
    # a reload later starts afresh (the place is given back once)
    page.reload()
    wait_js(page, "document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').currentTime") < 1
    assert log.errors() == []
    context.close()
