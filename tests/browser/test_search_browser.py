"""Search in Chromium: results as you type (htmx, fetched when the box is first used), grouped
and highlighted, deep links that open the recording at their time, the plain form without
JavaScript, and the transcript's hits marked on the watch page's scrubber."""

from __future__ import annotations

import re
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from chapters.store import load_webinar
from tests.support.browser import record, wait_js
from tests.support.captions import write_vtt
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.watch import TIMEOUT, current_time, open_watch, wait_time
from tests.support.webinar import WID

LAPTOP = {"width": 1366, "height": 768}

# Where the tmp webinar's transcript says "financement" (seconds), and one line without it.
FINANCEMENT = [300.0, 1500.25, 3400.0, 5400.5, 6000.0]
CUES = [(t, t + 4, "Jonathan Leveugle", f"Le financement, point {i}.") for i, t in enumerate(FINANCEMENT)]
CUES.append((2000.0, 2004.0, None, "Une phrase sans le mot cherché."))


@pytest.fixture(scope="module")
def with_transcript(tmp_path_factory, demo_recording):
    """The built-in webinar with a transcript of our own, on its own server and index."""
    base = tmp_path_factory.mktemp("search")
    folder = base / "webinars" / WID
    shutil.copytree(ROOT / "webinars" / WID, folder, ignore=shutil.ignore_patterns("media"))
    # the stand-in's media without its slides: the hits counted here are the transcript's alone
    shutil.copytree(demo_recording.parent, folder / "media", copy_function=os.link,
                    ignore=shutil.ignore_patterns("slides"))
    write_vtt(folder / "transcription.fr.vtt", CUES)
    app = create_app(
        {
            "TESTING": True,
            "WEBINARS_DIR": str(base / "webinars"),
            "SEARCH_INDEX": str(base / "instance" / "search.sqlite3"),
        }
    )
    with live_app(app) as url:
        yield url, app, folder


def search_requests(log) -> list[str]:
    return [u for u in log.requests if "/recherche?" in u]


# ---------- the search page


def test_typing_shows_grouped_highlighted_results_without_a_page_load(laptop: Page, live_server):
    page = laptop
    log = record(page)
    page.goto(f"{live_server}/w/{WID}/recherche")
    expect(page.locator("#search-results")).to_contain_text("Tapez un mot pour chercher…")
    page.evaluate("window.__samePage = true")
    # htmx is not part of the page: it comes when the box is first used
    assert page.evaluate("typeof window.htmx") == "undefined"
    box = page.get_by_label("Chercher dans le webinaire", exact=True)
    box.click()
    wait_js(page, "typeof window.htmx === 'object'")
    box.press_sequentially("regie", delay=40)
    # the answer to the whole word (a slow machine may show one for "reg" first)
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ résultats pour « regie »$"), timeout=TIMEOUT)
    expect(page.locator("#search-results mark").first).to_have_text("régies")
    assert page.evaluate("window.__samePage === true"), "the page was reloaded"
    # one request for the word as typed, after the 200 ms pause, not one per key
    asked = search_requests(log)
    assert 1 <= len(asked) < 5 and asked[-1].endswith("q=regie"), asked
    # grouped by kind, French headings, each hit with its time
    headings = page.locator("#search-results .search-group-title").all_text_contents()
    groups = [h.rsplit(" ", 1)[0] for h in headings]  # "Chapitres 1" -> "Chapitres"
    assert groups[:2] == ["Chapitres", "Ressources et contacts"], groups
    first = page.locator("#search-results .search-hit a").first
    expect(first.locator(".hit-time")).to_have_text("55:34 – 1:10:00")
    expect(first.locator(".hit-title mark")).to_have_text("régies")
    # the address says what is shown (a reload or a shared link keeps it)
    assert page.evaluate("location.pathname + location.search") == f"/w/{WID}/recherche?q=regie"
    # a word that is nowhere
    box.press_sequentially("xyz", delay=20)
    expect(page.locator("#search-results")).to_contain_text("Aucun résultat pour « regiexyz ».")
    assert log.errors() == []


