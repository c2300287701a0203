"""The watch page in a real Chromium (Debian's), against the live app and its stand-in recording.

Each test asserts behaviour a viewer relies on (issue 3, point 5): chapter clicks seek and bring
the panel, deep links start where they say, ranges stop, the chapters track, the keyboard, the
share dialog, resume, the timeline, pages without JavaScript, no foreign request, no console error.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import record, wait_js
from tests.support.watch import (
    CHAPTERS,
    TIMEOUT,
    VIDEO,
    count_seeked,
    current_time,
    expect_current_chapter,
    focus_body,
    open_watch,
    pause_at,
    settle_panel,
    wait_seeked,
    wait_time,
)
from tests.support.webinar import WID

# ---------- chapter clicks ----------


def test_chapter_click_seeks_updates_panel_and_address(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    before = page.evaluate("history.length")
    count_seeked(page)

    page.locator("a.chapter-link[data-chapter=capa-cite]").click()

    wait_seeked(page)
    assert page.evaluate("location.search") == "?t=24m5s"
    assert page.evaluate("location.pathname") == f"/w/{WID}"
    assert current_time(page) == pytest.approx(1445, abs=1.5)  # it plays on after the seek
    expect_current_chapter(page, "capa-cite")
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    assert page.evaluate("history.length") == before + 1, "a chapter click adds one history entry"
    assert page_log.errors() == []


def test_quick_successive_clicks_end_on_the_last_chapter(page: Page, live_server, page_log):
    """The panel and the list agree after clicks faster than the panel's htmx request."""
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(
        """() => {
            document.querySelector('a.chapter-link[data-chapter=capa-cite]').click();
            document.querySelector('a.chapter-link[data-chapter=france-active]').click();
        }"""
    )
    wait_time(page, 5380, 1.5)
    settle_panel(page)
    expect_current_chapter(page, "france-active")
    assert page.locator("#panel [data-chapter]").count() == 1
    assert page_log.errors() == []


@pytest.mark.parametrize(
    "suffix",
    ["?t=1h10m", "?t=1'10'00", "?t=" + quote("1'10'00"), "?t=1’10’00", "#t=4200"],
    ids=["1h10m", "apostrophes", "apostrophes-encoded", "typographic-apostrophes", "fragment"],
)
def test_deep_links_start_at_4200(page: Page, live_server, page_log, suffix):
    open_watch(page, f"{live_server}/w/{WID}{suffix}")
    wait_time(page, 4200)
    expect_current_chapter(page, "fleurs-d-halage")
    expect(page.locator("#resume")).to_be_hidden()
    assert page_log.errors() == []


def test_range_stops_at_its_end(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}?t=365,375")
    wait_time(page, 365)
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"!{VIDEO}.paused && {VIDEO}.currentTime > 366", timeout=TIMEOUT)
    wait_js(page, f"{VIDEO}.paused", timeout=20_000)
    assert current_time(page) == pytest.approx(375, abs=0.5)
    assert page_log.errors() == []


def test_chapter_page_starts_at_its_chapter(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}/chapitres/france-active")
    wait_time(page, 5380)
    expect_current_chapter(page, "france-active")
    assert page_log.errors() == []


def test_chapters_track_has_one_cue_per_chapter(page: Page, live_server):
    """The chapters track is there for other players; the page itself does not fetch it."""
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(f"[...{VIDEO}.textTracks].find(t => t.kind === 'chapters').mode = 'hidden'")
    wait_js(
        page,
        f"""() => {{
            const t = [...{VIDEO}.textTracks].find(t => t.kind === 'chapters');
            return t && t.cues && t.cues.length > 0;
        }}""",
        timeout=TIMEOUT,
    )
    track = page.evaluate(
        f"""() => {{
            const t = [...{VIDEO}.textTracks].find(t => t.kind === 'chapters');
            return {{mode: t.mode, cues: [...t.cues].map(c => [c.id, c.startTime, c.endTime])}};
        }}"""
    )
    assert track["mode"] in ("hidden", "showing")
    assert len(track["cues"]) == 7
    assert [c[0] for c in track["cues"]] == list(CHAPTERS)
    assert [c[1] for c in track["cues"]] == pytest.approx(list(CHAPTERS.values()))
    ends = [c[2] for c in track["cues"]]
    assert ends[:-1] == pytest.approx(list(CHAPTERS.values())[1:])
    assert ends[-1] == pytest.approx(6300)


