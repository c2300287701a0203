"""The audience dashboard in Chromium, after real beacons were folded into the store: signed in
through the login form, at 1366×768 and 390×844 (screenshots in the test's temporary folder),
the page wider than neither window, its charts drawn, no console error (a CSP violation would
be one); the Nu Html Checker and axe-core find nothing."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from chapters.store import load_webinar
from tests.support.audience import View, record_views
from tests.support.browser import AXE, LAPTOP, html_errors, record
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, make_app, sign_in
from tests.support.servers import live_app
from tests.support.webinar import WID

PAGE = f"/w/{WID}/audience"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dashboard(webinars_root, tmp_path):
    app = make_app(webinars_root, tmp_path / "instance")
    add_organiser(app, EMAIL, PASSWORD)
    views = [View(f"v{i}", [(0, 300 + 400 * i)] + ([(100, 160)] if i % 3 == 0 else []),
                  [("chapter", "capa-cite"), ("question", "q1"), ("search", "insertion")])
             for i in range(12)]
    record_views(app.instance_path, load_webinar(webinars_root / WID), views)
    with live_app(app) as url:
        yield url, app


def signed_in_page(browser, url: str, viewport: dict, **options):
    """A new context signed in through the login form, on the dashboard."""
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    log = record(page)
    page.goto(url + "/connexion?suivant=" + PAGE)
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**" + PAGE)
    return context, page, log


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_the_dashboard_fits_and_draws(browser, dashboard, viewport, tmp_path):
    url, _ = dashboard
    context, page, log = signed_in_page(browser, url, viewport)
    try:
        expect(page.get_by_role("heading", name="Audience du webinaire")).to_be_visible()
        expect(page.get_by_role("img", name="Vues par jour, du")).to_be_visible()
        retention = page.get_by_role("img", name="Rétention et relectures")
        expect(retention).to_be_visible()
        box = retention.bounding_box()
        assert box["width"] > 300 and box["height"] > 100, box
        page.screenshot(path=str(tmp_path / f"audience-{viewport['width']}.png"), full_page=True)
        # the page never scrolls sideways: a wide table or the curve scrolls inside its box
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # the chart's text stays readable: at least 9 px on screen
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.aud-chart text')]
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0))""")
        assert smallest >= 9, smallest
        # the chapters' row: reachable by the keyboard, and its box holds it (scrolling)
        wrap = page.locator(".aud-table-wrap:has([data-table=chapitres])")
        wrap.focus()
        assert page.evaluate("document.activeElement.classList.contains('aud-table-wrap')")
        assert log.errors() == [] and log.foreign_requests(url) == []
    finally:
        context.close()


def test_the_dashboard_is_valid_html(dashboard, tmp_path):
    _, app = dashboard
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    files = []
    for name, query in (("audience", "?periode=30"), ("audience-bad", "?du=2026-02-30")):
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(client.get(PAGE + query).get_data())
    assert html_errors(files) == []


def test_no_accessibility_violations(browser, dashboard):
    url, _ = dashboard
    # axe is injected as an inline script
    context, page, _ = signed_in_page(browser, url, LAPTOP, bypass_csp=True)
    try:
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("() => axe.run(document)")["violations"]
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    finally:
        context.close()


def test_the_keyboard_reaches_the_periods_the_downloads_and_the_setting(browser, dashboard):
    url, _ = dashboard
    context, page, _ = signed_in_page(browser, url, LAPTOP)
    try:
        reached = []
        for _ in range(80):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("""() => { const el = document.activeElement;
                return [el.textContent.trim().slice(0, 40), getComputedStyle(el).outlineStyle]; }"""))
        names = [name for name, _ in reached]
        for wanted in ("7 jours", "Tout", "Afficher", "Télécharger en CSV le tableau « Chapitres »",
                       "Ne plus la montrer aux visiteurs"):
            assert any(n.startswith(wanted[:40]) for n in names), (wanted, names)
        assert all(style == "solid" for name, style in reached if name in ("7 jours", "Afficher"))
        page.get_by_role("link", name="7 jours").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**" + PAGE + "?periode=7")
        expect(page.get_by_role("link", name="7 jours")).to_have_attribute("aria-current", "page")
    finally:
        context.close()
