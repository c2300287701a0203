"""The watch page's second version in Chromium (issue 7): everything in view at 1366×768 and on a
390×844 phone, one control bar with one time slider, spans you can see, history that follows the
viewer, answers that lead into the recording, chapter thumbnails, a look of its own.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from tests.support.browser import record, wait_js
from tests.support.many import make_eighty_chapters
from tests.support.servers import live_app
from tests.support.watch import (
    TIMEOUT,
    VIDEO,
    current_time,
    expect_current_chapter,
    focus_body,
    open_watch,
    pause_at,
    wait_time,
)
from tests.support.webinar import WID

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1920, "height": 1080}
SLIDER = "#scrubber"


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def assert_in_view(page: Page, selector: str) -> None:
    """The element's whole bounding box is inside the viewport (no scrolling needed)."""
    b, view = box(page, selector), page.viewport_size
    assert b["width"] > 0 and b["height"] > 0, (selector, b)
    assert b["x"] >= -0.5 and b["y"] >= -0.5, (selector, b)
    assert b["x"] + b["width"] <= view["width"] + 0.5, (selector, b, view)
    assert b["y"] + b["height"] <= view["height"] + 0.5, (selector, b, view)


def slider_x(page: Page, seconds: float, duration: float = 6300) -> tuple[float, float]:
    """The point of the scrubber that stands for a time."""
    b = box(page, SLIDER)
    return b["x"] + b["width"] * seconds / duration, b["y"] + b["height"] / 2


# ---------- 1. everything in view ----------


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


# ---------- 2. one timeline ----------


