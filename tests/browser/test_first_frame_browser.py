"""The watch page's first frame already holds its chapter list (issue 16, item 10).

The page's head asks Chromium to hold its first frame until the list is parsed
(``<link rel="expect" href="#chapter-list" blocking="render">``): without it, Chromium paints
the top of a long document first (the title and the player), spends that frame's style and
layout on it, and shows the chapters one or more frames later. An init script records what the
very first animation frame sees; animation frames do not run while rendering is held.
"""

from __future__ import annotations

import pytest

from app import create_app
from tests.support.browser import LAPTOP, wait_js
from tests.support.many import make_eighty_chapters
from tests.support.servers import live_app
from tests.support.webinar import WID

# registered before the document is parsed: its callback runs in the page's first frame
FIRST_FRAME = """(() => {
    if (location.protocol !== 'http:') return;
    window.__firstFrame = null;
    requestAnimationFrame(() => {
        const list = document.getElementById('chapter-list');
        const items = list ? list.querySelectorAll(':scope > li') : [];
        const link = list && list.querySelector('a.chapter-link');
        const box = link ? link.getBoundingClientRect() : null;
        window.__firstFrame = {
            items: items.length,
            linkInView: !!box && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight
                && box.left >= 0 && box.right <= innerWidth,
        };
    });
})();"""


def first_frame(browser, url: str) -> dict:
    """What the page's first animation frame saw, in a fresh context at 1366×768."""
    context = browser.new_context(viewport=LAPTOP)
    try:
        context.add_init_script(FIRST_FRAME)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        wait_js(page, "window.__firstFrame != null")
        return page.evaluate("window.__firstFrame")
    finally:
        context.close()


def test_the_first_frame_shows_the_chapter_list(browser, live_server):
    frame = first_frame(browser, f"{live_server}/w/{WID}?t=1h29m45s")
    assert frame["items"] == 7  # the whole list, not its first items
    assert frame["linkInView"]  # at 1366×768, beside the player


@pytest.fixture(scope="module")
def eighty_chapters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eighty-first-frame") / "webinars"
    make_eighty_chapters(folder)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": "quatre-vingts"})
    with live_app(app) as url:
        yield url


def test_eighty_chapters_all_in_the_first_frame(browser, eighty_chapters):
    frame = first_frame(browser, f"{eighty_chapters}/w/quatre-vingts?t=1190")
    assert frame["items"] == 80
    assert frame["linkInView"]
