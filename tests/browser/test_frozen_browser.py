"""The static export in Chromium: the site frozen from the session copy of ``webinars/``
(``flask --app app freeze``), served by ``scripts/serve-static`` (``http.server`` with the Range
requests every static host answers) with no Python of the app, and the watch page's behaviour
tried on it: fragments from their ``.html`` files, ``?t=`` and ``#t=`` read by the page's
script, search through the prebuilt index, the pages around, Back and Forward.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app import create_app
from tests.support.browser import record, wait_js
from tests.support.frozen import freeze, serving_export
from tests.support.paths import ROOT
from tests.support.watch import (
    TIMEOUT,
    VIDEO,
    expect_current_chapter,
    open_watch,
    wait_time,
)
from tests.support.webinar import WID

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def frozen_site(webinars_root: Path, demo_recording: Path, tmp_path_factory) -> str:
    """The export, served on 127.0.0.1 (a free port) by a separate process; its base URL."""
    out = tmp_path_factory.mktemp("frozen") / "site"
    freeze(create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)}), out)
    with serving_export(out) as url:
        yield url


@pytest.fixture
def laptop(browser: Browser):
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


def test_page_loads_alone_and_a_chapter_click_swaps_the_panel(laptop, frozen_site):
    page = laptop
    log = record(page)
    open_watch(page, f"{frozen_site}/w/{WID}")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "htmx" in u], "htmx is part of the first load"
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_time(page, 1445, 1.5)
    expect_current_chapter(page, "capa-cite")
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    assert f"{frozen_site}/w/{WID}/fragments/chapitres/capa-cite.html" in log.requests
    assert log.foreign_requests(frozen_site) == []
    assert log.errors() == []


@pytest.mark.parametrize(
    "address, seconds, chapter, span",
    [
        ("?t=24m5s", 1445, "capa-cite", None),
        ("?t=6'05", 365, "relocalisations", None),
        ("?t=1:10:00", 4200, "fleurs-d-halage", None),
        ("?t=365,1445", 365, "relocalisations", "Extrait 6:05 → 24:05"),
        ("#t=1:10:00", 4200, "fleurs-d-halage", None),
        ("#t=365,1445", 365, "relocalisations", "Extrait 6:05 → 24:05"),
    ],
)
def test_deep_links_seek_and_mark_the_chapter_and_the_span(laptop, frozen_site, address, seconds, chapter, span):
    page = laptop
    log = record(page)
    open_watch(page, f"{frozen_site}/w/{WID}{address}")
    wait_time(page, seconds, 1.0)
    expect_current_chapter(page, chapter)
    line = page.locator("#span-line")
    if span:
        expect(line).to_contain_text(span)
        expect(page.locator("#span-mark")).to_be_visible()
    else:
        expect(line).to_be_hidden()
    assert log.errors() == []


def test_a_time_that_cannot_be_read_starts_at_the_beginning_and_says_so(laptop, frozen_site):
    page = laptop
    open_watch(page, f"{frozen_site}/w/{WID}?t=demain")
    expect(page.locator("#hash-notice")).to_contain_text("Le temps « demain » n'a pas pu être lu")
    wait_time(page, 0, 0.5)


def test_chapter_page_plays_its_span_and_keeps_its_address(laptop, frozen_site):
    page = laptop
    open_watch(page, f"{frozen_site}/w/{WID}/chapitres/capa-cite")
    wait_time(page, 1445, 1.0)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    page.wait_for_timeout(300)
    assert page.evaluate("location.pathname").rstrip("/") == f"/w/{WID}/chapitres/capa-cite"


def test_transcript_tab_loads_its_fragment(laptop, frozen_site):
    page = laptop
    log = record(page)
    open_watch(page, f"{frozen_site}/w/{WID}")
    page.get_by_role("tab", name="Transcription").click()
    lines = page.locator("#transcript a[data-seek]")
    expect(lines.first).to_be_visible(timeout=TIMEOUT)
    assert lines.count() > 20
    assert f"{frozen_site}/w/{WID}/fragments/transcription.html" in log.requests
    lines.nth(5).click()
    wait_time(page, float(lines.nth(5).get_attribute("data-seek")), 1.0)
    assert log.errors() == []


def test_search_box_finds_through_the_index_loaded_on_demand(laptop, frozen_site):
    page = laptop
    log = record(page)
    open_watch(page, f"{frozen_site}/w/{WID}")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "recherche.json" in u or "search" in u]
    page.get_by_role("tab", name="Rechercher").click()
    page.locator("#search-q").press_sequentially("regie", delay=20)
    results = page.locator("#search-results")
    expect(results.locator("mark").first).to_be_visible(timeout=TIMEOUT)
    expect(results).to_contain_text("Les régies de quartier face aux besoins sociaux")
    expect(results.locator("#sr-chapitres")).to_contain_text("Chapitres")
    assert [u for u in log.requests if u.endswith(f"/w/{WID}/recherche.json")]
    expect(page.locator("#search-status")).to_contain_text("pour « regie »")
    # every word required, the last one a beginning: "capa cit" finds Capa'Cité
    page.locator("#search-q").fill("capa cit")
    hit = results.locator("#sr-chapitres ~ ol a[data-seek]").first
    expect(hit).to_contain_text("Capa'Cité", timeout=TIMEOUT)
    hit.click()
    wait_time(page, 1445, 1.5)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    page.locator("#search-q").fill("zzzqqq")
    expect(results).to_contain_text("Aucun résultat pour « zzzqqq ».", timeout=TIMEOUT)
    assert log.foreign_requests(frozen_site) == []
    assert log.errors() == []


@pytest.mark.parametrize("path", [f"/w/{WID}/recherche", "/recherche"])
def test_search_pages_answer_the_address_query(laptop, frozen_site, path):
    page = laptop
    log = record(page)
    page.goto(f"{frozen_site}{path}?q=Capa%27Cit%C3%A9")
    results = page.locator("#search-results")
    expect(results.locator("mark").first).to_be_visible(timeout=TIMEOUT)
    expect(results.locator(".search-summary")).to_contain_text("pour « Capa'Cité »")
    expect(results.locator("h2#sr-chapitres")).to_be_visible()
    expect(page.locator("#search-q")).to_have_value("Capa'Cité")
    if path == "/recherche":
        expect(results.locator(".hit-webinar").first).to_contain_text("Webinaire du 4 mai 2021")
    first = results.locator("a").first
    first.click()
    page.wait_for_url(f"{frozen_site}/w/{WID}/?t=*")
    open_watch(page, page.url)
    wait_time(page, 1445, 1.0)
    assert log.errors() == []


def test_pages_around_the_player_open(laptop, frozen_site):
    page = laptop
    log = record(page)
    page.goto(f"{frozen_site}/w/{WID}/intervenants/cedric-herve")
    watch = page.get_by_role("link", name="Regarder son intervention (24:05 – 40:25)")
    expect(watch).to_be_visible()
    watch.click()
    open_watch(page, page.url)
    wait_time(page, 1445, 1.0)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    for path, heading in ((f"/w/{WID}/questions", "Questions"), (f"/w/{WID}/ressources", "Ressources"),
                          (f"/w/{WID}/transcription", "Transcription")):
        page.goto(frozen_site + path)
        expect(page.locator("h1")).to_contain_text(heading)
    assert log.errors() == []


def test_back_and_forward_across_chapters(laptop, frozen_site):
    page = laptop
    log = record(page)
    open_watch(page, f"{frozen_site}/w/{WID}")
    page.evaluate("window.__samePage = true")
    for chapter, seconds in (("relocalisations", 365), ("capa-cite", 1445), ("fleurs-d-halage", 4200)):
        page.locator(f"a.chapter-link[data-chapter={chapter}]").click()
        wait_time(page, seconds, 1.5)
        expect_current_chapter(page, chapter)
    page.go_back()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 1446) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "capa-cite")
    page.go_back()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 366) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "relocalisations")
    page.go_forward()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 1446) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "capa-cite")
    assert page.evaluate("window.__samePage === true"), "Back or Forward reloaded the page"
    assert log.errors() == []


def test_a_webinar_without_a_recording_is_exported_and_requests_nothing_that_fails(
    laptop, tmp_path_factory
):
    """Just imported (no ``media/`` yet): its exported pages open in Chromium with no failed
    request and no error, and say the recording is not there yet."""
    base = tmp_path_factory.mktemp("no-recording")
    shutil.copytree(ROOT / "webinars", base / "webinars", ignore=shutil.ignore_patterns("media", ".*"))
    freeze(create_app({"TESTING": True, "WEBINARS_DIR": str(base / "webinars")}), base / "site")
    with serving_export(base / "site") as url:
        page = laptop
        log = record(page)
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{url}/w/{WID}", wait_until="networkidle")
        expect(page.locator(".no-recording")).to_have_text("L'enregistrement n'est pas encore disponible.")
        page.locator("a.chapter-link[data-chapter=capa-cite]").click()
        expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
        page.wait_for_load_state("networkidle")
        assert failed == [] and log.errors() == []
        assert not [u for u in log.requests if "/media/" in u]
