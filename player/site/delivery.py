"""How responses travel: revalidation of pages (ETag, 304) and compression of text.

Pages and fragments change whenever a data file does, so they are never cached blind
(``Cache-Control: no-cache``) but a browser or proxy revalidates them for free: a matching
``If-None-Match`` gets a 304 with no body. Text (HTML, CSS, JavaScript, WebVTT, JSON) is sent
gzip-compressed to clients that accept it (Accept-Encoding read with its q-values); media and
partial (206) responses never are. A file is compressed once per version and kept in a bounded
cache keyed by the file and its ETag, never by the address it was asked at.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request
from werkzeug.http import parse_accept_header

from chapters.bounded import BoundedCache

COMPRESSIBLE = (
    "text/html", "text/css", "text/javascript", "application/javascript", "text/vtt",
    "application/json", "application/json+chapters", "text/plain", "image/svg+xml",
    "application/xml", "application/rss+xml", "application/x-subrip",
)
# Answers made afresh each time, revalidated for free: pages, fragments and the podcast feeds
REVALIDATED = ("text/html", "application/rss+xml")
MIN_SIZE = 512  # bytes: below this gzip's header costs more than it saves
MAX_SIZE = 4 * 1024 * 1024  # bytes: larger bodies are sent as they are
# Files sent compressed (captions, a static file not packed in advance), by their ETag, which
# names the file and its version: never by the address asked, which a client may vary at will.
PACKED_ENTRIES = 64
PACKED_BYTES = 16 * 1024 * 1024
_packed = BoundedCache(PACKED_ENTRIES, PACKED_BYTES, name="delivery: compressed files")


def accepts_gzip(header: str | None = None) -> bool:
    """Whether to send gzip for an Accept-Encoding header (by default the request's), read with
    its q-values (RFC 9110, 12.5.3): ``gzip`` (or ``*`` when gzip is not named) with a quality
    above 0 and not below identity's. No header, or nothing acceptable: identity."""
    if header is None:
        header = request.headers.get("Accept-Encoding", "")
    qualities: dict[str, float] = {}
    for name, quality in parse_accept_header(header):
        qualities.setdefault(name.split(";")[0].strip().lower(), quality)
    wildcard = qualities.get("*")
    gzip_q = qualities.get("gzip", qualities.get("x-gzip", wildcard if wildcard is not None else 0))
    identity_q = qualities.get("identity", wildcard if wildcard is not None else 1)
    return gzip_q > 0 and gzip_q >= identity_q


def _compress(response: Response) -> None:
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
    ):
        return
    # on both forms: a shared cache must not give one client's form to another
    response.vary.add("Accept-Encoding")
    if not accepts_gzip():
        return
    if response.direct_passthrough:  # a file: compress it once per version
        etag = response.get_etag()[0]
        length = response.content_length or 0
        if not etag or not MIN_SIZE <= length <= MAX_SIZE:
            return
        original = response.response  # the open file: closed here, whatever happens
        # werkzeug's file wrapper holds ``file``, gunicorn's ``filelike``
        opened = getattr(original, "file", None) or getattr(original, "filelike", None)
        key = (getattr(opened, "name", None), response.mimetype, etag)
        cached = _packed.get(key)
        try:
            if cached is None:
                response.direct_passthrough = False
                cached = gzip.compress(response.get_data(), 6, mtime=0)
                _packed.put(key, cached)
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
        is_page = response.mimetype in REVALIDATED and not response.direct_passthrough
        if is_page:
            response.headers["Cache-Control"] = "no-cache"
        _compress(response)
        if is_page:
            response.add_etag()
            response.make_conditional(request)
        return response
