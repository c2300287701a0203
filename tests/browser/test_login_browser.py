"""Organisers' sign-in in Chromium, with the keyboard only: closed page -> login -> back to the
page asked for (``suivant``) -> log out. Also a wrong password: the message is announced and the
e-mail field has the focus. Screenshots at 1366×768 and 390×844 go to the test's temporary folder."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import LAPTOP, record
from tests.support.organisers import (
    EMAIL,
    PASSWORD,
    PRIVATE_PATH,
    add_organiser,
    make_app,
)
from tests.support.servers import live_app


@pytest.fixture
def organiser_server(webinars_root, tmp_path):
    app = make_app(webinars_root, tmp_path / "instance")
    add_organiser(app, EMAIL, PASSWORD)
    with live_app(app) as url:
        yield url


def tab_to(page, predicate: str, limit: int = 15) -> None:
    """Press Tab until ``predicate`` (about document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            return
    raise AssertionError(f"never reached with Tab: {predicate}")


def focus_ring(page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_log_in_with_the_keyboard_land_on_suivant_and_log_out(browser, organiser_server, tmp_path):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log = record(page)
    target = PRIVATE_PATH + "?t=24m5s"
    page.goto(organiser_server + target)
    landed = urlsplit(page.url)
    assert landed.path == "/connexion" and parse_qs(landed.query)["suivant"] == [target]
    expect(page.get_by_role("heading", name="Espace des organisateurs")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()

    tab_to(page, "el.id === 'connexion-email'")
    assert focus_ring(page) == "solid"
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "connexion-mot-de-passe"
    page.keyboard.type(PASSWORD)
    page.screenshot(path=str(tmp_path / "login-1366.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_url(organiser_server + target)
    expect(page.locator("#qui")).to_have_text(EMAIL)
    (signed_in,) = context.cookies()
    assert signed_in["httpOnly"] and signed_in["sameSite"] == "Lax" and signed_in["expires"] > 0

    tab_to(page, "el.textContent.trim() === 'Se déconnecter'")
    assert focus_ring(page) == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{organiser_server}/connexion?fin=1")
    expect(page.get_by_role("status")).to_have_text("Vous êtes déconnecté·e.")
    # the organiser's cookie is gone; the login form's own session (its token) is a new one,
    # which ends with the browser
    assert [c["value"] for c in context.cookies()] != [signed_in["value"]]
    assert all(c["expires"] == -1 for c in context.cookies())
    page.goto(organiser_server + target)
    assert "/connexion?suivant=" in page.url

    assert log.errors() == []
    assert log.foreign_requests(organiser_server) == []
    context.close()


def test_a_wrong_password_is_announced_with_the_focus_on_the_form(browser, organiser_server, tmp_path):
    for name, viewport in (("390", {"width": 390, "height": 844}), ("1366", LAPTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        log = record(page)
        page.goto(organiser_server + "/connexion")
        page.get_by_label("Adresse e-mail").fill(EMAIL)
        page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
        page.get_by_role("button", name="Se connecter").press("Enter")
        alert = page.get_by_role("alert")
        expect(alert).to_have_text("Adresse e-mail ou mot de passe incorrect.")
        assert page.evaluate("document.activeElement.id") == "connexion-email"
        expect(page.get_by_label("Adresse e-mail")).to_have_value(EMAIL)
        expect(page.get_by_label("Mot de passe")).to_have_value("")
        page.screenshot(path=str(tmp_path / f"login-error-{name}.png"), full_page=True)
        # the one error Chromium logs is the refusal's status itself (401: not signed in)
        assert [e for e in log.errors() if "status of 401" not in e] == []
        context.close()
