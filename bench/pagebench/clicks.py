"""2. Chapter click -> seeked, against a reference button whose only handler seeks and plays."""

from __future__ import annotations

from pagebench.browser import VIEWPORT, launch, wait_js

CLICK_TARGET = 1.2  # chapter click / reference button click


# Installed before the page's own scripts: capture listeners on window run before any of the
# page's listeners, for the click as for the video's seeked (which does not bubble, but is
# captured).
RECORDER = """(() => {
    window.__bench = {click: null, seeked: null};
    window.addEventListener('click', (event) => {
        const el = event.target;
        if (el.closest && el.closest('a.chapter-link, #bench-reference')) {
            window.__bench.click = performance.now();
        }
    }, true);
    window.addEventListener('seeked', (event) => {
        if (event.target.id === 'video') window.__bench.seeked = performance.now();
    }, true);
})();"""


REFERENCE = """() => {
    // a control of the bench's own whose only handler seeks and plays, as a chapter link does:
    // the same input path (mouse events, focus, hover) without the page's work on click
    const video = document.getElementById('video');
    const button = document.createElement('button');
    button.id = 'bench-reference';
    button.type = 'button';
    button.textContent = 'bench: seek and play';
    button.style.cssText = 'position: fixed; left: 0; top: 0; z-index: 99';
    button.addEventListener('click', () => {
        video.currentTime = window.__benchTarget;
        const p = video.play();
        if (p && p.catch) p.catch(() => {});
    });
    document.body.append(button);
}"""


PLACE = """(t) => new Promise((resolve) => {
    const video = document.getElementById('video');
    video.pause();
    if (Math.abs(video.currentTime - t) < 0.01 && !video.seeking) return resolve();
    video.addEventListener('seeked', () => resolve(), {once: true});
    video.currentTime = t;
})"""


ARM = """(t) => {
    window.__benchTarget = t;
    window.__bench.click = window.__bench.seeked = null;
}"""


BARE = """([t, play]) => new Promise((resolve) => {
    const video = document.getElementById('video');
    window.__bench.seeked = null;
    video.addEventListener('seeked', () => resolve(window.__bench.seeked - t0), {once: true});
    const t0 = performance.now();
    video.currentTime = t;
    if (play) video.play().catch(() => {});
})"""


CLICKED = "window.__bench.seeked !== null && window.__bench.click !== null"


def settle(page) -> None:
    """Let the panel's htmx request (fired when the chapter changes) finish."""
    wait_js(page, "!document.querySelector('.htmx-request')")
    page.wait_for_timeout(150)


def timed_click(page, selector: str, target: float) -> float:
    page.evaluate(ARM, target)
    page.locator(selector).click()
    wait_js(page, CLICKED)
    return page.evaluate("window.__bench.seeked - window.__bench.click")


def seek_timings(pw, base: str, path: str, order: list[tuple[str, float]], clicks: int):
    browser = launch(pw)
    try:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(RECORDER)
        page = context.new_page()
        page.goto(base + path)
        wait_js(page, "document.getElementById('video').readyState >= 1")
        wait_js(page, "!document.getElementById('bar').hidden")  # the page's script has run
        page.evaluate(REFERENCE)
        link = "a.chapter-link[data-chapter='{}']"
        # warm-up: every chapter once by its link and once by the button, unmeasured
        for cid, start in order:
            page.evaluate(PLACE, 0)
            settle(page)
            timed_click(page, link.format(cid), start)
            page.evaluate(PLACE, 0)
            settle(page)
            timed_click(page, "#bench-reference", start)
        page.evaluate(PLACE, 0)
        settle(page)
        link_ms, button_ms, bare_ms, bare_play_ms = [], [], [], []
        for i in range(clicks):
            cid, target = order[(i + 1) % len(order)]
            _, origin = order[i % len(order)]
            runs = [("link", link.format(cid)), ("button", "#bench-reference")]
            if i % 2:
                runs.reverse()
            for name, selector in runs:
                page.evaluate(PLACE, origin)
                settle(page)
                ms = timed_click(page, selector, target)
                (link_ms if name == "link" else button_ms).append(ms)
            for play, into in ((False, bare_ms), (True, bare_play_ms)):
                page.evaluate(PLACE, origin)
                settle(page)
                into.append(page.evaluate(BARE, [target, play]))
        context.close()
        return link_ms, button_ms, bare_ms, bare_play_ms
    finally:
        browser.close()


def distant_order(webinar) -> list[tuple[str, float]]:
    """Chapters reordered so that each move jumps far: first, last, second, second-to-last..."""
    chapters = [(c.id, float(c.start)) for c in webinar.chapters]
    order, low, high = [], 0, len(chapters) - 1
    while low <= high:
        order.append(chapters[low])
        if high != low:
            order.append(chapters[high])
        low, high = low + 1, high - 1
    return order