def test_a_result_opens_the_recording_at_its_time(laptop: Page, live_server):
    page = laptop
    log = record(page)
    page.goto(f"{live_server}/w/{WID}/recherche?q=cqp")
    link = page.locator("#search-results .search-hit a").first
    expect(link).to_have_attribute("href", f"/w/{WID}?t=24m5s,40m25s")
    link.click()
    expect(page).to_have_url(f"{live_server}/w/{WID}?t=24m5s,40m25s")
    expect(page.locator("#bar")).to_be_visible()
    wait_time(page, 1445)
    # the answering chapter plays as a span
    expect(page.locator("#span-line")).to_be_visible()
    expect(page.locator("#span-times")).to_have_text("24:05 → 40:25")
    assert log.errors() == []


def test_the_cross_webinar_page_searches_as_you_type_too(laptop: Page, live_server):
    page = laptop
    log = record(page)
    page.goto(f"{live_server}/recherche?q=cqp")
    expect(page.locator(".hit-webinar").first).to_contain_text("Webinaire du 4 mai 2021")
    box = page.get_by_label("Chercher dans tous les webinaires", exact=True)
    box.fill("")
    box.press_sequentially("herve", delay=30)
    expect(page.locator("#search-status")).to_contain_text("pour « herve »", timeout=TIMEOUT)
    expect(page.locator("#search-results .hit-title mark").first).to_have_text("Hervé")
    assert page.evaluate("location.search") == "?q=herve"
    assert log.errors() == []


def test_the_plain_form_works_without_javascript(browser: Browser, live_server):
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/w/{WID}/recherche")
        page.get_by_label("Chercher dans le webinaire", exact=True).fill("cqp")
        page.get_by_role("button", name="Chercher").click()
        expect(page).to_have_url(f"{live_server}/w/{WID}/recherche?q=cqp")
        expect(page.locator("#sr-questions")).to_contain_text("Questions")
        expect(page.locator("#search-results mark").first).to_have_text("CQP")
        page.locator("#search-results .search-hit a").first.click()
        expect(page).to_have_url(f"{live_server}/w/{WID}?t=24m5s,40m25s")
        # without a script the server writes the span into the video's media fragment
        assert page.locator("video").get_attribute("src").endswith("#t=1445.0,2425.0")
    finally:
        context.close()


# ---------- on the watch page: the box in the side column, hits on the scrubber


def open_search_on_watch_page(page: Page, base: str, app) -> None:
    """The watch page with its search box wired. Until watch.html includes
    partials/_search.html (its owner's call), the test puts the partial there itself, rendered
    by the app, and calls search.js's entry function as main.js is to do."""
    open_watch(page, f"{base}/w/{WID}")
    if page.locator("#search-form").count():
        panel = page.locator("#cote .tabpanel", has=page.locator("#search-form"))
        if panel.count():
            page.locator(f"#tab-{panel.get_attribute('id')}").click()
    else:
        with app.test_request_context():
            from flask import render_template

            html = render_template("partials/_search.html", webinar=load_webinar(Path(app.config["WEBINARS_DIR"]) / WID))
        page.evaluate(
            """async (html) => {
                const holder = document.createElement("div");
                holder.innerHTML = html;
                document.querySelector(".below").append(holder);
                const { search } = await import("/static/js/search.js");
                search(window.WebinarPlayer.player, { form: document.getElementById("search-form"),
                  results: document.getElementById("search-results"), scrubber: document.getElementById("scrubber") });
            }""",
            html,
        )
    expect(page.locator("#search-q")).to_be_visible()


