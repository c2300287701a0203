"""The watch page asks for its chapter list in its first frame (issue 16, item 10).

``<link rel="expect" href="#chapter-list" blocking="render">`` in the head asks the browser to
hold its first frame until the list is parsed, instead of painting the top of the document
first (the title and the player) and the chapters one or more frames later. It is a hint: the
HTML Standard lets the browser stop waiting when it chooses (Chromium does while the rest of
the page is still on its way, or on a busy machine), so what it gains is measured by
``bench/page_bench.py`` (README, "first chapter link visible"), not asserted here. What is
asserted is what makes the hint work at all, in the page as Chromium reads it: the link is in
the head, render-blocking, and names this document's chapter list — a renamed id or a link
moved into the body would silently stop it.
"""

from __future__ import annotations

import pytest

from app import create_app
from tests.support.browser import LAPTOP
from tests.support.many import make_eighty_chapters
from tests.support.servers import live_app
from tests.support.watch import open_watch
from tests.support.webinar import WID

HINT = """() => {
    const links = [...document.querySelectorAll('link[rel~="expect"]')];
    return links.map((link) => {
        const url = new URL(link.href);
        const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
        return {
            inHead: link.parentElement === document.head,
            blocking: link.blocking ? [...link.blocking] : link.getAttribute('blocking'),
            sameDocument: url.origin + url.pathname + url.search
                === location.origin + location.pathname + location.search,
            target: target ? target.tagName + '#' + target.id : null,
            links: target ? target.querySelectorAll('a.chapter-link').length : 0,
        };
    });
}"""


def hint(browser, url: str) -> list[dict]:
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        open_watch(page, url)
        return page.evaluate(HINT)
    finally:
        context.close()


@pytest.mark.parametrize("path", [f"/w/{WID}", f"/w/{WID}?t=1h29m45s", f"/w/{WID}/integrer?t=24m5s"])
def test_the_first_frame_is_asked_to_wait_for_the_chapter_list(browser, live_server, path):
    [found] = hint(browser, live_server + path)
    assert found == {"inHead": True, "blocking": ["render"], "sameDocument": True,
                     "target": "OL#chapter-list", "links": 7}


@pytest.fixture(scope="module")
def eighty_chapters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eighty-first-frame") / "webinars"
    make_eighty_chapters(folder)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": "quatre-vingts"})
    with live_app(app) as url:
        yield url


def test_eighty_chapters_the_whole_list_is_asked_for(browser, eighty_chapters):
    [found] = hint(browser, f"{eighty_chapters}/w/quatre-vingts")
    assert found["inHead"] and found["target"] == "OL#chapter-list" and found["links"] == 80
