"""Slide text searched in Chromium, on the live app and on the static export: a word written on
a slide (read by the real Tesseract) finds "Diapositive N" in the watch page's search box, is
marked on the timeline where the slide shows, and plays from there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from player.media.ocr import read_slide_texts
from tests.support.browser import record
from tests.support.frozen import freeze, serving_export
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.slide_stills import DECK, write_deck
from tests.support.watch import TIMEOUT, open_watch, wait_time
from tests.support.webinar import WID

LAPTOP = {"width": 1366, "height": 768}
SLIDE = DECK[2]  # "Hydroliennes fluviales à Élancourt"


@pytest.fixture(scope="module")
def with_slides(tmp_path_factory, demo_recording: Path) -> Path:
    """A webinars folder: the built-in webinar, its stand-in recording, and the test deck's
    slides read by Tesseract in its media folder (the session's own media left alone)."""
    root = tmp_path_factory.mktemp("slides") / "webinars"
    folder = root / WID
    shutil.copytree(ROOT / "webinars" / WID, folder, ignore=shutil.ignore_patterns("media"))
    media = folder / "media"
    # hard links: the media route serves no file whose real path is outside the media folder
    shutil.copytree(demo_recording.parent, media, copy_function=os.link)
    write_deck(media)
    read_slide_texts(media)
    return root


@pytest.fixture(scope="module")
def live(with_slides: Path):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(with_slides),
                      "SEARCH_INDEX": str(with_slides.parent / "instance" / "search.sqlite3")})
    with live_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def frozen(with_slides: Path):
    out = with_slides.parent / "site"
    freeze(create_app({"TESTING": True, "WEBINARS_DIR": str(with_slides)}), out)
    with serving_export(out) as url:
        yield url


@pytest.fixture
def laptop(browser: Browser):
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


def find_the_slide(page: Page, base: str) -> None:
    log = record(page)
    open_watch(page, f"{base}/w/{WID}")
    page.get_by_role("tab", name="Rechercher").click()
    page.locator("#search-q").press_sequentially("hydroliennes", delay=20)
    results = page.locator("#search-results")
    expect(results.locator("#sr-diapositives")).to_contain_text("Diapositives", timeout=TIMEOUT)
    hit = results.locator("#sr-diapositives ~ ol a[data-seek]")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Diapositive 3")
    expect(hit.locator("mark")).to_have_text("Hydroliennes")
    # one mark on the timeline, where the slide shows
    marks = page.locator("#scrubber .hits .hit")
    expect(marks).to_have_count(1)
    length = page.evaluate("window.WebinarPlayer.player.length()")
    left = marks.first.evaluate("m => parseFloat(m.style.left)")
    assert left == pytest.approx(100 * SLIDE.start / length, abs=0.01)
    hit.click()
    wait_time(page, SLIDE.start, 1.5)
    assert log.foreign_requests(base) == []
    assert log.errors() == []


def test_a_slide_word_is_found_marked_and_played_on_the_live_app(laptop, live):
    find_the_slide(laptop, live)


def test_the_static_export_finds_and_marks_it_too(laptop, frozen):
    find_the_slide(laptop, frozen)
