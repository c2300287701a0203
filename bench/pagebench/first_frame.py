"""3. The first chapter link visible, from navigation start, in fresh contexts (cold), against
the first link of a bare page of seven links."""

from __future__ import annotations

from pagebench.browser import VIEWPORT, launch
from pagebench.serving import ALONE_FILE, BARE_PREFIX

READY_TARGET = 1.2  # issue 16: first chapter link visible / first link of the bare page visible


# Started at the creation of every document, before anything of it is parsed. performance.now()
# counts from the navigation's start. Once both marks are set (the bare page has no #bar) it says
# so on the console, which the bench waits for.
READY = """(() => {
    if (location.protocol !== 'http:') return;
    // bare: no control bar to wait for; the watch page's markup alone has its chapter links
    const bare = location.pathname.startsWith('%s/');
    const linkSelector = bare && !location.pathname.endsWith('/%s') ? 'a' : 'a.chapter-link';
    const marks = window.__ready = {link: null, bar: null, painted: null, bare};
    const shown = (el) => {
        if (!el || el.hidden) return false;
        const r = el.getBoundingClientRect();
        if (!(r.width > 0 && r.height > 0)) return false;
        if (r.bottom <= 0 || r.right <= 0) return false;
        if (r.top >= innerHeight || r.left >= innerWidth) return false;
        return el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : true;
    };
    function poll() {
        const now = performance.now();
        if (marks.link === null && shown(document.querySelector(linkSelector))) marks.link = now;
        if (!bare && marks.bar === null && shown(document.getElementById('bar'))) marks.bar = now;
        const seen = marks.link !== null && (bare || marks.bar !== null);
        if (seen && (marks.painted !== null || now > marks.link + 2000)) {
            console.log('__bench_ready__');
        } else {
            requestAnimationFrame(poll);
        }
    }
    requestAnimationFrame(poll);
    // for information, when the link's text reaches the screen: Element Timing, on the link, its
    // parent and its descendants, tagged as the parser inserts them
    const tag = (el) => {
        if (!el.hasAttribute('elementtiming')) el.setAttribute('elementtiming', 'bench');
    };
    const tagger = new MutationObserver(() => {
        const link = document.querySelector(linkSelector);
        if (!link) return;
        [link, link.parentElement, ...link.querySelectorAll('*')].forEach(tag);
        if (document.readyState !== 'loading') tagger.disconnect();
    });
    tagger.observe(document, {childList: true, subtree: true});
    document.addEventListener('DOMContentLoaded', () => tagger.disconnect());
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
            if (e.identifier !== 'bench' || !(e.renderTime > 0)) continue;
            if (marks.painted === null || e.renderTime < marks.painted) {
                marks.painted = e.renderTime;
            }
        }
    }).observe({type: 'element', buffered: true});
})();""" % (BARE_PREFIX, ALONE_FILE)


def one_load(browser, url: str) -> dict:
    """Marks of one load in a fresh context (its own cache and connections)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(READY)
        page = context.new_page()
        try:
            with page.expect_console_message(lambda m: m.text == "__bench_ready__", timeout=15_000):
                page.goto(url, wait_until="commit")
        except Exception as error:  # a mark never came: report it, keep going
            print(f"  (load of {url} incomplete: {type(error).__name__})")
        return page.evaluate("window.__ready || {}")
    finally:
        context.close()


def ready_timings(pw, base: str, pages: dict[str, str], loads: int) -> dict[str, list[dict]]:
    """Marks of ``loads`` loads of each page ({name: path}), in turn, the order rotating."""
    browser = launch(pw)
    try:
        for path in pages.values():  # unmeasured: the server's and the browser's first time
            one_load(browser, base + path)
        marks: dict[str, list[dict]] = {name: [] for name in pages}
        names = list(pages)
        for i in range(loads):
            turn = names[i % len(names):] + names[: i % len(names)]
            for name in turn:
                marks[name].append(one_load(browser, base + pages[name]))
        return marks
    finally:
        browser.close()
