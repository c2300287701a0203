"""The "Discussion" tab in Chromium: the audience's messages up to the playing moment, each a
link to its time; the organiser's hidden message never there; no error, nothing from elsewhere."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from chapters.chat import read_chat
from chapters.chat.model import make_message
from chapters.chat.store import import_messages, set_flags
from chapters.model import Chapter, Webinar
from chapters.store import save_webinar
from player.media.demo import make_demo_recording
from tests.support.browser import AXE, html_errors, record
from tests.support.chat import NEW_ZOOM
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, make_app, sign_in
from tests.support.servers import live_app
from tests.support.watch import TIMEOUT, open_watch, pause_at, wait_time

WID = "avec-discussion"
BUILT_IN = "2021-05-04"
LONG = "longue-discussion"
ITEMS = "#discussion li[data-time]"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A webinars folder: one short webinar, its stand-in recording and an imported chat."""
    folder = tmp_path_factory.mktemp("discussion") / "webinars"
    webinar = Webinar(id=WID, title="Cinq minutes de discussion", date="2024-03-01",
                      chapters=[Chapter(id="c1", start=0, title="Ouverture"),
                                Chapter(id="c2", start=30, title="Questions")])
    webinar.recording.duration = 300
    save_webinar(webinar, folder / WID)
    make_demo_recording(webinar, folder / WID / "media" / "demo.mp4")
    chat = folder.parent / "chat.txt"
    chat.write_text(NEW_ZOOM, encoding="utf-8")  # messages at 1:05, 2:10 (a question), 4:00
    messages, _ = read_chat(chat)
    import_messages(folder / WID, messages)
    set_flags(folder / WID, messages[2].id, hidden=True)  # "Merci !" hidden by the organiser
    # the same webinar with a busy chat: a message every 6 s, more than the tab holds at once
    long = folder / LONG
    shutil.copytree(folder / WID, long, ignore=shutil.ignore_patterns("discussion.json"))
    import_messages(long, [make_message("zoom-chat", 6.0 * i, f"Personne {i}", f"Message {i}") for i in range(45)])
    return folder


@pytest.fixture(scope="module")
def site(folder):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": WID})
    with live_app(app) as url:
        yield url


def test_messages_follow_the_playing_moment(page: Page, site):
    log = record(page)
    open_watch(page, f"{site}/w/{WID}")
    page.get_by_role("tab", name="Discussion").click()
    items = page.locator(ITEMS)
    expect(items).to_have_count(2, timeout=TIMEOUT)  # the hidden one never sent
    pause_at(page, 10)
    expect(items.nth(0)).to_be_hidden()
    expect(items.nth(1)).to_be_hidden()
    pause_at(page, 70)
    expect(items.nth(0)).to_be_visible()
    expect(items.nth(0)).to_contain_text("Jeanne Martin")
    expect(items.nth(1)).to_be_hidden()
    pause_at(page, 135)
    expect(items.nth(1)).to_be_visible()
    expect(items.nth(1)).to_contain_text("question")
    # back in time: the later message goes again
    pause_at(page, 100)
    expect(items.nth(1)).to_be_hidden()
    # a message is a link to its moment
    items.nth(0).get_by_role("link").click()
    wait_time(page, 65)
    assert log.errors() == [] and log.foreign_requests(site) == []


def test_the_page_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/w/{WID}")
        page.get_by_role("link", name="Lire la discussion du public").click()
        expect(page.locator("h1")).to_have_text("Discussion du public")
        expect(page.locator(ITEMS)).to_have_count(2)
        expect(page.locator(ITEMS).nth(1).get_by_role("link")).to_have_attribute("href", f"/w/{WID}?t=2m10s")
    finally:
        context.close()


def test_pages_are_valid_html(site, folder, tmp_path):
    """The Nu Html Checker finds no error in the discussion page, the watch page with its tab,
    and the organiser's page of the messages."""
    files = []
    for name, path in (("discussion", f"/w/{WID}/discussion"), ("watch", f"/w/{WID}")):
        with urllib.request.urlopen(site + path, timeout=10) as answer:
            files.append(tmp_path / f"{name}.html")
            files[-1].write_bytes(answer.read())
    app = make_app(folder, tmp_path / "instance")
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    files.append(tmp_path / "organiser.html")
    files[-1].write_bytes(client.get(f"/w/{WID}/discussion/modifier").get_data())
    assert html_errors(files) == []


def test_no_accessibility_violations(browser, site):
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        for path in (f"/w/{WID}", f"/w/{WID}/discussion"):
            page.goto(site + path)
            if path == f"/w/{WID}":
                page.get_by_role("tab", name="Discussion").click()
                expect(page.locator(ITEMS)).to_have_count(2, timeout=TIMEOUT)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("() => axe.run(document)")["violations"]
            assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
    finally:
        context.close()


def test_the_newest_message_is_in_view_inside_the_tab(browser, site):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    open_watch(page, f"{site}/w/{LONG}?t=200")
    page.get_by_role("tab", name="Discussion").click()
    newest = page.locator(ITEMS).nth(33)  # written at 3:18, the last one before 3:20
    expect(newest).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(ITEMS).nth(34)).to_be_hidden()
    inside = """(el) => { const box = document.getElementById('discussion-tab').getBoundingClientRect(),
        r = el.getBoundingClientRect(); return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }"""
    assert newest.evaluate(inside)
    assert page.evaluate("scrollY") == 0  # the tab scrolled, not the page
    # away to the chapters and back: still the newest in view
    page.get_by_role("tab", name="Chapitres").click()
    page.get_by_role("tab", name="Discussion").click()
    page.wait_for_timeout(200)
    assert newest.evaluate(inside)
    page.close()



@pytest.fixture(scope="module")
def six_tabs(webinars_root, demo_recording, tmp_path_factory):
    """The built-in webinar (slides, captions) with a chat: every tab the side column has."""
    folder = tmp_path_factory.mktemp("six-tabs") / "webinars"
    shutil.copytree(webinars_root / BUILT_IN, folder / BUILT_IN)
    chat = folder.parent / "chat.txt"
    chat.write_text(NEW_ZOOM, encoding="utf-8")
    import_messages(folder / BUILT_IN, read_chat(chat)[0])
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder)})
    with live_app(app) as url:
        yield url


@pytest.mark.parametrize("width,height,touch", [(1024, 768, False), (1440, 900, False), (360, 740, True)])
def test_six_tabs_stay_on_one_row(browser, six_tabs, width, height, touch):
    """With a discussion the column holds six tabs; they fit on one row wherever five did (icons
    for those that have one where room is short), and no label is cut."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=touch, is_mobile=touch)
    page = context.new_page()
    try:
        open_watch(page, f"{six_tabs}/w/{BUILT_IN}")
        tabs = page.get_by_role("tab")
        expect(tabs).to_have_count(6)
        boxes = [tabs.nth(i).bounding_box() for i in range(6)]
        assert len({round(box["y"]) for box in boxes}) == 1, boxes
        for i in range(6):
            assert tabs.nth(i).evaluate("(tab) => tab.scrollWidth <= tab.clientWidth")
        discussion = page.get_by_role("tab", name="Discussion")
        discussion.click()
        expect(page.locator("#discussion-tab")).to_be_visible()
    finally:
        context.close()
