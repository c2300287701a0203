"""Issue 16, items 1-3 in Chromium: addresses that mean the same thing tomorrow (a span keeps
its address, whole seconds, W3C media fragments), the current chapter in view in its list, and
speakers and answers inside the player."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from tests.support.browser import AXE, record, wait_js
from tests.support.fragments import CASES
from tests.support.many import EIGHTY, make_eighty_chapters
from tests.support.servers import live_app
from tests.support.watch import (
    TIMEOUT,
    VIDEO,
    expect_current_chapter,
    open_watch,
    wait_time,
)
from tests.support.webinar import WID

LAPTOP = {"width": 1366, "height": 768}
WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


WHOLE = r"(?=\d)(\d+h)?(\d+m)?(\d+s)?"  # 1h29m45s, 24m5s, 0s: YouTube's notation


def address(page: Page) -> str:
    return page.evaluate("location.pathname + location.search + location.hash")


# ---------- 2. addresses ----------


def test_a_span_keeps_its_address_while_it_plays_and_after_it_stops(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=365,368")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 366", timeout=TIMEOUT)
    assert address(page) == f"/w/{WID}?t=365,368"
    wait_js(page, f"{VIDEO}.paused && {VIDEO}.currentTime > 367", timeout=TIMEOUT)  # the span's stop
    page.wait_for_timeout(300)
    assert address(page) == f"/w/{WID}?t=365,368"
    # a reload gives the same extract, not a second of it
    page.reload()
    expect(page.locator("#span-times")).to_have_text("6:05 → 6:08")
    wait_time(page, 365)
    assert address(page) == f"/w/{WID}?t=365,368"
    assert log.errors() == []


def test_continue_after_the_extract_makes_the_address_a_plain_start(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}?t=365,368")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.paused && {VIDEO}.currentTime > 367", timeout=TIMEOUT)
    page.get_by_role("button", name="Continuer après l'extrait").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 369", timeout=TIMEOUT)
    # where it went on from (the stop, a few ms before 6:08), in whole seconds, no end
    assert address(page) in (f"/w/{WID}?t=6m7s", f"/w/{WID}?t=6m8s")
    page.evaluate(f"{VIDEO}.pause()")
    wait_js(page, "/^\\?t=6m(9|1\\d)s$/.test(location.search)")


def test_an_answer_keeps_its_span_address_when_it_stops(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator("a.chapter-link[data-chapter=relocalisations]").click()
    expect_current_chapter(page, "relocalisations")
    page.get_by_role("tab", name="Ce chapitre").click()
    page.locator("#panel a.listen").first.click()
    wait_time(page, 365, 1.5)
    wait_js(page, "location.search === '?t=6m5s,24m5s'")
    page.evaluate(f"{VIDEO}.pause()")
    page.wait_for_timeout(300)
    assert page.evaluate("location.search") == "?t=6m5s,24m5s"


def test_the_fragment_table_in_the_page_own_reader(laptop, live_server):
    """The table chapters/timecode.py is tested against (tests/support/fragments.py), run through
    static/js/fragment.js's mediaFragment, from where the page imports it (beside time.js)."""
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    time_js = page.evaluate(
        "[...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href).find(h => h.endsWith('/time.js'))"
    )
    assert time_js, "time.js is not among the page's modules"
    answers = page.evaluate(
        """async ([src, cases]) => {
             const m = await import(src);
             return cases.map((f) => { const s = m.mediaFragment(f); return s ? [s.start, isFinite(s.end) ? s.end : null] : null; });
           }""",
        [time_js.replace("/time.js", "/fragment.js"), [fragment for fragment, _ in CASES]],
    )
    for (fragment, expected), answer in zip(CASES, answers):
        assert (tuple(answer) if answer else None) == expected, fragment


@pytest.mark.parametrize(
    "fragment, seconds, span",
    [("t=365,375", 365, "6:05 → 6:15"), ("t=npt:1:10:00", 4200, None), ("t=,20", 0, "0:00 → 0:20"),
     ("t=375,365", 0, None), ("t=24m5s", 0, None), ("t=smpte-25:0:10:00", 0, None)],
)
def test_media_fragments_on_the_page(laptop, live_server, fragment, seconds, span):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}#{fragment}")
    page.wait_for_timeout(300)
    wait_time(page, seconds, 0.5)
    line = page.locator("#span-line")
    if span:
        expect(page.locator("#span-times")).to_have_text(span)
    else:
        expect(line).to_be_hidden()
    expect(page.locator("#hash-notice")).to_be_hidden()  # an ignored fragment says nothing
    assert log.errors() == []


