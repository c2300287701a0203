"""Organisers' sign-in: the login page, the session, the CSRF check, and ``organiser_required``.

- ``organiser_required`` closes a view: without a valid session a plain GET/HEAD is redirected to
  ``/connexion?suivant=<path>``, anything else (POST, htmx) gets a 401; with one, ``g.organiser``
  is the signed-in e-mail and the answer is ``Cache-Control: private, no-store``.
- ``csrf_token()`` (also a Jinja global) is the session's token. Every POST, PUT, PATCH and
  DELETE to the app must carry it, in the form field ``csrf_token`` or the ``X-CSRF-Token``
  header (htmx), else 403.
- The session cookie holds the e-mail, the token and the id of a session kept on the server
  (player/organisers/sessions.py), checked on every organiser's request: signing out, changing
  the password or removing the account ends it, whatever copies of the cookie exist. It is
  HttpOnly, SameSite=Lax, Secure when PUBLIC_BASE_URL is https, and lasts 8 hours from sign-in
  (the signature's age is checked too). The key signing it comes from settings or
  ``instance/secret_key``.
- Failed sign-ins are limited per client address, and slowed per account for addresses that
  failed (player/organisers/login_limits.py): never a lock on the organiser's own address.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    make_response,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from player.organisers import accounts, sessions
from player.organisers.login_limits import Limiter, TooManyAttempts
from player.organisers.secret_key import SecretKeyError, instance_secret_key
from player.organisers.store import StoreError
from player.site.urls import redirect_to

bp = Blueprint("auth", __name__)

ORGANISER = "organiser"  # session key: the signed-in e-mail
SESSION_ID = "sid"  # session key: the id of its row in the server's session store
CSRF = "csrf"  # session key: the token every unsafe request must repeat
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LIFETIME = sessions.LIFETIME
PRIVATE = "private, no-store"

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
BAD_TOKEN = "Jeton de sécurité absent ou invalide : rechargez la page."
TOO_MANY = "Trop de tentatives : réessayez dans {wait}."
UNAVAILABLE = "Connexion impossible pour l'instant : réessayez dans un moment."
SIGN_IN_NEEDED = "Connexion requise : cette page est réservée aux organisateurs."


# --- the session's CSRF token ------------------------------------------------------------


def csrf_token() -> str:
    """The current session's CSRF token (made on first need)."""
    token = session.get(CSRF)
    if not token:
        token = session[CSRF] = secrets.token_urlsafe(32)
    return token


def _token_ok() -> bool:
    expected = session.get(CSRF)
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not expected or not sent:
        return False
    return hmac.compare_digest(sent.encode("utf-8"), str(expected).encode("utf-8"))


# --- who is signed in --------------------------------------------------------------------


def current_organiser() -> str | None:
    """The session's e-mail while its server-side session is open: not signed out, the account
    still there with the password it was started under, under 8 hours old. Checked once per
    request. StoreError when the session store cannot be read."""
    if "organiser_checked" not in g:
        g.organiser_checked = _open_session_email()
    return g.organiser_checked


def organiser_on_public_page() -> str | None:
    """The signed-in organiser, for a public page that shows them something more (the way to
    add a recording): the answer then says ``Cache-Control: private``, never shared. The page
    cache already keeps no request with a session cookie."""
    try:
        who = current_organiser() if request.cookies else None
    except StoreError:
        return None
    if who:
        g.private_page = True
    return who


def _open_session_email() -> str | None:
    email, session_id = session.get(ORGANISER), session.get(SESSION_ID)
    if not isinstance(email, str) or not isinstance(session_id, str):
        return None
    password_hash = accounts.stored_hash(current_app.instance_path, email)
    if password_hash is None:
        return None
    if sessions.is_open(current_app.instance_path, session_id, email, password_hash):
        return email
    return None