def test_transcript_hits_are_marked_on_the_scrubber_and_open_their_cue(laptop: Page, with_transcript):
    base, app, _ = with_transcript
    page = laptop
    log = record(page)
    open_search_on_watch_page(page, base, app)
    page.evaluate("window.__samePage = true")
    page.locator("#search-q").click()
    page.locator("#search-q").press_sequentially("financement", delay=20)
    expect(page.locator("#search-status")).to_contain_text("pour « financement »", timeout=TIMEOUT)
    expect(page.locator("#sr-transcription")).to_contain_text("Transcription")
    expect(page.locator("#search-results mark").first).to_have_text("financement")
    # the letters typed went to the box, not to the page's shortcuts (f: full screen, n: next)
    assert page.evaluate("document.fullscreenElement") is None
    assert current_time(page) < 1
    # one mark per hit, where it is in the recording
    marks = page.locator("#scrubber .hits .hit")
    expect(marks).to_have_count(len(FINANCEMENT))
    length = page.evaluate("window.WebinarPlayer.player.length()")
    lefts = marks.evaluate_all("ms => ms.map(m => parseFloat(m.style.left))")
    assert lefts == pytest.approx([100 * t / length for t in FINANCEMENT], abs=0.01)
    assert page.locator("#scrubber .hits").get_attribute("aria-hidden") == "true"
    # the marks sit on the rail, inside the scrubber's box
    rail, first = page.locator("#scrubber").bounding_box(), marks.first.bounding_box()
    assert rail["x"] <= first["x"] <= rail["x"] + rail["width"]
    assert rail["y"] <= first["y"] + first["height"] / 2 <= rail["y"] + rail["height"]
    # a transcript hit plays from its cue, in this page (history.js follows data-seek)
    hit = page.locator("#sr-transcription + ol a", has_text="25:00")
    expect(hit).to_have_attribute("data-seek", "1500.25")
    hit.click()
    wait_time(page, 1500.25)
    assert page.evaluate("window.__samePage === true")
    wait_js(page, "location.search.startsWith('?t=25m')")  # a history entry at the cue
    # cleared results, no marks
    page.locator("#search-q").fill("")
    expect(page.locator("#search-results")).to_contain_text("Tapez un mot pour chercher…", timeout=TIMEOUT)
    expect(page.locator("#scrubber .hits")).to_have_count(0)
    assert log.errors() == []


def test_a_chapter_result_plays_its_span_in_the_watch_page(laptop: Page, with_transcript):
    base, app, _ = with_transcript
    page = laptop
    log = record(page)
    open_search_on_watch_page(page, base, app)
    page.locator("#search-q").click()
    page.locator("#search-q").press_sequentially("regie", delay=20)
    expect(page.locator("#search-status")).to_contain_text("pour « regie »", timeout=TIMEOUT)
    link = page.locator("#sr-chapitres + ol a").first
    expect(link).to_have_attribute("data-seek", "3334.0")
    link.click()
    wait_time(page, 3334)
    expect(page.locator("#span-times")).to_have_text("55:34 → 1:10:00")
    assert abs(current_time(page) - 3334) < 1
    # no transcript hit for this word: no marks
    expect(page.locator("#scrubber .hits")).to_have_count(0)
    assert log.errors() == []


def test_the_search_box_and_its_results_on_the_watch_page_pass_axe(browser: Browser, with_transcript):
    """axe-core on the watch page with results shown (the page's own check runs without them)."""
    from tests.support.browser import AXE

    base, app, _ = with_transcript
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    try:
        open_search_on_watch_page(page, base, app)
        page.locator("#search-q").click()
        page.locator("#search-q").press_sequentially("financement", delay=20)
        expect(page.locator("#search-status")).to_contain_text("pour « financement »", timeout=TIMEOUT)
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document.getElementById('recherche-zone'))")
        assert results["passes"], "axe-core ran no check"
        listing = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']}\n"
            + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
            for v in results["violations"]
        )
        assert results["violations"] == [], listing
    finally:
        context.close()
