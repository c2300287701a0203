"""Rendered pages kept in memory until what they are made of changes.

A page costs milliseconds of Jinja and gzip; the same page asked again costs a lookup, made
before Flask is even asked (about a tenth of a millisecond). The key
is everything a page depends on: its address and query, the host it is asked through (share
cards name it when PUBLIC_BASE_URL is unset), whether htmx asks (``HX-Request``), whether the
client takes gzip, and a stamp of the files behind it: the static folder's version, the inlined
stylesheet, and for each webinar concerned its folder, its data file and the folders of its
media (thumbnails, cards, captions, the slides file, the audio edition come and go by renames,
which change a folder's time); and, while the audience is measured, the current AUDIENCE_SECONDS
period for a webinar's pages (their "most replayed" curve follows the audience store).

Only complete 200 answers of our own views are kept (never media, static files or errors; never
a request with a session cookie, nor an answer that varies on cookies or sets one), at
most ``ENTRIES`` of them and ``MAX_BYTES`` in all, least recently used first out: a flood of
distinct ``?t=`` values only churns the cache. Off in debug mode, where templates reload.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.http import parse_etags, unquote_etag

from chapters.audio_edition import AUDIO_DIR
from chapters.bounded import BoundedCache
from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.slides import SLIDES_DIR
from player.site.delivery import accepts_gzip
from player.site.inline_style import STYLE

ENTRIES = 512  # pages: about 8 MB gzipped, 30 MB if no client took gzip
MAX_BYTES = 32 * 1024 * 1024  # and never more than this, however large the pages
# A webinar's pages hold the audience's "most replayed" curve and "les plus regardés" marks,
# which move with the audience store, not with files: while collecting is on, those pages are
# made again at most this often (as often as player/content/audience.py recomputes the curve).
AUDIENCE_SECONDS = 300
KEPT_TYPES = ("text/html", "application/json", "text/vtt", "text/plain", "application/xml")
# slides: found again, or their words read; audio: an audio edition made (the feed's link)
_MEDIA_FOLDERS = ("", "thumbs", "cards", SLIDES_DIR, AUDIO_DIR)


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _webinar_stamp(folder: Path) -> tuple:
    media = folder / "media"
    # the folder itself: captions an organiser drops beside the data file
    return (_stat(folder), _stat(folder / DATA_FILE)) + tuple(
        _stat(media / sub) for sub in _MEDIA_FOLDERS
    )


def data_stamp(root: Path, wid: str | None) -> tuple:
    """The files one webinar's pages are made of; with no webinar named, every webinar's."""
    if wid is not None:
        return (wid, _webinar_stamp(root / wid)) if WEBINAR_ID.fullmatch(wid) else ("?",)
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return ("",)
    return (_stat(root),) + tuple((p.name, _webinar_stamp(p)) for p in folders)


def _weight(item: tuple[bytes, list[tuple[str, str]]]) -> int:
    body, headers = item
    return len(body) + sum(len(k) + len(v) for k, v in headers)


class PageCache:
    """A bounded, thread-safe map from a request's key to the response sent for it: at most
    ``entries`` pages and ``max_bytes`` bytes of them, least recently used first out."""

    def __init__(self, entries: int = ENTRIES, max_bytes: int = MAX_BYTES):
        self._items = BoundedCache(entries, max_bytes, _weight, name="page cache: pages")
        self.entries, self.max_bytes = entries, max_bytes

    def get(self, key: tuple) -> tuple[bytes, list[tuple[str, str]]] | None:
        return self._items.get(key)

    def put(self, key: tuple, body: bytes, headers: list[tuple[str, str]]) -> None:
        self._items.put(key, (body, headers))

    def keys(self) -> list[tuple]:
        return self._items.keys()

    def clear(self) -> None:
        """Forget every page (the static export, between two runs that list other webinars)."""
        self._items.clear()

    @property
    def bytes(self) -> int:
        return self._items.bytes

    def __len__(self) -> int:
        return len(self._items)


_WEBINAR_PATH = re.compile(r"/w/([^/]+)")
_NOT_PAGES = re.compile(r"/static/|/w/[^/]+/media/")


def request_key(app: Flask, environ: dict) -> tuple | None:
    """What an answer to this request depends on, or None when it is never kept: not a GET or
    HEAD, a static or media file, or a visitor with a session cookie (their pages may hold what
    others must not see)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if _NOT_PAGES.match(path):
        return None
    cookie = app.config.get("SESSION_COOKIE_NAME", "session") + "="
    if cookie in environ.get("HTTP_COOKIE", ""):
        return None
    found = _WEBINAR_PATH.match(path)
    static = app.extensions.get("static_tree")
    return (
        path,
        environ.get("QUERY_STRING", ""),
        environ.get("wsgi.url_scheme", "http"),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("HTTP_HX_REQUEST") == "true",
        accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")),
        static.version if static else "",
        STYLE.source(),
        data_stamp(Path(app.config["WEBINARS_DIR"]), found.group(1) if found else None),
        int(time.time() // AUDIENCE_SECONDS) if found and app.config.get("AUDIENCE", True) else 0,
    )


# Kept on a 304: what a cache needs to refresh its copy (RFC 9110, 15.4.5).
# Access-Control-Allow-Origin too: an answer other origins may read stays readable on its 304
_ON_304 = {"etag", "cache-control", "vary", "content-security-policy", "expires",
           "access-control-allow-origin"}


def install(app: Flask) -> PageCache:
    """Answer repeated requests from memory, before Flask is even asked (a WSGI middleware that
    ProxyFix, when set, must wrap). The body is taken by an after_request handler that must run
    last, on the finished answer: install this before every other part that adds after_request
    handlers (they run last-installed first)."""
    cache = PageCache(ENTRIES, MAX_BYTES)  # read now: a test may lower them
    app.extensions["page_cache"] = cache
    inner = app.wsgi_app

    def from_memory(environ, start_response):
        key = None if app.debug else request_key(app, environ)
        environ["player.page_key"] = key
        found = cache.get(key) if key is not None else None
        if found is not None:
            return _answer(environ, start_response, *found)
        sent: dict = {}

        def start(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = inner(environ, start)
        body = environ.pop("player.page_body", None)
        # decided here, on the headers as sent: Flask adds Set-Cookie and "Vary: Cookie" (a
        # session in use) after every after_request handler
        if key is not None and body is not None and _shareable(sent.get("headers", [])):
            cache.put(key, body, [(k, v) for k, v in sent["headers"] if k.lower() != "date"])
        return result

    app.wsgi_app = from_memory

    @app.after_request
    def keep(response: Response) -> Response:
        if (
            request.environ.get("player.page_key") is not None
            and response.status_code == 200
            and not response.direct_passthrough
            and not response.is_streamed
            and response.mimetype in KEPT_TYPES
        ):
            request.environ["player.page_body"] = response.get_data()
        return response

    return cache


def _shareable(headers: list[tuple[str, str]]) -> bool:
    """Whether an answer may be given to anyone: no cookie set, none varied on, not private."""
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "vary" and "cookie" in value.lower():
            return False
        if name == "cache-control" and ("private" in value or "no-store" in value):
            return False
    return True


def _answer(environ, start_response, body: bytes, headers: list[tuple[str, str]]):
    etag = next((v for k, v in headers if k.lower() == "etag"), None)
    # If-None-Match compares weakly (RFC 9110, 13.1.2), as werkzeug's make_conditional does
    if etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(unquote_etag(etag)[0]):
        start_response("304 NOT MODIFIED", [(k, v) for k, v in headers if k.lower() in _ON_304])
        return []
    start_response("200 OK", headers)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