# ---------- keyboard ----------


def test_keyboard_seeks_and_chapters(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1000)
    focus_body(page)

    page.keyboard.press("l")
    wait_time(page, 1010, 0.05)
    page.keyboard.press("j")
    wait_time(page, 1000, 0.05)
    page.keyboard.press("ArrowRight")
    wait_time(page, 1005, 0.05)
    page.keyboard.press("ArrowLeft")
    wait_time(page, 1000, 0.05)

    page.keyboard.press("n")  # relocalisations (365) -> capa-cite (1445), and plays
    wait_time(page, 1445, 1.0)
    expect_current_chapter(page, "capa-cite")

    pause_at(page, 1446)  # within 3 s of its start: "previous" goes to the chapter before
    page.keyboard.press("p")
    wait_time(page, 365, 1.0)
    expect_current_chapter(page, "relocalisations")

    pause_at(page, 400)
    page.keyboard.press("Alt+ArrowRight")
    wait_time(page, 1445, 1.0)
    expect_current_chapter(page, "capa-cite")

    pause_at(page, 1500)
    page.keyboard.press("Alt+ArrowLeft")  # late in a chapter: back to its own start
    wait_time(page, 1445, 1.0)
    assert page_log.errors() == []


def test_keyboard_play_mute_speed(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    focus_body(page)
    assert page.evaluate(f"{VIDEO}.paused")

    page.keyboard.press("k")
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    page.keyboard.press("k")
    wait_js(page, f"{VIDEO}.paused", timeout=TIMEOUT)
    page.keyboard.press(" ")
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    page.keyboard.press(" ")
    wait_js(page, f"{VIDEO}.paused", timeout=TIMEOUT)
    assert page.evaluate("window.scrollY") == 0, "Space scrolled the page instead of playing"

    assert not page.evaluate(f"{VIDEO}.muted")
    page.keyboard.press("m")
    assert page.evaluate(f"{VIDEO}.muted")
    page.keyboard.press("m")
    assert not page.evaluate(f"{VIDEO}.muted")

    page.keyboard.press(">")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 1.25
    assert page.locator("#speed").input_value() == "1.25"
    page.keyboard.press("<")
    page.keyboard.press("<")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 0.75
    assert page.locator("#speed").input_value() == "0.75"
    assert page_log.errors() == []


def test_keys_are_ignored_while_typing(page: Page, live_server):
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1000)
    page.locator("#share-open").click()
    # share.js comes on the first click: the field takes keys once its dialog is open
    expect(page.locator("#share-url")).to_be_visible()
    page.locator("#share-url").press("l")  # in the dialog's text field
    page.wait_for_timeout(200)
    assert current_time(page) == pytest.approx(1000, abs=0.05)


def test_tab_reaches_controls_with_visible_focus(page: Page, live_server):
    open_watch(page, f"{live_server}/w/{WID}")
    wanted = {
        "chapter link": "a.chapter-link",
        "previous chapter": "#prev-chapter",
        "next chapter": "#next-chapter",
        "speed menu": "#speed",
        "Partager": "#share-open",
    }
    reached: dict[str, str] = {}
    focus_body(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """(wanted) => {
                const el = document.activeElement;
                for (const [name, sel] of Object.entries(wanted)) {
                    if (el && el.matches(sel)) {
                        const s = getComputedStyle(el);
                        return [name, s.outlineStyle + " " + s.outlineWidth];
                    }
                }
                return null;
            }""",
            wanted,
        )
        if found and found[0] not in reached:
            reached[found[0]] = found[1]
        if len(reached) == len(wanted):
            break
    assert set(reached) == set(wanted), f"Tab never reached {set(wanted) - set(reached)}"
    for name, outline in reached.items():
        style, width = outline.split()
        assert style != "none" and width != "0px", f"{name} has no visible focus ({outline})"


