"""A real HTTP server on 127.0.0.1 for the tests that resolve and download recordings.

It serves, from a temporary folder:

- ``/page.html``: a page with an HTML5 ``<video>`` and a French ``<track>``;
- ``/bad.html``: the same page whose caption file is not valid WebVTT;
- ``/media/talk.mp4``: a real 6 s H.264/AAC MP4 (with HTTP Range support);
- ``/media/talk.fr.vtt`` and ``/media/bad.fr.vtt``;
- ``/text.html``: a page without any video;
- ``/drip.html``: a page that never ends, one line every DRIP_EVERY seconds (each read is
  quick, the whole page never comes: for a total deadline);
- ``/huge.html``: an HTML page of HUGE_BYTES, generated as it is sent, never stored;
- ``/file-video.html``: a page whose video is a ``file://`` address; ``/to-file``: a
  redirection to ``file:///etc/hostname``;
- anything else, e.g. ``/missing.mp4``: 404.

A second listener (``hang_url``) accepts TCP connections and never answers, for time-outs.
tests/conftest.py's ``http_fixture`` runs it for the session (``fixture_site``).

And ``live_app``: the app itself on a live server, for the browser tests.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import imageio_ffmpeg
import webvtt
from werkzeug.serving import WSGIRequestHandler, make_server

__all__ = ["FixtureServer", "fixture_site", "live_app", "make_site", "serving"]

MEDIA_SECONDS = 6

PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<video controls>
  <source src="media/{media}" type="video/mp4">
  <track kind="subtitles" srclang="fr" label="Français" src="media/{vtt}">
</video>
</body>
</html>
"""