def test_one_time_slider_and_no_native_controls(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    assert page.locator("[role=slider]").count() == 1
    expect(page.get_by_role("slider", name="Position dans l'enregistrement")).to_have_count(1)
    assert page.evaluate(f"{VIDEO}.controls") is False
    assert page.evaluate(f"{VIDEO}.hasAttribute('controls')") is False
    # chapter segments: a gap at each chapter start but the first
    assert page.locator("#gaps .gap").count() == 6


def test_native_controls_stay_without_javascript(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/w/{WID}")
        assert page.locator("#video").get_attribute("controls") is not None
        expect(page.locator("#bar")).to_be_hidden()
        # both side panels simply follow each other, with their headings
        expect(page.locator("#chapitres-titre")).to_be_visible()
        expect(page.locator("#chapitre-titre")).to_be_visible()
        assert page.locator("[role=tab]").count() == 0
    finally:
        context.close()


def test_slider_keys_and_spoken_value(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1000)
    entries = page.evaluate("history.length")
    slider = page.locator(SLIDER)
    slider.focus()
    expect(slider).to_have_attribute(
        "aria-valuetext",
        "16 minutes 40 secondes sur 1 heure 45 minutes, Relocalisations industrielles et sous-traitants inclusifs",
    )
    expect(slider).to_have_attribute("aria-valuenow", "1000")

    page.keyboard.press("ArrowRight")
    wait_time(page, 1005, 0.05)  # once: the page's own arrow keys do not move it again
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^16 minutes 45 secondes sur"))
    page.keyboard.press("ArrowLeft")
    wait_time(page, 1000, 0.05)
    page.keyboard.press("ArrowUp")
    wait_time(page, 1005, 0.05)
    page.keyboard.press("ArrowDown")
    wait_time(page, 1000, 0.05)

    page.keyboard.press("PageUp")  # next chapter
    wait_time(page, 1445, 0.05)
    expect(slider).to_have_attribute(
        "aria-valuetext",
        "24 minutes 5 secondes sur 1 heure 45 minutes, Capa'Cité, chantier d'insertion avec GERES Restauration",
    )
    expect_current_chapter(page, "capa-cite")
    page.keyboard.press("PageDown")  # previous chapter
    wait_time(page, 365, 0.05)
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^6 minutes 5 secondes sur"))
    page.keyboard.press("End")
    wait_time(page, 6300, 0.5)
    page.keyboard.press("Home")
    wait_time(page, 0, 0.05)
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^0 seconde sur 1 heure 45 minutes, Ouverture"))
    # keyboard seeks replace the address, they add no history entry
    assert page.evaluate("history.length") == entries
    assert page.evaluate("location.search") == "?t=0s"
    assert log.errors() == []


def test_slider_is_not_announced_during_playback(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1000)
    page.locator(SLIDER).focus()
    expect(page.locator(SLIDER)).to_have_attribute("aria-valuenow", "1000")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.currentTime > 1002", timeout=TIMEOUT)
    assert page.locator(SLIDER).get_attribute("aria-valuenow") == "1000"
    played = page.evaluate("document.getElementById('played').style.width")
    assert float(played.rstrip("%")) > 100 * 1001 / 6300  # the bar itself moves
    page.evaluate(f"{VIDEO}.pause()")
    wait_js(page, "document.getElementById('scrubber').getAttribute('aria-valuenow') !== '1000'")


def test_tooltip_on_hover_and_keyboard_focus(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 10)
    tip = page.locator("#scrub-tip")
    expect(tip).to_be_hidden()

    page.mouse.move(*slider_x(page, 2000))
    expect(tip).to_be_visible()
    expect(page.locator("#tip-title")).to_have_text("Capa'Cité, chantier d'insertion avec GERES Restauration")
    expect(page.locator("#tip-time")).to_have_text(re.compile(r"^3[23]:\d\d$"))
    thumb = page.locator("#scrub-tip img")
    expect(thumb).to_be_visible()
    assert thumb.get_attribute("src").endswith("/media/thumbs/1445000.jpg")
    page.mouse.move(*slider_x(page, 4500))
    expect(page.locator("#tip-title")).to_have_text("Fleurs d'Halage : diversifier les activités d'un chantier")
    assert current_time(page) == pytest.approx(10, abs=0.05), "hovering must not seek"
    page.mouse.move(5, 5)
    expect(tip).to_be_hidden()

    # keyboard focus shows it too, at the current time
    focus_body(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "scrubber":
            break
    assert page.evaluate("document.activeElement.id") == "scrubber", "Tab never reached the slider"
    expect(tip).to_be_visible()
    expect(page.locator("#tip-time")).to_have_text("0:10")
    expect(page.locator("#tip-title")).to_have_text("Ouverture : le programme et les intervenants")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_mouse_on_the_scrubber_seeks_on_release(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 10)
    page.mouse.move(*slider_x(page, 1000))
    page.mouse.down()
    page.mouse.move(*slider_x(page, 3000), steps=5)
    page.wait_for_timeout(200)
    assert current_time(page) == pytest.approx(10, abs=0.05), "dragging must only preview"
    expect(page.locator("#tip-title")).to_have_text("Task force IAE : quels besoins sociaux pour le « monde d'après » ?")
    page.mouse.up()
    wait_time(page, 3000, 6300 / box(page, SLIDER)["width"] * 2)
    expect_current_chapter(page, "besoins-sociaux-iae")


def test_touch_drag_previews_then_seeks_on_release(phone, live_server):
    page = phone
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 10)
    cdp = page.context.new_cdp_session(page)
    x1, y = slider_x(page, 1500)
    x2, _ = slider_x(page, 4500)

    def touch(kind: str, x: float | None = None) -> None:
        points = [] if x is None else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", x1)
    page.wait_for_timeout(150)
    assert current_time(page) == pytest.approx(10, abs=0.05), "the first touch must not seek"
    expect(page.locator("#scrub-tip")).to_be_visible()
    expect(page.locator("#tip-title")).to_have_text("Capa'Cité, chantier d'insertion avec GERES Restauration")
    for step in range(1, 6):
        touch("touchMove", x1 + (x2 - x1) * step / 5)
        page.wait_for_timeout(30)
    expect(page.locator("#tip-title")).to_have_text("Fleurs d'Halage : diversifier les activités d'un chantier")
    assert current_time(page) == pytest.approx(10, abs=0.05), "a drag previews, it does not seek"
    touch("touchEnd")
    wait_time(page, 4500, 6300 / box(page, SLIDER)["width"] * 2)
    expect_current_chapter(page, "fleurs-d-halage")


def test_bar_buttons_drive_the_player(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    play = page.get_by_role("button", name="Lecture")
    play.click()
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.get_by_role("button", name="Pause").click()
    wait_js(page, f"{VIDEO}.paused", timeout=TIMEOUT)

    page.get_by_role("button", name="Couper le son").click()
    assert page.evaluate(f"{VIDEO}.muted")
    page.get_by_role("button", name="Rétablir le son").click()
    assert not page.evaluate(f"{VIDEO}.muted")
    page.get_by_role("slider", name="Volume").fill("0.4")
    assert page.evaluate(f"{VIDEO}.volume") == pytest.approx(0.4)

    pause_at(page, 1500)
    expect(page.locator("#time-now")).to_have_text("25:00")
    expect(page.locator("#time-total")).to_have_text("1:45:00")
    expect(page.locator("#chapter-name")).to_have_text("Capa'Cité, chantier d'insertion avec GERES Restauration")

    # the chapter's title in the bar opens the chapter list, on the current chapter
    page.get_by_role("tab", name="Ce chapitre").click()
    expect(page.locator("#chapitres")).to_be_hidden()
    page.locator("#chapter-button").click()
    expect(page.locator("#chapitres")).to_be_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-chapter')") == "capa-cite"

    # full screen holds the whole player, bar included
    page.get_by_role("button", name="Plein écran").click()
    wait_js(page, "document.fullscreenElement && document.fullscreenElement.id === 'lecteur'")
    expect(page.locator("#bar")).to_be_visible()
    expect(page.get_by_role("button", name="Quitter le plein écran")).to_be_visible()
    page.get_by_role("button", name="Quitter le plein écran").click()
    wait_js(page, "!document.fullscreenElement")
    assert log.errors() == []


# ---------- 3. spans you can see ----------


def test_span_is_marked_and_can_be_lifted(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=365,1445")
    line = page.locator("#span-line")
    expect(line).to_be_visible()
    expect(line).to_contain_text("Extrait 6:05 → 24:05")
    expect_current_chapter(page, "relocalisations")
    mark, bar = box(page, "#span-mark"), box(page, SLIDER)
    assert (mark["x"] - bar["x"]) / bar["width"] == pytest.approx(365 / 6300, abs=0.01)
    assert mark["width"] / bar["width"] == pytest.approx((1445 - 365) / 6300, abs=0.01)

    page.get_by_role("button", name="Continuer après l'extrait").click()
    expect(line).to_be_hidden()
    expect(page.locator("#span-mark")).to_be_hidden()
    pause_at(page, 1443)
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.currentTime > 1446", timeout=TIMEOUT)  # no stop at 1445 any more
    assert log.errors() == []


def test_span_stops_then_continue_plays_on(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}?t=365,368")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.paused && {VIDEO}.currentTime > 367", timeout=TIMEOUT)
    assert current_time(page) == pytest.approx(368, abs=0.3)
    expect(page.locator("#span-line")).to_have_class(re.compile(r"\bended\b"))
    page.get_by_role("button", name="Continuer après l'extrait").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 369", timeout=TIMEOUT)
    expect(page.locator("#span-line")).to_be_hidden()


def test_chapter_page_shows_its_span(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}/chapitres/capa-cite")
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    expect(page.locator("#span-mark")).to_be_visible()


@pytest.mark.parametrize(
    "t, chapter", [("24m5s", "capa-cite"), ("24m4s", "relocalisations"), ("1445", "capa-cite")]
)
def test_shared_link_highlights_the_chapter_holding_its_time(browser, live_server, t, chapter):
    """From the first frame: the server marks it, before any script runs."""
    for js in (False, True):
        context = browser.new_context(java_script_enabled=js, viewport=LAPTOP)
        try:
            page = context.new_page()
            page.goto(f"{live_server}/w/{WID}?t={t}", wait_until="commit")
            page.wait_for_selector("a.chapter-link[aria-current=true]", state="attached")
            current = page.locator("a.chapter-link[aria-current=true]")
            assert current.get_attribute("data-chapter") == chapter
            assert page.locator("#now").get_attribute("data-chapter") == chapter
        finally:
            context.close()


# ---------- 4. history ----------


def test_back_and_forward_across_three_chapters(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate("window.__samePage = true")
    start = page.evaluate("history.length")
    for chapter, seconds in (("relocalisations", 365), ("capa-cite", 1445), ("fleurs-d-halage", 4200)):
        page.locator(f"a.chapter-link[data-chapter={chapter}]").click()
        wait_time(page, seconds, 1.5)
        expect_current_chapter(page, chapter)
    assert page.evaluate("history.length") == start + 3

    page.go_back()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 1446) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "capa-cite")
    page.go_back()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 366) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "relocalisations")
    page.go_forward()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 1446) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "capa-cite")
    page.go_forward()
    wait_js(page, f"Math.abs({VIDEO}.currentTime - 4201) < 2.5 && !{VIDEO}.seeking", timeout=TIMEOUT)
    expect_current_chapter(page, "fleurs-d-halage")
    assert page.evaluate("window.__samePage === true"), "Back or Forward reloaded the page"
    assert log.errors() == []


