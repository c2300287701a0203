"""Sessions that end (issue 15, point 4): sign-out, a password change and a removal end the
session on the server, so a cookie saved before is refused when replayed.

Real cookies through Flask's client, the real SQLite store in each test's instance folder, the
real commands; two apps on one instance folder stand for two gunicorn workers.
"""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from player.organisers import accounts, sessions
from tests.support.organisers import (
    EMAIL,
    PASSWORD,
    PRIVATE_PATH,
    add_organiser,
    make_app,
    session_csrf,
    sign_in,
)
from tests.support.organisers import app, client, instance  # noqa: F401 (fixtures)

NEW_PASSWORD = "un tout nouveau mot de passe"


def signed_in_client(app):
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    assert client.get(PRIVATE_PATH).status_code == 200
    return client


def saved_cookie(client) -> tuple[str, str]:
    """What a thief (or a browser's back-up) keeps: the cookie's value and the page's token."""
    return client.get_cookie("session").value, session_csrf(client)


def assert_refused(app, cookie: str, token: str) -> None:
    """The cookie opens nothing: a page redirects to sign-in, htmx and POST get a 401."""
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    page = replay.get(PRIVATE_PATH)
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/connexion?suivant=")
    htmx = replay.get(PRIVATE_PATH, headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/connexion"
    assert replay.post(PRIVATE_PATH, data={"csrf_token": token}).status_code == 401
    assert "connecté·e en tant que" not in replay.get("/connexion").get_data(as_text=True)


def test_the_cookie_saved_before_sign_out_is_refused_after_it(app):
    client = signed_in_client(app)
    cookie, token = saved_cookie(client)
    response = client.post("/deconnexion", data={"csrf_token": token})
    assert response.status_code == 303
    assert_refused(app, cookie, token)
    # signing in again is a new session, which works
    assert signed_in_client(app).get(PRIVATE_PATH).status_code == 200
    assert_refused(app, cookie, token)


def test_signing_in_again_ends_the_session_the_browser_held(app):
    client = signed_in_client(app)
    cookie, token = saved_cookie(client)
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    assert client.get(PRIVATE_PATH).status_code == 200
    assert_refused(app, cookie, token)
    assert _rows(app) == 1


def test_sign_out_ends_this_device_only_and_partout_ends_them_all(app):
    laptop, shared_computer, phone = (signed_in_client(app) for _ in range(3))
    shared_computer.post("/deconnexion", data={"csrf_token": session_csrf(shared_computer)})
    assert shared_computer.get(PRIVATE_PATH).status_code == 302
    assert laptop.get(PRIVATE_PATH).status_code == 200
    cookie, token = saved_cookie(phone)
    page = laptop.get(PRIVATE_PATH).get_data(as_text=True)
    assert 'name="partout" value="1"' in page and "Se déconnecter partout" in page
    laptop.post("/deconnexion", data={"csrf_token": session_csrf(laptop), "partout": "1"})
    assert laptop.get(PRIVATE_PATH).status_code == 302
    assert_refused(app, cookie, token)


def test_a_password_change_by_the_command_ends_every_session(app):
    first, second = signed_in_client(app), signed_in_client(app)
    saved = [saved_cookie(first), saved_cookie(second)]
    result = app.test_cli_runner().invoke(
        args=["add-organiser", EMAIL, "--mot-de-passe-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    for cookie, token in saved:
        assert_refused(app, cookie, token)
    client = app.test_client()
    assert sign_in(client, EMAIL, NEW_PASSWORD).status_code == 303
    assert client.get(PRIVATE_PATH).status_code == 200
    # the store was tidied: only the new session is left
    assert _rows(app) == 1


def test_a_password_changed_behind_the_store_still_ends_the_sessions(app):
    """A sign-in racing a password change, or an accounts file edited or restored by hand, leaves
    rows behind: each remembers the hash it was started under, so they no longer open."""
    cookie, token = saved_cookie(signed_in_client(app))
    path = accounts.accounts_file(app.instance_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["organisers"][EMAIL]["hash"] = generate_password_hash(NEW_PASSWORD)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _rows(app) == 1
    assert_refused(app, cookie, token)


def test_a_removed_account_stays_out_even_when_added_again_with_the_same_password(app):
    cookie, token = saved_cookie(signed_in_client(app))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["remove-organiser", EMAIL]).exit_code == 0
    assert_refused(app, cookie, token)
    assert _rows(app) == 0
    result = runner.invoke(args=["add-organiser", EMAIL, "--mot-de-passe-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert_refused(app, cookie, token)  # a new salt, a new stamp: the old session stays ended


def test_two_workers_on_one_instance_folder_share_sign_out(webinars_dir, instance):
    first, second = make_app(webinars_dir, instance), make_app(webinars_dir, instance)
    add_organiser(first, EMAIL, PASSWORD)
    a = signed_in_client(first)
    cookie, token = saved_cookie(a)
    b = second.test_client()
    b.set_cookie("session", cookie)
    assert b.get(PRIVATE_PATH).status_code == 200  # the other worker knows the session
    assert b.post("/deconnexion", data={"csrf_token": token}).status_code == 303
    assert a.get(PRIVATE_PATH).status_code == 302  # signed out on one, out on both
    assert_refused(first, cookie, token)
    assert_refused(second, cookie, token)


def test_a_session_id_opens_only_its_own_account(app):
    add_organiser(app, "autre@example.org", PASSWORD)
    client = signed_in_client(app)
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie("session").value)
    forged = app.test_client()
    forged.set_cookie("session", serializer.dumps({**data, "organiser": "autre@example.org"}))
    assert forged.get(PRIVATE_PATH).status_code == 302
    forged.set_cookie("session", serializer.dumps({k: v for k, v in data.items() if k != "sid"}))
    assert forged.get(PRIVATE_PATH).status_code == 302


def test_the_store_keeps_no_usable_id_and_stays_small(tmp_path):
    ids = [sessions.start(tmp_path, EMAIL, "h", now=1000.0 + i) for i in range(25)]
    with sqlite3.connect(tmp_path / sessions.FILE_NAME) as db:
        stored = {row for (row,) in db.execute("SELECT id FROM sessions")}
    db.close()
    assert len(stored) == sessions.MAX_PER_ACCOUNT
    assert not stored & set(ids)  # only digests
    # the newest sessions are kept, the oldest end first
    assert sessions.is_open(tmp_path, ids[-1], EMAIL, "h", now=1100.0)
    assert not sessions.is_open(tmp_path, ids[0], EMAIL, "h", now=1100.0)
    # 8 hours from sign-in on the server too, and expired rows go at the next sign-in
    eight_hours = sessions.LIFETIME.total_seconds()
    assert not sessions.is_open(tmp_path, ids[-1], EMAIL, "h", now=1024.0 + eight_hours)
    sessions.start(tmp_path, "autre@example.org", "h", now=1030.0 + eight_hours)
    with sqlite3.connect(tmp_path / sessions.FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
    db.close()


def test_an_unusable_session_store_is_a_french_503_not_a_500(app):
    client = signed_in_client(app)
    store = Path(app.instance_path) / sessions.FILE_NAME
    store.unlink()
    store.mkdir()  # cannot be opened as a database, even by root
    page = client.get(PRIVATE_PATH)
    assert page.status_code == 503
    assert "Connexion impossible pour l'instant" in html.unescape(page.get_data(as_text=True))
    assert str(store) not in page.get_data(as_text=True)
    fresh = app.test_client()
    assert sign_in(fresh, EMAIL, PASSWORD).status_code == 503
    # and the commands still change a password: the stamp ends the sessions meanwhile
    result = app.test_cli_runner().invoke(
        args=["add-organiser", EMAIL, "--mot-de-passe-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def _rows(app) -> int:
    with sqlite3.connect(Path(app.instance_path) / sessions.FILE_NAME) as db:
        (count,) = db.execute("SELECT count(*) FROM sessions").fetchone()
    db.close()
    return count
