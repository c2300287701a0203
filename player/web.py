"""What every page shares: security headers, error pages, template helpers."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from threading import Lock
from urllib.parse import quote, urlsplit

from flask import Flask, Response, current_app, has_app_context, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from chapters import timecode
from chapters.model import ALLOWED_SCHEMES
from chapters.model import Webinar
from chapters.model import fold
from chapters.names import EMAIL as _EMAIL
from chapters.store import StoreError
from player.catalogue import webinar_folder
from player.thumbnails import chapter_thumbnails

HTMX = "vendor/htmx-2.0.11.min.js"

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "player.css"

# The Content-Security-Policy, as a table of directives: nothing inline is allowed but the page's
# own stylesheet, named by its hash (see InlineStyle); scripts and everything else come from
# files of this origin only. A page that needs another origin (an embedded player, a recording
# hosted elsewhere) adds it through content_security_policy(add=...), never by editing text.
CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "media-src": ("'self'",),
    "connect-src": ("'self'",),
    "frame-src": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'self'",),
}
_SOURCE = re.compile(r"[^\s;,]+")

# Powerful features the player never uses are off; full screen only for our own pages.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
    "fullscreen=(self)"
)


def content_security_policy(
    add: dict[str, list[str]] | None = None, replace: dict[str, list[str]] | None = None
) -> str:
    """The policy from the table: ``add`` sources to directives, or ``replace`` them.

    Every source is checked to be one token: a value from data can never start a directive.
    """
    table = {name: list(sources) for name, sources in CSP_DIRECTIVES.items()}
    table["style-src"].append(STYLE.source())
    media_host = origin_of(media_base()) if has_app_context() else ""
    if media_host:  # the recording, its captions and thumbnails on object storage or a CDN
        table["media-src"].append(media_host)
        table["img-src"].append(media_host)
    for name, sources in (replace or {}).items():
        table[name] = list(sources)
    for name, sources in (add or {}).items():
        table[name] = [s for s in table[name] if s != "'none'"] + list(sources)
    for name, sources in table.items():
        for source in sources:
            if not _SOURCE.fullmatch(source):
                raise ValueError(f"CSP source refused for {name}: {source!r}")
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in table.items())


class InlineStyle:
    """The stylesheet, written into each page's <style> and allowed by its sha256 in the CSP.

    The first paint then waits on no second request (measured in bench/page_bench.py: the
    chapter list shows about a third sooner). Read again when the file changes.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock = Lock()
        self._stamp: int | None = None
        self._css = Markup("")
        self._hash = ""

    def _load(self) -> None:
        stamp = self.path.stat().st_mtime_ns
        with self._lock:
            if stamp != self._stamp:
                text = self.path.read_text(encoding="utf-8")
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                # our own file, never data: safe to write unescaped inside <style>
                self._css, self._hash, self._stamp = Markup(text), f"'sha256-{digest}'", stamp

    def css(self) -> Markup:
        self._load()
        return self._css

    def source(self) -> str:
        """The CSP source naming this stylesheet: ``'sha256-…'``."""
        self._load()
        return self._hash


STYLE = InlineStyle(STYLESHEET)


ERROR_TITLES = {
    400: "Requête incorrecte",
    404: "Page introuvable",
    405: "Méthode non permise",
    416: "Plage demandée invalide",
    503: "Données du webinaire illisibles",
}

DEFAULT_MESSAGES = {
    404: "Cette adresse ne correspond à aucune page du lecteur.",
    405: "Cette adresse ne s'utilise pas ainsi.",
    416: "La plage d'octets demandée est hors du fichier.",
}


def safe_url(url: str | None) -> str | None:
    """The URL if it uses an allowed scheme (http, https, mailto), else None."""
    if url and url.strip().lower().startswith(ALLOWED_SCHEMES):
        return url.strip()
    return None


