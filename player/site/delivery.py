"""How responses travel: revalidation of pages (ETag, 304) and compression of text.

Pages and fragments change whenever a data file does, so they are never cached blind
(``Cache-Control: no-cache``) but a browser or proxy revalidates them for free: a matching
``If-None-Match`` gets a 304 with no body. Text (HTML, CSS, JavaScript, WebVTT, JSON) is sent
gzip-compressed to clients that accept it; media and partial (206) responses never are.
"""

from __future__ import annotations

import gzip
from threading import Lock

from flask import Flask, Response, request

COMPRESSIBLE = (
    "text/html", "text/css", "text/javascript", "application/javascript", "text/vtt",
    "application/json", "application/json+chapters", "text/plain", "image/svg+xml",
    "application/xml",
)
MIN_SIZE = 512  # bytes: below this gzip's header costs more than it saves
MAX_SIZE = 4 * 1024 * 1024  # bytes: larger bodies are sent as they are
_cache: dict[tuple, bytes] = {}  # compressed static files, by (path, etag)
_lock = Lock()


def accepts_gzip(header: str | None = None) -> bool:
    """Whether an Accept-Encoding header (by default the request's) takes gzip (``q=0`` refuses it)."""
    if header is None:
        header = request.headers.get("Accept-Encoding", "")
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*") and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _compress(response: Response) -> None:
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or not accepts_gzip()
    ):
        return
    response.vary.add("Accept-Encoding")
    key = None
    if response.direct_passthrough:  # a static file: compress it once per version
        etag = response.get_etag()[0]
        if not etag or (response.content_length or 0) > MAX_SIZE:
            return
        key = (request.path, etag)
        with _lock:
            cached = _cache.get(key)
        original = response.response  # the open file: closed here, whatever happens
        try:
            if cached is None:
                response.direct_passthrough = False
                cached = gzip.compress(response.get_data(), 6, mtime=0)
                with _lock:
                    _cache[key] = cached
        finally:
            if hasattr(original, "close"):
                original.close()
        response.set_data(cached)
        response.set_etag(f"{etag}-gz")
    else:
        data = response.get_data()
        if not MIN_SIZE <= len(data) <= MAX_SIZE:
            return
        response.set_data(gzip.compress(data, 6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"


def install(app: Flask) -> None:
    """Revalidate pages and fragments, compress text: on every response of the app."""

    @app.after_request
    def deliver(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        is_page = response.mimetype == "text/html" and not response.direct_passthrough
        if is_page:
            response.headers["Cache-Control"] = "no-cache"
        _compress(response)
        if is_page:
            response.add_etag()
            response.make_conditional(request)
        return response
