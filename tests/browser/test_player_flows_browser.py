"""The viewer's flows on the watch page in Chromium (issue 7): spans you can see, lift and
continue past, history that follows the viewer, answers and speakers that lead into the
recording, htmx only where a fragment is needed, addresses kept until the viewer moves.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import LAPTOP, box, record, wait_js
from tests.support.watch import (
    SLIDER,
    TIMEOUT,
    VIDEO,
    current_time,
    expect_current_chapter,
    focus_body,
    open_watch,
    pause_at,
    wait_time,
)
from tests.support.webinar import WID


# ---------- spans you can see ----------


def test_span_is_marked_and_can_be_lifted(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=365,1445")
    line = page.locator("#span-line")
    expect(line).to_be_visible()
    expect(line).to_contain_text("Extrait 6:05 → 24:05")
    expect_current_chapter(page, "relocalisations")
    mark, bar = box(page, "#span-mark"), box(page, SLIDER)
    assert (mark["x"] - bar["x"]) / bar["width"] == pytest.approx(365 / 6300, abs=0.01)
    assert mark["width"] / bar["width"] == pytest.approx((1445 - 365) / 6300, abs=0.01)

    page.get_by_role("button", name="Continuer après l'extrait").click()
    expect(line).to_be_hidden()
    expect(page.locator("#span-mark")).to_be_hidden()
    pause_at(page, 1443)
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.currentTime > 1446", timeout=TIMEOUT)  # no stop at 1445 any more
    assert log.errors() == []


def test_span_stops_then_continue_plays_on(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}?t=365,368")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.paused && {VIDEO}.currentTime > 367", timeout=TIMEOUT)
    assert current_time(page) == pytest.approx(368, abs=0.3)
    expect(page.locator("#span-line")).to_have_class(re.compile(r"\bended\b"))
    page.get_by_role("button", name="Continuer après l'extrait").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 369", timeout=TIMEOUT)
    expect(page.locator("#span-line")).to_be_hidden()


def test_jumping_past_a_span_plays_on_from_there(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=365,1445")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    page.locator("a.chapter-link[data-chapter=fleurs-d-halage]").click()
    wait_js(page, f"{VIDEO}.currentTime > 4200.5 && !{VIDEO}.paused", timeout=TIMEOUT)
    expect(page.locator("#span-line")).to_be_hidden()
    expect(page.locator("#span-mark")).to_be_hidden()
    assert log.errors() == []


def test_chapter_page_shows_its_span(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}/chapitres/capa-cite")
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")
    expect(page.locator("#span-mark")).to_be_visible()


@pytest.mark.parametrize(
    "t, chapter", [("24m5s", "capa-cite"), ("24m4s", "relocalisations"), ("1445", "capa-cite")]
)
def test_shared_link_highlights_the_chapter_holding_its_time(browser, live_server, t, chapter):
    """From the first frame: the server marks it, before any script runs."""
    for js in (False, True):
        context = browser.new_context(java_script_enabled=js, viewport=LAPTOP)
        try:
            page = context.new_page()
            page.goto(f"{live_server}/w/{WID}?t={t}", wait_until="commit")
            page.wait_for_selector("a.chapter-link[aria-current=true]", state="attached")
            current = page.locator("a.chapter-link[aria-current=true]")
            assert current.get_attribute("data-chapter") == chapter
            assert page.locator("#now").get_attribute("data-chapter") == chapter
        finally:
            context.close()


# ---------- history ----------


def test_back_and_forward_across_three_chapters(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate("window.__samePage = true")
    start = page.evaluate("history.length")
    for chapter, seconds in (("relocalisations", 365), ("capa-cite", 1445), ("fleurs-d-halage", 4200)):
        page.locator(f"a.chapter-link[data-chapter={chapter}]").click()
        wait_time(page, seconds, 1.5)
        expect_current_chapter(page, chapter)
    assert page.evaluate("history.length") == start + 3

    # Back, Back, Forward, Forward: each lands on its chapter's start (history keeps the time)
    for move, seconds, chapter in (
        (page.go_back, 1446, "capa-cite"),
        (page.go_back, 366, "relocalisations"),
        (page.go_forward, 1446, "capa-cite"),
        (page.go_forward, 4201, "fleurs-d-halage"),
    ):
        move()
        wait_time(page, seconds, 2.5)
        expect_current_chapter(page, chapter)
    assert page.evaluate("window.__samePage === true"), "Back or Forward reloaded the page"
    assert log.errors() == []


def test_chapter_page_keeps_its_address_until_the_viewer_moves(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}/chapitres/capa-cite")
    wait_time(page, 1445)
    page.wait_for_timeout(300)
    assert page.evaluate("location.pathname") == f"/w/{WID}/chapitres/capa-cite"
    page.locator(SLIDER).focus()
    page.keyboard.press("ArrowRight")
    wait_time(page, 1450, 0.05)
    # moved inside its span: the span stays, and so does the address that asked for it
    page.wait_for_timeout(300)
    assert page.evaluate("location.pathname + location.search") == f"/w/{WID}/chapitres/capa-cite"
    # lifted: a plain start, where the viewer is
    page.get_by_role("button", name="Continuer après l'extrait").click()
    wait_js(page, "location.pathname + location.search === '/w/2021-05-04?t=24m10s'")


def test_resume_offer_vanishes_once_the_viewer_plays_or_seeks(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")

    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    page.get_by_role("button", name="Lecture").click()
    expect(page.locator("#resume")).to_be_hidden()

    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")
    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_time(page, 1445, 1.5)
    expect(page.locator("#resume")).to_be_hidden()

    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")
    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    focus_body(page)
    page.keyboard.press("l")
    expect(page.locator("#resume")).to_be_hidden()


# ---------- into the recording from everywhere ----------


def test_listen_to_the_answer_from_the_panel(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator("a.chapter-link[data-chapter=relocalisations]").click()
    expect_current_chapter(page, "relocalisations")
    # "1 question du public" in the now card opens the chapter's panel at its questions
    page.locator("#now .now-links a").first.click()
    expect(page.get_by_role("tab", name="Ce chapitre")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#questions-relocalisations")).to_be_in_viewport()
    pause_at(page, 500)  # later in the same chapter: the answer's link goes back to its start
    entries = page.evaluate("history.length")
    listen = page.locator("#panel a.listen").first
    expect(listen).to_contain_text("6:05 – 24:05")
    listen.click()
    wait_time(page, 365, 1.5)
    expect(page.locator("#span-line")).to_contain_text("Extrait 6:05 → 24:05")
    assert page.evaluate("history.length") == entries + 1
    assert page.evaluate("location.search") == "?t=6m5s,24m5s"
    assert log.errors() == []


@pytest.mark.parametrize(
    "path, seconds, chapter",
    [
        (f"/w/{WID}/questions/q2", 1445, "capa-cite"),
        (f"/w/{WID}/questions", 365, "relocalisations"),
        (f"/w/{WID}/intervenants/jonathan-leveugle", 5380, "france-active"),
    ],
)
def test_listen_to_the_answer_from_its_pages(laptop, live_server, path, seconds, chapter):
    page = laptop
    page.goto(live_server + path)
    page.locator("a.listen").first.click()
    page.wait_for_url(re.compile(r"/w/2021-05-04\?t="))
    open_watch(page, page.url)
    wait_time(page, seconds, 1.0)
    expect_current_chapter(page, chapter)
    expect(page.locator("#span-line")).to_be_visible()


def test_speaker_page_leads_to_the_segment(laptop, live_server):
    page = laptop
    page.goto(f"{live_server}/w/{WID}/intervenants/cedric-herve")
    watch = page.get_by_role("link", name="Regarder son intervention (24:05 – 40:25)")
    expect(watch).to_be_visible()
    thumb = page.locator("main img.thumb")
    expect(thumb).to_have_attribute("loading", "lazy")
    watch.click()
    open_watch(page, page.url)
    wait_time(page, 1445, 1.0)
    expect(page.locator("#span-line")).to_contain_text("Extrait 24:05 → 40:25")


# ---------- htmx where it fits ----------


def test_panel_swap_is_declared_on_the_chapter_links(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    link = page.locator("a.chapter-link[data-chapter=france-active]")
    assert link.get_attribute("data-hx-get") == f"/w/{WID}/fragments/chapitres/france-active.html"
    assert link.get_attribute("data-hx-target") == "#panel"
    assert link.get_attribute("data-hx-swap") == "innerHTML"
    with page.expect_request(f"{live_server}/w/{WID}/fragments/chapitres/france-active.html") as request:
        link.click()
    assert request.value.headers.get("hx-request") == "true"
    expect_current_chapter(page, "france-active")
    # the module files, each one concern, loaded as modules
    modules = page.evaluate(
        "[...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href.split('/').pop())"
    )
    for name in ("main.js", "time.js", "adapter.js", "controlbar.js", "chapters.js", "keyboard.js",
                 "resume.js", "history.js"):
        assert name in modules
    # what waits for its first use is not preloaded
    for name in ("share.js", "slides.js", "transcript.js", "search.js", "discussion.js"):
        assert name not in modules


def test_tabs_follow_the_keyboard(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    chapters_tab = page.get_by_role("tab", name=re.compile("^Chapitres"))
    next_tab = page.get_by_role("tab", name="Diapositives")  # the stand-in's slides, beside
    expect(chapters_tab).to_have_attribute("aria-selected", "true")
    chapters_tab.focus()
    page.keyboard.press("ArrowRight")
    expect(next_tab).to_be_focused()
    expect(next_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#diapositives")).to_be_visible()
    expect(page.locator("#chapitres")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(chapters_tab).to_be_focused()
    expect(page.locator("#chapitres")).to_be_visible()


def test_htmx_waits_until_a_fragment_is_needed(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}")
    page.wait_for_load_state("networkidle")
    assert not [u for u in log.requests if "htmx" in u], "htmx is part of the first load"
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    expect_current_chapter(page, "capa-cite")
    assert [u for u in log.requests if "/vendor/htmx-" in u]
