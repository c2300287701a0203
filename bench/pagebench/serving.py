"""One server on a free port for the app and the bench's own pages: a bare page of seven links
(plain, and with the site's headers), the watch page's markup alone, and the watch page without
its Cross-Origin-Opener-Policy header."""

from __future__ import annotations

import re
import threading
import urllib.request
from html import escape
from pathlib import Path

from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.serving import WSGIRequestHandler, make_server

BARE_PREFIX = "/__bench"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass


# the headers that make a page of this site what it is for the browser (player/site/headers.py)
SITE_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Strict-Transport-Security",
)


BARE_FILE, BARE_SITE_FILE = "bare.html", "bare-site.html"


ALONE_FILE = "page-alone.html"  # the watch page's own markup, nothing it names fetched


def site_headers(app, path: str) -> list[tuple[str, str]]:
    """The security headers the app sends with the page at ``path``."""
    answer = app.test_client().get(path)
    return [(name, answer.headers[name]) for name in SITE_HEADERS if name in answer.headers]


def with_headers(wsgi, path: str, headers: list[tuple[str, str]]):
    """WSGI middleware: ``headers`` added to the answer for ``path`` only."""

    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") != path:
            return wsgi(environ, start_response)

        def start(status, response_headers, exc_info=None):
            names = {name.lower() for name, _ in headers}
            kept = [(k, v) for k, v in response_headers if k.lower() not in names]
            return start_response(status, kept + headers, exc_info)

        return wsgi(environ, start)

    return wrapped


NO_COOP = "bench-no-coop"  # the query that asks the bench's server to drop the COOP header


def without_coop(wsgi):
    """WSGI middleware: for ``?bench-no-coop``, the app gets the address without that query and
    the answer loses its Cross-Origin-Opener-Policy header."""

    def wrapped(environ, start_response):
        if environ.get("QUERY_STRING") != NO_COOP:
            return wsgi(environ, start_response)
        environ = {**environ, "QUERY_STRING": ""}

        def start(status, response_headers, exc_info=None):
            coop = "cross-origin-opener-policy"
            kept = [(k, v) for k, v in response_headers if k.lower() != coop]
            return start_response(status, kept, exc_info)

        return wsgi(environ, start)

    return wrapped


def serve(app, bare_folder: Path, headers: list[tuple[str, str]] = ()):
    """The app, plus the bench's own files under BARE_PREFIX, in one server on a free port; the
    second bare page gets ``headers`` (the site's own)."""
    wsgi = SharedDataMiddleware(app, {BARE_PREFIX: str(bare_folder)}, cache=False)
    wsgi = with_headers(wsgi, f"{BARE_PREFIX}/{BARE_SITE_FILE}", list(headers))
    wsgi = with_headers(wsgi, f"{BARE_PREFIX}/{ALONE_FILE}", list(headers))
    wsgi = without_coop(wsgi)
    server = make_server("127.0.0.1", 0, wsgi, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


def write_bare_page(folder: Path, webinar) -> str:
    """A page of seven plain links and nothing else: no stylesheet, no script, no image."""
    links = [(c.title, c.start) for c in webinar.chapters][:7]
    links += [(f"Lien {i + 1}", i) for i in range(len(links), 7)]
    items = "\n".join(
        f'<li><a href="/w/{escape(webinar.id)}?t={start}">{escape(title)}</a></li>'
        for title, start in links
    )
    html = (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Sept liens</title>\n</head>\n<body>\n<ol>\n"
        f"{items}\n</ol>\n</body>\n</html>\n"
    )
    (folder / BARE_FILE).write_text(html, encoding="utf-8")
    (folder / BARE_SITE_FILE).write_text(html, encoding="utf-8")  # served with the site's headers
    return f"{BARE_PREFIX}/{BARE_FILE}"


def write_page_alone(folder: Path, html: str) -> str:
    """The watch page's markup with nothing to fetch: no module (preloaded or run), and no
    ``src`` on the video, its tracks and the images (the elements stay, with their sizes). Its
    inline stylesheet is unchanged, so the page's Content-Security-Policy still admits it."""
    html = re.sub(r'<link rel="modulepreload"[^>]*>\s*', "", html)
    html = re.sub(r'<script type="module"[^>]*></script>\s*', "", html)
    html = re.sub(r'(<(?:video|track|img)\b[^>]*?)\ssrc="[^"]*"', r"\1", html)
    (folder / ALONE_FILE).write_text(html, encoding="utf-8")
    return f"{BARE_PREFIX}/{ALONE_FILE}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()
