"""Helpers for tests that need a signed-in organiser: a real account, a real login POST.

    from tests.support.organisers import EMAIL, PASSWORD, add_organiser, sign_in, session_csrf
    add_organiser(app, EMAIL, PASSWORD)
    sign_in(client, EMAIL, PASSWORD)   # 303 to suivant
    client.post(url, data={..., "csrf_token": session_csrf(client)})
    # or headers={"X-CSRF-Token": session_csrf(client)} for htmx-like requests
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask import render_template_string

from app import create_app
from player.organisers import accounts
from player.organisers.auth import organiser_required

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

EMAIL = "orga@example.org"
PASSWORD = "un mot de passe assez long"
PRIVATE_PATH = "/essai-organisateur"  # a test-only page for organisers (see make_app)


def make_app(webinars_dir: Path, instance: Path, **settings):
    """The real app, plus a test-only organisers' route taking every method."""
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), **settings},
                     instance_path=str(instance))

    @app.route(PRIVATE_PATH, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @organiser_required
    def private_page():
        return render_template_string(
            '{% extends "base.html" %}{% block main %}<h1>Page privée</h1><p id="qui">'
            '{{ g.organiser }}</p>{% include "organisers/_organiser.html" %}{% endblock %}'
        )

    return app


def add_organiser(app, email: str, password: str) -> None:
    """Store a real account (scrypt hash) in the app's instance folder."""
    accounts.set_password(app.instance_path, email, password)


def login_token(client, suivant: str | None = None) -> str:
    """The CSRF token the login page gives this client (its session starts there)."""
    page = client.get("/connexion", query_string={"suivant": suivant} if suivant else None)
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on the login page ({page.status_code})"
    return found.group(1)


def sign_in(client, email: str, password: str, suivant: str | None = None, **kwargs):
    """The real login: the token read from the login page, then the form POSTed. Returns the
    response (303 to ``suivant`` on success, 401 for a wrong password, 429 when limited)."""
    data = {"csrf_token": login_token(client), "email": email, "mot_de_passe": password}
    if suivant:
        data["suivant"] = suivant
    return client.post("/connexion", data=data, **kwargs)


def session_csrf(client) -> str:
    """The CSRF token of the client's current session (after sign_in: the new one)."""
    with client.session_transaction() as sess:
        return sess["csrf"]


# Fixtures for the organisers' tests: an app with an instance folder of its own and one
# account (EMAIL, PASSWORD). A test module takes them by importing them under these names.
@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app(webinars_dir: Path, instance: Path):
    app = make_app(webinars_dir, instance)
    add_organiser(app, EMAIL, PASSWORD)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def organiser(app):
    """A client signed in as EMAIL."""
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def text(response) -> str:
    """A response's text with its HTML entities read (French apostrophes and quotes)."""
    return html.unescape(response.get_data(as_text=True))
