"""Organisers in Chromium: sign in, upload a handout, read its warnings, open the recording
page, start a job against the local HTTP server and watch the polled fragment reach "Terminé".
The pages are checked by the Nu Html Checker and axe-core along the way; screenshots at
1366×768 and 390×844 go to the test's temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app import create_app
from tests.support.browser import AXE, LAPTOP, html_errors, record
from tests.support.handouts import june_programme
from tests.support.organisers import add_organiser
from tests.support.paths import ROOT
from tests.support.servers import live_app

EMAIL, PASSWORD = "orga@example.org", "un mot de passe assez long"
PHONE = {"width": 390, "height": 844}
NEW = "2021-06-08"


@pytest.fixture
def organiser_site(tmp_path: Path):
    root = tmp_path / "webinars"
    shutil.copytree(ROOT / "webinars", root, ignore=shutil.ignore_patterns("media"))
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)},
                     instance_path=str(tmp_path / "instance"))
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        try:
            yield url, root
        finally:
            from player.organisers import jobs

            jobs.cancel(app.instance_path, NEW)


def vnu_errors(pages: dict[str, str], folder: Path) -> list[str]:
    files = []
    for name, html in pages.items():
        files.append(folder / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    return html_errors(files)


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document)")
    assert results["passes"]
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in results["violations"]]


def test_upload_a_handout_then_set_its_recording_in_a_background_job(
    browser, organiser_site, http_fixture, tmp_path
):
    url, root = organiser_site
    # bypass_csp only so that axe-core can be injected; the app's own pages load no inline script
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)
    page = context.new_page()
    log = record(page)
    html = {}

    page.goto(url + "/nouveau")
    assert "/connexion" in page.url
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(url + "/nouveau")
    expect(page.get_by_role("heading", name="Nouveau webinaire")).to_be_visible()
    html["upload"] = context.request.get(url + "/nouveau").text()
    page.screenshot(path=str(tmp_path / "upload-1366.png"), full_page=True)
    assert axe_violations(page) == []

    page.get_by_label("Programme (.docx, .txt ou .md, 5 Mo au plus)").set_input_files(
        {"name": "programme juin.txt", "mimeType": "text/plain", "buffer": june_programme()})
    page.get_by_role("button", name="Importer le programme").click()
    expect(page.get_by_role("status")).to_contain_text(f"Webinaire « {NEW} » créé")
    warnings = page.locator(".org-warnings li")
    expect(warnings.filter(has_text="réponse de Nicolas Flescourt rattachée à Nicolas Fescourt")).to_have_count(1)
    assert warnings.count() >= 5
    assert (root / NEW / "webinar.yaml").is_file()
    html["created"] = page.content()
    page.screenshot(path=str(tmp_path / "created-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(tmp_path / "created-390.png"), full_page=True)
    page.set_viewport_size(LAPTOP)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Choisir son enregistrement").click()
    page.wait_for_url(f"{url}/w/{NEW}/enregistrement")
    expect(page.get_by_text("Aucune tâche lancée pour ce webinaire.")).to_be_visible()
    page.get_by_label("Adresse de l'enregistrement").fill(http_fixture.url("webinaire.html"))
    page.get_by_label("Lecture").select_option("download")
    page.get_by_role("button", name="Utiliser cet enregistrement").click()
    page.wait_for_url(f"{url}/w/{NEW}/enregistrement")
    job = page.locator("#tache")
    expect(job).to_contain_text("Adresse : " + http_fixture.url("webinaire.html"))
    page.evaluate("() => { window.sameDocument = true; }")
    if "En cours" in job.inner_text():  # the usual case: the download and thumbnails take seconds
        expect(job.get_by_role("status")).to_contain_text("En cours")
        html["running"] = page.content()
        page.screenshot(path=str(tmp_path / "running-1366.png"), full_page=True)
    # htmx polls the fragment and swaps it in place until the job is done
    expect(job.get_by_role("status")).to_contain_text("Terminé", timeout=90_000)
    assert page.evaluate("() => window.sameDocument === true"), "the page was reloaded"
    expect(job.get_by_role("link", name="Voir la page du webinaire")).to_have_attribute("href", f"/w/{NEW}")
    assert job.get_attribute("data-hx-trigger") is None
    html["done"] = context.request.get(f"{url}/w/{NEW}/enregistrement").text()
    page.screenshot(path=str(tmp_path / "done-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(tmp_path / "done-390.png"), full_page=True)
    assert axe_violations(page) == []

    assert vnu_errors(html, tmp_path) == []
    assert log.errors() == []
    context.close()
