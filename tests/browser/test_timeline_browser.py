"""The watch page's one control bar in Chromium (issue 7): one time slider, no native controls
(they stay without JavaScript), its keys and spoken value, its tooltip, seeking with a mouse and
a finger, the bar's buttons.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import LAPTOP, box, record, wait_js
from tests.support.watch import (
    SLIDER,
    TIMEOUT,
    VIDEO,
    current_time,
    expect_current_chapter,
    focus_body,
    open_watch,
    pause_at,
    slider_x,
    wait_time,
)
from tests.support.webinar import WID


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


@pytest.mark.parametrize("width", [1024, 1366])
def test_a_narrow_bar_gives_the_volume_slider_s_room_to_the_chapter(
    browser: Browser, live_server, width
):
    """Where the player's column is narrow (1024×768: 636 px), the volume slider stays folded
    behind the mute button, opening under the pointer or the keyboard's focus, and the chapter's
    title in the bar gets its room; a wider bar (1366×768) shows the slider all along, and the
    fold follows the window."""
    context = browser.new_context(viewport={"width": width, "height": 768})
    page = context.new_page()
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        slider = page.get_by_role("slider", name="Volume")
        if width == 1366:
            expect(slider).to_be_visible()
            page.set_viewport_size({"width": 1024, "height": 768})
            expect(slider).to_be_hidden()
            return
        expect(slider).to_be_hidden()
        assert box(page, "#chapter-button")["width"] >= 140  # "Ouverture : le …", not "Ouve…"
        page.get_by_role("button", name="Couper le son").hover()
        expect(slider).to_be_visible()
        page.mouse.move(5, 5)
        expect(slider).to_be_hidden()
        # from the keyboard: the mute button's focus opens it, and the slider itself keeps it open
        page.get_by_role("button", name="Couper le son").focus()
        expect(slider).to_be_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "volume"
        page.keyboard.press("ArrowLeft")
        wait_js(page, f"{VIDEO}.volume < 1", timeout=TIMEOUT)
    finally:
        context.close()