def test_links_the_page_makes_use_whole_seconds(laptop, live_server):
    page = laptop
    open_watch(page, f"{live_server}/w/{WID}")
    hrefs = page.locator("a[href*='?t=']").evaluate_all("links => links.map(a => new URL(a.href).searchParams.get('t'))")
    assert hrefs
    for t in hrefs:
        assert re.fullmatch(rf"{WHOLE}(,{WHOLE})?", t), t


# ---------- 1. the current chapter in view ----------

SIZES = {
    "laptop": {"viewport": LAPTOP},
    "wide": {"viewport": WIDE},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}
IN_LIST = """(id) => { const l = document.querySelector(`a.chapter-link[data-chapter="${id}"]`).getBoundingClientRect();
                        const c = document.getElementById('chapitres').getBoundingClientRect();
                        return l.top >= c.top - 0.5 && l.bottom <= c.bottom + 0.5; }"""


@pytest.fixture(scope="module")
def eighty(tmp_path_factory):
    """The generated 80-chapter webinar, served on its own; yields (base URL, starts)."""
    folder = tmp_path_factory.mktemp("eighty-links") / "webinars"
    starts, _ = make_eighty_chapters(folder)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder)})
    with live_app(app) as url:
        yield url, starts


def in_list(page: Page, chapter: str) -> bool:
    return page.evaluate(IN_LIST, chapter)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", ["built-in", "eighty"])
def test_a_deep_link_into_the_last_chapter_lands_in_view(browser: Browser, live_server, eighty, size, which):
    if which == "built-in":
        url, chapter = f"{live_server}/w/{WID}?t=1h29m45s", "france-active"
    else:
        url, chapter = f"{eighty[0]}/w/{EIGHTY}?t={int(eighty[1][-1]) + 2}", "c80"
    context = browser.new_context(**SIZES[size])
    try:
        page = context.new_page()
        log = record(page)
        open_watch(page, url)
        expect_current_chapter(page, chapter)
        wait_js(page, f"({IN_LIST})('{chapter}')")
        # the list scrolled, not the page, and nothing took the focus
        assert page.evaluate("scrollY") == 0
        assert page.evaluate("document.activeElement === document.body")
        if which == "eighty":  # (7 chapters fit a 1920×1080 list whole)
            assert page.evaluate("document.getElementById('chapitres').scrollTop") > 0
        expect(page.get_by_role("button", name="Chapitre en cours", exact=True)).to_be_hidden()
        if size == "phone":
            # the list is a box of its own: brought on screen, the chapter is there, under the video
            page.evaluate("document.getElementById('chapitres').scrollIntoView({block: 'end'})")
            link = page.locator(f"a.chapter-link[data-chapter={chapter}]").bounding_box()
            player = page.locator("#lecteur").bounding_box()
            assert link["y"] >= player["y"] + player["height"] - 0.5
            assert link["y"] + link["height"] <= PHONE["height"] + 0.5
        assert log.errors() == []
    finally:
        context.close()


