"""The watch page and the embeddable player fit their window (issue 16, item 4), in Chromium.

- 1366×768 and 1920×1080: the page is exactly the window's height (no blank to scroll into below
  the footer), the footer ends the page, the video and the chapters share the window; on a
  laptop (1280×720 to 1536×864) the chapters' column takes the width the picture leaves;
- 390×844, a touch screen: the timeline's box is at least 44 px high, and the page ends with its
  footer;
- the embeddable player at 800×450, 560×315 and 1280×720: no scrollbar either way, no tab label
  cut, the bar's buttons in view; at 1280×720 the video takes the room.
- a page shorter than the window (a speaker's, the sign-in page) ends with its footer at the
  window's bottom.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import wait_js
from tests.support.watch import open_watch
from tests.support.webinar import WID

# the document's size, the footer's bottom in document coordinates, the player's and side's boxes
PAGE_BOX = """() => {
    const d = document.documentElement, footer = document.querySelector('footer.site');
    const box = (s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height};
    };
    return {scrollHeight: d.scrollHeight, clientHeight: d.clientHeight,
            scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
            footer: footer ? box('footer.site') : null, player: box('#lecteur'), side: box('#cote'),
            video: box('#video'), bar: box('#bar')};
}"""

# every tab's label whole: its text fits its box, and its box is inside the tab list's and the
# window's
TABS = """() => {
    const list = document.querySelector('[role=tablist]').getBoundingClientRect();
    return [...document.querySelectorAll('[role=tab]')].map((t) => {
        const r = t.getBoundingClientRect();
        return {label: t.textContent.trim(), scrollWidth: t.scrollWidth, clientWidth: t.clientWidth,
                left: r.left, right: r.right, listLeft: list.left, listRight: list.right,
                width: innerWidth};
    });
}"""


def context_page(browser: Browser, width: int, height: int, **options) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    return context.new_page()


def listen_for_errors(page: Page) -> None:
    """Keep the page's own error events in ``window.__errors``: the console does not show them
    ("ResizeObserver loop completed with undelivered notifications")."""
    page.context.add_init_script(
        "window.__errors = []; addEventListener('error', (e) => __errors.push(e.message), true);"
    )


def tab_rows(page: Page) -> set[int]:
    tabs = page.locator("[role=tab]")
    return {round(tabs.nth(i).bounding_box()["y"]) for i in range(tabs.count())}


@pytest.mark.parametrize("width,height", [(1366, 768), (1920, 1080)])
def test_the_watch_page_is_as_tall_as_the_window(browser: Browser, live_server, width, height):
    page = context_page(browser, width, height)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        page.wait_for_timeout(300)  # thumbnails and the panel have landed
        m = page.evaluate(PAGE_BOX)
        # no blank below the footer, nothing to scroll to
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
        assert abs(m["footer"]["bottom"] - m["scrollHeight"]) <= 1, m
        assert m["scrollWidth"] <= m["clientWidth"], m
        # the player and the chapters end above the footer, and the video takes the room
        assert m["player"]["bottom"] <= m["footer"]["top"] + 0.5, m
        assert m["side"]["bottom"] <= m["footer"]["top"] + 0.5, m
        assert m["video"]["height"] >= 0.55 * height, m
        # pressing End (the page's own scroll) moves nothing
        page.evaluate("window.scrollTo(0, 10000)")
        assert page.evaluate("window.scrollY") == 0
    finally:
        page.context.close()



# the video's box, and the picture inside it (the recording's own proportions): black bars are the
# box's width the picture leaves
PICTURE = """() => {
    const v = document.getElementById('video'), r = v.getBoundingClientRect();
    const ratio = v.videoWidth / v.videoHeight;
    return {box: r.width, height: r.height, picture: Math.min(r.width, r.height * ratio)};
}"""


@pytest.mark.parametrize("width,height", [(1280, 720), (1366, 768), (1536, 864), (1680, 1050)])
def test_laptops_give_the_chapters_the_room_the_picture_leaves(
    browser: Browser, live_server, width, height
):
    """A laptop's window is short: the picture is as tall as the room allows, and the chapters'
    column takes the width it does not use (no black bars beside the picture), so the five tabs
    sit on one row, every label whole."""
    page = context_page(browser, width, height)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        page.wait_for_function("document.getElementById('video').readyState >= 1")
        video = page.evaluate(PICTURE)
        assert video["box"] - video["picture"] <= 0.03 * video["box"], video
        assert video["height"] >= 0.55 * height, video
        tabs = page.evaluate(TABS)
        assert len(tabs) == 5, tabs
        assert len(tab_rows(page)) == 1, tabs
        for tab in tabs:
            assert tab["scrollWidth"] <= tab["clientWidth"], tab
            assert tab["right"] <= tab["listRight"] + 0.5, tab
        m = page.evaluate(PAGE_BOX)
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "width,height,touch", [(1440, 900, False), (390, 844, True), (1024, 768, False)]
)
def test_a_narrow_column_keeps_its_tabs_on_one_row(
    browser: Browser, live_server, width, height, touch
):
    """Where the five tabs are too wide for the chapters' column (1440×900, a phone), they take
    less padding and smaller labels, and stay on one row; narrower still (1024×768), the tabs
    that have an icon show it instead of their label, which stays their name. No label is cut."""
    page = context_page(browser, width, height, has_touch=touch, is_mobile=touch)
    listen_for_errors(page)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        tabs = page.evaluate(TABS)
        assert len(tabs) == 5, tabs
        assert len(tab_rows(page)) == 1, tabs
        for tab in tabs:
            assert tab["scrollWidth"] <= tab["clientWidth"], tab
            assert tab["listLeft"] - 0.5 <= tab["left"] and tab["right"] <= tab["listRight"] + 0.5
        # the labels are still readable: 12 px at the smallest step
        size = page.evaluate("getComputedStyle(document.querySelector('[role=tab]')).fontSize")
        assert float(size.rstrip("px")) >= 12, size
        steps = page.evaluate("document.querySelector('[role=tablist]').className")
        transcript = page.get_by_role("tab", name="Transcription")
        label = transcript.locator(".tab-text")
        if width == 1024:
            assert "iconic" in steps, steps
            expect(transcript.locator("svg.tab-icon")).to_be_visible()
            assert label.bounding_box()["width"] <= 1  # visually hidden, still its name
            assert transcript.get_attribute("title") == "Transcription"
            expect(page.get_by_role("tab", name="Chapitres")).to_have_text("Chapitres")
            # "Ce chapitre" keeps its label until nothing else fits (a narrow embed)
            expect(page.get_by_role("tab", name="Ce chapitre").locator(".tab-text")).to_be_visible()
        else:
            assert "tight" in steps and "iconic" not in steps, steps
            expect(transcript.locator("svg.tab-icon")).to_be_hidden()
            assert label.bounding_box()["width"] > 40
        # a wider window gives the tabs their full size and labels back
        page.set_viewport_size({"width": 1366, "height": 768})
        wait_js(page, "document.querySelector('[role=tablist]').className === 'tabs'")
        assert len(tab_rows(page)) == 1
        expect(transcript.locator("svg.tab-icon")).to_be_hidden()
        assert transcript.get_attribute("title") == "Transcription"  # a tooltip, all along
        assert page.evaluate("window.__errors") == []
    finally:
        page.context.close()


NARROWED_ROWS = """() => new Promise((resolve) => {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const rows = () => new Set(tabs.map((tab) => tab.getBoundingClientRect().top)).size;
  const before = rows();
  document.querySelector(".side").style.width = "300px";
  // after the first frame that lays the narrower column out, before any later one
  requestAnimationFrame(() => setTimeout(() => resolve({before, after: rows(),
    steps: document.querySelector("[role=tablist]").className})));
})"""


def test_the_tabs_are_fitted_in_the_frame_their_column_narrows(browser: Browser, live_server):
    """No frame shows the tabs on two rows while the column narrows: they are fitted before
    that frame is painted, and without a "ResizeObserver loop" error."""
    page = context_page(browser, 1366, 768)
    listen_for_errors(page)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        wait_js(page, "document.querySelector('[role=tablist]').className === 'tabs'")
        seen = page.evaluate(NARROWED_ROWS)
        assert seen["before"] == 1 and seen["after"] == 1 and "iconic" in seen["steps"], seen
        page.wait_for_timeout(100)
        assert page.evaluate("window.__errors") == []
    finally:
        page.context.close()


def test_opened_shortcuts_stay_in_the_window(browser: Browser, live_server):
    """The keyboard shortcuts' list, opened, takes its room from the video: nothing goes under
    the footer and the page still does not scroll."""
    page = context_page(browser, 1366, 768)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        page.locator("#keys summary").click()
        m = page.evaluate(PAGE_BOX)
        keys = page.locator("#keys").bounding_box()
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
        assert keys["y"] + keys["height"] <= m["footer"]["top"] + 0.5, (keys, m)
        assert m["video"]["height"] >= 150, m
    finally:
        page.context.close()


def test_without_javascript_the_page_is_as_tall_as_the_window(browser: Browser, live_server):
    page = context_page(browser, 1366, 768, java_script_enabled=False)
    try:
        page.goto(f"{live_server}/w/{WID}")
        m = page.evaluate(PAGE_BOX)
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
        # the chapter list is there, in view, before and without any script
        first = page.locator("a.chapter-link").first.bounding_box()
        assert first and 0 <= first["y"] and first["y"] + first["height"] <= 768, first
    finally:
        page.context.close()


def test_phone_timeline_is_a_44_pixel_target_and_the_page_ends_with_its_footer(
    browser: Browser, live_server
):
    page = context_page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        scrubber = page.locator("#scrubber").bounding_box()
        assert scrubber["height"] >= 44, scrubber
        m = page.evaluate(PAGE_BOX)
        assert abs(m["footer"]["bottom"] - m["scrollHeight"]) <= 1, m
        assert m["scrollWidth"] <= m["clientWidth"], m
    finally:
        page.context.close()


def test_a_mouse_keeps_the_thin_timeline(browser: Browser, live_server):
    page = context_page(browser, 1366, 768)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        assert page.evaluate("matchMedia('(pointer: fine)').matches")
        assert page.locator("#scrubber").bounding_box()["height"] < 44
    finally:
        page.context.close()


@pytest.mark.parametrize("width,height", [(800, 450), (560, 315), (1280, 720)])
def test_the_embed_fits_its_frame_with_every_label_whole(
    browser: Browser, live_server, width, height
):
    page = context_page(browser, width, height)
    try:
        open_watch(page, f"{live_server}/w/{WID}/integrer")
        page.wait_for_timeout(300)
        m = page.evaluate(PAGE_BOX)
        assert m["scrollWidth"] <= m["clientWidth"], m  # no sideways scrollbar
        assert m["scrollHeight"] <= m["clientHeight"], m  # and none downwards
        tabs = page.evaluate(TABS)
        assert [t["label"] for t in tabs][:3] == ["Chapitres", "Diapositives", "Ce chapitre"], tabs
        for tab in tabs:
            assert tab["scrollWidth"] <= tab["clientWidth"], tab
            assert tab["listLeft"] - 0.5 <= tab["left"], tab
            assert tab["right"] <= tab["listRight"] + 0.5, tab
            assert tab["right"] <= tab["width"], tab
        # on one row, down to 560×315 (where "Ce chapitre" too shows its icon, its name kept)
        assert len(tab_rows(page)) == 1, tabs
        if width == 560:
            this = page.get_by_role("tab", name="Ce chapitre")
            expect(this.locator("svg.tab-icon")).to_be_visible()
            assert this.get_attribute("title") == "Ce chapitre"
        # the player and its bar in the frame, the bar's buttons too
        assert m["bar"]["bottom"] <= height + 0.5, m
        for button in ("#play", "#chapter-button", "#share-open", "#fullscreen"):
            b = page.locator(button).bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, button
            assert b["y"] + b["height"] <= height + 0.5, button
        # the first chapter link is in view beside the player
        first = page.locator("a.chapter-link").first.bounding_box()
        assert first["y"] < height and first["x"] + first["width"] <= width + 0.5, first
        # and the list uses the side column down to its end (no phone-sized box in it)
        gap = page.evaluate("""() => document.querySelector('.side').getBoundingClientRect().bottom
                                   - document.getElementById('chapitres').getBoundingClientRect().bottom""")
        assert 0 <= gap < 24, gap
        if width >= 1280:
            # a large frame: the video takes the room, at most 16:9 of its column
            assert m["video"]["width"] >= 0.6 * width, m
            assert m["video"]["height"] >= 0.6 * height, m
    finally:
        page.context.close()


def test_the_chapter_list_is_in_view_before_any_script_runs(browser: Browser, live_server):
    """Item 10: scripting on, but no module arrives: the chapter list is already real HTML in
    view (scripts enhance it, they never reveal it), and the page still fits the window."""
    page = context_page(browser, 1366, 768)
    try:
        page.route("**/*.js", lambda route: route.abort())
        page.goto(f"{live_server}/w/{WID}", wait_until="load")
        links = page.locator("a.chapter-link")
        assert links.count() == 7
        first = links.first.bounding_box()
        assert first and 0 <= first["y"] and first["y"] + first["height"] <= 768, first
        assert links.first.evaluate("a => a.checkVisibility({visibilityProperty: true})")
        assert page.locator("#bar").is_hidden()  # the page's own bar waits for its script
        m = page.evaluate(PAGE_BOX)
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
    finally:
        page.context.close()


@pytest.mark.parametrize("width,height", [(960, 700), (1280, 560)])
def test_between_phone_and_laptop_the_page_ends_with_its_footer(
    browser: Browser, live_server, width, height
):
    """At the phone layout's edge (60rem) and in a short window the page flows: it scrolls over
    its content, the footer last, and the chapters keep a real column."""
    page = context_page(browser, width, height)
    try:
        open_watch(page, f"{live_server}/w/{WID}")
        m = page.evaluate(PAGE_BOX)
        assert abs(m["footer"]["bottom"] - m["scrollHeight"]) <= 1, m
        assert m["side"]["height"] >= 200, m
        assert m["scrollWidth"] <= m["clientWidth"], m
    finally:
        page.context.close()


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
@pytest.mark.parametrize("path", [f"/w/{WID}/intervenants/dominique-dasso", "/connexion"])
def test_a_short_page_keeps_its_footer_at_the_bottom_of_the_window(
    browser: Browser, live_server, path, width, height
):
    """A page shorter than the window (a speaker's page, the sign-in page) ends with its footer at
    the window's bottom, not half-way down with blank under it; nothing to scroll."""
    page = context_page(browser, width, height)
    try:
        page.goto(f"{live_server}{path}")
        footer = page.locator("footer.site").bounding_box()
        size = page.evaluate("[document.documentElement.scrollHeight, innerHeight]")
        assert size[0] == size[1], size
        assert abs(footer["y"] + footer["height"] - height) <= 1, footer
        # the content keeps its own width, centred (a flex column would shrink it to its text)
        main = page.locator("main").bounding_box()
        assert main["width"] >= min(width, 800) - 1, main
    finally:
        page.context.close()


def test_an_extract_s_line_takes_its_height_from_the_picture_not_from_the_chapters(
    browser: Browser, live_server
):
    """Opened on an extract, the line above the bar ("Extrait ...") takes its height from the
    picture: the player's column narrows with it, so no black bars appear beside the picture;
    once the viewer continues past the extract, the column takes its width back."""
    page = context_page(browser, 1366, 768)
    try:
        open_watch(page, f"{live_server}/w/{WID}?t=365,372")
        page.wait_for_function("document.getElementById('video').readyState >= 1")
        assert page.locator("#span-line").is_visible()
        with_line = page.evaluate(PICTURE)
        assert with_line["box"] - with_line["picture"] <= 0.03 * with_line["box"], with_line
        page.locator("#span-continue").click()
        expect(page.locator("#span-line")).to_be_hidden()
        plain = page.evaluate(PICTURE)
        assert plain["box"] - plain["picture"] <= 0.03 * plain["box"], plain
        assert plain["height"] > with_line["height"], (plain, with_line)
        m = page.evaluate(PAGE_BOX)
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
    finally:
        page.context.close()


def test_without_javascript_the_picture_takes_the_room_of_the_missing_bar(
    browser: Browser, live_server
):
    """Without JavaScript the browser's own controls lie over the picture and there is no bar
    under it: the picture takes that height too (two thirds of a 768 px window)."""
    page = context_page(browser, 1366, 768, java_script_enabled=False)
    try:
        page.goto(f"{live_server}/w/{WID}")
        m = page.evaluate(PAGE_BOX)
        assert m["video"]["height"] >= 0.66 * 768, m
        assert abs(m["scrollHeight"] - m["clientHeight"]) <= 1, m
    finally:
        page.context.close()


def test_on_a_phone_a_speaker_s_segment_button_runs_under_its_picture(browser: Browser, live_server):
    """At 390 px the "Regarder son intervention" button takes the card's width under the picture
    and the title, instead of a column beside the picture where it broke into three lines."""
    page = context_page(browser, 390, 844, has_touch=True, is_mobile=True)
    try:
        page.goto(f"{live_server}/w/{WID}/intervenants/cedric-herve")
        card = page.locator(".segment").first.bounding_box()
        picture = page.locator(".segment .thumb").first.bounding_box()
        button = page.locator(".segment a.watch-segment").first.bounding_box()
        assert button["y"] >= picture["y"] + picture["height"], (picture, button)
        assert button["width"] >= 0.75 * card["width"], (card, button)
        assert button["height"] <= 3 * 24, button  # two lines at most
    finally:
        page.context.close()
