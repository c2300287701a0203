"""Addresses of this site: a moment of the recording, a media file (here or on a CDN), an
origin for a header, and a redirect with a French body."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from flask import Response, current_app, url_for
from markupsafe import escape

from chapters import timecode


def moment_url(
    wid: str, start: float, end: float | None = None, endpoint: str = "watch.watch", *, within: bool = False
) -> str:
    """The watch page at a moment (``?t=24m5s``) or a span (``?t=24m5s,40m25s``), comma kept, in
    whole seconds (timecode.link_span): a passage covers itself; ``within`` keeps a chapter's
    link inside that chapter."""
    t = timecode.link_span(start, end, within=within)
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


def redirect_to(location: str, code: int = 302) -> Response:
    """A redirect whose body (shown by clients that do not follow it) is in French."""
    body = (
        '<!doctype html>\n<html lang="fr"><meta charset="utf-8"><title>Redirection</title>\n'
        f'<p>Cette page est à l\'adresse <a href="{escape(location)}">{escape(location)}</a>.</p>\n'
    )
    response = Response(body, code, mimetype="text/html")
    response.headers["Location"] = location
    return response
