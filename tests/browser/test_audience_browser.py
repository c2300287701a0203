"""The audience measure in Chromium: what a viewer played and opened reaches the store (one view,
the chapters started, the ranges played), nothing before the first play, nothing with GPC, never a
cookie; the "most replayed" curve and "les plus regardés" marks once 50 views are stored."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app import create_app
from chapters.audience import AudienceStore, parse_beacon, shape_of
from chapters.audience.store import FILE_NAME
from chapters.store import load_webinar
from tests.support.browser import AXE, LAPTOP, record, wait_js
from tests.support.servers import live_app
from tests.support.watch import VIDEO, open_watch
from tests.support.webinar import WID

# an ordinary Chrome: the endpoint does not count HeadlessChrome (a bot)
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
AUDIENCE_JS = "/js/audience.js"


@pytest.fixture(scope="module")
def measured(webinars_root: Path, demo_recording: Path, tmp_path_factory):
    """The app with an audience store of its own; yields (base URL, the store's path)."""
    instance = tmp_path_factory.mktemp("audience") / "instance"
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)}, instance_path=str(instance))
    with live_app(app) as url:
        yield url, instance / FILE_NAME


def viewer(browser: Browser, **more):
    return browser.new_context(viewport=LAPTOP, user_agent=CHROME, **more)


def today():
    return datetime.now(timezone.utc).date()


def store_report(store_path: Path, webinars_root: Path):
    shape = shape_of(load_webinar(webinars_root / WID))
    return AudienceStore(store_path).report(WID, today(), today(), shape)


def play_to(page, seconds: float) -> None:
    wait_js(page, f"{VIDEO}.currentTime >= {seconds}", timeout=20_000)


def test_a_viewer_leaves_one_view_the_chapters_started_and_the_ranges_played(browser, measured, webinars_root):
    url, store_path = measured
    context = viewer(browser)
    page = context.new_page()
    log = record(page)
    open_watch(page, f"{url}/w/{WID}")
    page.wait_for_timeout(500)
    assert not [u for u in log.requests if AUDIENCE_JS in u]  # nothing before the first play
    # a chapter link opens and plays its chapter; at 16x, 40 s of it
    page.locator("a.chapter-link[data-chapter=relocalisations]").click()
    wait_js(page, f"!{VIDEO}.paused")
    page.evaluate(f"{VIDEO}.playbackRate = 16")
    play_to(page, 405)
    page.locator("a.chapter-link[data-chapter=regies-de-quartier]").click()
    wait_js(page, f"{VIDEO}.currentTime >= 3334 && {VIDEO}.currentTime < 3400 && !{VIDEO}.paused")
    page.evaluate(f"{VIDEO}.playbackRate = 16")
    play_to(page, 3374)
    # a seek forward by hand: a new range, the seconds skipped are not played
    page.evaluate(f"{VIDEO}.currentTime = 4500")
    play_to(page, 4530)
    assert [u for u in log.requests if AUDIENCE_JS in u]
    page.close()  # leaving: pagehide sends the final beacon
    assert context.cookies() == []
    context.close()

    deadline = time.monotonic() + 10
    while True:
        counts = store_report(store_path, webinars_root)
        started = {c.id for c in counts.chapters if c.started}
        if "fleurs-d-halage" in started or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert counts.views == 1
    assert started == {"relocalisations", "regies-de-quartier", "fleurs-d-halage"}
    played = [s for s, n in enumerate(counts.plays) if n]
    assert 370 in played and 400 in played and 3340 in played and 3370 in played and 4510 in played
    assert 1000 not in played and 3700 not in played and 4300 not in played and 300 not in played  # skipped, never played
    assert dict(counts.opened["chapter"]) == {"relocalisations": 1, "regies-de-quartier": 1}
    assert log.errors() == []


def opened_today(store_path: Path) -> dict[tuple[str, str], int]:
    """Every (kind, name) opened today, searches counted fewer than 3 times included (the
    report shows those only from 3)."""
    with sqlite3.connect(store_path) as db:
        rows = db.execute("SELECT kind, name, count FROM opened WHERE webinar = ? AND day = ?",
                          (WID, today().isoformat())).fetchall()
    return {(kind, name): count for kind, name, count in rows}


def test_what_a_viewer_opens_is_counted(browser, measured):
    url, store_path = measured
    before = opened_today(store_path) if store_path.exists() else {}
    context = viewer(browser)
    page = context.new_page()
    open_watch(page, f"{url}/w/{WID}")
    # a question's own page would end the visit: the test keeps it here, after the page's listeners
    page.evaluate("document.addEventListener('click', (e) => { if (e.target.closest('a[href*=\"/questions/\"]')) e.preventDefault(); })")
    page.locator("a.chapter-link[data-chapter=relocalisations]").click()
    wait_js(page, f"{VIDEO}.currentTime > 366 && !{VIDEO}.paused")
    page.get_by_role("tab", name="Ce chapitre").click()
    page.locator("#panel .question-text a[href$='/questions/q1']").click()
    page.get_by_role("tab", name="Rechercher").click()
    page.locator("#search-q").fill("Régie")
    page.locator("#search-q").press("Enter")
    page.locator("#now .now-speaker a").first.click()
    page.close()
    context.close()
    want = {("chapter", "relocalisations"), ("question", "q1"), ("search", "régie"), ("speaker", "florence-oules")}
    deadline = time.monotonic() + 10
    while True:
        after = opened_today(store_path)
        grown = {key for key in want if after.get(key, 0) == before.get(key, 0) + 1}
        if grown == want or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert grown == want, after


