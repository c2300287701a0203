"""Lighthouse-style basics, checked by the tools themselves (issue 3, "Targets").

- The Nu Html Checker (npm ``vnu-jar``, run with Java) finds no error in any full page.
- axe-core (npm ``axe-core``, injected with Playwright) finds no accessibility violation on the
  watch page (after its script ran), a chapter page, a speaker page, the questions and resources.

Both tools come from ``npm ci`` (``node_modules``); the tests skip, saying why, when they are
missing, and fail on any finding, printing it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import AXE, html_errors
from tests.support.webinar import WID

FULL_PAGES = {
    "watch": f"/w/{WID}",
    "watch-at-time": f"/w/{WID}?t=1h10m",
    "watch-bad-time": f"/w/{WID}?t=abc",
    "chapter": f"/w/{WID}/chapitres/capa-cite",
    "speaker": f"/w/{WID}/intervenants/cedric-herve",
    "question": f"/w/{WID}/questions/q2",
    "questions": f"/w/{WID}/questions",
    "resources": f"/w/{WID}/ressources",
    "not-found": f"/w/{WID}/chapitres/nulle-part",
    "embed": f"/w/{WID}/integrer?t=24m5s",  # the compact player other sites frame
    "transcript": f"/w/{WID}/transcription",  # the stand-in's captions (espeak-ng)
    "slides": f"/w/{WID}/diapositives",  # the stand-in's slides, found and read
    "search": f"/w/{WID}/recherche?q=regie",
    "search-all": "/recherche?q=cqp",
    "catalogue": "/w/",  # the list of webinars (/ plays the only one here)
    "login": "/connexion?suivant=/w/2021-05-04",  # organisers' sign-in (player/organisers/auth.py)
    "privacy": "/mesure-d-audience",  # the audience measure explained (player/pages/privacy.py)
}

AXE_PAGES = {
    "watch": f"/w/{WID}",
    "chapter": f"/w/{WID}/chapitres/capa-cite",
    "speaker": f"/w/{WID}/intervenants/cedric-herve",
    "question": f"/w/{WID}/questions/q2",
    "questions": f"/w/{WID}/questions",
    "resources": f"/w/{WID}/ressources",
    "embed": f"/w/{WID}/integrer?t=24m5s",
    "transcript": f"/w/{WID}/transcription",
    "slides": f"/w/{WID}/diapositives",
    "search": f"/w/{WID}/recherche?q=regie",
    "search-all": "/recherche?q=cqp",
    "catalogue": "/w/",  # the list of webinars (/ plays the only one here)
    "login": "/connexion?suivant=/w/2021-05-04",
    "privacy": "/mesure-d-audience",
}


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def test_pages_are_valid_html(live_server, tmp_path: Path):
    files = []
    for name, path in FULL_PAGES.items():
        status, html = fetch(live_server + path)
        assert status == (404 if name == "not-found" else 200), (name, status)
        file = tmp_path / f"{name}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)

    errors = html_errors(files)
    assert errors == [], "Nu Html Checker errors:\n" + "\n".join(errors)


def test_the_checker_lets_through_only_the_expect_link(tmp_path: Path):
    """The one exception made for the checker's lag (render-blocking ``rel="expect"``) does not
    hide ``blocking`` on any other link."""
    page = tmp_path / "blocking.html"
    page.write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="expect" href="#liste" blocking="render">'
        '<link rel="alternate" href="/flux.xml" type="application/rss+xml" blocking="render">'
        '</head><body><ol id="liste"><li>un</li></ol></body></html>',
        encoding="utf-8",
    )
    errors = html_errors([page])
    assert len(errors) == 1 and 'rel="alternate"' in errors[0], errors


@pytest.fixture
def axe_page(browser: Browser):
    """A page whose context ignores the CSP: axe is injected as an inline script."""
    assert AXE.is_file(), f"{AXE} is missing (scripts/setup --test runs npm ci)"
    context = browser.new_context(bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_accessibility_violations(axe_page, live_server, name):
    page = axe_page
    page.goto(live_server + AXE_PAGES[name])
    if page.locator("#video").count():
        # the watch page as a viewer meets it: its script ran and drew the control bar and tabs
        expect(page.locator("#bar")).to_be_visible()
        expect(page.locator("#scrubber")).to_be_visible()
        expect(page.locator("#cote [role=tablist]")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document)")
    assert results["passes"], "axe-core ran no check"
    violations = results["violations"]
    listing = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
        for v in violations
    )
    assert violations == [], f"axe-core violations on {name}:\n{listing}"
