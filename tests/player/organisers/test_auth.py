"""Organisers' sign-in (issue 10, point 3): accounts, login, session cookie, CSRF, CLI.

Sessions ended on the server are in test_sessions.py, the limits on attempts in
test_login_limits.py.

Real scrypt hashes, real SQLite counts, real cookies through Flask's client. Each test's app has
its own instance folder, so accounts and attempt counts never leak between tests.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import stat
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from chapters.files import write_atomic
from player.organisers import accounts
from player.organisers.auth import BAD_CREDENTIALS, BAD_TOKEN, safe_next
from player.organisers.secret_key import instance_secret_key
from tests.support.organisers import (
    EMAIL,
    PASSWORD,
    PRIVATE_PATH,
    add_organiser,
    login_token,
    make_app,
    session_csrf,
    sign_in,
)
from tests.support.organisers import app, client, instance, text  # noqa: F401 (fixtures)

WID = "2021-05-04"


def session_data(app, client) -> dict:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


# --- closed without a session ------------------------------------------------------------


def test_get_without_session_redirects_to_the_login_page_with_suivant(client):
    for method in ("GET", "HEAD"):
        response = client.open(PRIVATE_PATH + "?t=1&x=%C3%A9", method=method)
        assert response.status_code == 302
        location = urlsplit(response.headers["Location"])
        assert location.path == "/connexion" and not location.netloc
        assert parse_qs(location.query)["suivant"] == [PRIVATE_PATH + "?t=1&x=%C3%A9"]
        if method == "GET":
            assert "Cette page est à l'adresse" in text(response)


def test_under_a_path_prefix_sign_in_leads_back_inside_the_site(client):
    """Served under /replays (SCRIPT_NAME, as behind a proxy): the page asked for is named
    with its prefix, and signing in returns to it."""
    base = "http://localhost/replays/"
    response = client.get(PRIVATE_PATH + "?a=1", base_url=base)
    location = urlsplit(response.headers["Location"])
    assert response.status_code == 302 and location.path == "/replays/connexion"
    [back] = parse_qs(location.query)["suivant"]
    assert back == "/replays" + PRIVATE_PATH + "?a=1"
    signed = sign_in(client, EMAIL, PASSWORD, suivant=back, base_url=base)
    assert signed.status_code == 303 and signed.headers["Location"] == back


def test_post_and_htmx_without_session_are_401_in_french(client):
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client.open(PRIVATE_PATH, method=method, data={"csrf_token": "x"})
        assert response.status_code == 401, method
        assert "Connexion requise" in text(response)
        assert 'lang="fr"' in text(response)
    response = client.get(PRIVATE_PATH, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.mimetype == "text/plain"
    assert text(response).startswith("Connexion requise")
    assert response.headers["Cache-Control"] == "private, no-store"
    # htmx is sent to the login page, and from there back to the page it was showing
    polled = client.get(PRIVATE_PATH, headers={
        "HX-Request": "true", "HX-Current-URL": "http://localhost/w/2021-05-04/enregistrement?x=1"})
    assert polled.status_code == 401
    assert polled.headers["HX-Redirect"] == "/connexion?suivant=/w/2021-05-04/enregistrement?x%3D1"
    # only a path of this site is ever followed back: never another host
    elsewhere = client.get(PRIVATE_PATH, headers={"HX-Request": "true", "HX-Current-URL": "http://localhost//ailleurs.example/x"})
    assert elsewhere.headers["HX-Redirect"] == "/connexion"


def test_signed_in_the_view_runs_with_g_organiser_and_a_private_answer(app, client):
    response = sign_in(client, EMAIL.upper(), PASSWORD, suivant=PRIVATE_PATH + "?a=1")
    assert response.status_code == 303
    assert response.headers["Location"] == PRIVATE_PATH + "?a=1"
    page = client.get(PRIVATE_PATH)
    assert page.status_code == 200
    assert re.search(r'<p id="qui">orga@example.org</p>', text(page))
    # player/delivery.py says no-cache for pages; organisers' pages say more
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in page.headers.get("Vary", "")
    # HEAD and htmx too
    assert client.head(PRIVATE_PATH).status_code == 200
    assert client.get(PRIVATE_PATH, headers={"HX-Request": "true"}).status_code == 200


def test_a_removed_organiser_is_out_at_the_next_request(app, client):
    sign_in(client, EMAIL, PASSWORD)
    assert client.get(PRIVATE_PATH).status_code == 200
    accounts.remove(app.instance_path, EMAIL)
    assert client.get(PRIVATE_PATH).status_code == 302


# --- CSRF ---------------------------------------------------------------------------------


def test_unsafe_requests_need_the_session_token(client):
    sign_in(client, EMAIL, PASSWORD)
    token = session_csrf(client)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        missing = client.open(PRIVATE_PATH, method=method)
        assert missing.status_code == 403, method
        assert "Jeton de sécurité absent ou invalide : rechargez la page." in text(missing)
        assert 'lang="fr"' in text(missing)
        wrong = client.open(PRIVATE_PATH, method=method, data={"csrf_token": token[:-1] + "x"})
        assert wrong.status_code == 403
        assert client.open(PRIVATE_PATH, method=method,
                           headers={"X-CSRF-Token": "é" + token}).status_code == 403
        assert client.open(PRIVATE_PATH, method=method, data={"csrf_token": token}).status_code == 200
        assert client.open(PRIVATE_PATH, method=method,
                           headers={"X-CSRF-Token": token}).status_code == 200
    htmx = client.post(PRIVATE_PATH, headers={"HX-Request": "true"})
    assert htmx.status_code == 403 and text(htmx) == BAD_TOKEN


def test_the_login_form_itself_needs_its_token(client):
    response = client.post("/connexion", data={"email": EMAIL, "mot_de_passe": PASSWORD})
    assert response.status_code == 403
    assert client.get(PRIVATE_PATH).status_code == 302  # not signed in


def test_logout_is_a_post_with_the_token_and_clears_the_session(app, client):
    sign_in(client, EMAIL, PASSWORD)
    assert client.post("/deconnexion").status_code == 403
    assert client.post("/deconnexion", data={"csrf_token": "faux"}).status_code == 403
    assert client.get(PRIVATE_PATH).status_code == 200  # still in
    assert client.get("/deconnexion").status_code == 405
    response = client.post("/deconnexion", data={"csrf_token": session_csrf(client)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/connexion?fin=1"
    assert "session=;" in response.headers["Set-Cookie"]
    assert client.get_cookie("session") is None
    assert client.get(PRIVATE_PATH).status_code == 302
    assert "Vous êtes déconnecté·e." in text(client.get("/connexion?fin=1"))
    # signed out already: logging out again just leads to the login page
    assert client.post("/deconnexion").status_code == 303


def test_the_token_is_a_jinja_global_and_in_the_organiser_bar(client):
    sign_in(client, EMAIL, PASSWORD)
    page = text(client.get(PRIVATE_PATH))
    assert f'name="csrf_token" value="{session_csrf(client)}"' in page
    assert 'action="/deconnexion"' in page and "Se déconnecter" in page


# --- the session --------------------------------------------------------------------------


def test_session_is_renewed_at_sign_in_and_holds_only_email_token_and_session_id(app, client):
    before = login_token(client)
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    cookie_before = client.get_cookie("session").value
    response = sign_in(client, EMAIL, PASSWORD)
    assert response.status_code == 303
    data = session_data(app, client)
    assert set(data) - {"_permanent"} == {"organiser", "csrf", "sid"}
    assert data["organiser"] == EMAIL
    assert len(data["sid"]) >= 40  # a random id, its row on the server (test_sessions.py)
    assert data["csrf"] != before  # a new token: the one from before sign-in is worthless
    assert client.get_cookie("session").value != cookie_before
    assert client.post(PRIVATE_PATH, data={"csrf_token": before}).status_code == 403


def test_cookie_flags_without_https(client):
    cookie = sign_in(client, EMAIL, PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    left = time.mktime(time.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT")) - time.mktime(time.gmtime())
    assert 8 * 3600 - 60 < left <= 8 * 3600 + 1


def test_cookie_is_secure_when_the_public_address_is_https(webinars_dir, instance):
    app = make_app(webinars_dir, instance, PUBLIC_BASE_URL="https://webinaires.example.org")
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    token = login_token(client)
    response = client.post("/connexion", base_url="https://localhost",
                           data={"csrf_token": token, "email": EMAIL, "mot_de_passe": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _cookie_signed_ago(app, data: dict, seconds: float) -> str:
    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - seconds)

    serializer = URLSafeTimedSerializer(
        app.secret_key, salt="cookie-session", serializer=TaggedJSONSerializer(), signer=Earlier,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    return serializer.dumps(data)


def test_the_session_ends_after_8_hours(app, client):
    sign_in(client, EMAIL, PASSWORD)
    data = session_data(app, client)
    client.set_cookie("session", _cookie_signed_ago(app, data, 8 * 3600 - 120))
    assert client.get(PRIVATE_PATH).status_code == 200
    client.set_cookie("session", _cookie_signed_ago(app, data, 8 * 3600 + 5))
    assert client.get(PRIVATE_PATH).status_code == 302
    # a visit does not push the end further: the cookie is written at sign-in only
    sign_in(client, EMAIL, PASSWORD)
    assert "Set-Cookie" not in client.get(PRIVATE_PATH).headers


def test_a_forged_session_is_refused(app, client):
    client.set_cookie("session", '{"organiser": "orga@example.org"}')
    assert client.get(PRIVATE_PATH).status_code == 302


# --- the login page -----------------------------------------------------------------------


def test_login_page_is_french_accessible_and_private(static_url, client):
    response = client.get("/connexion?suivant=/w/2021-05-04")
    page = text(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert '<html lang="fr">' in page and '<main id="contenu">' in page
    assert '<label for="connexion-email">Adresse e-mail</label>' in page
    assert '<label for="connexion-mot-de-passe">Mot de passe</label>' in page
    assert 'id="connexion-email" name="email" type="email" autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert '<input type="hidden" name="suivant" value="/w/2021-05-04">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'role="alert"' not in page
    # the organisers' stylesheet, linked: never in the one inlined into every viewer's page
    assert '<link rel="stylesheet" href="%s">' % static_url("css/organisers.css") in page
    assert "organisers: login" not in page


def test_wrong_password_and_unknown_email_get_the_same_message(client, monkeypatch):
    # spy on the real check (not replaced): an unknown e-mail is checked against a hash too
    checked: list[str] = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash",
                        lambda h, p: checked.append(h.split("$")[0]) or real(h, p))
    wrong = sign_in(client, EMAIL, PASSWORD + "!")
    unknown = sign_in(client, "personne@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        page = text(response)
        assert f'<p class="login-error" role="alert" id="erreur-connexion">{BAD_CREDENTIALS}</p>' in page
        assert 'aria-describedby="erreur-connexion"' in page and 'aria-invalid="true"' in page
    assert text(wrong).replace(EMAIL, "X").replace(re.search(r'csrf_token" value="([^"]+)', text(wrong))[1], "T") == \
        text(unknown).replace("personne@example.org", "X").replace(re.search(r'csrf_token" value="([^"]+)', text(unknown))[1], "T")
    stored = accounts.load(client.application.instance_path)[EMAIL].split("$")[0]
    assert checked == [stored, stored]  # same method and cost (scrypt:32768:8:1)
    assert stored.startswith("scrypt:")
    assert client.get(PRIVATE_PATH).status_code == 302


def test_signed_in_the_login_page_says_who_and_offers_the_way_out(client):
    sign_in(client, EMAIL, PASSWORD)
    page = text(client.get("/connexion"))
    assert "Vous êtes connecté·e en tant que <strong>orga@example.org</strong>" in page
    assert "Se déconnecter" in page and 'type="password"' not in page


@pytest.mark.parametrize("target", [
    "//evil.example", "///evil.example", "http://evil.example/", "https:evil.example",
    "/\\evil.example", "\\\\evil.example", " /x", "/x\r\nLocation: http://evil", "javascript:alert(1)",
    "evil.example", "",
])
def test_suivant_never_leads_off_site(client, target):
    assert safe_next(target) is None
    response = sign_in(client, EMAIL, PASSWORD, suivant=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/connexion"


def test_suivant_keeps_a_local_path_and_query(client):
    assert safe_next("/w/2021-05-04/modifier?t=1,2") == "/w/2021-05-04/modifier?t=1,2"
    response = sign_in(client, EMAIL, PASSWORD, suivant="/w/2021-05-04?t=24m5s")
    assert response.headers["Location"] == "/w/2021-05-04?t=24m5s"


def test_a_broken_accounts_file_is_a_refusal_not_a_500(app, client):
    (Path(app.instance_path) / "organisers.json").write_text("{pas du json", encoding="utf-8")
    response = sign_in(client, EMAIL, PASSWORD)
    assert response.status_code == 401 and BAD_CREDENTIALS in text(response)


# --- viewers' pages unchanged --------------------------------------------------------------


def test_viewer_pages_show_no_organiser_data_and_set_no_cookie(app, client):
    anonymous = app.test_client()
    before = anonymous.get(f"/w/{WID}")
    assert before.status_code == 200 and "Set-Cookie" not in before.headers
    sign_in(client, EMAIL, PASSWORD)
    for path in (f"/w/{WID}", f"/w/{WID}/questions", f"/w/{WID}/chapitres/capa-cite"):
        page = client.get(path)
        assert page.status_code == 200
        assert EMAIL not in text(page) and "csrf" not in text(page)
        assert "Set-Cookie" not in page.headers


# --- the secret key -------------------------------------------------------------------------


def test_secret_key_made_once_0600_and_shared_by_two_apps(webinars_dir, instance):
    first = make_app(webinars_dir, instance)
    assert first.test_client().get(f"/w/{WID}").status_code == 200
    assert not (instance / "secret_key").exists()  # made on first need: no viewer needs it
    add_organiser(first, EMAIL, PASSWORD)
    a = first.test_client()
    sign_in(a, EMAIL, PASSWORD)
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()
    second = make_app(webinars_dir, instance)
    b = second.test_client()
    b.set_cookie("session", a.get_cookie("session").value)
    assert b.get(PRIVATE_PATH).status_code == 200  # the other worker reads the same cookie
    assert key_file.read_text() == key and len(key.strip()) == 64
    assert [p.name for p in instance.iterdir() if p.name.startswith(".")] == []


def _key_in_new_process(folder: str, queue) -> None:
    queue.put(instance_secret_key(folder))


def test_workers_starting_together_get_one_key(tmp_path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_key_in_new_process, args=(str(tmp_path), queue))
               for _ in range(6)]
    for worker in workers:
        worker.start()
    keys = {queue.get(timeout=20) for _ in workers}
    for worker in workers:
        worker.join(timeout=20)
    assert len(keys) == 1
    assert keys == {(tmp_path / "secret_key").read_text().strip()}


def test_secret_key_from_settings_writes_no_file(webinars_dir, instance, monkeypatch):
    monkeypatch.setenv("PLAYER_SECRET_KEY", "une clé des réglages, assez longue pour signer")
    app = make_app(webinars_dir, instance)
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    assert app.secret_key == "une clé des réglages, assez longue pour signer"
    assert not (instance / "secret_key").exists()


def test_write_atomic_mode(tmp_path):
    secret = write_atomic(tmp_path / "s", "x", mode=0o600)
    plain = write_atomic(tmp_path / "p", "x")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644


# --- the commands ---------------------------------------------------------------------------


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_add_organiser_asks_twice_hidden_in_french(app, runner):
    result = runner.invoke(args=["add-organiser", "Nouvelle@Example.org"],
                           input="douze caractères\ndouze caractères\n")
    assert result.exit_code == 0, result.output
    assert "Mot de passe : \nRépétez le mot de passe : \n" in result.output
    assert "douze" not in result.output  # hidden
    assert "organisateur nouvelle@example.org ajouté" in result.output
    accounts_file = Path(app.instance_path) / "organisers.json"
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    assert "douze" not in accounts_file.read_text()
    assert accounts.verify(app.instance_path, "nouvelle@example.org", "douze caractères")
    client = app.test_client()
    assert sign_in(client, "NOUVELLE@example.org", "douze caractères").status_code == 303


def test_add_organiser_again_changes_the_password(app, runner):
    result = runner.invoke(args=["add-organiser", EMAIL, "--mot-de-passe-stdin"],
                           input="un tout nouveau mot de passe\n")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"mot de passe de {EMAIL} changé"
    assert not accounts.verify(app.instance_path, EMAIL, PASSWORD)
    assert accounts.verify(app.instance_path, EMAIL, "un tout nouveau mot de passe")


@pytest.mark.parametrize("args, stdin, message", [
    (["add-organiser", "a@example.org"], "court\ncourt\n",
     "erreur : mot de passe trop court : 12 caractères au moins (5 donnés)"),
    (["add-organiser", "a@example.org"], "douze caractères\nautre chose ici\n",
     "erreur : les deux mots de passe saisis diffèrent ; rien n'a été changé"),
    (["add-organiser", "pas-une-adresse"], "",
     "erreur : « pas-une-adresse » n'est pas une adresse e-mail"),
    (["add-organiser", "a@example.org", "--mot-de-passe-stdin"], "",
     "erreur : aucun mot de passe sur l'entrée standard"),
    (["add-organiser", "a@example.org", "--mot-de-passe-stdin"], "onze lettre\n",
     "erreur : mot de passe trop court : 12 caractères au moins (11 donnés)"),
    (["add-organiser", "a@example.org"], "",
     "erreur : saisie du mot de passe interrompue"),
    (["remove-organiser", "personne@example.org"], "",
     "erreur : aucun organisateur « personne@example.org »"),
    (["add-organiser"], "", "erreur : argument manquant : EMAIL ; voir « app add-organiser --help »"),
])
def test_organiser_commands_refuse_in_one_french_line(app, runner, args, stdin, message):
    before = (Path(app.instance_path) / "organisers.json").read_bytes()
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [message]
    assert "Traceback" not in result.output
    assert (Path(app.instance_path) / "organisers.json").read_bytes() == before


def test_remove_organiser(app, runner):
    result = runner.invoke(args=["remove-organiser", EMAIL.upper()])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"organisateur {EMAIL} retiré"
    assert accounts.load(app.instance_path) == {}
    assert sign_in(app.test_client(), EMAIL, PASSWORD).status_code == 401


def test_organiser_commands_help_in_french(runner):
    result = runner.invoke(args=["add-organiser", "--help"])
    assert result.exit_code == 0
    assert re.match(r"Utilisation : \S+ add-organiser \[OPTIONS\] EMAIL\n", result.output)
    assert "--mot-de-passe-stdin" in result.output and "12 caractères au moins" in result.output
    assert "Retire un organisateur" in runner.invoke(args=["remove-organiser", "--help"]).output


def test_a_broken_accounts_file_is_named_by_the_command(app, runner):
    (Path(app.instance_path) / "organisers.json").write_text("[]", encoding="utf-8")
    result = runner.invoke(args=["add-organiser", "a@example.org", "--mot-de-passe-stdin"],
                           input="douze caractères\n")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"erreur : {Path(app.instance_path) / 'organisers.json'} : fichier des comptes illisible"


def test_an_instance_folder_that_cannot_hold_a_key_is_said_in_french(webinars_dir, tmp_path):
    instance = tmp_path / "instance"
    instance.write_text("a file, not a folder")  # as unwritable as a folder can be, even for root
    app = make_app(webinars_dir, instance)
    client = app.test_client()
    assert client.get(f"/w/{WID}").status_code == 200  # viewers never notice
    response = client.get("/connexion")
    assert response.status_code == 503
    assert "la clé de session ne peut pas être créée" in text(response)
    assert "SECRET_KEY" in text(response) and str(instance) not in text(response)


def test_signed_in_the_organisers_page_leads_to_every_webinar_and_its_tools(app, client):
    sign_in(client, EMAIL, PASSWORD)
    page = text(client.get("/connexion"))
    assert "Créer et transformer l'activité pour répondre aux besoins sociaux en Île-de-France" in page
    for href in (f"/w/{WID}", f"/w/{WID}/modifier", f"/w/{WID}/enregistrement", "/nouveau"):
        assert f'href="{href}"' in page, href
    # every organisers' page leads back there
    editor = text(client.get(f"/w/{WID}/modifier"))
    assert '<a href="/connexion">Espace des organisateurs</a>' in editor
    assert f'href="/w/{WID}/enregistrement"' in editor
    # and no viewer's page shows any of it
    viewer = app.test_client().get("/connexion").get_data(as_text=True)
    assert "/modifier" not in viewer and "Les webinaires" not in viewer
