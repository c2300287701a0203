"""What the watch page's browser tests share: the chapters, and helpers that wait for the page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .browser import box, wait_js
from .webinar import CHAPTER_STARTS

CHAPTERS = CHAPTER_STARTS  # id -> start (s) of the built-in webinar
TIMEOUT = 10_000  # ms: seeks in the stand-in MP4 take well under a second

VIDEO = "document.getElementById('video')"
SLIDER = "#scrubber"  # the control bar's one time slider




def open_watch(page: Page, url: str) -> None:
    """Load a watch page and wait for player.js to run and the recording's metadata."""
    page.goto(url)
    expect(page.locator("#bar")).to_be_visible()  # main.js unhides it on start
    wait_js(page, f"{VIDEO}.readyState >= 1", timeout=TIMEOUT)


def current_time(page: Page) -> float:
    return page.evaluate(f"{VIDEO}.currentTime")


def wait_time(page: Page, seconds: float, tolerance: float = 0.5) -> None:
    """Wait until the video's currentTime is within ``tolerance`` of ``seconds``."""
    try:
        wait_js(page, f"Math.abs({VIDEO}.currentTime - {seconds}) <= {tolerance} && !{VIDEO}.seeking")
    except AssertionError as exc:
        raise AssertionError(
            f"video.currentTime is {current_time(page)}, expected {seconds} ± {tolerance}"
        ) from exc


def count_seeked(page: Page) -> None:
    """Start counting the video's ``seeked`` events in ``window.__seeked``."""
    page.evaluate(
        f"() => {{ window.__seeked = 0; {VIDEO}.addEventListener('seeked', () => window.__seeked++); }}"
    )


def wait_seeked(page: Page) -> None:
    wait_js(page, "window.__seeked > 0", timeout=TIMEOUT)


def pause_at(page: Page, seconds: float) -> None:
    """Pause, set the time directly (as a bare seek), and wait for the video to get there."""
    page.evaluate(f"() => {{ {VIDEO}.pause(); {VIDEO}.currentTime = {seconds}; }}")
    wait_time(page, seconds, 0.05)


def settle_panel(page: Page) -> None:
    """Wait until no htmx request for the panel is in flight, and a little more."""
    page.wait_for_timeout(300)
    wait_js(page, "!document.querySelector('.htmx-request')")
    page.wait_for_timeout(300)


def focus_body(page: Page) -> None:
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    assert page.evaluate("document.activeElement === document.body")


def expect_current_chapter(page: Page, chapter_id: str) -> None:
    """The chapter list marks it current, the "now" card shows it, the panel holds it."""
    expect(page.locator(f"a.chapter-link[data-chapter={chapter_id}]")).to_have_attribute(
        "aria-current", "true", timeout=TIMEOUT
    )
    expect(page.locator(f"#now[data-chapter={chapter_id}]")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(f"#panel [data-chapter={chapter_id}]")).to_be_attached(timeout=TIMEOUT)
    assert page.locator("a.chapter-link[aria-current=true]").count() == 1


def menu_script_bound(page: Page) -> None:
    """Wait for the "Télécharger" menu's script, which main.js imports when the pointer or the
    focus first reaches the menu, to have bound it. (Waiting for network idle is not enough: on a
    page already idle once it returns at once.) The same import, awaited here, settles after
    main.js's own, whose callback binds the menu."""
    page.evaluate("""async () => {
        const main = document.querySelector('script[type="module"][src$="/main.js"]').src;
        await import(new URL("menu.js", main));
    }""")


def slider_x(page: Page, seconds: float, duration: float = 6300) -> tuple[float, float]:
    """The point of the scrubber that stands for a time."""
    b = box(page, SLIDER)
    return b["x"] + b["width"] * seconds / duration, b["y"] + b["height"] / 2