# ---------- controls ----------


def test_prev_next_buttons_and_speed_menu(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 2500)  # besoins-sociaux-iae
    page.locator("#next-chapter").click()
    wait_time(page, 3334, 1.0)
    expect_current_chapter(page, "regies-de-quartier")

    pause_at(page, 3335)
    page.locator("#prev-chapter").click()
    wait_time(page, 2425, 1.0)
    expect_current_chapter(page, "besoins-sociaux-iae")

    page.locator("#speed").select_option("1.5")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 1.5
    page.locator("#speed").select_option("0.5")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 0.5
    assert page_log.errors() == []


def test_share_dialog_links_to_the_moment(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1500.4)  # capa-cite, which ends at 2425 (40m25s)
    page.locator("#share-open").click()
    expect(page.locator("#share-dialog")).to_be_visible()
    url = page.locator("#share-url")
    expect(url).to_have_value(f"{live_server}/w/{WID}?t=25m")

    page.locator("#share-end").check()
    expect(url).to_have_value(f"{live_server}/w/{WID}?t=25m,40m25s")
    link = url.input_value()
    page.locator("#share-close").click()
    expect(page.locator("#share-dialog")).to_be_hidden()

    other = page.context.new_page()
    other_log = record(other)
    open_watch(other, link)
    wait_time(other, 1500)
    expect_current_chapter(other, "capa-cite")
    assert other.evaluate(f"{VIDEO}.dataset.end") == "2425.0" or float(
        other.evaluate(f"{VIDEO}.dataset.end")
    ) == pytest.approx(2425)
    assert page_log.errors() == [] and other_log.errors() == []


# ---------- resume ----------


def test_resume_is_offered_not_forced(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"!{VIDEO}.paused", timeout=TIMEOUT)
    pause_at(page, 600)
    wait_js(
        page,
        f"localStorage.getItem('webinar-position:{WID}') === '600'", timeout=TIMEOUT
    )

    open_watch(page, f"{live_server}/w/{WID}")
    expect(page.locator("#resume")).to_be_visible()
    expect(page.locator("#resume-time")).to_have_text("10:00")
    page.wait_for_timeout(500)
    assert current_time(page) == pytest.approx(0, abs=0.01), "the page jumped by itself"

    page.locator("#resume-yes").click()
    wait_time(page, 600, 1.0)
    expect(page.locator("#resume")).to_be_hidden()

    open_watch(page, f"{live_server}/w/{WID}?t=6'05")
    wait_time(page, 365)
    expect(page.locator("#resume")).to_be_hidden()
    open_watch(page, f"{live_server}/w/{WID}#t=4200")
    wait_time(page, 4200)
    expect(page.locator("#resume")).to_be_hidden()
    assert page_log.errors() == []


def test_resume_can_be_declined(page: Page, live_server):
    open_watch(page, f"{live_server}/w/{WID}")
    page.evaluate(f"localStorage.setItem('webinar-position:{WID}', '900')")
    open_watch(page, f"{live_server}/w/{WID}")
    page.locator("#resume-no").click()
    expect(page.locator("#resume")).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('webinar-position:{WID}')") is None
    assert current_time(page) == pytest.approx(0, abs=0.01)


# ---------- timeline and current chapter ----------


def test_playing_across_a_boundary_switches_the_panel(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}")
    pause_at(page, 1443)
    expect_current_chapter(page, "relocalisations")
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"{VIDEO}.currentTime > 1445.5", timeout=TIMEOUT)
    expect_current_chapter(page, "capa-cite")
    expect(page.locator("#panel")).to_contain_text("Cédric Hervé")
    assert page_log.errors() == []


