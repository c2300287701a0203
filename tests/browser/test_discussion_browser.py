"""The "Discussion" tab in Chromium: the audience's messages up to the playing moment, each a
link to its time; the organiser's hidden message never there; no error, nothing from elsewhere."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from chapters.chat import read_chat
from chapters.chat.store import import_messages, set_flags
from chapters.model import Chapter, Webinar
from chapters.store import save_webinar
from player.media.demo import make_demo_recording
from tests.support.browser import record
from tests.support.chat import NEW_ZOOM
from tests.support.servers import live_app
from tests.support.watch import TIMEOUT, open_watch, pause_at, wait_time

WID = "avec-discussion"
ITEMS = "#discussion li[data-time]"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discussion") / "webinars"
    webinar = Webinar(id=WID, title="Une minute de discussion", date="2024-03-01",
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
