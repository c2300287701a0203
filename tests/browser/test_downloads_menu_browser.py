"""The "Télécharger" menu in Chromium (issue 16, item 5): it closes on Esc, on a click outside
and on choosing an item, focus going back to its button; it offers the recording itself when
this site holds it (here the built-in webinar's stand-in); it is a plain <details> without a
script."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from chapters.wording import file_size
from tests.support.browser import LAPTOP, record
from tests.support.watch import menu_script_bound, open_watch
from tests.support.webinar import WID

MENU = "#telecharger"


def is_open(page: Page) -> bool:
    return page.evaluate(f"document.querySelector('{MENU}').open")


def focused_on_button(page: Page) -> bool:
    return page.evaluate(f"document.activeElement === document.querySelector('{MENU} summary')")


def expanded(page: Page) -> bool | None:
    """The button's expanded state as Chromium gives it to assistive technologies."""
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": f"{MENU} summary"})["nodeId"]
        found = session.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        props = {p["name"]: p["value"]["value"] for p in found["nodes"][0].get("properties", [])}
        return props.get("expanded")
    finally:
        session.detach()


def tab_out_of_menu(page: Page) -> list[bool]:
    """Press Tab until the focus leaves the menu (through its links, and the podcast feed's
    address when the webinar has an audio edition); whether the menu was open at each of its
    controls the focus reached."""
    inside = f"document.querySelector('{MENU}').contains(document.activeElement)"
    open_at = []
    for _ in range(30):
        page.keyboard.press("Tab")
        if not page.evaluate(inside):
            return open_at
        open_at.append(is_open(page))
    raise AssertionError("the focus never left the menu")


def open_menu_by_keyboard(page: Page) -> None:
    page.locator(f"{MENU} summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{MENU} .dl-menu a").first).to_be_visible()
    menu_script_bound(page)


def test_escape_closes_and_focus_returns_to_the_button(laptop: Page, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    assert expanded(page) is False
    open_menu_by_keyboard(page)
    assert expanded(page) is True
    # from an item reached with Tab
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement.closest('{MENU} .dl-menu') !== null")
    page.keyboard.press("Escape")
    assert not is_open(page)
    assert focused_on_button(page)
    assert expanded(page) is False
    # and from the button itself
    page.keyboard.press("Enter")
    assert is_open(page)
    page.keyboard.press("Escape")
    assert not is_open(page) and focused_on_button(page)
    # Esc did nothing else: the video did not start
    assert page.evaluate("document.getElementById('video').paused")
    assert log.errors() == []


def test_click_outside_closes(laptop: Page, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator(f"{MENU} summary").click()
    menu_script_bound(page)
    assert is_open(page)
    # on a part of the page that takes no focus: the focus comes back to the button
    page.locator("h1").click()
    assert not is_open(page)
    assert focused_on_button(page)
    # on another control: it closes and that control keeps the focus it was given
    page.locator(f"{MENU} summary").click()
    assert is_open(page)
    page.locator("#keys summary").click()
    assert not is_open(page)
    assert page.evaluate("document.activeElement === document.querySelector('#keys summary')")


def test_tab_past_the_last_item_closes(laptop: Page, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    open_menu_by_keyboard(page)
    open_at = tab_out_of_menu(page)
    assert open_at and all(open_at)  # open on every control of the menu
    assert not is_open(page)


def open_while_the_script_is_held(page: Page, live_server: str) -> list:
    """Open the menu by keyboard while menu.js is kept waiting, as on a slow network; the held
    request, to let go with ``continue_()``."""
    held = []
    page.route("**/menu.js", lambda route: held.append(route))
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator(f"{MENU} summary").focus()
    page.keyboard.press("Enter")
    for _ in range(100):  # the focus asked for the script: wait for the request
        if held:
            break
        page.wait_for_timeout(20)
    assert held
    return held


def test_focus_gone_before_the_script_arrived_closes_it_on_arrival(laptop: Page, live_server):
    page = laptop
    held = open_while_the_script_is_held(page, live_server)
    tab_out_of_menu(page)
    assert is_open(page)  # a plain <details> until its script comes
    focused = page.evaluate("document.activeElement.outerHTML")
    held[0].continue_()
    menu_script_bound(page)
    assert not is_open(page)
    assert page.evaluate("document.activeElement.outerHTML") == focused  # where the viewer took it


def test_escape_pressed_before_the_script_arrived_closes_it_on_arrival(laptop: Page, live_server):
    page = laptop
    held = open_while_the_script_is_held(page, live_server)
    page.keyboard.press("Escape")
    assert is_open(page)  # nothing closes a plain <details> on Esc
    held[0].continue_()
    menu_script_bound(page)
    assert not is_open(page) and focused_on_button(page)
    # opened again, it stays open: only the last key counts
    page.keyboard.press("Enter")
    assert is_open(page)
    page.keyboard.press("Escape")
    assert not is_open(page) and focused_on_button(page)


def test_the_recording_is_offered_and_choosing_it_downloads_it_and_closes(laptop: Page, live_server, demo_recording):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator(f"{MENU} summary").click()
    first = page.locator(f"{MENU} .dl-menu a").first
    label = f"Enregistrement de démonstration (MP4,\u00a0{file_size(demo_recording.stat().st_size)})"
    assert re.fullmatch(r"Enregistrement de démonstration \(MP4,\u00a0\d+(,\d)?\u00a0[KMG]o\)", label)
    assert first.text_content() == label
    assert first.get_attribute("href") == f"/w/{WID}/media/{demo_recording.name}?telecharger"
    with page.expect_download() as info:
        first.click()
    download = info.value
    assert download.suggested_filename == f"{WID}-demonstration.mp4"
    with open(download.path(), "rb") as got:
        assert got.read() == demo_recording.read_bytes()
    # choosing closed the menu and gave the focus back to its button
    expect(page.locator(MENU)).not_to_have_attribute("open", "")
    assert focused_on_button(page)
    assert log.errors() == []


def test_choosing_a_chapter_file_closes_too(laptop: Page, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    open_menu_by_keyboard(page)
    link = page.get_by_role("link", name="Chapitres : Podcasting 2.0 (.json)")
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == f"{WID}-chapitres.json"
    expect(page.locator(MENU)).not_to_have_attribute("open", "")
    assert focused_on_button(page)


def test_without_javascript_the_menu_is_a_plain_details(browser: Browser, live_server, demo_recording):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/w/{WID}")
        page.locator(f"{MENU} summary").click()
        recording = page.get_by_role("link", name=re.compile(r"^Enregistrement de démonstration \(MP4,\s"))
        expect(recording).to_be_visible()
        assert recording.get_attribute("download") == f"{WID}-demonstration.mp4"
        page.locator(f"{MENU} summary").click()
        expect(recording).to_be_hidden()
    finally:
        context.close()


def test_on_a_phone_a_tap_outside_closes(browser: Browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        page.locator(f"{MENU} summary").tap()
        menu_script_bound(page)
        menu = page.locator(f"{MENU} .dl-menu").bounding_box()
        assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390
        assert is_open(page)
        page.locator("h1").tap()
        assert not is_open(page)
        assert focused_on_button(page)
    finally:
        context.close()
