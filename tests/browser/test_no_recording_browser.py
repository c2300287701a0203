"""A webinar without a recording yet (just imported), in Chromium: its chapters, speakers,
questions and resources with "L'enregistrement n'est pas encore disponible" in place of the
player, and not one request that fails nor one error, on the watch page, a chapter's page, the
embeddable player and the editor; a signed-in organiser is shown the way to add one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app import create_app
from tests.support.browser import LAPTOP, record, wait_js
from tests.support.organisers import add_organiser
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.webinar import WID

EMAIL, PASSWORD = "orga@example.org", "un mot de passe assez long"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1920, "height": 1080}
MISSING = "L'enregistrement n'est pas encore disponible."


@pytest.fixture
def bare_site(tmp_path: Path):
    """The built-in webinar as committed: no media/ folder, no recording yet."""
    root = tmp_path / "webinars"
    shutil.copytree(ROOT / "webinars", root, ignore=shutil.ignore_patterns("media", ".*"))
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)},
                     instance_path=str(tmp_path / "instance"))
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        yield url


def watched(page):
    """Every failed answer (status ≥ 400) and failed request of ``page``, as it happens."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"échec {r.url} {r.failure}"))
    return failed


def test_a_webinar_without_a_recording_requests_nothing_that_fails(browser, bare_site, tmp_path):
    url = bare_site
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log, failed = record(page), watched(page)

    page.goto(f"{url}/w/{WID}?t=24m5s", wait_until="networkidle")
    expect(page.locator(".no-recording")).to_have_text(MISSING)
    assert page.locator("video").count() == 0 and page.locator("#bar").count() == 0
    # the stand-in's label belongs to the stand-in only
    assert "démonstration" not in page.locator("main").inner_text()
    # the webinar is all there: chapters (the one asked for current), speakers, the panel
    assert page.locator("a.chapter-link").count() == 7
    expect(page.locator("a.chapter-link[aria-current=true]")).to_have_attribute("data-chapter", "capa-cite")
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    page.screenshot(path=str(tmp_path / "sans-enregistrement-1366.png"), full_page=True)

    # a chapter link shows its chapter in place, and the address follows
    page.evaluate("() => { window.samePage = true; }")
    page.get_by_role("tab", name="Chapitres").click()
    page.locator("a.chapter-link[data-chapter=france-active]").click()
    expect(page.locator("#panel")).to_contain_text("Jonathan Leveugle")
    wait_js(page, "location.search === '?t=1h29m40s' || location.search === '?t=5380'")
    page.go_back()
    expect(page.locator("a.chapter-link[aria-current=true]")).to_have_attribute("data-chapter", "capa-cite")
    # Back brings the chapter's panel back too (fetched: let it land before leaving the page)
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    expect(page.locator("#panel")).not_to_contain_text("Jonathan Leveugle")
    assert page.evaluate("() => window.samePage === true"), "the chapter link reloaded the page"
    # resources are plain text where no address was given, with no remark for organisers
    page.goto(f"{url}/w/{WID}/ressources", wait_until="networkidle")
    assert "non fourni" not in page.locator("main").inner_text()

    for size, name in ((PHONE, "390"), (WIDE, "1920")):
        page.set_viewport_size(size)
        page.goto(f"{url}/w/{WID}/chapitres/regies-de-quartier", wait_until="networkidle")
        expect(page.locator(".no-recording")).to_have_text(MISSING)
        expect(page.locator("#panel")).to_contain_text("Tarek Daher")
        page.screenshot(path=str(tmp_path / f"sans-enregistrement-{name}.png"), full_page=True)
    page.set_viewport_size({"width": 800, "height": 450})
    page.goto(f"{url}/w/{WID}/integrer", wait_until="networkidle")
    expect(page.locator(".no-recording")).to_have_text(MISSING)
    # no way to add one for viewers
    assert page.locator(f"a[href='/w/{WID}/enregistrement']").count() == 0

    assert failed == [] and log.errors() == []
    assert not [u for u in log.requests if "/media/" in u]
    context.close()


def test_the_organiser_is_shown_the_way_to_add_a_recording(browser, bare_site, tmp_path):
    url = bare_site
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log, failed = record(page), watched(page)
    page.goto(f"{url}/connexion")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")

    answer = page.goto(f"{url}/w/{WID}", wait_until="networkidle")
    assert "private" in answer.headers["cache-control"]
    link = page.get_by_role("link", name="Choisir l'enregistrement")
    expect(link).to_have_attribute("href", f"/w/{WID}/enregistrement")
    page.screenshot(path=str(tmp_path / "sans-enregistrement-organisateur.png"), full_page=True)
    # the editor: the same empty state, the form all there
    page.goto(f"{url}/w/{WID}/modifier", wait_until="networkidle")
    expect(page.locator(".no-recording")).to_have_text(MISSING)
    expect(page.get_by_label("Organisation").nth(4)).to_have_value("CNLRQ")
    link.page.goto(f"{url}/w/{WID}", wait_until="networkidle")
    page.get_by_role("link", name="Choisir l'enregistrement").click()
    page.wait_for_url(f"{url}/w/{WID}/enregistrement")
    assert failed == [] and log.errors() == []
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE, WIDE], ids=["1366", "390", "1920"])
def test_the_missing_recording_keeps_the_player_s_shape(browser, bare_site, viewport):
    """In place of the player, a box of the player's own shape (16:9, as large as the video would
    be) with its message in the middle: the page keeps its layout, no strip with blank under it."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{bare_site}/w/{WID}", wait_until="networkidle")
    box = page.locator(".recording-missing-box").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.03, box
    assert box["width"] >= 0.55 * viewport["width"], box
    message = page.locator(".no-recording").bounding_box()
    middle = message["y"] + message["height"] / 2
    assert box["y"] + 0.2 * box["height"] < middle < box["y"] + 0.6 * box["height"], (message, box)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


@pytest.mark.parametrize("width,height", [(560, 315), (800, 450)])
def test_the_embed_shows_the_whole_message_in_a_small_frame(browser, bare_site, width, height):
    """In a small frame the box keeps its message whole: it never gets shorter than its text."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{bare_site}/w/{WID}/integrer", wait_until="networkidle")
    box = page.locator(".recording-missing-box").bounding_box()
    for line in (".no-recording", ".recording-missing-more"):
        inside = page.locator(line).bounding_box()
        assert box["y"] <= inside["y"] and inside["y"] + inside["height"] <= box["y"] + box["height"], (
            line, inside, box)
    assert page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]") \
        == [width, height]
    context.close()
