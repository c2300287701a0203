"""Real-browser fixtures: the app on a live server, Debian's Chromium, and a page recorder.

The app serves a session copy of ``webinars/`` (in a temporary folder) with the committed
webinar's generated stand-in recording, thumbnails and share cards, made in that copy as
``flask --app app demo-recording`` would: nothing is ever written into ``webinars/``. A stand-in
already made there is copied along (read only), so the makers find it up to date.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from tests.http_fixture import serving
from chapters.store import load_webinar
from player.media.card_images import make_cards
from player.media.demo import make_demo_recording
from player.media.thumbnails import make_thumbnails

ROOT = Path(__file__).resolve().parents[2]
WID = "2021-05-04"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def webinars_root(tmp_path_factory) -> Path:
    """A session copy of ``webinars/``, which every live server of the browser tests serves."""
    root = tmp_path_factory.mktemp("browser") / "webinars"
    # copy2 keeps modification times, which the makers' up-to-date checks compare
    shutil.copytree(ROOT / "webinars", root, ignore=shutil.ignore_patterns(".incoming-*"))
    return root


@pytest.fixture(scope="session")
def demo_recording(webinars_root: Path) -> Path:
    """The stand-in MP4 of the built-in webinar, its French captions (espeak-ng speaks it), its
    chapter thumbnails and share cards, made in the session copy if missing or stale (as
    ``flask --app app demo-recording`` does)."""
    folder = webinars_root / WID
    webinar = load_webinar(folder)
    target = folder / "media" / webinar.recording.src
    make_demo_recording(webinar, target)
    make_thumbnails(webinar, target)
    make_cards(webinar, target.parent, target)
    return target


def pytest_collection_modifyitems(config, items):
    """Mark ``browser`` every test of this folder, so ``-m "not browser"`` leaves them out."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


RESPONSE_KEY = "browser_tests.response"


def keep_response(app):
    """WSGI middleware: remember the response iterable in the environ (see QuietHandler)."""

    def wrapped(environ, start_response):
        response = app(environ, start_response)
        environ[RESPONSE_KEY] = response
        return response

    return wrapped


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler, without a log line per request, closing what a dropped client left.

    A browser aborts media range requests all the time. Werkzeug's dev server then raises
    ``ConnectionResetError`` while draining the socket, before it closes the response, so the
    media file is left to the garbage collector: a ``ResourceWarning`` that
    ``filterwarnings = error`` turns into a failure of whichever test runs at that moment.
    """

    def log_request(self, code="-", size="-"):
        pass

    def connection_dropped(self, error, environ=None):
        response = (environ or {}).get(RESPONSE_KEY)
        if hasattr(response, "close"):
            response.close()


@contextmanager
def live_app(app):
    """Serve ``app`` on 127.0.0.1 (a free port) from a daemon thread while the block runs; the
    block gets the base URL."""
    server = make_server(
        "127.0.0.1", 0, keep_response(app), threaded=True, request_handler=QuietHandler
    )
    with serving(server, "live-server") as url:
        yield url


@pytest.fixture(scope="session")
def live_server(webinars_root: Path, demo_recording: Path) -> str:
    """The app on the session copy of ``webinars/``, on 127.0.0.1 (a free port), served from a
    daemon thread; yields the base URL."""
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)})
    with live_app(app) as url:
        yield url


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: tests use the live server's address in full.

    Overrides pytest-playwright's fallback fixture, which it defines as a method of a plugin
    object; pytest 9 warns about such session fixtures, and ``filterwarnings = error`` would
    turn that warning into an error in every browser test.
    """
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (never a downloaded one), quiet, allowed to autoplay."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--autoplay-policy=no-user-gesture-required",
        ],
    }


def wait_js(page, expression: str, timeout: float = 10_000) -> None:
    """Poll a JavaScript expression until it is truthy.

    ``page.wait_for_function`` evaluates its predicate with ``eval`` inside the page, which the
    page's Content-Security-Policy (no 'unsafe-eval') rightly forbids; ``page.evaluate`` goes
    through the DevTools protocol and is not subject to it. The tests keep the CSP on, so that
    a violation by the page itself shows up as a console error.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        if page.evaluate(expression):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} ms: {expression}")
        page.wait_for_timeout(25)


@dataclass
class PageLog:
    """What a page did: console errors, uncaught errors, and every URL it requested."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors

    def foreign_requests(self, base: str) -> list[str]:
        own = base.rstrip("/") + "/"
        return [u for u in self.requests if not (u.startswith(own) or u.startswith("data:"))]


def record(page) -> PageLog:
    log = PageLog()
    page.on(
        "console",
        lambda msg: log.console_errors.append(f"{msg.text} @ {msg.location}")
        if msg.type == "error"
        else None,
    )
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("request", lambda req: log.requests.append(req.url))
    return log


LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def laptop(browser):
    """A page in a fresh 1366×768 browser context."""
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_log(page) -> PageLog:
    """Records console errors, page errors and requests of the ``page`` fixture."""
    return record(page)
