"""The watch page's look in Chromium (issue 7): everything in view at 1366×768, on a 390×844
phone and at 1920×1080, small lazy chapter thumbnails, a dark scheme and reduced motion, 80
chapters still readable, every tab in its column. The timeline is tested in
test_timeline_browser.py, the viewer's flows (spans, history, answers, htmx) in
test_player_flows_browser.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from app import create_app
from tests.support.browser import LAPTOP, PHONE, assert_in_view, box, record, wait_js
from tests.support.many import make_eighty_chapters
from tests.support.servers import live_app
from tests.support.watch import (
    SLIDER,
    TIMEOUT,
    expect_current_chapter,
    open_watch,
    slider_x,
    wait_time,
)
from tests.support.webinar import WID


WIDE = {"width": 1920, "height": 1080}


# ---------- everything in view ----------


def test_laptop_shows_video_chapters_and_current_chapter_without_scrolling(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=24m5s")
    assert page.evaluate("window.scrollY") == 0
    for selector in (
        "#video",  # the whole video
        "#bar",  # its control bar
        "#cote [role=tablist]",  # the tabs: Chapitres, Ce chapitre
        "#chapitres",  # the chapter list's own scrolling column
        "a.chapter-link[data-chapter=ouverture]",
        "a.chapter-link[aria-current=true]",
        "#now .now-title",  # the current chapter's title
        "#now .now-speaker",  # and speaker
        "#now .now-links a",  # the way into its questions and resources
    ):
        assert_in_view(page, selector)
    expect(page.locator("#now .now-title")).to_have_text("Capa'Cité, chantier d'insertion avec GERES Restauration")
    expect(page.locator("#now .now-speaker")).to_contain_text("Cédric Hervé")
    expect(page.locator("#now .now-links a").first).to_have_text("2 questions du public")
    # the list scrolls inside its column, never the page
    overflow = page.evaluate("getComputedStyle(document.getElementById('chapitres')).overflowY")
    assert overflow == "auto"
    assert log.errors() == []


def test_wide_screen_uses_the_room(browser: Browser, live_server):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        video, side = box(page, "#video"), box(page, "#cote")
        assert video["width"] >= 1200, video
        assert video["width"] + side["width"] >= 0.9 * WIDE["width"]
        assert_in_view(page, "#video")
        assert_in_view(page, "#bar")
        # every chapter of the list is in view at once
        for link in page.locator("a.chapter-link").all():
            b = link.bounding_box()
            assert b["y"] + b["height"] <= WIDE["height"], b
    finally:
        context.close()


def test_phone_keeps_the_video_in_view_and_the_controls_on_one_row(phone, live_server):
    page = phone
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    assert_in_view(page, "#video")
    # the visible controls sit on one row, inside the screen's width
    boxes = page.locator(".bar-row > *").evaluate_all(
        """els => els.filter(e => e.offsetParent !== null)
                     .map(e => { const r = e.getBoundingClientRect();
                                 return [e.id || e.className, r.top, r.bottom, r.right]; })"""
    )
    assert len(boxes) >= 6, boxes
    middles = [(top + bottom) / 2 for _, top, bottom, _ in boxes]
    assert max(middles) - min(middles) < 4, boxes
    assert max(right for *_, right in boxes) <= PHONE["width"], boxes
    # icon buttons have French names and tooltips
    for button in page.locator(".bar-row button.icon").all():
        if button.is_visible():
            assert button.get_attribute("aria-label") and button.get_attribute("data-tip")

    # scroll down to the last chapter and tap it: the video is still there, playing it
    link = page.locator("a.chapter-link[data-chapter=france-active]")
    link.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") > 200
    link.tap()
    wait_time(page, 5380, 1.5)
    assert_in_view(page, "#video")
    assert_in_view(page, "#bar")
    expect_current_chapter(page, "france-active")
    assert log.errors() == []

# ---------- thumbnails ----------


def test_thumbnails_in_the_list_are_small_and_lazy(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    thumbs = page.locator("a.chapter-link img.thumb")
    assert thumbs.count() == 7
    for img in thumbs.all():
        assert (img.get_attribute("width"), img.get_attribute("height")) == ("160", "90")
        assert img.get_attribute("loading") == "lazy" and img.get_attribute("alt") == ""
        response = page.request.get(live_server + img.get_attribute("src"))
        assert response.ok and response.headers["content-type"] == "image/jpeg"
        assert len(response.body()) <= 8192
    thumbs.first.scroll_into_view_if_needed()
    wait_js(page, "document.querySelector('a.chapter-link img.thumb').naturalWidth === 160")

# ---------- a look worth choosing ----------


def test_dark_scheme_and_reduced_motion(browser: Browser, live_server):
    def colours(**options):
        context = browser.new_context(viewport=LAPTOP, **options)
        try:
            page = context.new_page()
            open_watch(page, f"{live_server}/w/{WID}")
            return page.evaluate(
                """() => [getComputedStyle(document.documentElement).backgroundColor,
                          getComputedStyle(document.body).color,
                          getComputedStyle(document.querySelector('.rail')).transitionDuration]"""
            )
        finally:
            context.close()

    def luminance(css: str) -> float:
        r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    light_bg, light_ink, motion = colours(color_scheme="light")
    dark_bg, dark_ink, still = colours(color_scheme="dark", reduced_motion="reduce")
    assert luminance(light_bg) > 0.8 and luminance(light_ink) < 0.2
    assert luminance(dark_bg) < 0.1 and luminance(dark_ink) > 0.8
    assert motion != "0s" and still == "0s"

# ---------- a webinar of 80 chapters ----------


@pytest.fixture(scope="module")
def eighty_chapters(tmp_path_factory):
    """A webinar of 80 chapters over 20 minutes, some only 3 s apart; served on its own."""
    folder = tmp_path_factory.mktemp("eighty") / "webinars"
    starts, duration = make_eighty_chapters(folder)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": "quatre-vingts"})
    with live_app(app) as url:
        yield url, starts, duration


def test_eighty_chapters_stay_readable(laptop, eighty_chapters):
    base, starts, duration = eighty_chapters
    page = laptop
    log = record(page)
    open_watch(page, f"{base}/w/quatre-vingts")
    gaps = page.locator("#gaps .gap").evaluate_all(
        "gs => gs.map(g => g.getBoundingClientRect().left)"
    )
    assert 20 <= len(gaps) < 80, len(gaps)  # close starts share one gap
    assert min(b - a for a, b in zip(gaps, gaps[1:])) >= 6, "gaps closer than 6 px"
    # the list scrolls inside its column; the page does not
    assert page.evaluate("document.getElementById('chapitres').scrollHeight > document.getElementById('chapitres').clientHeight")
    assert_in_view(page, "#cote")
    # titles on hover: the chapter under the pointer, even in a cluster
    for index in (0, 4, 37, 79):
        middle = (starts[index] + (starts[index + 1] if index < 79 else duration)) / 2
        page.mouse.move(*slider_x(page, middle, duration))
        expect(page.locator("#tip-title")).to_have_text(f"Sujet numéro {index + 1}")
    # playing into a chapter far down the list brings it into the list's view
    page.locator(SLIDER).focus()
    page.keyboard.press("End")
    expect_current_chapter(page, "c80")
    page.mouse.move(5, 5)
    wait_js(page, """(() => { const l = document.querySelector('a[data-chapter=c80]').getBoundingClientRect();
                              const c = document.getElementById('chapitres').getBoundingClientRect();
                              return l.top >= c.top && l.bottom <= c.bottom; })()""")
    assert log.errors() == []


# ---------- narrow windows, every tab in its column ----------


def test_narrow_window_with_a_mouse_keeps_the_bar_on_one_row(browser: Browser, live_server):
    context = browser.new_context(viewport=PHONE)  # no touch: a mouse, as in a narrow desktop window
    try:
        page = context.new_page()
        open_watch(page, f"{live_server}/w/{WID}")
        rights = page.locator(".bar-row > *").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().right)"
        )
        assert max(rights) <= PHONE["width"], rights
        expect(page.get_by_role("button", name="Couper le son")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_all_tabs_fit_their_column(browser: Browser, live_server, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        open_watch(page, f"{live_server}/w/{WID}")
        names = page.get_by_role("tab").all_inner_texts()
        assert len(names) >= 3
        expect(page.get_by_role("tab", name="Rechercher")).to_be_visible()
        widths = page.evaluate("(() => { const t = document.querySelector('.tabs'); return [t.scrollWidth, t.clientWidth]; })()")
        assert widths[0] <= widths[1], f"the tabs overflow their column: {widths}"
        # a long panel (search results) never squeezes the tabs
        height = box(page, ".tabs")["height"]
        page.get_by_role("tab", name="Rechercher").click()
        page.locator("#search-q").click()
        page.locator("#search-q").press_sequentially("regie", delay=20)
        expect(page.locator("#search-results mark").first).to_be_visible(timeout=TIMEOUT)
        assert box(page, ".tabs")["height"] == pytest.approx(height, abs=1)
    finally:
        context.close()