def french_wait(seconds: int) -> str:
    """``42 s``, ``3 min``: how long to wait, rounded up."""
    if seconds < 90:
        return f"{seconds} s"
    return f"{-(-seconds // 60)} min"


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path of this site (``/w/x?t=1``), else None: never ``//host``,
    ``http…``, a backslash (browsers read ``/\\host`` as ``//host``) or a control character."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def _here() -> str:
    """This page's address as the browser shows it: under a path prefix (SCRIPT_NAME) too, like
    the htmx case's HX-Current-URL, so that sign-in leads back inside the site."""
    query = request.query_string.decode("latin-1")
    return request.script_root + request.path + ("?" + query if query else "")


def _refusal(status: int, title: str, message: str, **extra) -> Response:
    """A French refusal: a page, or the bare sentence for htmx (which swaps no 4xx anyway)."""
    if _is_htmx():
        response = Response(message, status, mimetype="text/plain")
    else:
        page = render_template(
            "organisers/refused.html", status=status, title=title, message=message, **extra
        )
        response = make_response(page, status)
    g.private_page = True
    return response


def _unauthorised() -> Response:
    if request.method in ("GET", "HEAD") and not _is_htmx():
        return redirect_to(url_for("auth.login", suivant=_here()), 302)
    response = _refusal(401, "Connexion requise", SIGN_IN_NEEDED, login_url=url_for("auth.login"))
    if _is_htmx():
        # a session that ended under an open page (a polled job, the editor): htmx follows this
        # header whatever the status, to the login page, then back to the page it was showing
        shown = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = safe_next(shown.path + ("?" + shown.query if shown.query else "")) if shown.path else None
        response.headers["HX-Redirect"] = url_for("auth.login", suivant=back) if back else url_for("auth.login")
    return response


def organiser_required(view):
    """Decorator: the view runs only for a signed-in organiser (``g.organiser``)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        who = current_organiser()
        if who is None:
            return _unauthorised()
        g.organiser = who
        g.private_page = True
        return view(*args, **kwargs)

    wrapped.organiser_only = True
    return wrapped


# --- the pages ---------------------------------------------------------------------------


def _login_page(target: str | None, status: int = 200, **context) -> Response:
    g.private_page = True
    if g.get("organiser"):  # signed in: this page is the organisers' way into every webinar
        from player.content.catalogue import all_webinars

        context.setdefault("webinars", all_webinars())
    page = render_template("organisers/login.html", suivant=target, **context)
    return make_response(page, status)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("suivant"))
    who = current_organiser()
    if request.method == "GET":
        if who:
            g.organiser = who
        return _login_page(target, signed_out="fin" in request.args)
    email = request.form.get("email", "")
    password = request.form.get("mot_de_passe", "")
    account = accounts.normal_email(email)[: accounts.EMAIL_MAX]
    client = request.remote_addr or "?"
    limiter = Limiter(current_app.instance_path)
    try:
        attempt = limiter.reserve(client, account)
    except TooManyAttempts as refused:
        response = _refusal(429, "Trop de tentatives",
                            TOO_MANY.format(wait=french_wait(refused.retry_after)),
                            login_url=url_for("auth.login", suivant=target))
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    try:
        found = accounts.authenticate(current_app.instance_path, email, password)
    except accounts.AccountsError as error:
        current_app.logger.error("%s", error)
        found = None
    if found is None:
        return _login_page(target, 401, error=BAD_CREDENTIALS, email=email[:300])
    signed_in, password_hash = found
    limiter.succeeded(attempt, client, account)  # only failures count
    # a new session: nothing from before sign-in survives (fixation), a new token; a session
    # this browser held is ended, not left open beside the new one
    if isinstance(session.get(SESSION_ID), str):
        sessions.end(current_app.instance_path, session[SESSION_ID])
    session.clear()
    session[ORGANISER] = signed_in
    session[SESSION_ID] = sessions.start(current_app.instance_path, signed_in, password_hash)
    session[CSRF] = secrets.token_urlsafe(32)
    session.permanent = True  # the cookie expires with the session (8 hours)
    g.private_page = True
    return redirect_to(target or url_for("auth.login"), 303)


@bp.post("/deconnexion")
def logout():
    """Ends this session on the server (its cookie, and any copy of it, opens nothing more);
    with ``partout``, every session of the account (a device lost or left signed in)."""
    if request.form.get("partout") and current_organiser():
        sessions.end_all(current_app.instance_path, current_organiser())
    elif isinstance(session.get(SESSION_ID), str):
        sessions.end(current_app.instance_path, session[SESSION_ID])
    session.clear()
    g.private_page = True
    return redirect_to(url_for("auth.login", fin=1), 303)


# --- app-wide wiring ---------------------------------------------------------------------


class _KeyOnDemand(SecureCookieSessionInterface):
    """Flask's signed cookie, whose key is taken from the instance folder when settings name
    none, the first time a cookie is read or written: a viewer without a cookie needs no key,
    so viewers' pages never depend on the instance folder being writable."""

    def open_session(self, app: Flask, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask):
        _ensure_key(app)
        return super().get_signing_serializer(app)


def _ensure_key(app: Flask) -> None:
    if not app.secret_key:
        try:
            app.secret_key = instance_secret_key(app.instance_path)
        except OSError:
            raise SecretKeyError(
                f"clé de session impossible à créer dans le dossier d'instance "
                f"({app.instance_path}) : donnez SECRET_KEY dans les réglages"
            ) from None


@bp.before_request
def _key_first():
    """Sign-in pages write the session: a missing key is said here, as a page, not later."""
    _ensure_key(current_app)


def _check_unsafe_request():
    """Every unsafe request must repeat the session's token; an organiser's view without a
    session answers 401 first (there is nothing to protect a token for)."""
    if request.method not in UNSAFE_METHODS or request.endpoint is None:
        return None  # no view will run (404, 405): the error page says why
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "organiser_only", False) and current_organiser() is None:
        return _unauthorised()
    if getattr(view, "csrf_exempt", False):
        return None  # a cookieless view that changes only sums (the audience's beacons)
    if request.endpoint == "auth.logout" and not session.get(ORGANISER):
        return redirect_to(url_for("auth.login"), 303)  # already out: nothing to protect
    if not _token_ok():
        return _refusal(403, "Jeton de sécurité invalide", BAD_TOKEN)
    return None


def _private(response: Response) -> Response:
    if g.get("private_page"):
        response.headers["Cache-Control"] = PRIVATE
    return response


def install(app: Flask) -> None:
    """Sessions, the CSRF check, private answers, the login routes. Install before
    player.site.delivery: after_request handlers run last-installed first, so the Cache-Control
    set here is the one sent."""
    app.session_interface = _KeyOnDemand()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://"),
        PERMANENT_SESSION_LIFETIME=LIFETIME,
        # the cookie is written at sign-in only: 8 hours from then, not from the last click
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    @app.errorhandler(SecretKeyError)
    def no_key(error: SecretKeyError):
        app.logger.error("%s", error)
        # the log names the folder; the page does not
        return _refusal(503, "Connexion indisponible",
                        "Connexion impossible pour l'instant : la clé de session ne peut pas être "
                        "créée (réglage SECRET_KEY à donner).")

    @app.errorhandler(StoreError)
    def no_store(error: StoreError):
        app.logger.error("%s", error)
        response = _refusal(503, "Connexion indisponible", UNAVAILABLE)
        response.headers["Retry-After"] = "60"
        return response

    app.before_request(_check_unsafe_request)
    app.after_request(_private)
    app.register_blueprint(bp)
