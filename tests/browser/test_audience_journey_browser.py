"""The whole audience measure in Chromium, as the issue tells it: viewers play different
chapters at 16x, seek back and leave; one with Global Privacy Control leaves nothing; then an
organiser signs in and the dashboard's chapter table says what they did, its CSV the same; no
cookie was set on the viewers and, once their views are folded, no address or browser name is
in the audience file."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from chapters.audience import AudienceStore
from chapters.audience.store import FILE_NAME
from tests.support.browser import LAPTOP, wait_js
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, make_app
from tests.support.servers import live_app
from tests.support.watch import VIDEO, open_watch
from tests.support.webinar import WID

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
DASHBOARD = f"/w/{WID}/audience"


@pytest.fixture(scope="module")
def site(webinars_root: Path, demo_recording: Path, tmp_path_factory):
    instance = tmp_path_factory.mktemp("journey") / "instance"
    app = make_app(webinars_root, instance)
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        yield url, instance / FILE_NAME


def watch(browser, url: str, gpc: bool = False):
    context = browser.new_context(viewport=LAPTOP, user_agent=CHROME)
    if gpc:
        context.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})")
    page = context.new_page()
    open_watch(page, f"{url}/w/{WID}")
    return context, page


def play_chapter(page, chapter: str, until: float) -> None:
    page.locator(f"a.chapter-link[data-chapter={chapter}]").click()
    wait_js(page, f"!{VIDEO}.paused")
    page.evaluate(f"{VIDEO}.playbackRate = 16")
    wait_js(page, f"{VIDEO}.currentTime >= {until}", timeout=30_000)


def seek_and_play(page, to: float, until: float) -> None:
    page.evaluate(f"{VIDEO}.currentTime = {to}")
    wait_js(page, f"{VIDEO}.currentTime >= {until} && {VIDEO}.currentTime < {until + 60}", timeout=30_000)


def leave(context, page) -> None:
    page.close()  # pagehide: the final beacon
    assert context.cookies() == []
    context.close()


def chapter_rows(page) -> dict[str, list[str]]:
    rows = page.evaluate("""() => [...document.querySelectorAll('[data-table=chapitres] tbody tr')]
        .map(tr => [...tr.children].map(c => c.textContent.trim()))""")
    return {row[0]: row for row in rows}  # by number: 1 opening, 3 Capa'Cité, 5 Régies


def test_the_dashboard_says_what_the_viewers_did(browser, site, webinars_root):
    url, store_path = site
    # A watches the opening (0:00–6:05) past 80 %, then a few seconds of the Régies de quartier
    context, page = watch(browser, url)
    play_chapter(page, "ouverture", 310)
    seek_and_play(page, 3340, 3352)
    leave(context, page)
    # B plays the Régies de quartier, goes back 30 s and plays them again
    context, page = watch(browser, url)
    play_chapter(page, "regies-de-quartier", 3380)
    seek_and_play(page, 3345, 3360)
    leave(context, page)
    # C says "do not sell or share" (GPC): Capa'Cité played, nothing counted
    context, page = watch(browser, url, gpc=True)
    play_chapter(page, "capa-cite", 1480)
    leave(context, page)

    # the organiser's dashboard (the last 30 days: today included)
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{url}/connexion?suivant={DASHBOARD}")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**" + DASHBOARD)
    deadline = time.monotonic() + 10
    while True:  # the last beacons may land just after the pages closed
        rows = chapter_rows(page)
        regies = rows.get("5")
        if (regies and regies[3] == "2" and regies[6] == "1") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
        page.reload()
    opening, capa = rows["1"], rows["3"]
    # columns: N°, Chapitre, Début, Vues, Vues à 80 %, Part à 80 %, Relectures, Ouvertures
    assert opening[3:5] == ["1", "1"] and opening[6] == "0", opening
    assert regies[3:5] == ["2", "0"] and regies[6] == "1", regies
    assert regies[7] == "1"  # B opened it from the list; A got there by a seek
    assert capa[3:5] == ["0", "0"] and capa[7] == "0", capa  # C left nothing
    assert "2 vues" in page.locator("#audience-resume").inner_text()

    # the CSV of the same table says the same
    link = page.locator("[data-table=chapitres]").locator("xpath=../..").get_by_role("link", name="Télécharger en CSV")
    answer = context.request.get(url + link.get_attribute("href"))
    table = list(csv.reader(io.StringIO(answer.text().lstrip("\ufeff")), delimiter=";"))
    assert [row[:2] + row[3:5] for row in table[1:]][4] == ["5", regies[1], "2", "0"]
    context.close()

    # once the views are folded (30 minutes of silence), nothing of a viewer is in the file
    AudienceStore(store_path).fold_silent(time.time() + 3600)
    data = b"".join(p.read_bytes() for p in store_path.parent.glob(FILE_NAME + "*"))
    for trace in (b"127.0.0.1", b"Chrome/120", b"Mozilla"):
        assert trace not in data, trace
