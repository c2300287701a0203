"""The editor in Chromium (issue 10's "Done when"): an organiser signs in, seeks the player, sets
chapter 3's start with "Prendre le temps actuel", saves, sees the watch page follow, and undoes
it; a second session holding the old version saves and gets the 409.

These tests write the data file: they serve their own copy of the webinar's folder (its media
hard-linked from the session copy) on their own live server.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app import create_app
from chapters import edits
from chapters.store import load_webinar
from tests.support.browser import LAPTOP, html_errors, record, wait_js
from tests.support.organisers import add_organiser
from tests.support.servers import live_app
from tests.support.slides import add_slides
from tests.support.webinar import WID

EMAIL, PASSWORD = "orga@example.org", "un mot de passe assez long"


@pytest.fixture
def editor_site(tmp_path: Path, webinars_root: Path, demo_recording: Path):
    """(base URL, webinar folder): a writable copy of the webinar on a live server of its own."""
    root = tmp_path / "webinars"
    folder = root / WID
    shutil.copytree(webinars_root / WID, folder, ignore=shutil.ignore_patterns("media"))
    # the media as hard links: a save's background refresh of the pictures writes new files by
    # renames into this folder, never into the session copy the other tests read
    shutil.copytree(webinars_root / WID / "media", folder / "media", copy_function=os.link)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)})
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        yield url, folder


def _signed_in_editor(browser, url: str):
    """A fresh context (its own session) that signs in through the login page's form."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log = record(page)
    page.goto(f"{url}/w/{WID}/modifier")
    assert "/connexion?suivant=" in page.url
    page.fill("#connexion-email", EMAIL)
    page.fill("#connexion-mot-de-passe", PASSWORD)
    page.click("button.login-submit")
    page.wait_for_url(f"{url}/w/{WID}/modifier")
    wait_js(page, "window.WebinarPlayer && document.querySelector('video').readyState >= 1")
    return context, page, log


def test_set_a_start_from_the_player_save_follow_undo_and_conflict(browser, editor_site):
    url, folder = editor_site
    original = (folder / "webinar.yaml").read_bytes()
    first, page, log = _signed_in_editor(browser, url)
    second, other, other_log = _signed_in_editor(browser, url)  # holds the same, old version
    try:
        # seek the player, then take its time as chapter 3's start
        page.evaluate("window.WebinarPlayer.player.seek(1500)")
        wait_js(page, "Math.abs(document.querySelector('video').currentTime - 1500) < 0.01 && !document.querySelector('video').seeking")
        row = page.locator("fieldset.ed-chapter").nth(2)
        assert row.get_attribute("data-chapter") == "capa-cite"
        start = row.locator("input[data-start]")
        assert start.input_value() == "24:05"
        row.get_by_role("button", name="Prendre le temps actuel").click()
        assert start.input_value() == "25:00"
        # the nudges move it and the player with it
        row.get_by_role("button", name="Avancer le début d'une seconde").click()
        assert start.input_value() == "25:01"
        wait_js(page, "Math.abs(document.querySelector('video').currentTime - 1501) < 0.01")
        row.get_by_role("button", name="Reculer le début d'une seconde").click()
        assert start.input_value() == "25:00"
        page.locator("form#ed-form button[type=submit]").first.click()
        page.wait_for_url("**/modifier?fait=enregistre")
        assert "Modifications enregistrées" in page.locator(".ed-done").inner_text()
        assert load_webinar(folder).chapter("capa-cite").start == 1500
        assert len(edits.history_files(folder)) == 1

        # the watch page follows at once
        watch = first.new_page()
        watch.goto(f"{url}/w/{WID}")
        link = watch.locator('a.chapter-link[data-chapter="capa-cite"]')
        assert link.locator(".chapter-time").inner_text() == "25:00"
        assert link.get_attribute("data-start") == "1500.0"
        watch.close()

        # the second session, still on the old version, saves: 409 and what changed
        other.locator("fieldset.ed-chapter").nth(4).locator("input[data-title]").fill("Régies de quartier")
        with other.expect_response(lambda r: r.request.method == "POST") as answer:
            other.locator("form#ed-form button[type=submit]").first.click()
        assert answer.value.status == 409
        conflict = other.locator("#ed-conflit").inner_text()
        assert "Quelqu'un a enregistré une autre version" in conflict
        assert "début : 24:05 → 25:00" in conflict
        # their own input kept, the other's change shown in the field they did not touch
        assert other.locator("fieldset.ed-chapter").nth(4).locator("input[data-title]").input_value() == "Régies de quartier"
        assert other.locator('input[name="chapters.capa-cite.start"]').input_value() == "25:00"
        assert load_webinar(folder).chapter("regies-de-quartier").title != "Régies de quartier"

        # undo in the first session: the previous file is back, the watch page follows
        page.get_by_role("button", name="Annuler la dernière modification").click()
        page.wait_for_url("**/modifier?fait=annule")
        assert (folder / "webinar.yaml").read_bytes() == original
        assert page.locator('input[name="chapters.capa-cite.start"]').input_value() == "24:05"
        watch = first.new_page()
        watch.goto(f"{url}/w/{WID}")
        assert watch.locator('a.chapter-link[data-chapter="capa-cite"] .chapter-time').inner_text() == "24:05"
        watch.close()
        assert log.errors() == []
        # the 409 itself is the one line Chromium logs for the second session
        assert [e for e in other_log.errors() if "status of 409" not in e] == []
        assert log.foreign_requests(url) == []
    finally:
        first.close()
        second.close()