# ---------- without JavaScript ----------


def test_chapter_links_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/w/{WID}")
        page.locator("a.chapter-link[data-chapter=fleurs-d-halage]").click()
        page.wait_for_url(re.compile(r"\?t=1h10m$"))
        src = page.locator("#video").get_attribute("src")
        assert re.search(r"#t=4200(\.0+)?$", src), src
        assert page.locator("#panel [data-chapter=fleurs-d-halage]").is_visible()
        expect(page.locator("#panel")).to_contain_text("Fleurs")
        link = page.locator("a.chapter-link[data-chapter=fleurs-d-halage]")
        assert link.get_attribute("aria-current") == "true"

        page.goto(f"{live_server}/w/{WID}/chapitres/france-active")
        src = page.locator("#video").get_attribute("src")
        assert re.search(r"#t=5380(\.0+)?,6300(\.0+)?$", src), src
    finally:
        context.close()


def test_no_dead_controls_without_javascript(browser, live_server):
    """Buttons that only the script can serve stay hidden when it does not run."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/w/{WID}")
        for selector in ("#bar", "#resume", "button.copy", "#span-continue"):
            for element in page.locator(selector).all():
                expect(element).to_be_hidden()
    finally:
        context.close()


# ---------- origin, console, bad input ----------


PAGES = [
    f"/w/{WID}",
    "/",
    f"/w/{WID}/chapitres/capa-cite",
    f"/w/{WID}/intervenants/cedric-herve",
    f"/w/{WID}/questions",
    f"/w/{WID}/questions/q2",
    f"/w/{WID}/ressources",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_foreign_request_and_no_console_error(page: Page, live_server, page_log, path):
    page.goto(f"{live_server}{path}", wait_until="networkidle")
    if page.locator("#video").count():
        wait_js(page, f"{VIDEO}.readyState >= 1", timeout=TIMEOUT)
        # exercise the page a little: a chapter click brings a panel through htmx
        page.locator("a.chapter-link[data-chapter=france-active]").click()
        expect_current_chapter(page, "france-active")
        settle_panel(page)
    assert page_log.requests, "no request recorded"
    assert page_log.foreign_requests(live_server) == []
    assert page_log.errors() == []


def test_invalid_time_shows_a_notice(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}?t=abc")
    notice = page.locator("#time-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("n'a pas pu être lu")
    page.wait_for_timeout(300)
    assert current_time(page) == 0
    expect_current_chapter(page, "ouverture")
    expect(page.locator("#resume")).to_be_hidden()
    assert page_log.errors() == []


def test_out_of_range_time_clamps_with_a_notice(page: Page, live_server, page_log):
    open_watch(page, f"{live_server}/w/{WID}?t=3h")
    expect(page.locator("#time-notice")).to_contain_text("dépasse la fin")
    wait_time(page, 6299, 1.0)
    expect_current_chapter(page, "france-active")
    assert page_log.errors() == []


def test_media_fragment_answers_like_the_query(page: Page, live_server, page_log):
    # W3C Media Fragments 1.0: an invalid temporal fragment is ignored, without a word
    open_watch(page, f"{live_server}/w/{WID}#t=nimporte")
    notice = page.locator("#hash-notice")
    page.wait_for_timeout(300)
    expect(notice).to_be_hidden()
    assert current_time(page) == 0
    open_watch(page, f"{live_server}/w/{WID}#t=3:00:00")
    expect(notice).to_contain_text("dépasse la fin de l'enregistrement (1:45:00)")
    wait_time(page, 6299, 1.0)
    open_watch(page, f"{live_server}/w/{WID}#t=365,375")
    wait_time(page, 365)
    expect(notice).to_be_hidden()
    assert page_log.errors() == []
