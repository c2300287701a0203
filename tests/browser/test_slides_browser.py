"""The "Diapositives" tab in Chromium (issue 17, item 3): the slides come when the tab opens,
the one on screen is marked and kept in view inside the tab, a slide's link seeks in place, and
the arrow keys flip through them with the recording following. Served on its own: a ten-minute
webinar with the generated stand-in and five slides of our own."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from chapters.model import Chapter, Speaker, Webinar
from chapters.store import save_webinar
from player.media.demo import make_demo_recording
from tests.support.browser import record, wait_js
from tests.support.servers import live_app
from tests.support.slides import add_slides
from tests.support.watch import TIMEOUT, VIDEO, open_watch, pause_at, wait_time

WID = "diapos"
SPANS = [(0.0, 60.0), (60.0, 200.0), (200.0, 330.0), (330.0, 470.0), (470.0, 600.0)]
TEXTS = ["Ouverture", "Relocalisations industrielles", "Le CQP", "Les chantiers", "Questions"]
LINKS = "#slides a.slide-link"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diapos") / "webinars"
    webinar = Webinar(
        id=WID, title="Dix minutes de diapositives", date="2024-03-01",
        speakers=[Speaker(id="a", name="Alice Martin"), Speaker(id="b", name="Bruno Petit")],
        chapters=[Chapter(id="c1", start=0, title="Ouverture", speakers=["a"]),
                  Chapter(id="c2", start=300, title="La suite", speakers=["b"])],
    )  # fmt: skip
    webinar.recording.duration = 600
    save_webinar(webinar, folder / WID)
    recording = folder / WID / "media" / "demo.mp4"
    make_demo_recording(webinar, recording)
    add_slides(recording.parent, recording.name, SPANS, TEXTS)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder)})
    with live_app(app) as url:
        yield url


def open_slides(page: Page, url: str) -> None:
    open_watch(page, url)
    page.get_by_role("tab", name="Diapositives").click()
    expect(page.locator(LINKS)).to_have_count(len(SPANS), timeout=TIMEOUT)


def current(page: Page):
    return page.locator(f"{LINKS}[aria-current=true]")


def in_view_of_tab(page: Page, n: int) -> bool:
    return page.evaluate(
        """(n) => { const a = document.querySelectorAll('#slides a.slide-link')[n];
        const box = document.getElementById('diapositives').getBoundingClientRect(), r = a.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }""",
        n,
    )


@pytest.mark.parametrize("size", [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}])
def test_the_slide_on_screen_is_marked_and_in_view(browser: Browser, site: str, size):
    page = browser.new_page(viewport=size)
    log = record(page)
    open_slides(page, f"{site}/w/{WID}?t=500")
    expect(current(page)).to_have_attribute("id", "diapo-5")
    assert in_view_of_tab(page, 4)
    assert page.evaluate("scrollY") == 0  # the tab scrolled, never the page
    pause_at(page, 210)
    expect(current(page)).to_have_attribute("id", "diapo-3")
    assert in_view_of_tab(page, 2)
    assert not log.errors()
    page.close()


def test_a_slide_link_seeks_in_place_and_the_arrows_flip(browser: Browser, site: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log = record(page)
    open_slides(page, f"{site}/w/{WID}")
    page.evaluate("window.__samePage = true")
    page.locator(LINKS).nth(3).click()
    wait_js(page, f"{VIDEO}.currentTime >= 330 && {VIDEO}.currentTime < 360 && !{VIDEO}.seeking")
    expect(page).to_have_url(f"{site}/w/{WID}?t=5m30s")  # the address says where
    assert page.evaluate("window.__samePage === true")  # and the page stayed
    expect(current(page)).to_have_attribute("id", "diapo-4")
    assert not page.evaluate(f"{VIDEO}.paused")  # a click plays from there, as a chapter's link
    page.evaluate(f"{VIDEO}.pause()")
    page.keyboard.press("ArrowRight")
    expect(page.locator(LINKS).nth(4)).to_be_focused()
    wait_time(page, 470)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(LINKS).nth(2)).to_be_focused()
    wait_time(page, 200)
    page.keyboard.press("Home")
    expect(page.locator(LINKS).nth(0)).to_be_focused()
    wait_time(page, 0)
    page.keyboard.press("End")
    wait_time(page, 470)
    expect(current(page)).to_have_attribute("id", "diapo-5")
    assert page.evaluate(f"{VIDEO}.paused")  # flipping moves the recording, it does not play it
    assert not log.errors()
    page.close()


def test_without_javascript_the_tab_leads_to_the_slide_page(browser: Browser, site: str):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{site}/w/{WID}")
    page.get_by_role("link", name="Voir les diapositives").click()
    expect(page.locator("a.slide-link")).to_have_count(len(SPANS))
    page.locator("a.slide-link").nth(2).click()
    expect(page).to_have_url(f"{site}/w/{WID}?t=3m20s")
    context.close()


@pytest.mark.parametrize("width,height,columns", [(1920, 1080, 5), (1366, 768, 5), (390, 844, 1)])
def test_the_slide_page_uses_a_wide_window(browser: Browser, live_server: str, width, height, columns):
    """The gallery takes the window's width (five columns at 1366 and 1920 px, where a text column held
    three); its lead paragraph keeps the other pages' line length."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/w/2021-05-04/diapositives")  # its 20 slides
        tops = page.locator(".slide-list > li").evaluate_all(
            "items => items.map(li => Math.round(li.getBoundingClientRect().top))")
        assert len(tops) > columns and tops.count(tops[0]) == columns, tops
        assert page.locator(".slides-lead").bounding_box()["width"] <= 50 * 16 + 0.5
    finally:
        context.close()