def test_editor_without_javascript_saves_with_the_plain_form(browser, editor_site):
    url, folder = editor_site
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}/w/{WID}/modifier")
        page.fill("#connexion-email", EMAIL)
        page.fill("#connexion-mot-de-passe", PASSWORD)
        page.click("button.login-submit")
        page.wait_for_url(f"{url}/w/{WID}/modifier")
        assert page.locator(".ed-time-tools").first.is_hidden()  # needs the script
        page.fill('input[name="chapters.capa-cite.start"]', "6'99")
        page.locator("form#ed-form button[type=submit]").first.click()
        assert "les secondes doivent être inférieures à 60" in page.locator("#f-chapters-capa-cite-start-erreur").inner_text()
        page.fill('input[name="chapters.capa-cite.start"]', "24'45")
        page.locator("form#ed-form button[type=submit]").first.click()
        page.wait_for_url("**/modifier?fait=enregistre")
        assert load_webinar(folder).chapter("capa-cite").start == 24 * 60 + 45
    finally:
        context.close()


def _editor_pages(app, folder: Path) -> dict[str, str]:
    """The editor's full pages as served to a signed-in organiser (Flask's client): as opened,
    with errors (422), with a pasted list's preview, and the 409."""
    from tests.support.organisers import session_csrf, sign_in

    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    edit = f"/w/{WID}/modifier"
    pages = {"editor": client.get(edit).get_data(as_text=True)}
    token = session_csrf(client)
    stale = edits.read_current(folder)[1]
    form = {**edits.form_values(load_webinar(folder)), "version": [stale], "csrf_token": [token]}
    bad = {**form, "chapters.capa-cite.start": ["6'99"], "chapters.ouverture.title": [""]}
    answer = client.post(edit, data=bad)
    assert answer.status_code == 422
    pages["editor-errors"] = answer.get_data(as_text=True)
    listing = {"version": stale, "csrf_token": token, "liste": "0:00 A\n0:05 B\n9'99 C", "action": "apercu"}
    pages["editor-preview"] = client.post(edit + "/liste", data=listing).get_data(as_text=True)
    assert client.post(edit, data={**form, "chapters.capa-cite.start": ["25:00"]}).status_code == 303
    answer = client.post(edit, data={**form, "chapters.capa-cite.start": ["25:30"]})
    assert answer.status_code == 409
    pages["editor-conflict"] = answer.get_data(as_text=True)
    return pages


def test_editor_pages_are_valid_html(editor_site, tmp_path: Path):
    url, folder = editor_site
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder.parent)})
    files = []
    for name, html in _editor_pages(app, folder).items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    errors = html_errors(files)
    assert errors == [], "\n".join(errors)


def test_editor_has_no_accessibility_violations(browser, editor_site):
    from tests.support.browser import AXE

    url, folder = editor_site
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)  # axe goes in inline
    try:
        page = context.new_page()
        page.goto(f"{url}/w/{WID}/modifier")
        page.fill("#connexion-email", EMAIL)
        page.fill("#connexion-mot-de-passe", PASSWORD)
        page.click("button.login-submit")
        page.wait_for_url(f"{url}/w/{WID}/modifier")
        for state in ("opened", "errors"):
            if state == "errors":
                page.fill('input[name="chapters.capa-cite.start"]', "6'99")
                page.locator("form#ed-form button[type=submit]").first.click()
                page.wait_for_selector("#ed-problems")
            wait_js(page, "!document.getElementById('bar').hidden")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("() => axe.run(document).then((r) => r.violations)")
            assert violations == [], (state, [
                (v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations
            ])
    finally:
        context.close()


def test_a_start_the_slides_propose_is_taken_with_one_click(browser, editor_site):
    """Issue 17, item 4: "Diapositive à 7:12 : utiliser ce temps" sets the start and seeks there."""
    url, folder = editor_site
    media = folder / "media"
    # the stand-in's captions announce Florence Oulès at 6:07; her title slide shows at 6:10
    add_slides(media, load_webinar(folder).recording.src, [(0, 370), (370, 1500)],
               ["Ouverture", "Relocalisations industrielles et sous-traitants inclusifs"])  # fmt: skip
    context, page, log = _signed_in_editor(browser, url)
    row = page.locator('fieldset.ed-chapter[data-chapter="relocalisations"]')
    proposal = row.locator(".ed-proposal")
    expect(proposal).to_contain_text(
        "Florence Oulès annoncé à 6:07, diapositive à 6:10 (+5 s, selon l'enregistrement)"
    )
    row.get_by_role("button", name="utiliser ce temps").click()
    expect(row.locator("input[data-start]")).to_have_value("6:10")
    wait_js(page, "Math.abs(document.querySelector('video').currentTime - 370) < 0.5")
    assert not log.errors()
    context.close()
