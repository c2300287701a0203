"""The "Transcription" tab and the "Télécharger" menu in Chromium (issue 8, points 2 and 6).

Served on its own: two copies of a short webinar (three minutes, three chapters) sharing one
generated stand-in recording, one with captions of our own (voices, '&', '<'), one without.
"""

from __future__ import annotations

import math

import re
import shutil

import pytest
from playwright.sync_api import Browser, Page, expect

from app import create_app
from chapters.model import Chapter, Speaker, Webinar
from chapters.store import save_webinar
from chapters.timecode import link_span, to_clock, to_compact, to_link, to_vtt
from player.media.demo import make_demo_recording
from tests.support.browser import AXE, record, wait_js
from tests.support.servers import live_app
from tests.support.watch import TIMEOUT, VIDEO, open_watch, pause_at, wait_time

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
WITH = "avec-texte"
WITHOUT = "sans-texte"
DURATION = 180
SPEAKERS = {"c1": "Alice Martin", "c2": "Bruno Petit", "c3": "Chloé Durand"}
SPECIAL = 'Le signe <b> & 3 < 5, et <script>alert("x")</script> reste du texte.'


def cue_list() -> list[tuple[float, float, str, str]]:
    """(start, end, voice, text): a cue every 3 s, long enough for the panel to scroll."""
    cues = []
    for n in range(1, 60):
        start = n * 3.0 - 1.5
        chapter = "c1" if start < 60 else "c2" if start < 120 else "c3"
        text = SPECIAL if n == 4 else (
            f"Phrase {n} : le financement des chantiers d'insertion et les besoins sociaux du quartier."
        )
        cues.append((start, start + 2.75, SPEAKERS[chapter], text))
    return cues


CUES = cue_list()


