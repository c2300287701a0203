"""Rendered pages kept in memory until what they are made of changes.

A page costs milliseconds of Jinja and gzip; the same page asked again costs a lookup. The key
is everything a page depends on: its address and query, the host it is asked through (share
cards name it when PUBLIC_BASE_URL is unset), whether htmx asks (``HX-Request``), whether the
client takes gzip, and a stamp of the files behind it: the static folder's version, the inlined
stylesheet, and for each webinar concerned its folder, its data file and the folders of its
media (thumbnails, cards, captions come and go by renames, which change a folder's time).

Only complete 200 answers of our own views are kept (never media, static files or errors; never
a request with a session cookie, nor an answer that varies on cookies or sets one), at
most ``ENTRIES`` of them, least recently used first out: a flood of distinct ``?t=`` values only
churns the cache. Off in debug mode, where templates reload.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from threading import Lock

from flask import Flask, Response, current_app, g, request, session

from chapters.names import DATA_FILE, WEBINAR_ID
from player.delivery import accepts_gzip
from player.web import STYLE

ENTRIES = 512  # pages: about 8 MB gzipped, 30 MB if no client took gzip
KEPT_TYPES = ("text/html", "application/json", "text/vtt", "text/plain", "application/xml")
_MEDIA_FOLDERS = ("", "thumbs", "cards")


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


class PageCache:
    """A bounded, thread-safe map from a request's key to the response sent for it."""

    def __init__(self, entries: int = ENTRIES):
        self.entries = entries
        self._items: OrderedDict[tuple, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, body: bytes, headers: list[tuple[str, str]]) -> None:
        with self._lock:
            self._items[key] = (body, headers)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _key(app: Flask) -> tuple | None:
    if request.method not in ("GET", "HEAD") or request.endpoint in (None, "static"):
        return None
    if current_app.config.get("SESSION_COOKIE_NAME", "session") in request.cookies:
        return None  # someone signed in: their pages may hold what others must not see
    if request.endpoint.endswith("media_file"):
        return None
    wid = (request.view_args or {}).get("wid")
    root = Path(current_app.config["WEBINARS_DIR"])
    static = app.extensions.get("static_tree")


    return (
        request.full_path,
        request.host_url,
        request.headers.get("HX-Request") == "true",
        accepts_gzip(),
        static.version if static else "",
        STYLE.source(),
        data_stamp(root, wid),
    )


def install(app: Flask) -> PageCache:
    """Answer repeated requests from memory; install before player.delivery, whose ETag and
    gzip then run on the first answer only (after_request handlers run last-installed first)."""
    cache = PageCache()
    app.extensions["page_cache"] = cache

    @app.before_request
    def answer_from_cache():
        if app.debug:
            return None
        key = _key(app)
        g.page_key = key
        found = cache.get(key) if key is not None else None
        if found is None:
            return None
        g.page_hit = True
        body, headers = found
        return Response(body, headers=headers)

    @app.after_request
    def keep(response: Response) -> Response:
        key = g.get("page_key")
        if (
            key is None
            or g.get("page_hit")
            or response.status_code != 200
            or response.direct_passthrough
            or response.mimetype not in KEPT_TYPES
            or response.is_streamed
            # Flask adds Vary: Cookie only after this runs: a session in use means personal
            or bool(session)
            or session.modified
            or "cookie" in {v.lower() for v in response.vary}
            or "Set-Cookie" in response.headers
            or "private" in response.headers.get("Cache-Control", "")
        ):
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "date"]
        cache.put(key, response.get_data(), headers)
        return response

    return cache