@pytest.mark.parametrize("header, prop, value", [
    ("Sec-GPC", "globalPrivacyControl", "true"),  # Global Privacy Control
    ("DNT", "doNotTrack", "'1'"),  # Do Not Track, alone
])
def test_gpc_or_dnt_leaves_nothing_and_no_cookie(browser, measured, webinars_root, header, prop, value):
    url, store_path = measured
    before = store_report(store_path, webinars_root).views if store_path.exists() else 0
    # the browser says it: the page does not even fetch audience.js
    context = viewer(browser, extra_http_headers={header: "1"})
    context.add_init_script(f"Object.defineProperty(Navigator.prototype, '{prop}', {{get: () => {value}}})")
    page = context.new_page()
    log = record(page)
    open_watch(page, f"{url}/w/{WID}")
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_js(page, f"{VIDEO}.currentTime > 1446 && !{VIDEO}.paused")
    page.wait_for_timeout(500)
    page.close()
    assert context.cookies() == []
    context.close()
    assert not [u for u in log.requests if AUDIENCE_JS in u or "/audience/beacon" in u]

    # only the header: the page sends, the server counts nothing
    context = viewer(browser, extra_http_headers={header: "1"})
    page = context.new_page()
    beacons = []
    page.on("request", lambda r: beacons.append(r.url) if "/audience/beacon" in r.url else None)
    open_watch(page, f"{url}/w/{WID}")
    page.locator("a.chapter-link[data-chapter=capa-cite]").click()
    wait_js(page, f"{VIDEO}.currentTime > 1446 && !{VIDEO}.paused")
    page.wait_for_timeout(300)
    page.goto("about:blank")
    assert beacons  # sent...
    assert context.cookies() == []
    context.close()
    time.sleep(0.5)
    after = store_report(store_path, webinars_root)
    assert after.views == before  # ...and not counted
    assert not [c for c in after.chapters if c.id == "capa-cite" and c.started]


def fill(store_path: Path, webinars_root: Path, views: int) -> None:
    """``views`` views through the real parser: all watch the first chapter, every one replays
    2000-2100, the first 10 watch regies-de-quartier."""
    shape = shape_of(load_webinar(webinars_root / WID))
    store = AudienceStore(store_path)
    now = time.time()
    for n in range(views):
        view = f"fill{n:018d}"
        for seq, played in enumerate(([[0, 1]], [[0, 365], [2000, 2100], [2000, 2100]]
                                      + ([[3334, 4200]] if n < 10 else []))):
            body = {"v": 1, "w": WID, "view": view, "seq": seq, "played": played, "opened": []}
            store.record(parse_beacon(json.dumps(body).encode()), shape, day=today(), now=now + 1000 * seq)
    store.close()


@pytest.mark.parametrize("views", [49, 50])
def test_the_most_replayed_curve_from_50_views(browser, webinars_root, demo_recording, tmp_path, views):
    instance = tmp_path / "instance"
    instance.mkdir()
    fill(instance / FILE_NAME, webinars_root, views)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_root)}, instance_path=str(instance))
    context = viewer(browser, bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    with live_app(app) as url:
        open_watch(page, f"{url}/w/{WID}")
        marks = page.locator("#chapter-list .most-watched")
        if views < 50:
            expect(page.locator("#replayed")).to_have_count(0)
            expect(marks).to_have_count(0)
        else:
            curve = page.locator("svg#replayed")
            expect(curve).to_be_visible()
            assert curve.get_attribute("aria-hidden") == "true"
            # the replayed part (2000-2100 s of 6300) is the curve's top
            d = curve.locator("path").get_attribute("d")
            tops = [p for p in d.split("L") if p.strip().endswith(" 0.0")]
            assert tops and all(31 <= float(p.split()[0]) <= 34 for p in tops)
            expect(marks).to_have_count(2)
            expect(page.locator("a.chapter-link[data-chapter=ouverture] .most-watched")).to_have_text("Parmi les plus regardés")
            expect(page.locator("a.chapter-link[data-chapter=regies-de-quartier] .most-watched")).to_be_visible()
            page.add_script_tag(path=str(AXE))
            assert page.evaluate("() => axe.run(document).then((r) => r.violations.map((v) => v.id))") == []
    context.close()