TEXT_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Sans vidéo</title></head>
<body><p>Rien à lire ici.</p></body></html>
"""

BAD_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour\n00:00:04.000 --> nope\nCassé\n"


def _make_mp4(target: Path) -> None:
    """A short real recording: test pattern and a tone, seekable from the start."""
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc=size=320x240:rate=25:duration={MEDIA_SECONDS}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={MEDIA_SECONDS}",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast",
        "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(target),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


LONG_SECONDS = 6400  # a little longer than the 1 h 45 min assumed for the built-in webinar


def _make_long_mp4(target: Path) -> None:
    """A full-length recording at 1 frame per second and near-silent 8 kHz sound (~0.6 MB)."""
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y",
        "-f", "lavfi", "-i", "testsrc=size=160x90:rate=1",
        "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono",
        "-t", str(LONG_SECONDS), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast",
        "-g", "10", "-c:a", "aac", "-b:a", "8k", "-movflags", "+faststart", str(target),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def _make_vtt(target: Path) -> None:
    vtt = webvtt.WebVTT()
    vtt.captions.append(webvtt.Caption("00:00:00.500", "00:00:02.500", "Bonjour à toutes et à tous."))
    vtt.captions.append(webvtt.Caption("00:00:03.000", "00:00:05.500", "Ouverture du webinaire."))
    vtt.save(str(target))


def make_site(root: Path) -> Path:
    """Write every file the server serves under ``root``; returns it."""
    media = root / "media"
    media.mkdir(parents=True, exist_ok=True)
    _make_mp4(media / "talk.mp4")
    _make_vtt(media / "talk.fr.vtt")
    (media / "bad.fr.vtt").write_text(BAD_VTT, encoding="utf-8")
    (root / "page.html").write_text(PAGE.format(title="Webinaire test", media="talk.mp4", vtt="talk.fr.vtt"), encoding="utf-8")
    (root / "bad.html").write_text(PAGE.format(title="Sous-titres cassés", media="webinaire.mp4", vtt="bad.fr.vtt"), encoding="utf-8")
    (root / "text.html").write_text(TEXT_PAGE, encoding="utf-8")
    (root / "file-video.html").write_text(
        PAGE.format(title="Fichier local", media="talk.mp4", vtt="talk.fr.vtt").replace(
            'src="media/talk.mp4"', 'src="file:///etc/hostname"'),
        encoding="utf-8",
    )
    # longer than every chapter of 4 May 2021, tiny (1 frame per second)
    _make_long_mp4(media / "webinaire.mp4")
    (root / "webinaire.html").write_text(
        PAGE.format(title="Webinaire complet", media="webinaire.mp4", vtt="talk.fr.vtt"),
        encoding="utf-8",
    )
    return root


DRIP_EVERY = 0.5  # seconds between two lines of /drip.html: far below any per-read time-out
DRIP_LINES = 1200  # then it ends anyway (10 minutes), so no server thread outlives a session
HUGE_BYTES = 512 * 1024 * 1024  # /huge.html: what a client reading it whole would hold in memory


class _Handler(SimpleHTTPRequestHandler):
    """Static files with single-range ``Range`` support (the stdlib handler has none), and the
    generated pages ``/drip.html`` and ``/huge.html``."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt", ".mp4": "video/mp4"}

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass  # keep test output clean

    def do_GET(self):
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        generated = {"/drip.html": self._drip, "/huge.html": self._huge}.get(self.path.split("?")[0])
        if generated is None:
            return super().do_GET()
        # no Content-Length: the client cannot know the size before it has read the page
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            generated()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: that is what these pages are for

    def _drip(self):
        self.wfile.write(b"<!doctype html><html lang=\"fr\"><head><title>Goutte</title></head><body>\n")
        for n in range(DRIP_LINES):
            self.wfile.write(f"<p>ligne {n}</p>\n".encode())
            self.wfile.flush()
            time.sleep(DRIP_EVERY)

    def _huge(self):
        line = b"<p>Une page de webinaire qui ne finit pas.</p>\n"
        chunk = b"<!doctype html><html><head><title>Immense</title></head><body>\n"
        chunk += line * ((256 * 1024 - len(chunk)) // len(line))
        sent = 0
        while sent < HUGE_BYTES:
            self.wfile.write(chunk)
            sent += len(chunk)
            chunk = line * (256 * 1024 // len(line))

    def send_head(self):
        self._remaining = None
        path = Path(self.translate_path(self.path))
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # suffix range: the last N bytes
            start, end = max(size - int(last or 0), 0), size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        f = open(path, "rb")  # noqa: SIM115 - closed by copyfile's caller
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return f

    def end_headers(self):
        if not self.headers.get("Range"):
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def copyfile(self, source, outputfile):
        # Clients (yt-dlp sniffing a media URL) often hang up mid-file: not an error here.
        try:
            self._copy(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _copy(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client hanging up is normal for media; report anything else.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@dataclass
class FixtureServer:
    root: Path  # the folder of served files
    base: str  # http://127.0.0.1:PORT
    hang_url: str  # a listener that never answers

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def file(self, path: str) -> Path:
        return self.root / path.lstrip("/")


@contextmanager
def serving(server, name: str):
    """Run ``server`` on a daemon thread while the block runs, then stop and close it; the block
    gets its base URL (``http://127.0.0.1:<port>``)."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def fixture_site(root: Path):
    """Write the site under ``root``, serve it and open the silent listener while the block
    runs; the block gets the FixtureServer."""
    make_site(root)
    server = _QuietServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    # The kernel completes the handshake for queued connections; nothing ever reads them.
    hang = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    hang.bind(("127.0.0.1", 0))
    hang.listen(64)
    with hang, serving(server, "http-fixture") as base:
        yield FixtureServer(
            root=root, base=base, hang_url=f"http://127.0.0.1:{hang.getsockname()[1]}/video.mp4"
        )
        shutil.rmtree(root, ignore_errors=True)


# --- the app on a live server (browser tests)

RESPONSE_KEY = "browser_tests.response"


def keep_response(app):
    """WSGI middleware: remember the response iterable in the environ (see QuietHandler)."""

    def wrapped(environ, start_response):
        response = app(environ, start_response)
        environ[RESPONSE_KEY] = response
        return response

    return wrapped


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler, without a log line per request, closing what a dropped client left.

    A browser aborts media range requests all the time. Werkzeug's dev server then raises
    ``ConnectionResetError`` while draining the socket, before it closes the response, so the
    media file is left to the garbage collector: a ``ResourceWarning`` that
    ``filterwarnings = error`` turns into a failure of whichever test runs at that moment.
    """

    def log_request(self, code="-", size="-"):
        pass

    def connection_dropped(self, error, environ=None):
        response = (environ or {}).get(RESPONSE_KEY)
        if hasattr(response, "close"):
            response.close()


@contextmanager
def live_app(app):
    """Serve ``app`` on 127.0.0.1 (a free port) from a daemon thread while the block runs; the
    block gets the base URL."""
    server = make_server(
        "127.0.0.1", 0, keep_response(app), threaded=True, request_handler=QuietHandler
    )
    with serving(server, "live-server") as url:
        yield url
