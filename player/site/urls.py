"""Addresses of this site: its public root and absolute addresses (hosted at a host's root or
under a path), a moment of the recording, a media file (here or on a CDN), an origin for a
header, and a redirect with a French body."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from flask import Response, current_app, request, url_for
from markupsafe import escape

from chapters import timecode


def base_url() -> str:
    """Where this site's root is reached from outside, path included when it is hosted under
    one (``https://example.org/replays``): PUBLIC_BASE_URL, else the request's root."""
    public = current_app.config.get("PUBLIC_BASE_URL")
    if not public and current_app.config.get("STATIC_EXPORT"):
        return ""  # an export for no known address: host-less, the page's script completes them
    return (public or request.url_root).rstrip("/")


def site_path(path: str) -> str:
    """An address as ``url_for`` gives it (the prefix the site is mounted under, SCRIPT_NAME,
    included) without that prefix: the part that follows ``base_url()``."""
    root = request.script_root
    if root and (path == root or path.startswith(root + "/")):
        return path[len(root):] or "/"
    return path


def absolute(path: str) -> str:
    """An address of this site as ``url_for`` gives it, absolute: the base address is written
    once, never followed by the mount prefix again (``…/replays/replays/…``)."""
    return base_url() + site_path(path) if path.startswith("/") else path


def route_path(url: str) -> str | None:
    """The path of an absolute address of this site as the app's routes read it (the base
    address's own path taken off); None when it lies outside the site."""
    path = urlsplit(url).path or "/"
    prefix = urlsplit(base_url()).path.rstrip("/")
    if not prefix:
        return path
    if path == prefix:
        return "/"
    return path[len(prefix):] if path.startswith(prefix + "/") else None


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
