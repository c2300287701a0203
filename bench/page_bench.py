"""Bench of the watch page: its weight, and what a chapter click costs over a bare seek.

Run it from the project folder (it prints figures; it is not a test and asserts nothing):

    .venv/bin/python bench/page_bench.py [--clicks 15] [--webinar 2021-05-04]

It serves the app on 127.0.0.1 (a free port, from a thread), makes the stand-in recording if it
is missing (``player.media.make_demo_recording``, instant when up to date), then prints:

1. **Weight on first load** of ``/w/<webinar>``: the HTML, each stylesheet and each script the
   page links (htmx and player.js), raw and gzip (level 9, Python's gzip), media and favicon
   excluded (the favicon is a ``data:`` URL), and the total gzip against the 32 KB target.
2. **Chapter click -> ``seeked``** in Debian's Chromium (``/usr/bin/chromium``): the median over
   N clicks on chapter links, measured in the page with ``performance.now()`` from a click
   listener registered in the capture phase to the video's ``seeked`` event; the clicks alternate
   between distant chapters.
3. **Bare seek -> ``seeked``**: the median of ``video.currentTime = t`` to ``seeked`` on the same
   file, in the same page, for the same moves (same start and same target as each click), and
   the ratio click / bare against the 1.2 target. For reference it also times a click on a
   button the bench adds, whose only handler does the bare seek: the browser's own input path
   (mouse events, focus, hover) without any of the page's work.

Method: one unmeasured pass over every chapter first, so that both series read the recording
from the browser's media cache; then, for each move, the video is paused and put (unmeasured)
back where the move starts, the chapter link is clicked and timed, the video is put back at the
same start, and the bare seek is timed. The panel's htmx request is let to finish in between.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from app import create_app  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from player.media import make_demo_recording  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WEIGHT_TARGET = 32 * 1024  # bytes, gzip, everything but media and poster
RATIO_TARGET = 1.2
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


# ---------- 1. weight ----------


def page_weight(base: str, path: str) -> list[tuple[str, int, int]]:
    """(name, raw bytes, gzip bytes) for the HTML and every stylesheet and script it links."""
    html = fetch(base + path)
    rows = [(f"HTML {path}", len(html), gz(html))]
    text = html.decode("utf-8")
    assets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]*src="([^"]+)"', text)
    for href in assets:
        if href.startswith("data:"):
            continue
        data = fetch(base + href if href.startswith("/") else href)
        kind = "CSS" if href.endswith(".css") else "JS"
        rows.append((f"{kind} {href.rsplit('/', 1)[-1]}", len(data), gz(data)))
    return rows


# ---------- 2 and 3. seeks in Chromium ----------

INSTRUMENT = """() => {
    const video = document.getElementById('video');
    window.__bench = {click: null, seeked: null};
    document.addEventListener('click', (event) => {
        if (event.target.closest('a.chapter-link, #bench-bare')) window.__bench.click = performance.now();
    }, true);
    video.addEventListener('seeked', () => { window.__bench.seeked = performance.now(); });
    // a control of the bench's own, doing nothing but the bare seek: the same input path as a
    // chapter click (mouse events, focus, hover) without the page's work
    const button = document.createElement('button');
    button.id = 'bench-bare';
    button.type = 'button';
    button.textContent = 'bench: bare seek';
    button.style.cssText = 'position: fixed; right: 0; bottom: 0; z-index: 99';
    button.addEventListener('click', () => { video.currentTime = window.__benchTarget; });
    document.body.append(button);
}"""

PLACE = """(t) => new Promise((resolve) => {
    const video = document.getElementById('video');
    video.pause();
    if (Math.abs(video.currentTime - t) < 0.01 && !video.seeking) return resolve();
    video.addEventListener('seeked', () => resolve(), {once: true});
    video.currentTime = t;
})"""

BARE = """(t) => new Promise((resolve) => {
    const video = document.getElementById('video');
    video.addEventListener('seeked', () => resolve(performance.now() - t0), {once: true});
    const t0 = performance.now();
    video.currentTime = t;
})"""


def wait_js(page, expression: str, timeout: float = 15.0) -> None:
    # page.wait_for_function would eval() in the page, which its CSP forbids
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {expression}")
        page.wait_for_timeout(10)


def settle(page) -> None:
    wait_js(page, "!document.querySelector('.htmx-request')")
    page.wait_for_timeout(150)


def seek_timings(base: str, path: str, order: list[tuple[str, float]], clicks: int):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(base + path)
            wait_js(page, "document.getElementById('video').readyState >= 1")
            page.evaluate(INSTRUMENT)
            # warm-up: every chapter once, both ways, unmeasured
            for cid, start in order:
                page.evaluate("window.__bench.click = window.__bench.seeked = null")
                page.locator(f"a.chapter-link[data-chapter='{cid}']").click()
                wait_js(page, "window.__bench.seeked !== null && window.__bench.click !== null")
                page.evaluate(PLACE, 0)
                page.evaluate(BARE, start)
                settle(page)
            click_ms, bare_ms, button_ms = [], [], []
            for i in range(clicks):
                cid, target = order[(i + 1) % len(order)]
                _, origin = order[i % len(order)]
                page.evaluate(PLACE, origin)
                settle(page)
                page.evaluate("window.__bench.click = window.__bench.seeked = null")
                page.locator(f"a.chapter-link[data-chapter='{cid}']").click()
                wait_js(page, "window.__bench.seeked !== null && window.__bench.click !== null")
                click_ms.append(page.evaluate("window.__bench.seeked - window.__bench.click"))
                page.evaluate(PLACE, origin)
                settle(page)
                bare_ms.append(page.evaluate(BARE, target))
                page.evaluate(PLACE, origin)
                settle(page)
                page.evaluate(
                    "(t) => { window.__benchTarget = t; window.__bench.click = window.__bench.seeked = null; }",
                    target,
                )
                page.locator("#bench-bare").click()
                wait_js(page, "window.__bench.seeked !== null && window.__bench.click !== null")
                button_ms.append(page.evaluate("window.__bench.seeked - window.__bench.click"))
            return click_ms, bare_ms, button_ms
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clicks", type=int, default=15, help="measured chapter clicks (15)")
    parser.add_argument("--webinar", default="2021-05-04")
    args = parser.parse_args()

    folder = ROOT / "webinars" / args.webinar
    webinar = load_webinar(folder)
    if webinar.recording.kind == "demo":
        make_demo_recording(webinar, folder / "media" / webinar.recording.src)
    server, base = serve(create_app({"WEBINARS_DIR": str(ROOT / "webinars")}))
    path = f"/w/{args.webinar}"
    try:
        rows = page_weight(base, path)
        print(f"Page weight on first load of {path} (media and favicon excluded)")
        print(f"  {'resource':<34}{'raw':>10}{'gzip -9':>10}")
        for name, raw, packed in rows:
            print(f"  {name:<34}{raw:>10,}{packed:>10,}")
        total_raw = sum(r[1] for r in rows)
        total_gz = sum(r[2] for r in rows)
        verdict = "OK" if total_gz <= WEIGHT_TARGET else "OVER"
        print(f"  {'total':<34}{total_raw:>10,}{total_gz:>10,}")
        print(
            f"  target: at most {WEIGHT_TARGET:,} B gzip (32 KB): "
            f"{total_gz / 1024:.1f} KB, {100 * total_gz / WEIGHT_TARGET:.0f} % -> {verdict}"
        )
        print()

        order = distant_order(webinar)
        click_ms, bare_ms, button_ms = seek_timings(base, path, order, args.clicks)
        click_med, bare_med = statistics.median(click_ms), statistics.median(bare_ms)
        ratio = click_med / bare_med if bare_med else float("inf")
        print(f"Seeks in Chromium ({CHROMIUM}), {args.clicks} moves between distant chapters")
        print(f"  {'measure':<34}{'median':>9}{'min':>9}{'max':>9}  (ms)")
        series = (
            ("chapter click -> seeked", click_ms),
            ("video.currentTime = t -> seeked", bare_ms),
            ("(bare button click -> seeked)", button_ms),
        )
        for name, values in series:
            print(
                f"  {name:<34}{statistics.median(values):>9.1f}"
                f"{min(values):>9.1f}{max(values):>9.1f}"
            )
        verdict = "OK" if ratio <= RATIO_TARGET else "OVER"
        print(f"  ratio click / bare: {ratio:.2f} (target at most {RATIO_TARGET}) -> {verdict}")
        button_med = statistics.median(button_ms)
        print(
            f"  for reference, click / bare button click: {click_med / button_med:.2f} "
            "(the browser's own input path, same seek, none of the page's work)"
        )
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
