"""Bench of the watch page: its weight, what a chapter click costs, how soon its chapters show.

Run it from the project folder (it prints figures; it is not a test, asserts nothing and exits 0
even when a target is missed):

    .venv/bin/python bench/page_bench.py [--clicks 25] [--loads 20] [--webinar 2021-05-04]

This script prints; each measure is a module of ``bench/pagebench/`` (``weight``, ``clicks``,
``first_frame``), beside the server and its pages (``serving``) and the browser (``browser``).

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
   And, for information, the watch page and the plain bare file reached the way a visitor
   reaches them: the tab first shows a page of another site (the bench's bare page under the
   name ``localhost``), so both get a renderer of their own, header or not.

Method for 2: one unmeasured pass over every chapter first (both the link and the button), so
that the recording is read from the browser's media cache; then, for each move, the video is
paused and put (unmeasured) back where the move starts before each timed seek, and the panel's
htmx request is let to finish in between. Moves alternate between distant chapters (first, last,
second, second to last...), and which of the link and the button goes first alternates too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from pagebench.browser import CHROMIUM  # noqa: E402
from pagebench.clicks import CLICK_TARGET, distant_order, seek_timings  # noqa: E402
from pagebench.first_frame import READY_TARGET, elsewhere, ready_timings  # noqa: E402
from pagebench.serving import (  # noqa: E402
    BARE_PREFIX,
    BARE_SITE_FILE,
    NO_COOP,
    fetch,
    serve,
    site_headers,
    write_bare_page,
    write_page_alone,
)
from pagebench.stats import line, median, series, spread, verdict  # noqa: E402
from pagebench.weight import print_weight, weight_from_markup, weight_in_chromium  # noqa: E402
from player.media.demo import make_demo_recording  # noqa: E402
from tests.support.page_weight import WEIGHT_TARGET  # noqa: E402


def report_weight(pw, base: str, path: str) -> None:
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


def report_clicks(pw, base: str, path: str, webinar, clicks: int) -> None:
    order = distant_order(webinar)
    link_ms, button_ms, bare_ms, bare_play_ms = seek_timings(pw, base, path, order, clicks)
    ratio = median(link_ms) / median(button_ms)
    print(
        f"2. Click -> seeked, {clicks} moves between distant chapters "
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


def report_first_frame(pw, base: str, path: str, folder: Path, bare_path: str, headers,
                       loads: int) -> None:
    pages = {
        "watch": path,
        "bare": bare_path,
        "bare_site": f"{BARE_PREFIX}/{BARE_SITE_FILE}",
        "watch_no_coop": f"{path}?{NO_COOP}",
        "alone": write_page_alone(folder, fetch(base + path).decode("utf-8")),
        # a visitor's tab shows a page of another site first (a mail, a search engine)
        "watch_from_elsewhere": (path, elsewhere(base) + bare_path),
        "bare_from_elsewhere": (bare_path, elsewhere(base) + bare_path),
    }
    marks = ready_timings(pw, base, pages, loads)
    watch, bare, bare_site = marks["watch"], marks["bare"], marks["bare_site"]
    watch_link, bare_link = series(watch, "link"), series(bare, "link")
    site_link = series(bare_site, "link")
    ratio = median(watch_link) / median(bare_link)
    site_ratio = median(watch_link) / median(site_link)
    print(f"3. From navigation start, {loads} cold loads of each page in fresh contexts (in turn)")
    print(f"  {'measure':<50}{'median':>9}{'min':>9}{'max':>9}")
    print(line("watch page: first chapter link visible", watch_link, loads))
    print(line("bare page of seven links: first link visible", bare_link, loads))
    print(line("same bare page, with the site's headers", site_link, loads))
    no_coop_link = series(marks["watch_no_coop"], "link")
    print(line("(info) watch page without its COOP header", no_coop_link, loads))
    alone_link = series(marks["alone"], "link")
    print(line("(info) its markup alone, nothing fetched", alone_link, loads))
    print(line("watch page: controls ready (#bar visible)", series(watch, "bar"), loads))
    print(line("(info) watch page: first chapter link painted", series(watch, "painted"), loads))
    print(line("(info) bare page: first link painted", series(bare, "painted"), loads))
    site_painted = series(bare_site, "painted")
    print(line("(info) bare page with the site's headers: painted", site_painted, loads))
    print(f"  (headers of the second bare page: {', '.join(name for name, _ in headers)})")
    ok = ratio <= READY_TARGET and len(watch_link) == loads
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
    watch_away = series(marks["watch_from_elsewhere"], "link")
    bare_away = series(marks["bare_from_elsewhere"], "link")
    print(line("(info) from a page of another site: watch page", watch_away, loads))
    print(line("(info) from a page of another site: bare page", bare_away, loads))
    print(
        f"  (info) ratio watch / bare, both reached from a page of another site (a new renderer "
        f"for both, COOP or not): {median(watch_away) / median(bare_away):.2f}"
        f"{spread(watch_away, bare_away)}"
    )
    ok = site_ratio <= READY_TARGET and len(watch_link) == loads
    print(
        f"  ratio watch / bare with the same headers (like for like): {site_ratio:.2f}"
        f"{spread(watch_link, site_link)} "
        f"(target at most {READY_TARGET}) -> {verdict(ok)}"
    )


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
            report_weight(pw, base, path)
            print()
            report_clicks(pw, base, path, webinar, args.clicks)
            print()
            report_first_frame(pw, base, path, Path(tmp), bare_path, headers, args.loads)
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