def with_email_links(text: str) -> list[tuple[str, str | None]]:
    """Split text into (piece, mailto or None) so templates link addresses with autoescape on."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for m in _EMAIL.finditer(text):
        address = m.group(0).rstrip(".")
        if m.start() > last:
            pieces.append((text[last : m.start()], None))
        pieces.append((address, f"mailto:{address}"))
        last = m.start() + len(address)
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


# The letters a folded phrase may be written with (any case; combining accents also allowed).
_LETTER_VARIANTS = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü"}


def _tolerant(words: str) -> str:
    """A pattern for these words in any case, accents optional, any white space between words."""
    out = []
    for char in words:
        if char.isspace():
            out.append(r"\s+")
        elif char.isalpha():
            base = fold(char) or char
            letters = _LETTER_VARIANTS.get(base, re.escape(base))
            out.append((f"[{letters}]" if len(letters) > 1 else letters) + "[\u0300-\u036f]*")
        else:
            out.append(re.escape(char))
    return "".join(out)


# "(adresses de contact à retrouver) à la fin de ce document": the organisers' pointer to the
# contacts listed under each theme; the longer phrase is linked whole when it is all there.
_CONTACTS_PHRASE = re.compile(
    r"(?<!\w)(?:"
    + _tolerant("adresse") + r"s?\s+" + _tolerant("de contact") + r"s?\s+"
    + _tolerant("à retrouver") + r"\s+)?"
    + _tolerant("à la fin de ce document")
    + r"(?!\w)",
    re.IGNORECASE,
)


def with_contact_links(text: str, href: str | None) -> list[tuple[str, str | None]]:
    """Split text into (piece, href or None), linking "à la fin de ce document" to ``href``.

    The words stay exactly as written; only where they point is added. No ``href``: no link.
    """
    if not href:
        return [(text, None)] if text else []
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for m in _CONTACTS_PHRASE.finditer(text):
        if m.start() > last:
            pieces.append((text[last : m.start()], None))
        pieces.append((m.group(0), href))
        last = m.end()
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


def with_links(text: str, contacts_href: str | None = None) -> list[tuple[str, str | None]]:
    """Both splitters: the contacts phrase to ``contacts_href``, e-mail addresses to mailto."""
    pieces: list[tuple[str, str | None]] = []
    for piece, href in with_contact_links(text, contacts_href):
        pieces.extend([(piece, href)] if href else with_email_links(piece))
    return pieces


MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def french_date(iso: str) -> str:
    """``2021-05-04`` -> ``4 mai 2021`` (the text as given when it is not an ISO date)."""
    try:
        year, month, day = (int(part) for part in str(iso).split("-"))
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return str(iso)


def moment_url(wid: str, start: float, end: float | None = None, endpoint: str = "watch.watch") -> str:
    """The watch page at a moment (``?t=24m5s``) or a span (``?t=24m5s,40m25s``), comma kept."""
    t = timecode.to_compact(start)
    if end is not None:
        t += "," + timecode.to_compact(end)
    return url_for(endpoint, wid=wid, t=t).replace("%2C", ",")


def media_base() -> str:
    """The MEDIA_BASE_URL setting without its trailing slash ("" when media are served here)."""
    return str(current_app.config.get("MEDIA_BASE_URL") or "").rstrip("/")


def media_url(wid: str, name: str) -> str:
    """Where a file of a webinar's media/ folder is fetched: this server's media route, or
    ``MEDIA_BASE_URL/<webinar>/media/<name>`` when the media live on object storage or a CDN
    (the same layout as the data folder, so a copy of it is all that host needs)."""
    base = media_base()
    if base:
        return f"{base}/{quote(wid)}/media/{quote(name)}"
    return url_for("watch.media_file", wid=wid, name=name)


def origin_of(url: str) -> str:
    """The URL's origin, or "" when it is not a plain http(s) host: it goes into a header."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin if _ORIGIN.fullmatch(origin) else ""


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def thumbnail_urls(webinar: Webinar) -> dict[str, str]:
    """Chapter id -> URL of its thumbnail, for the chapters that have one."""
    found = chapter_thumbnails(webinar, webinar_folder(webinar.id) / "media")
    return {cid: media_url(webinar.id, name) for cid, name in found.items()}


def redirect_to(location: str, code: int = 302) -> Response:
    """A redirect whose body (shown by clients that do not follow it) is in French."""
    body = (
        '<!doctype html>\n<html lang="fr"><meta charset="utf-8"><title>Redirection</title>\n'
        f'<p>Cette page est à l\'adresse <a href="{escape(location)}">{escape(location)}</a>.</p>\n'
    )
    response = Response(body, code, mimetype="text/html")
    response.headers["Location"] = location
    return response


def _without_trailing_slash() -> str | None:
    """``/w/x/`` -> ``/w/x`` (query kept) when that address is one of the app's pages."""
    path = request.path
    if len(path) < 2 or not path.endswith("/"):
        return None
    bare = path.rstrip("/")
    if not bare.startswith("/") or bare.startswith("//"):  # never a redirect to another host
        return None
    try:
        current_app.url_map.bind(request.host).match(bare, method="GET")
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    return bare + ("?" + query if query else "")


def _error_page(status: int, message: str):
    title = ERROR_TITLES.get(status, "Erreur")
    return render_template("error.html", status=status, title=title, message=message), status


def install(app: Flask) -> None:
    """Register error pages, headers and template helpers on the app."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:  # a routing redirect: same, with a French body
            return redirect_to(error.get_response().headers.get("Location", "/"), error.code)
        if error.code == 404:
            bare = _without_trailing_slash()  # "/w/x/" (a static host's form) -> "/w/x"
            if bare:
                return redirect_to(bare, 308)
        # werkzeug's own descriptions are English: only ours (given to abort) are shown
        message = error.description
        if not message or message == type(error).description:
            message = DEFAULT_MESSAGES.get(error.code, "")
        response = _error_page(error.code or 500, message)
        if error.code == 416:
            # keep Content-Range for media clients that read it
            original = error.get_response()
            if "Content-Range" in original.headers:
                return response[0], 416, {"Content-Range": original.headers["Content-Range"]}
        return response

    @app.errorhandler(StoreError)
    def data_error(error: StoreError):
        # the log keeps the full path; viewers see the file relative to the data folder
        app.logger.error("%s", error)
        message = str(error)
        folder = Path(app.config["WEBINARS_DIR"])
        for prefix in {str(folder), str(folder.resolve())}:
            message = message.replace(prefix.rstrip("/") + "/", "")
        return _error_page(503, message)

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    app.jinja_env.filters["clock"] = timecode.to_clock
    app.jinja_env.filters["compact"] = timecode.to_compact
    app.jinja_env.filters["french_date"] = french_date
    app.jinja_env.filters["host"] = lambda url: urlsplit(url).netloc or url
    app.jinja_env.globals.update(
        safe_url=safe_url,
        with_email_links=with_email_links,
        with_contact_links=with_contact_links,
        with_links=with_links,
        htmx_path=HTMX,
        inline_css=STYLE.css,
        moment_url=moment_url,
        thumbnail_urls=thumbnail_urls,
        media_url=media_url,
        media_base=media_base,
    )

    @app.context_processor
    def share_base():
        if app.config.get("STATIC_EXPORT") and not app.config.get("PUBLIC_BASE_URL"):
            return {"request_root": ""}  # an export for no known address (copy.js completes it)
        return {"request_root": request.host_url.rstrip("/")}