def test_resume_offer_vanishes_once_the_viewer_plays_or_seeks(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")

    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    page.get_by_role("button", name="Lecture").click()
    expect(page.locator("#resume")).to_be_hidden()

    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")
    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_time(page, 1445, 1.5)
    expect(page.locator("#resume")).to_be_hidden()

    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")
    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    focus_body(page)
    page.keyboard.press("l")
    expect(page.locator("#resume")).to_be_hidden()


# ---------- 5. into the recording from everywhere ----------


def test_listen_to_the_answer_from_the_panel(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator("a.chapter-link[data-chapter=relocalisations]").click()
    expect_current_chapter(page, "relocalisations")
    # "1 question du public" in the now card opens the chapter's panel at its questions
    page.locator("#now .now-links a").first.click()
    expect(page.get_by_role("tab", name="Ce chapitre")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#questions-relocalisations")).to_be_in_viewport()
    pause_at(page, 500)  # later in the same chapter: the answer's link goes back to its start
    entries = page.evaluate("history.length")
    listen = page.locator("#panel a.listen").first
    expect(listen).to_contain_text("6:05 – 24:05")
    listen.click()
    wait_time(page, 365, 1.5)
    expect(page.locator("#span-line")).to_contain_text("Extrait 6:05 → 24:05")
    assert page.evaluate("history.length") == entries + 1
    assert page.evaluate("location.search") == "?t=6m5s,24m5s"
    assert log.errors() == []


@pytest.mark.parametrize(
    "path, seconds, chapter",
    [
        (f"/w/{WID}/questions/q2", 1445, "capa-cite"),
        (f"/w/{WID}/questions", 365, "relocalisations"),
        (f"/w/{WID}/intervenants/jonathan-leveugle", 5380, "france-active"),
    ],
)
def test_listen_to_the_answer_from_its_pages(laptop, live_server, path, seconds, chapter):
    page = laptop
    page.goto(live_server + path)
    page.locator("a.listen").first.click()
    page.wait_for_url(re.compile(r"/w/2021-05-04\?t="))
    open_watch(page, page.url)
    wait_time(page, seconds, 1.0)
    expect_current_chapter(page, chapter)
    expect(page.locator("#span-line")).to_be_visible()


def test_speaker_page_leads_to_the_segment(laptop, live_server):
    page = laptop
    page.goto(f"{live_server}/w/{WID}/intervenants/cedric-herve")
    watch = page.get_by_role("link", name="Regarder son intervention (24:05 – 40:25)")
    expect(watch).to_be_visible()
    thumb = page.locator("main img.thumb")
    expect(thumb).to_have_attribute("loading", "lazy")
    watch.click()
    open_watch(page, page.url)
    wait_time(page, 1445, 1.0)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")


# ---------- 6. thumbnails ----------


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


# ---------- 7. htmx where it fits ----------


def test_panel_swap_is_declared_on_the_chapter_links(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    link = page.locator("a.chapter-link[data-chapter=france-active]")
    assert link.get_attribute("data-hx-get") == f"/w/{WID}/fragments/chapitres/france-active.html"
    assert link.get_attribute("data-hx-target") == "#panel"
    assert link.get_attribute("data-hx-swap") == "innerHTML"
    with page.expect_request(f"{live_server}/w/{WID}/fragments/chapitres/france-active.html") as request:
        link.click()
    assert request.value.headers.get("hx-request") == "true"
    expect_current_chapter(page, "france-active")
    # the module files, each one concern, loaded as modules
    modules = page.evaluate(
        "[...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href.split('/').pop())"
    )
    for name in ("main.js", "time.js", "adapter.js", "controlbar.js", "chapters.js", "keyboard.js",
                 "resume.js", "history.js"):
        assert name in modules
    # what waits for its first use is not preloaded
    for name in ("share.js", "slides.js", "transcript.js", "search.js", "discussion.js"):
        assert name not in modules


def test_tabs_follow_the_keyboard(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    chapters_tab = page.get_by_role("tab", name=re.compile("^Chapitres"))
    next_tab = page.get_by_role("tab", name="Diapositives")  # the stand-in's slides, beside
    expect(chapters_tab).to_have_attribute("aria-selected", "true")
    chapters_tab.focus()
    page.keyboard.press("ArrowRight")
    expect(next_tab).to_be_focused()
    expect(next_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#diapositives")).to_be_visible()
    expect(page.locator("#chapitres")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(chapters_tab).to_be_focused()
    expect(page.locator("#chapitres")).to_be_visible()


# ---------- 8. a look worth choosing ----------


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



def test_chapter_page_keeps_its_address_until_the_viewer_moves(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}/chapitres/capa-cite")
    wait_time(page, 1445)
    page.wait_for_timeout(300)
    assert page.evaluate("location.pathname") == f"/w/{WID}/chapitres/capa-cite"
    page.locator(SLIDER).focus()
    page.keyboard.press("ArrowRight")
    wait_time(page, 1450, 0.05)
    # moved inside its span: the span stays, and so does the address that asked for it
    page.wait_for_timeout(300)
    assert page.evaluate("location.pathname + location.search") == f"/w/{WID}/chapitres/capa-cite"
    # lifted: a plain start, where the viewer is
    page.get_by_role("button", name="Continuer après l'extrait").click()
    wait_js(page, "location.pathname + location.search === '/w/2021-05-04?t=24m10s'")


def test_htmx_waits_until_a_fragment_is_needed(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "htmx" in u], "htmx is part of the first load"
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    expect_current_chapter(page, "capa-cite")
    assert [u for u in log.requests if "/vendor/htmx-" in u]


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


def test_jumping_past_a_span_plays_on_from_there(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=365,1445")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    page.locator("a.chapter-link[data-chapter=fleurs-d-halage]").click()
    wait_js(page, f"{VIDEO}.currentTime > 4200.5 && !{VIDEO}.paused", timeout=TIMEOUT)
    expect(page.locator("#span-line")).to_be_hidden()
    expect(page.locator("#span-mark")).to_be_hidden()
    assert log.errors() == []


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
