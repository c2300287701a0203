"""A question from the chat in Chromium: in its chapter's panel on the watch page, "Écouter la
réponse" plays in place (no page load) from the moment the captions answer it."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from chapters.model import Chapter, Webinar
from chapters.store import save_webinar
from player.media.demo import make_demo_recording
from tests.support.browser import AXE, html_errors, record, wait_js
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, make_app, session_csrf, sign_in
from tests.support.captions import write_vtt
from tests.support.servers import live_app
from tests.support.watch import TIMEOUT, VIDEO, open_watch, wait_time

WID = "avec-questions"
CHAT = ("00:01:00\t From  Jane Moreau : Comment financer la formation des salariés ?\n"
        "00:02:30\t From  Lina : Où trouver le replay ?\n")
CUES = [(40.0, 44.0, None, "Nous formons des salariés chaque semaine."),
        (125.0, 130.0, None, "Jane, pour répondre à votre question sur la formation :"),
        (131.0, 135.0, None, "le financement passe par l'OPCO.")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("answers")
    folder = root / "webinars"
    webinar = Webinar(id=WID, title="Cinq minutes de questions", date="2024-03-01",
                      chapters=[Chapter(id="c1", start=0, title="Ouverture"),
                                Chapter(id="c2", start=30, title="Questions")])
    webinar.recording.duration = 300
    save_webinar(webinar, folder / WID)
    make_demo_recording(webinar, folder / WID / "media" / "demo.mp4")
    write_vtt(folder / WID / "transcription.fr.vtt", CUES)
    chat = root / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    done = create_app({"TESTING": True, "WEBINARS_DIR": str(folder)}).test_cli_runner().invoke(
        args=["import-chat", WID, str(chat)])
    assert done.exit_code == 0 and "réponses : 1 question(s)" in done.stdout, done.output
    return folder


@pytest.fixture(scope="module")
def site(folder):
    """One short webinar: its stand-in recording, captions, and a chat imported by import-chat."""
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": WID})
    with live_app(app) as url:
        yield url


def test_listen_to_the_answer_plays_in_place(page: Page, site):
    log = record(page)
    open_watch(page, f"{site}/w/{WID}?t=40")
    page.get_by_role("tab", name="Ce chapitre").click()
    question = page.locator("article.audience-question", has_text="financer la formation")
    expect(question).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("article.audience-question", has_text="replay")).to_contain_text(
        "Pas de réponse trouvée dans l'enregistrement")
    page.evaluate("() => { window.__samePage = true; }")
    listen = question.get_by_role("link", name="Écouter la réponse")
    expect(listen).to_have_attribute("href", f"/w/{WID}?t=2m5s")
    listen.click()
    wait_time(page, 125, 1.0)
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)  # it plays
    assert page.evaluate("window.__samePage === true")  # in place: no page was loaded
    assert page.url.endswith("?t=2m5s")
    # the moment it was asked, the same way
    question.get_by_role("link", name="Posée à 1:00", exact=True).click()
    wait_time(page, 60, 1.0)
    assert page.evaluate("window.__samePage === true")
    assert log.errors() == [] and log.foreign_requests(site) == []


def test_pages_are_valid_html(site, folder, tmp_path):
    """The Nu Html Checker finds no error in the questions page, the chapter's panel, and the
    organiser's page with a time refused beside its field."""
    files = []
    for name, path in (("questions", f"/w/{WID}/questions"), ("chapter", f"/w/{WID}/chapitres/c2")):
        with urllib.request.urlopen(site + path, timeout=10) as answer:
            files.append(tmp_path / f"{name}.html")
            files[-1].write_bytes(answer.read())
    app = make_app(folder, tmp_path / "instance")
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    page = client.get(f"/w/{WID}/discussion/modifier").get_data(as_text=True)
    first = page.split('name="message" value="', 1)[1].split('"', 1)[0]
    refused = client.post(f"/w/{WID}/discussion/modifier", data={
        "csrf_token": session_csrf(client), "message": first, "action": "reponse", "answer_at": "99:99"})
    assert refused.status_code == 400
    files.append(tmp_path / "organiser.html")
    files[-1].write_bytes(refused.get_data())
    assert html_errors(files) == []


def test_no_accessibility_violations(browser, site):
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        for path in (f"/w/{WID}/questions", f"/w/{WID}/chapitres/c2"):
            page.goto(site + path)
            if "chapitres" in path:
                page.get_by_role("tab", name="Ce chapitre").click()
                expect(page.locator("article.audience-question").first).to_be_visible(timeout=TIMEOUT)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("() => axe.run(document)")["violations"]
            assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
    finally:
        context.close()