IN_COLUMN = """(id) => { const l = document.querySelector(`a.chapter-link[data-chapter="${id}"]`).getBoundingClientRect();
                          const c = document.getElementById('cote').getBoundingClientRect();
                          return l.top >= c.top - 0.5 && l.bottom <= c.bottom + 0.5; }"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("which", ["built-in", "eighty"])
def test_without_javascript_a_deep_link_opens_the_column_on_its_chapter(browser: Browser, live_server, eighty, size, which):
    """Without scripting, the laptop's chapters column opens on the linked chapter (the column
    scrolls, not the page); a plain address opens it at its top; a phone's page stays on its
    player."""
    if which == "built-in":
        url, chapter = f"{live_server}/w/{WID}?t=1h29m45s", "france-active"
    else:
        url, chapter = f"{eighty[0]}/w/{EIGHTY}?t={int(eighty[1][40]) + 2}", "c41"
    context = browser.new_context(java_script_enabled=False, **SIZES[size])
    try:
        page = context.new_page()
        page.goto(url)
        expect(page.locator(f"a.chapter-link[data-chapter={chapter}]")).to_have_attribute("aria-current", "true")
        assert page.evaluate("scrollY") == 0
        if size == "phone":
            return
        assert page.evaluate(IN_COLUMN, chapter)
        assert page.evaluate("document.getElementById('cote').scrollTop") > 0
        page.goto(url.split("?")[0])  # no time asked: the column from its top, "now" box first
        assert page.evaluate("document.getElementById('cote').scrollTop") == 0
        expect(page.locator("#now")).to_be_in_viewport()
    finally:
        context.close()


def test_current_chapter_control_brings_the_list_back(browser: Browser, eighty):
    base, starts = eighty
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        open_watch(page, f"{base}/w/{EIGHTY}?t={int(starts[40]) - 2}")
        expect_current_chapter(page, "c40")
        wait_js(page, "(" + IN_LIST + ")('c40')")
        control = page.get_by_role("button", name="Chapitre en cours", exact=True)
        expect(control).to_be_hidden()
        # the viewer scrolls the list away: the control appears, pointing up or down
        page.locator("a.chapter-link[data-chapter=c2]").hover()
        page.mouse.wheel(0, -20000)
        expect(control).to_be_visible()
        expect(control).to_contain_text("↓")
        assert not in_list(page, "c40")
        # its name is its own on the page
        names = page.locator("button, a, [role=tab], [role=slider]").evaluate_all(
            "els => els.filter(e => e.checkVisibility()).map(e => (e.getAttribute('aria-label') || e.textContent).replace(/\\s+/g, ' ').trim())"
        )
        assert sum(1 for n in names if n.lower().startswith("chapitre en cours") or n.lower().endswith("chapitre en cours")) == 1, names
        # playing on into the next chapter does not pull the list back from where the viewer put it
        page.evaluate(f"{VIDEO}.play()")
        expect_current_chapter(page, "c41")
        page.evaluate(f"{VIDEO}.pause()")
        page.wait_for_timeout(300)
        assert not in_list(page, "c41")
        # from the keyboard: the list comes back, the focus goes to the current chapter
        control.focus()
        page.keyboard.press("Enter")
        wait_js(page, "(" + IN_LIST + ")('c41')")
        expect(control).to_be_hidden()
        assert page.evaluate("document.activeElement.dataset.chapter") == "c41"
        assert page.evaluate("scrollY") == 0
    finally:
        context.close()


def test_seeks_and_back_forward_bring_the_chapter_into_view(browser: Browser, eighty):
    base, starts = eighty
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        open_watch(page, f"{base}/w/{EIGHTY}")
        # a seek from the keyboard, the pointer over the list
        page.locator("a.chapter-link[data-chapter=c3]").hover()
        page.locator("#scrubber").focus()
        page.keyboard.press("End")
        expect_current_chapter(page, "c80")
        wait_js(page, "(" + IN_LIST + ")('c80')")
        # two chapters followed from the list, then Back and Forward
        page.locator("a.chapter-link[data-chapter=c3]").click()
        expect_current_chapter(page, "c3")
        page.locator("a.chapter-link[data-chapter=c79]").click()
        expect_current_chapter(page, "c79")
        page.go_back()
        expect_current_chapter(page, "c3")
        wait_js(page, "(" + IN_LIST + ")('c3')")
        page.go_forward()
        expect_current_chapter(page, "c79")
        wait_js(page, "(" + IN_LIST + ")('c79')")
        assert page.evaluate("scrollY") == 0
    finally:
        context.close()


# ---------- 3. speakers and answers inside the player ----------


@pytest.fixture
def strict_autoplay(browser_type, browser_type_launch_args):
    """A page in a Chromium that lets a video play with sound only after a user's gesture, as
    a viewer's browser does (the session's browser lets everything play)."""
    args = [a for a in browser_type_launch_args["args"] if not a.startswith("--autoplay-policy")]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args + ["--autoplay-policy=document-user-activation-required"]})
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()
    browser.close()


def test_a_speaker_card_opens_in_the_side_column(laptop, live_server):
    page = laptop
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=30m")
    page.evaluate("window.__samePage = true")
    page.locator("#now .now-speaker a", has_text="Cédric Hervé").click()
    card = page.locator("#cote .speaker-view")
    expect(card.get_by_role("heading", name="Cédric Hervé", level=2)).to_be_visible()
    expect(page).to_have_url(f"{live_server}/w/{WID}/intervenants/cedric-herve")
    expect(page.get_by_role("tab", name="Chapitres")).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('speaker-heading')")
    expect(card).to_have_accessible_name("Cédric Hervé")
    # the speaker's segment plays in place
    card.get_by_role("link", name="Regarder son intervention (24:05 – 40:25)").click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 1445 && {VIDEO}.currentTime < 1450", timeout=TIMEOUT)
    expect(page.locator("#span-times")).to_have_text("24:05 → 40:25")
    expect(page).to_have_url(f"{live_server}/w/{WID}?t=24m5s,40m25s")
    # Back: the card at its address; Back again: the chapters, where the viewer was
    page.go_back()
    expect(page).to_have_url(f"{live_server}/w/{WID}/intervenants/cedric-herve")
    expect(card).to_be_visible()
    page.go_back()
    expect(page).to_have_url(f"{live_server}/w/{WID}?t=30m")
    expect(card).to_be_hidden()
    expect(page.get_by_role("tab", name="Chapitres")).to_be_visible()
    wait_time(page, 1800, 1.5)
    page.go_forward()
    expect(card).to_be_visible()
    # "Retour aux chapitres" is Back too
    card.get_by_role("button", name="Retour aux chapitres").click()
    expect(card).to_be_hidden()
    expect(page).to_have_url(f"{live_server}/w/{WID}?t=30m")
    assert page.evaluate("window.__samePage === true"), "the card left the page"
    assert log.errors() == []


def test_listen_to_the_answer_plays_in_place(strict_autoplay, live_server):
    """A click is a user's gesture: the video plays, from the answer, even where nothing may
    play without one."""
    page = strict_autoplay
    log = record(page)
    open_watch(page, f"{live_server}/w/{WID}?t=50m")
    assert page.evaluate(f"{VIDEO}.paused")
    page.get_by_role("tab", name="Ce chapitre").click()
    # the answering speaker's card from the panel, then one of their answers
    page.locator("#panel .answered-by a").first.click()
    card = page.locator("#cote .speaker-view")
    expect(card.locator(".speaker-heading")).to_be_visible()
    listen = card.locator("a.listen").first
    start = float(listen.get_attribute("data-seek"))
    listen.click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime >= {start} && {VIDEO}.currentTime < {start} + 5", timeout=TIMEOUT)
    # and from the chapter's panel
    page.evaluate(f"{VIDEO}.pause()")
    card.get_by_role("button", name="Retour aux chapitres").click()
    expect(card).to_be_hidden()
    page.get_by_role("tab", name="Ce chapitre").click()
    listen = page.locator("#panel a.listen").first
    start = float(listen.get_attribute("data-seek"))
    listen.click()
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime >= {start} && {VIDEO}.currentTime < {start} + 5", timeout=TIMEOUT)
    assert log.errors() == []


def test_without_javascript_a_speaker_name_is_their_page(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/w/{WID}?t=30m")
        page.locator("#now .now-speaker a", has_text="Cédric Hervé").click()
        expect(page).to_have_url(f"{live_server}/w/{WID}/intervenants/cedric-herve")
        expect(page.get_by_role("heading", name="Cédric Hervé", level=1)).to_be_visible()
        page.get_by_role("link", name="Regarder son intervention (24:05 – 40:25)").click()
        expect(page).to_have_url(f"{live_server}/w/{WID}?t=24m5s,40m25s")
    finally:
        context.close()


def axe_violations(page: Page) -> str:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document)")
    assert results["passes"], "axe-core ran no check"
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
        for v in results["violations"]
    )


def test_no_accessibility_violations_with_the_card_or_the_control_shown(browser: Browser, live_server, eighty):
    """axe-core on what these items add: the speaker's card in the side column (its ids beside
    the chapter's panel) and "Chapitre en cours" over the list."""
    assert AXE.is_file(), f"{AXE} is missing (scripts/setup --test runs npm ci)"
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)  # axe is an inline script
    try:
        page = context.new_page()
        open_watch(page, f"{live_server}/w/{WID}?t=30m")
        page.get_by_role("tab", name="Ce chapitre").click()
        page.locator("#panel .speaker-name a", has_text="Cédric Hervé").click()
        expect(page.locator("#cote .speaker-view .speaker-heading")).to_be_focused()
        assert (found := axe_violations(page)) == "", found
        page = context.new_page()
        open_watch(page, f"{eighty[0]}/w/{EIGHTY}?t=18m")
        page.locator("#chapitres").hover()
        page.mouse.wheel(0, -20000)
        expect(page.get_by_role("button", name="Chapitre en cours", exact=True)).to_be_visible()
        assert (found := axe_violations(page)) == "", found
    finally:
        context.close()