def vtt(cues) -> str:
    escape = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    blocks = [f"{to_vtt(s)} --> {to_vtt(e)}\n<v {v}>{escape(t)}" for s, e, v, t in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app over both webinars, on its own live server: (base URL, cues)."""
    folder = tmp_path_factory.mktemp("transcrit") / "webinars"
    webinar = Webinar(
        id=WITH, title="Trois minutes de transcription", date="2024-03-01",
        speakers=[Speaker(id=cid, name=name) for cid, name in SPEAKERS.items()],
        chapters=[
            Chapter(id="c1", start=0, title="Ouverture", speakers=["c1"]),
            Chapter(id="c2", start=60, title="Le financement", speakers=["c2"]),
            Chapter(id="c3", start=120, title="Questions & réponses", speakers=["c3"]),
        ],
    )
    webinar.recording.duration = DURATION
    save_webinar(webinar, folder / WITH)
    make_demo_recording(webinar, folder / WITH / "media" / "demo.mp4")
    (folder / WITH / "transcription.fr.vtt").write_text(vtt(CUES), encoding="utf-8")
    # the same webinar without any captions (the stand-in's own, if espeak-ng made them, removed)
    shutil.copytree(folder / WITH, folder / WITHOUT, ignore=shutil.ignore_patterns("*.vtt"))
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(folder), "DEFAULT_WEBINAR": WITH})
    with live_app(app) as url:
        yield url


LINES = "#transcript a[data-to]"
PANEL = "#transcription"


def line(page: Page, n: int):
    """The transcript's line of cue number n (1-based, as in "Phrase n")."""
    return page.locator(LINES).nth(n - 1)


def open_transcript(page: Page, base: str, query: str = "") -> None:
    open_watch(page, f"{base}/w/{WITH}{query}")
    page.get_by_role("tab", name="Transcription").click()
    expect(page.locator(LINES)).to_have_count(len(CUES), timeout=TIMEOUT)
    expect(page.locator("#transcript .tr-tools")).to_be_visible()  # transcript.js took it over


def current_line(page: Page) -> float:
    """The data-seek of the line marked current (one at most)."""
    marked = page.locator(f"{LINES}[aria-current=true]")
    expect(marked).to_have_count(1, timeout=TIMEOUT)
    return float(marked.get_attribute("data-seek"))


def rects(page: Page, n: int) -> list[dict]:
    """The boxes of line n's text, one per row it runs over."""
    return line(page, n).evaluate("a => [...a.getClientRects()].map(r => ({x: r.x, y: r.y, w: r.width, h: r.height}))")


def settle(page: Page) -> None:
    """Wait for the panel's (smooth) scrolling to end."""
    last = None
    for _ in range(50):
        now = page.evaluate(f"document.querySelector('{PANEL}').scrollTop")
        if now == last:
            return
        last = now
        page.wait_for_timeout(120)


def in_panel_view(page: Page, selector: str) -> bool:
    return page.evaluate(
        """([sel, panel]) => { const l = document.querySelector(sel).getBoundingClientRect();
                               const p = document.querySelector(panel).getBoundingClientRect();
                               return l.top >= p.top && l.bottom <= p.bottom; }""",
        [selector, PANEL],
    )


def assert_clean(log, base: str) -> None:
    assert log.errors() == []
    assert log.foreign_requests(base) == []


# ---------- the tab ----------


def test_tab_only_when_there_are_captions(laptop, site):
    page = laptop
    log = record(page)
    open_watch(page, f"{site}/w/{WITHOUT}")
    expect(page.get_by_role("tab", name="Chapitres")).to_be_visible()
    expect(page.get_by_role("tab", name="Transcription")).to_have_count(0)
    without = page.get_by_role("tab").count()
    open_watch(page, f"{site}/w/{WITH}")
    expect(page.get_by_role("tab", name="Transcription")).to_be_visible()
    # the third, after "Chapitres" and "Ce chapitre"
    assert page.get_by_role("tab").count() == without + 1
    assert page.get_by_role("tab").nth(2).text_content() == "Transcription"
    assert_clean(log, site)


def test_transcript_loads_on_demand_once(laptop, site):
    page = laptop
    log = record(page)
    open_watch(page, f"{site}/w/{WITH}")
    page.evaluate(f"{VIDEO}.play()")
    page.wait_for_timeout(1500)  # playing on, chapters followed: still nothing of the transcript
    page.evaluate(f"{VIDEO}.pause()")
    fetched = lambda: [u for u in log.requests if "transcri" in u]  # noqa: E731
    assert fetched() == []
    assert page.locator(LINES).count() == 0

    page.get_by_role("tab", name="Transcription").click()
    expect(page.locator(LINES)).to_have_count(len(CUES), timeout=TIMEOUT)
    page.get_by_role("tab", name="Chapitres").click()
    page.get_by_role("tab", name="Transcription").click()
    page.wait_for_timeout(300)
    # static files under their versioned path (player/assets.py)
    unversioned = sorted(re.sub(r"/static/[0-9a-f]{12}/", "/static/", u) for u in fetched())
    assert unversioned == [
        f"{site}/static/css/transcript.css",
        f"{site}/static/js/transcript.js",
        f"{site}/w/{WITH}/fragments/transcription.html",
    ]
    # voices as names, the escaped cue as text
    expect(page.locator("#transcript .tr-who strong").first).to_have_text("Alice Martin")
    expect(line(page, 4)).to_have_text(SPECIAL)
    assert page.locator("#transcript script, #transcript b").count() == 0
    assert_clean(log, site)


def test_current_line_follows_playback(laptop, site):
    page = laptop
    log = record(page)
    open_transcript(page, site)
    for n in (3, 50, 20):
        start = CUES[n - 1][0]
        pause_at(page, start + 1)
        assert current_line(page) == start
        wait_js(page, f"""(() => {{ const l = document.querySelector('{LINES}[aria-current=true]').getBoundingClientRect();
                                   const p = document.querySelector('{PANEL}').getBoundingClientRect();
                                   return l.top >= p.top && l.bottom <= p.bottom; }})()""")
    # playing on moves the mark to the next line
    pause_at(page, CUES[29][0] + 2.5)
    page.evaluate(f"{VIDEO}.play()")
    wait_js(page, f"document.querySelector('{LINES}[aria-current=true]').dataset.seek === '{CUES[30][0]}'")
    page.evaluate(f"{VIDEO}.pause()")
    assert page.locator(f"{LINES}[aria-current=true]").count() == 1
    assert_clean(log, site)


def test_click_on_a_line_seeks_and_plays(laptop, site):
    page = laptop
    log = record(page)
    open_transcript(page, site)
    target = line(page, 25)
    target.scroll_into_view_if_needed()
    target.click()
    wait_time(page, CUES[24][0], 0.6)
    assert page.evaluate(f"!{VIDEO}.paused")
    assert current_line(page) == CUES[24][0]
    # a history entry for the line's time (history.js writes whole seconds)
    wait_js(page, f"location.search === '?t={to_compact(int(CUES[24][0]))}'")
    page.evaluate(f"{VIDEO}.pause()")
    assert_clean(log, site)


def test_scrolling_stops_following_until_asked(laptop, site):
    page = laptop
    log = record(page)
    open_transcript(page, site)
    pause_at(page, CUES[1][0])
    follow = page.get_by_role("button", name="Suivre la lecture")
    expect(follow).to_be_hidden()
    page.locator(PANEL).hover()
    page.mouse.wheel(0, 500)
    expect(follow).to_be_visible()
    page.wait_for_timeout(300)
    scrolled = page.evaluate(f"document.querySelector('{PANEL}').scrollTop")
    # the mark moves on, the list stays where the viewer put it
    pause_at(page, CUES[55][0])
    assert current_line(page) == CUES[55][0]
    page.wait_for_timeout(400)
    assert page.evaluate(f"document.querySelector('{PANEL}').scrollTop") == scrolled
    assert not in_panel_view(page, f"{LINES}[aria-current=true]")
    follow.click()
    expect(follow).to_be_hidden()
    wait_js(page, f"""(() => {{ const l = document.querySelector('{LINES}[aria-current=true]').getBoundingClientRect();
                               const p = document.querySelector('{PANEL}').getBoundingClientRect();
                               return l.top >= p.top && l.bottom <= p.bottom; }})()""")
    # and following again: the next far seek brings its line into view
    pause_at(page, CUES[5][0])
    wait_js(page, f"document.querySelector('{LINES}[aria-current=true]').dataset.seek === '{CUES[5][0]}'")
    wait_js(page, f"""(() => {{ const l = document.querySelector('{LINES}[aria-current=true]').getBoundingClientRect();
                               const p = document.querySelector('{PANEL}').getBoundingClientRect();
                               return l.top >= p.top && l.bottom <= p.bottom; }})()""")
    assert_clean(log, site)


def test_keyboard_reaches_every_line_and_copies_its_link(browser: Browser, site):
    context = browser.new_context(viewport=LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        log = record(page)
        open_transcript(page, site)
        pause_at(page, CUES[9][0])
        # one tab stop for the lines: Tab from the tools lands on the playing line
        page.locator("#transcript .tr-page").focus()
        page.keyboard.press("Tab")  # the first chapter heading
        for _ in range(5):
            if page.evaluate("document.activeElement.matches('[data-to]')"):
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.seek") == str(CUES[9][0])
        assert page.locator(f"{LINES}[tabindex='0']").count() == 1
        # arrows go from line to line, across paragraphs and chapters
        for _ in range(12):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.dataset.seek") == str(CUES[21][0])
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.dataset.seek") == str(CUES[20][0])
        page.keyboard.press("End")
        assert page.evaluate("document.activeElement.dataset.seek") == str(CUES[-1][0])
        page.keyboard.press("Home")
        assert page.evaluate("document.activeElement.dataset.seek") == str(CUES[0][0])
        for _ in range(6):
            page.keyboard.press("ArrowDown")
        # the copy button comes right after the focused line
        copy = page.get_by_role("button", name=re.compile("^Copier le lien de la ligne"))
        expect(copy).to_be_visible()
        expect(copy).to_have_accessible_name(f"Copier le lien de la ligne à {to_clock(CUES[6][0])}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('tr-copy')")
        page.keyboard.press("Enter")
        expect(page.locator("#transcript .tr-status")).to_have_text("Lien copié.")
        assert page.evaluate("navigator.clipboard.readText()") == f"{site}/w/{WITH}?t={to_link(CUES[6][0])}"
        # Enter on a line plays from there
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        wait_time(page, CUES[6][0], 0.6)
        page.evaluate(f"{VIDEO}.pause()")
        assert_clean(log, site)
    finally:
        context.close()


def passage_url(site: str, first: int, last: int) -> str:
    """A passage's link: whole seconds, its start rounded down and its end up (24m7s,24m21s)."""
    return f"{site}/w/{WITH}?t={link_span(CUES[first - 1][0], CUES[last - 1][1])}"


def test_select_two_lines_and_share_exactly_that_passage(browser: Browser, site):
    context = browser.new_context(viewport=LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        log = record(page)
        open_transcript(page, site)
        pause_at(page, CUES[10][0])
        settle(page)
        share = page.get_by_role("button", name="Partager cet extrait")
        expect(share).to_be_hidden()
        # a real drag with the mouse, from inside line 11 to inside line 12
        a, b = rects(page, 11)[0], rects(page, 12)[-1]
        page.mouse.move(a["x"] + 30, a["y"] + a["h"] / 2)
        page.mouse.down()
        page.mouse.move(b["x"] + b["w"] - 8, b["y"] + b["h"] / 2, steps=8)
        page.mouse.up()
        selected = page.evaluate("getSelection().toString()")
        assert "Phrase 11" not in selected and "Phrase 12" in selected  # from inside line 11
        expect(share).to_be_visible()
        assert page.evaluate(f"{VIDEO}.paused")  # a selection is not a click: no seek
        share.click()
        dialog = page.locator("dialog.tr-dialog")
        expect(dialog).to_be_visible()
        expected = passage_url(site, 11, 12)
        expect(dialog.locator("input")).to_have_value(expected)
        expect(dialog).to_contain_text(f"Extrait {to_clock(CUES[10][0])} → {to_clock(CUES[11][1])}")
        dialog.get_by_role("button", name="Copier le lien").click()
        expect(dialog.get_by_role("status")).to_have_text("Lien copié.")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        dialog.get_by_role("button", name="Fermer").click()
        expect(dialog).to_be_hidden()

        # from the keyboard: Shift+↓ from a line selects down to the next ones
        line(page, 30).focus()
        page.keyboard.press("Shift+ArrowDown")
        page.keyboard.press("Shift+ArrowDown")
        expect(share).to_be_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('tr-share')")
        page.keyboard.press("Enter")
        expect(dialog.locator("input")).to_have_value(passage_url(site, 30, 32))
        page.keyboard.press("Escape")

        # the link plays that passage, from the whole second before it to the one after it
        assert re.fullmatch(r".*\?t=(\d+[hms])+,(\d+[hms])+", expected), expected
        start, end = math.floor(CUES[10][0]), math.ceil(CUES[11][1])
        page.goto(expected)
        expect(page.locator("#bar")).to_be_visible()
        expect(page.locator("#span-line")).to_be_visible()
        expect(page.locator("#span-times")).to_have_text(f"{to_clock(start)} → {to_clock(end)}")
        wait_time(page, start, 0.3)
        page.evaluate(f"{VIDEO}.play()")
        wait_js(page, f"{VIDEO}.paused && {VIDEO}.currentTime > {CUES[11][1]}", timeout=15_000)
        assert abs(page.evaluate(f"{VIDEO}.currentTime") - end) < 0.3
        assert_clean(log, site)
    finally:
        context.close()


def test_text_size_buttons_are_remembered(laptop, site):
    page = laptop
    log = record(page)
    open_transcript(page, site)
    size = lambda: page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{LINES}')).fontSize)")  # noqa: E731
    before = size()
    larger = page.get_by_role("button", name="Texte plus grand")
    larger.click()
    larger.click()
    assert size() > before
    bigger = size()
    open_transcript(page, site)
    assert size() == bigger
    page.get_by_role("button", name="Texte plus petit").click()
    assert before < size() < bigger
    for _ in range(6):
        if page.get_by_role("button", name="Texte plus petit").is_disabled():
            break
        page.get_by_role("button", name="Texte plus petit").click()
    assert size() < before
    assert_clean(log, site)


@pytest.mark.parametrize("motion, behaviour", [("reduce", "auto"), ("no-preference", "smooth")])
def test_following_scrolls_smoothly_only_when_motion_is_welcome(browser: Browser, site, motion, behaviour):
    context = browser.new_context(viewport=LAPTOP, reduced_motion=motion)
    page = context.new_page()
    try:
        open_transcript(page, site)
        pause_at(page, CUES[0][0])
        page.wait_for_timeout(500)
        page.evaluate("""() => { window.__scrolls = [];
            const original = Element.prototype.scrollTo;
            Element.prototype.scrollTo = function (options) { window.__scrolls.push(options.behavior); return original.call(this, options); }; }""")
        pause_at(page, CUES[50][0])
        wait_js(page, "window.__scrolls.length > 0")
        assert set(page.evaluate("window.__scrolls")) == {behaviour}
    finally:
        context.close()


# ---------- downloads ----------


def test_downloads_menu(laptop, site):
    page = laptop
    log = record(page)
    open_watch(page, f"{site}/w/{WITH}")
    menu = page.locator("#telecharger")
    links = menu.locator("ul[aria-labelledby] a")  # the files made from the data (the recording is first, apart)
    expect(links.first).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.locator(".dl-main a")).to_have_text(re.compile(r"^Enregistrement de démonstration \(MP4,\s"))
    expect(links).to_have_count(7)
    expect(links.first).to_be_visible()
    types = {}
    for link in links.all():
        href = link.get_attribute("href")
        response = page.request.get(site + href)
        assert response.status == 200, href
        if not href.endswith("/chapitres.vtt"):  # that one is also the page's own <track>
            disposition = f'attachment; filename="{link.get_attribute("download")}"'
            assert response.headers["content-disposition"] == disposition
        types[href.rsplit("/", 1)[1]] = response.headers["content-type"]
    assert types == {
        "chapitres.vtt": "text/vtt; charset=utf-8",
        "chapitres-youtube.txt": "text/plain; charset=utf-8",
        "chapitres.json": "application/json+chapters; charset=utf-8",
        "chapitres-ffmetadata.txt": "text/plain; charset=utf-8",
        "transcription.txt": "text/plain; charset=utf-8",
        "transcription.vtt": "text/vtt; charset=utf-8",
        "transcription.srt": "application/x-subrip; charset=utf-8",
    }
    # a real download, as the browser makes it
    with page.expect_download() as info:
        menu.get_by_role("link", name="Transcription : SubRip (.srt)").click()
    download = info.value
    assert download.suggested_filename == f"{WITH}-transcription.srt"
    with open(download.path(), encoding="utf-8") as file:
        assert file.read().startswith("1\n00:00:01,500 --> 00:00:04,250\nAlice Martin : Phrase 1")
    assert_clean(log, site)


def test_phone_keeps_one_row_of_controls_and_the_tabs_on_one_line(browser: Browser, site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        log = record(page)
        open_watch(page, f"{site}/w/{WITH}")
        tabs = page.get_by_role("tab").evaluate_all("ts => ts.map(t => t.getBoundingClientRect())")
        assert len(tabs) >= 3
        assert max(t["top"] for t in tabs) - min(t["top"] for t in tabs) < 2
        assert max(t["height"] for t in tabs) < 50
        assert max(t["right"] for t in tabs) <= PHONE["width"]
        rows = page.locator(".bar-row > *").evaluate_all(
            "els => els.filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })"
        )
        assert max(rows) - min(rows) < 4
        page.locator("#telecharger summary").tap()
        menu = page.locator("#telecharger .dl-menu").bounding_box()
        assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE["width"]
        page.locator("#telecharger summary").tap()
        page.get_by_role("tab", name="Transcription").tap()
        expect(page.locator(LINES)).to_have_count(len(CUES), timeout=TIMEOUT)
        line(page, 40).tap()
        wait_time(page, CUES[39][0], 0.6)
        page.evaluate(f"{VIDEO}.pause()")
        assert_clean(log, site)
    finally:
        context.close()


def test_without_javascript_the_tab_is_a_link_to_the_page(browser: Browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(f"{site}/w/{WITH}")
        link = page.get_by_role("link", name="Lire la transcription de l'enregistrement")
        expect(link).to_be_visible()
        link.click()
        expect(page.locator("h1")).to_have_text("Transcription")
        expect(page.locator(LINES)).to_have_count(len(CUES))
        line(page, 20).click()
        expect(page).to_have_url(f"{site}/w/{WITH}?t={to_link(CUES[19][0])}")
        assert page.locator("#video").get_attribute("src").endswith(f"#t={float(math.floor(CUES[19][0]))}")
    finally:
        context.close()


def test_no_accessibility_violations_with_the_tab_open(browser: Browser, site):
    """axe-core on the watch page with the transcript shown, a line focused with its copy
    button, a selection offering "Partager cet extrait", and on the plain transcript page."""
    context = browser.new_context(viewport=LAPTOP, bypass_csp=True)  # axe goes in inline
    page = context.new_page()
    try:
        open_transcript(page, site)
        pause_at(page, CUES[20][0])
        page.add_script_tag(path=str(AXE))

        def shown_copy():
            line(page, 21).focus()
            expect(page.locator("#transcript .tr-copy")).to_be_visible()

        def shown_share():
            page.keyboard.press("Shift+ArrowDown")
            expect(page.get_by_role("button", name="Partager cet extrait")).to_be_visible()
            expect(page.locator("#transcript .tr-copy")).to_be_hidden()  # in its place

        def plain_page():
            page.goto(f"{site}/w/{WITH}/transcription")
            page.add_script_tag(path=str(AXE))

        for step in (shown_copy, shown_share, plain_page):
            step()
            results = page.evaluate("() => axe.run(document)")
            assert results["passes"]
            violations = [
                f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in results["violations"]
            ]
            assert violations == [], violations
    finally:
        context.close()
