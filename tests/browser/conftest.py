"""Real-browser fixtures: the app on a live server, Debian's Chromium, and a page recorder.

The app serves a session copy of ``webinars/`` (in a temporary folder) with the committed
webinar's generated stand-in recording, thumbnails and share cards, made in that copy as
``flask --app app demo-recording`` would: nothing is ever written into ``webinars/``. A stand-in
already made there is copied along (read only), so the makers find it up to date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app
from chapters.store import load_webinar
from player.media.card_images import make_cards
from player.media.demo import make_demo_recording
from player.media.ocr import read_slide_texts
from player.media.slides import find_slides
from player.media.thumbnails import make_thumbnails
from tests.support.browser import LAPTOP, PHONE, PageLog, record
from tests.support.chromium import CHROMIUM, launch_args
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.webinar import WID


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
    chapter thumbnails and share cards, its slides found and read, made in the session copy if
    missing or stale (as ``flask --app app demo-recording`` does)."""
    folder = webinars_root / WID
    webinar = load_webinar(folder)
    target = folder / "media" / webinar.recording.src
    make_demo_recording(webinar, target)
    make_thumbnails(webinar, target)
    make_cards(webinar, target.parent, target)
    find_slides(target)
    read_slide_texts(target.parent)
    return target


def pytest_collection_modifyitems(config, items):
    """Mark ``browser`` every test of this folder, so ``-m "not browser"`` leaves them out."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


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
def browser_type_launch_args(browser_type_launch_args, playwright):
    """Debian's Chromium (never a downloaded one), quiet, allowed to autoplay, without its
    address-bar popup loading in every new window (tests/support/chromium.py)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": launch_args(playwright),
    }


@pytest.fixture
def laptop(browser):
    """A page in a fresh 1366×768 browser context."""
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    """A page in a fresh 390×844 context of a touch phone."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_log(page) -> PageLog:
    """Records console errors, page errors and requests of the ``page`` fixture."""
    return record(page)
