"""The list of webinars in Chromium: cards in view without sideways scrolling on a laptop and a
phone, every card reached by Tab with a visible focus ring, Enter opening its watch page."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from app import create_app
from player.media.card_images import DEFAULT_CARD
from tests.support.browser import record
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.webinar import WID

NEWER = "2022-03-10"
NEWER_TITLE = "Financer l'économie sociale et solidaire"


@pytest.fixture(scope="module")
def two_webinars(tmp_path_factory):
    """The committed webinar (with a share card) and a newer copy of it (none: a placeholder)."""
    root = tmp_path_factory.mktemp("catalogue") / "webinars"
    shutil.copytree(ROOT / "webinars" / WID, root / WID, ignore=shutil.ignore_patterns("media"))
    (root / WID / "media" / "cards").mkdir(parents=True)
    shutil.copy(DEFAULT_CARD, root / WID / "media" / "cards" / "webinar.jpg")
    shutil.copytree(root / WID, root / NEWER, ignore=shutil.ignore_patterns("media"))
    data = root / NEWER / "webinar.yaml"
    text = data.read_text(encoding="utf-8").replace("date: '2021-05-04'", f"date: '{NEWER}'")
    text = re.sub(r"^title: .*$", f'title: "{NEWER_TITLE}"', text, count=1, flags=re.M)
    data.write_text(text, encoding="utf-8")
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(root)})
    with live_app(app) as url:
        yield url


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_cards_in_view_reached_by_tab_and_opened_with_enter(browser, two_webinars, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = record(page)
    try:
        page.goto(two_webinars + "/", wait_until="networkidle")
        cards = page.locator(".cat-card")
        expect(cards).to_have_count(2)
        expect(page.get_by_role("heading", level=1, name="Webinaires")).to_be_visible()
        # no sideways scrolling; every card inside the window's width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        boxes = [cards.nth(i).bounding_box() for i in range(2)]
        for box in boxes:
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        if width >= 1366:  # side by side, both in the first screen
            assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1
            assert boxes[0]["y"] + boxes[0]["height"] <= height
        else:  # one column
            assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]
            assert boxes[0]["width"] > width * 0.85
        # the share card drawn, the placeholder where there is none
        picture = cards.nth(1).locator("img.cat-thumb")
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(cards.nth(0).locator(".cat-placeholder")).to_be_visible()

        # Tab from the top: each card's link in turn, its ring drawn around the whole card
        links = []
        for _ in range(12):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement.matches('.cat-link') && document.activeElement.getAttribute('href')")
            if href:
                ring = page.evaluate(
                    """() => { const s = getComputedStyle(document.activeElement, '::after');
                    return [s.outlineStyle, parseFloat(s.outlineWidth), s.position]; }"""
                )
                assert ring[0] != "none" and ring[1] >= 2 and ring[2] == "absolute", ring
                card = page.evaluate("document.activeElement.closest('.cat-card').getBoundingClientRect().toJSON()")
                ring_box = page.evaluate(
                    "document.activeElement.closest('.cat-card').querySelector('.cat-link').matches(':focus-visible')"
                )
                assert ring_box and card["width"] > 200
                links.append(href)
            if len(links) == 2:
                break
        assert links == [f"/w/{NEWER}", f"/w/{WID}"]
        assert log.errors() == [] and log.foreign_requests(two_webinars) == []

        page.keyboard.press("Enter")  # on the second card: the older webinar
        page.wait_for_url(re.compile(rf"/w/{WID}$"))
        expect(page.locator("h1")).to_contain_text("Créer et transformer l'activité")
        expect(page.locator("#lecteur")).to_be_attached()  # the player, or its empty state
    finally:
        context.close()
