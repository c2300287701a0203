"""The security headers every answer carries, the Content-Security-Policy first."""

from __future__ import annotations

import re

from flask import Flask, Response, has_app_context

from player.site.inline_style import STYLE
from player.site.urls import media_base, origin_of

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


def shared_with_any_origin(response: Response) -> Response:
    """Let pages of any origin read this answer (``Access-Control-Allow-Origin: *``): public
    files that web podcast players fetch from elsewhere (the feeds, the audio edition and its
    cover, the chapters and transcripts). No credentials go with it: nothing private is."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def install(app: Flask) -> None:
    """Add the security headers to every answer that has not set its own."""

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
