"""A repeat view in Chromium: the page revalidates (304, no body), static files are not asked for."""

from __future__ import annotations

import pytest

from app import create_app
from tests.support.servers import live_app
from tests.support.watch import open_watch
from tests.support.webinar import WID


@pytest.fixture
def logged_server(webinars_root, demo_recording):
    log: list[tuple[str, int, int]] = []
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)})
    inner = app.wsgi_app

    def logged(environ, start_response):
        status = {}

        def start(line, headers, exc_info=None):
            status["code"] = int(line.split()[0])
            return start_response(line, headers, exc_info)

        result = inner(environ, start)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        log.append((environ["PATH_INFO"], status["code"], len(body)))
        return [body]

    app.wsgi_app = logged
    with live_app(app) as url:
        yield url, log


def test_repeat_view_asks_only_for_the_page_and_gets_a_304(laptop, logged_server):
    url, log = logged_server
    page_path = f"/w/{WID}"
    open_watch(laptop, url + page_path)
    laptop.wait_for_load_state("networkidle")
    first = [(p, s) for p, s, _ in log if p.startswith("/static/")]
    assert first and all(s == 200 for _, s in first), first

    log.clear()
    laptop.goto("about:blank")
    open_watch(laptop, url + page_path)
    laptop.wait_for_load_state("networkidle")
    asked = [(p, s, n) for p, s, n in log if "/media/" not in p]
    # the page itself is revalidated: 304, no body
    assert (page_path, 304, 0) in asked, asked
    # every static file came from the browser's cache: not a single request
    assert [p for p, _, _ in asked if p.startswith("/static/")] == []

