"""Bench of the watch page: its weight, what a chapter click costs, how soon its chapters show.

Run it from the project folder (it prints figures; it is not a test, asserts nothing and exits 0
even when a target is missed):

    .venv/bin/python bench/page_bench.py [--clicks 25] [--loads 20] [--webinar 2021-05-04]

It makes the stand-in recording if it is missing (``player.media.demo.make_demo_recording``, instant
when up to date), serves the app on 127.0.0.1 (a free port, from a thread) together with a bare
page of seven links that the bench writes to a temporary folder (served under ``/__bench/`` by a
WSGI wrapper around the app, in the same server: the app itself gets no route), and drives
Debian's Chromium (``/usr/bin/chromium``, headless) through Playwright at 1366 x 768, with the
switches the browser tests use (``tests/support/chromium.py``), its address-bar popup's
preloading among them turned off (each fresh context opens a window, and each new window would
load that popup's ~150 modules during the measured load; a viewer's browser does it once per
window). It prints:

1. **Page weight on first load** of ``/w/<webinar>``, twice:

   - *in Chromium* (the figure that counts): every response a fresh browser context receives
     until network idle, media excluded (``video/*``, and ``image/*`` under ``/media/``: the
     chapter thumbnails); each URL once, raw and gzip (level 9, Python's gzip);
   - *from the markup*, as a cross-check: the HTML, every stylesheet, every classic script and
     every module (``<link rel=modulepreload>``, ``<script type=module src>`` and, recursively,
     each module's static ``import ... from "./x.js"``), each file once; dynamic ``import()``,
     media, thumbnails and the favicon (a ``data:`` URL) excluded. Files found by only one of
     the two ways are named.

   The total gzip is compared with the 32 KB target.
2. **Chapter click -> ``seeked``** against a **reference button** the bench adds to the page,
   whose only handler does ``video.currentTime = t; video.play()`` (what a chapter link does,
   without the page's work): both timed in the page with ``performance.now()`` from a
   capture-phase ``click`` listener on ``window`` to a capture-phase ``seeked`` listener on
   ``window`` (both installed before the page's own scripts, so they run before any of its
   listeners). Median of N moves, ratio against the 1.2 target. The bare script seek, no click
   (``video.currentTime = t`` -> ``seeked``, alone and followed by ``video.play()``), is printed
   for information.
3. **Chapter list usable**: in fresh browser contexts (cold cache), the time from navigation
   start (``performance.now()``'s origin) to the first ``a.chapter-link`` having a non-empty box
   inside the viewport and being visible (``checkVisibility``), polled on every animation frame
   by an init script; the same for the first link of the bare page. Medians of N loads of each,
   in turn, after one unmeasured load of each; ratio against the 1.2 target, with how far it
   moves with the luck of the loads (the 5th to 95th percentiles of the ratio over 2,000
   resamples of each series: on a shared machine, a ratio is a range). Also "controls
   ready": when the page's script has shown its own control bar (``#bar`` visible); and, for
   information, when the link's text was painted (Element Timing's ``renderTime``, the init
   script tagging the link, its parent and its children as the parser inserts them).

   The bare page is measured twice: as a plain file (no header but the server's own, the figure
   kept from before), and sent with the security headers every page of this site carries
   (Content-Security-Policy, ``Cross-Origin-Opener-Policy: same-origin``, Referrer-Policy,
   Permissions-Policy, X-Content-Type-Options: copied from the watch page's own answer). A bare
   page of this site would get them, and ``Cross-Origin-Opener-Policy`` alone costs a new
   renderer process at navigation (a new browsing context group: 20 to 45 ms here), so the
   like-for-like ratio is the second one; both are printed. For information, the watch page is
   also loaded without its ``Cross-Origin-Opener-Policy`` header (the bench's server drops it for
   ``?bench-no-coop``, a query the app never sees): what the header costs the page itself.
   Also for information, the watch page's own markup with nothing it names fetched (no module,
   no ``src`` on the video, its tracks or the images), served with the same headers: the floor
   any page carrying this markup starts from, before one script, frame of video or thumbnail.

Method for 2: one unmeasured pass over every chapter first (both the link and the button), so
that the recording is read from the browser's media cache; then, for each move, the video is
paused and put (unmeasured) back where the move starts before each timed seek, and the panel's
htmx request is let to finish in between. Moves alternate between distant chapters (first, last,
second, second to last...), and which of the link and the button goes first alternates too.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.middleware.shared_data import SharedDataMiddleware  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from app import create_app  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from player.media.demo import make_demo_recording  # noqa: E402
from tests.support.chromium import CHROMIUM, launch_args  # noqa: E402

VIEWPORT = {"width": 1366, "height": 768}
WEIGHT_TARGET = 32 * 1024  # bytes, gzip, everything but media and thumbnails
CLICK_TARGET = 1.2  # chapter click / reference button click
READY_TARGET = 1.2  # issue 16: first chapter link visible / first link of the bare page visible
BARE_PREFIX = "/__bench"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass


# the headers that make a page of this site what it is for the browser (player/site/headers.py)
SITE_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Strict-Transport-Security",
)
BARE_FILE, BARE_SITE_FILE = "bare.html", "bare-site.html"
ALONE_FILE = "page-alone.html"  # the watch page's own markup, nothing it names fetched


def site_headers(app, path: str) -> list[tuple[str, str]]:
    """The security headers the app sends with the page at ``path``."""
    answer = app.test_client().get(path)
    return [(name, answer.headers[name]) for name in SITE_HEADERS if name in answer.headers]


def with_headers(wsgi, path: str, headers: list[tuple[str, str]]):
    """WSGI middleware: ``headers`` added to the answer for ``path`` only."""

    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") != path:
            return wsgi(environ, start_response)

        def start(status, response_headers, exc_info=None):
            names = {name.lower() for name, _ in headers}
            kept = [(k, v) for k, v in response_headers if k.lower() not in names]
            return start_response(status, kept + headers, exc_info)

        return wsgi(environ, start)

    return wrapped


NO_COOP = "bench-no-coop"  # the query that asks the bench's server to drop the COOP header


def without_coop(wsgi):
    """WSGI middleware: for ``?bench-no-coop``, the app gets the address without that query and
    the answer loses its Cross-Origin-Opener-Policy header."""

    def wrapped(environ, start_response):
        if environ.get("QUERY_STRING") != NO_COOP:
            return wsgi(environ, start_response)
        environ = {**environ, "QUERY_STRING": ""}

        def start(status, response_headers, exc_info=None):
            coop = "cross-origin-opener-policy"
            kept = [(k, v) for k, v in response_headers if k.lower() != coop]
            return start_response(status, kept, exc_info)

        return wsgi(environ, start)

    return wrapped


def serve(app, bare_folder: Path, headers: list[tuple[str, str]] = ()):
    """The app, plus the bench's own files under BARE_PREFIX, in one server on a free port; the
    second bare page gets ``headers`` (the site's own)."""
    wsgi = SharedDataMiddleware(app, {BARE_PREFIX: str(bare_folder)}, cache=False)
    wsgi = with_headers(wsgi, f"{BARE_PREFIX}/{BARE_SITE_FILE}", list(headers))
    wsgi = with_headers(wsgi, f"{BARE_PREFIX}/{ALONE_FILE}", list(headers))
    wsgi = without_coop(wsgi)
    server = make_server("127.0.0.1", 0, wsgi, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


def write_bare_page(folder: Path, webinar) -> str:
    """A page of seven plain links and nothing else: no stylesheet, no script, no image."""
    links = [(c.title, c.start) for c in webinar.chapters][:7]
    links += [(f"Lien {i + 1}", i) for i in range(len(links), 7)]
    items = "\n".join(
        f'<li><a href="/w/{escape(webinar.id)}?t={start}">{escape(title)}</a></li>'
        for title, start in links
    )
    html = (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Sept liens</title>\n</head>\n<body>\n<ol>\n"
        f"{items}\n</ol>\n</body>\n</html>\n"
    )
    (folder / BARE_FILE).write_text(html, encoding="utf-8")
    (folder / BARE_SITE_FILE).write_text(html, encoding="utf-8")  # served with the site's headers
    return f"{BARE_PREFIX}/{BARE_FILE}"


def write_page_alone(folder: Path, html: str) -> str:
    """The watch page's markup with nothing to fetch: no module (preloaded or run), and no
    ``src`` on the video, its tracks and the images (the elements stay, with their sizes). Its
    inline stylesheet is unchanged, so the page's Content-Security-Policy still admits it."""
    html = re.sub(r'<link rel="modulepreload"[^>]*>\s*', "", html)
    html = re.sub(r'<script type="module"[^>]*></script>\s*', "", html)
    html = re.sub(r'(<(?:video|track|img)\b[^>]*?)\ssrc="[^"]*"', r"\1", html)
    (folder / ALONE_FILE).write_text(html, encoding="utf-8")
    return f"{BARE_PREFIX}/{ALONE_FILE}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


_launch_args: list[str] = []


def launch(pw):
    """Debian's Chromium as the browser tests launch it (tests/support/chromium.py: its
    address-bar popup not loaded in each new window), the switches read once."""
    if not _launch_args:
        _launch_args.extend(launch_args(pw))
    return pw.chromium.launch(executable_path=CHROMIUM, args=_launch_args)


def wait_js(page, expression: str, timeout: float = 15.0) -> None:
    # page.wait_for_function would eval() in the page, which its CSP forbids
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {expression}")
        page.wait_for_timeout(10)


# ---------- 1. weight ----------

IMPORT_RE = re.compile(
    r"""^\s*(?:import|export)\b[^'";]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']""",
    re.MULTILINE,
)


def attributes(tag: str) -> dict[str, str]:
    return {k.lower(): v for k, v in re.findall(r'([\w:-]+)\s*=\s*"([^"]*)"', tag)}


def weight_from_markup(base: str, path: str) -> list[tuple[str, str, int, int]]:
    """(kind, path, raw, gzip) for the HTML, its stylesheets, classic scripts and modules."""
    page_url = base + path
    html = fetch(page_url)
    rows = [("html", path, len(html), gz(html))]
    text = html.decode("utf-8")
    seen = {page_url}
    modules: list[str] = []

    def add(kind: str, url: str) -> bytes | None:
        if url.startswith("data:") or url in seen:
            return None
        seen.add(url)
        data = fetch(url)
        rows.append((kind, urlsplit(url).path, len(data), gz(data)))
        return data

    for tag in re.findall(r"<link\b[^>]*>", text):
        a = attributes(tag)
        rel = a.get("rel", "").split()
        if "stylesheet" in rel and "href" in a:
            add("css", urljoin(page_url, a["href"]))
        elif "modulepreload" in rel and "href" in a:
            modules.append(urljoin(page_url, a["href"]))
    for tag in re.findall(r"<script\b[^>]*>", text):
        a = attributes(tag)
        if "src" not in a:
            continue
        url = urljoin(page_url, a["src"])
        if a.get("type") == "module":
            modules.append(url)
        else:
            add("script", url)
    while modules:  # each module once, then its static imports
        url = modules.pop(0)
        source = add("module", url)
        if source is None:
            continue
        for found in IMPORT_RE.finditer(source.decode("utf-8")):
            modules.append(urljoin(url, found.group(1) or found.group(2)))
    return rows


def is_media(url: str, content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("video/") or kind.startswith("audio/") or (
        kind.startswith("image/") and "/media/" in urlsplit(url).path
    )


def weight_in_chromium(pw, base: str, path: str):
    """(rows, excluded): every response until network idle, in a fresh context."""
    browser = launch(pw)
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + path, wait_until="networkidle", timeout=30_000)
        rows, excluded, seen = [], [], set()
        for response in responses:
            url = response.url
            if url.startswith("data:") or url in seen:
                continue
            seen.add(url)
            content_type = response.headers.get("content-type", "")
            if is_media(url, content_type):
                excluded.append((content_type.split(";")[0], urlsplit(url).path))
                continue
            try:
                body = response.body()
            except Exception:  # a redirect has no body
                body = b""
            rows.append((response.request.resource_type, urlsplit(url).path, len(body), gz(body)))
        context.close()
        first = {"document": 0, "stylesheet": 1, "script": 2}
        rows.sort(key=lambda r: (first.get(r[0], 3), r[1]))
        return rows, excluded
    finally:
        browser.close()


def print_weight(title: str, rows) -> int:
    print(title)
    print(f"  {'type':<11}{'file':<40}{'raw':>9}{'gzip -9':>9}")
    for kind, name, raw, packed in rows:
        print(f"  {kind:<11}{name:<40}{raw:>9,}{packed:>9,}")
    total_raw = sum(r[2] for r in rows)
    total_gz = sum(r[3] for r in rows)
    print(f"  {'total':<11}{f'{len(rows)} files':<40}{total_raw:>9,}{total_gz:>9,}")
    return total_gz


# ---------- 2. chapter click against a reference button ----------

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


# ---------- 3. chapter list usable, against a bare page of seven links ----------

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


def series(marks: list[dict], key: str) -> list[float]:
    return [m[key] for m in marks if m.get(key) is not None]


def line(name: str, values: list[float], of: int | None = None) -> str:
    if not values:
        return f"  {name:<50}{'never':>9}"
    missing = f"  ({of - len(values)} of {of} never)" if of and len(values) < of else ""
    return (
        f"  {name:<50}{statistics.median(values):>9.1f}{min(values):>9.1f}{max(values):>9.1f}"
        + missing
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(top: list[float], bottom: list[float], rounds: int = 2000) -> str:
    """How far median(top) / median(bottom) moves with the luck of the loads: its 5th and 95th
    percentiles over resamples of each series (bootstrap, fixed seed, so a run reprints it)."""
    if not top or not bottom:
        return ""
    rng = random.Random(0)
    ratios = sorted(
        statistics.median(rng.choices(top, k=len(top)))
        / statistics.median(rng.choices(bottom, k=len(bottom)))
        for _ in range(rounds)
    )
    return f" [90 % of resamples: {ratios[rounds // 20]:.2f} to {ratios[rounds - rounds // 20 - 1]:.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clicks", type=int, default=25, help="measured moves (25)")
    parser.add_argument("--loads", type=int, default=20, help="measured loads of each page (20)")
    parser.add_argument("--webinar", default="2021-05-04")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    folder = ROOT / "webinars" / args.webinar
    webinar = load_webinar(folder)
    if webinar.recording.kind == "demo":
        make_demo_recording(webinar, folder / "media" / webinar.recording.src)
    path = f"/w/{args.webinar}"
    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp, sync_playwright() as pw:
        bare_path = write_bare_page(Path(tmp), webinar)
        app = create_app({"WEBINARS_DIR": str(ROOT / "webinars")})
        headers = site_headers(app, path)
        server, base = serve(app, Path(tmp), headers)
        try:
            print(
                f"Machine: {CHROMIUM} headless (--disable-gpu; address-bar popup not preloaded), "
                "viewport 1366x768, times in ms"
            )
            print()
            # 1. weight
            rows, excluded = weight_in_chromium(pw, base, path)
            total = print_weight(
                f"1. Page weight on first load of {path}, in Chromium "
                "(every response until network idle, media excluded)",
                rows,
            )
            print(
                f"  excluded: {len(excluded)} media responses "
                f"({', '.join(sorted({k for k, _ in excluded}))}; thumbnails and the recording)"
            )
            print(
                f"  target: at most 32 KB gzip: {total / 1024:.1f} KB "
                f"({100 * total / WEIGHT_TARGET:.0f} %) -> {verdict(total <= WEIGHT_TARGET)}"
            )
            static = weight_from_markup(base, path)
            static_gz = sum(r[3] for r in static)
            in_chromium = {r[1] for r in rows}
            in_markup = {r[1] for r in static}
            print(
                f"  cross-check from the markup (HTML, CSS, classic scripts, modules and their "
                f"static imports): {len(static)} files, {sum(r[2] for r in static):,} B raw, "
                f"{static_gz:,} B gzip ({static_gz / 1024:.1f} KB)"
            )
            only_chromium = sorted(in_chromium - in_markup)
            only_markup = sorted(in_markup - in_chromium)
            if only_chromium:
                print("    loaded by Chromium, not named by the markup:", ", ".join(only_chromium))
            if only_markup:
                print("    named by the markup, not loaded by Chromium:", ", ".join(only_markup))
            print()

            # 2. chapter click against the reference button
            order = distant_order(webinar)
            link_ms, button_ms, bare_ms, bare_play_ms = seek_timings(
                pw, base, path, order, args.clicks
            )
            ratio = median(link_ms) / median(button_ms)
            print(
                f"2. Click -> seeked, {args.clicks} moves between distant chapters "
                "(timed from a capture-phase click listener)"
            )
            print(f"  {'measure':<50}{'median':>9}{'min':>9}{'max':>9}")
            print(line("chapter link click -> seeked", link_ms))
            print(line("reference button (seek + play) click -> seeked", button_ms))
            print(line("(info) script, no click: currentTime = t", bare_ms))
            print(line("(info) script, no click: currentTime = t; play()", bare_play_ms))
            print(
                f"  ratio chapter link / reference button: {ratio:.2f}{spread(link_ms, button_ms)} "
                f"(target at most {CLICK_TARGET}) -> {verdict(ratio <= CLICK_TARGET)}"
            )
            print()

            # 3. chapter list usable
            pages = {
                "watch": path,
                "bare": bare_path,
                "bare_site": f"{BARE_PREFIX}/{BARE_SITE_FILE}",
                "watch_no_coop": f"{path}?{NO_COOP}",
                "alone": write_page_alone(Path(tmp), fetch(base + path).decode("utf-8")),
            }
            marks = ready_timings(pw, base, pages, args.loads)
            watch, bare, bare_site = marks["watch"], marks["bare"], marks["bare_site"]
            watch_link, bare_link = series(watch, "link"), series(bare, "link")
            site_link = series(bare_site, "link")
            ratio = median(watch_link) / median(bare_link)
            site_ratio = median(watch_link) / median(site_link)
            print(
                f"3. From navigation start, {args.loads} cold loads of each page in fresh contexts "
                "(in turn)"
            )
            print(f"  {'measure':<50}{'median':>9}{'min':>9}{'max':>9}")
            n = args.loads
            print(line("watch page: first chapter link visible", watch_link, n))
            print(line("bare page of seven links: first link visible", bare_link, n))
            print(line("same bare page, with the site's headers", site_link, n))
            no_coop_link = series(marks["watch_no_coop"], "link")
            print(line("(info) watch page without its COOP header", no_coop_link, n))
            alone_link = series(marks["alone"], "link")
            print(line("(info) its markup alone, nothing fetched", alone_link, n))
            print(line("watch page: controls ready (#bar visible)", series(watch, "bar"), n))
            painted = series(watch, "painted")
            print(line("(info) watch page: first chapter link painted", painted, n))
            print(line("(info) bare page: first link painted", series(bare, "painted"), n))
            site_painted = series(bare_site, "painted")
            print(line("(info) bare page with the site's headers: painted", site_painted, n))
            print(f"  (headers of the second bare page: {', '.join(name for name, _ in headers)})")
            ok = ratio <= READY_TARGET and len(watch_link) == args.loads
            print(
                f"  ratio watch / bare (first link visible): {ratio:.2f}{spread(watch_link, bare_link)} "
                f"(target at most {READY_TARGET}) -> {verdict(ok)}"
            )
            print(
                f"  (info) ratio watch without COOP / bare: "
                f"{median(no_coop_link) / median(bare_link):.2f}"
            )
            print(
                f"  (info) ratio its markup alone / bare with the same headers: "
                f"{median(alone_link) / median(site_link):.2f}"
            )
            print(
                f"  (info) ratio watch / its markup alone (what the modules, the recording and the "
                f"thumbnails add): {median(watch_link) / median(alone_link):.2f}"
                f"{spread(watch_link, alone_link)}"
            )
            ok = site_ratio <= READY_TARGET and len(watch_link) == args.loads
            print(
                f"  ratio watch / bare with the same headers (like for like): {site_ratio:.2f}"
                f"{spread(watch_link, site_link)} "
                f"(target at most {READY_TARGET}) -> {verdict(ok)}"
            )
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
