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
    // the bench's server is 127.0.0.1; a page of "another site" (localhost) is not measured
    if (location.protocol !== 'http:' || location.hostname !== '127.0.0.1') return;
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


def one_load(browser, url: str, after: str | None = None) -> dict:
    """Marks of one load in a fresh context (its own cache and connections); with ``after``, the
    tab shows that page first, as a visitor's tab shows the site they come from."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(READY)
        page = context.new_page()
        if after:
            page.goto(after, wait_until="load")
        try:
            with page.expect_console_message(lambda m: m.text == "__bench_ready__", timeout=15_000):
                page.goto(url, wait_until="commit")
        except Exception as error:  # a mark never came: report it, keep going
            print(f"  (load of {url} incomplete: {type(error).__name__})")
        return page.evaluate("window.__ready || {}")
    finally:
        context.close()


def elsewhere(base: str) -> str:
    """The bench's server under another site's name (localhost, not 127.0.0.1): a page there is
    a page of another site for the browser, as the mail or search engine a visitor comes from."""
    return base.replace("//127.0.0.1:", "//localhost:", 1)


def ready_timings(pw, base: str, pages: dict[str, str | tuple[str, str]],
                  loads: int) -> dict[str, list[dict]]:
    """Marks of ``loads`` loads of each page, in turn, the order rotating. ``pages`` is {name:
    path}, or {name: (path, url of the page the tab shows first)}."""
    browser = launch(pw)

    def load(page):
        path, after = page if isinstance(page, tuple) else (page, None)
        return one_load(browser, base + path, after)

    try:
        for page in pages.values():  # unmeasured: the server's and the browser's first time
            load(page)
        marks: dict[str, list[dict]] = {name: [] for name in pages}
        names = list(pages)
        for i in range(loads):
            turn = names[i % len(names):] + names[: i % len(names)]
            for name in turn:
                marks[name].append(load(pages[name]))
        return marks
    finally:
        browser.close()
