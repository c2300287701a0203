"""A download that fails is never served: set-recording against real servers (the fixture site,
and one that hangs up mid-file), real yt-dlp, the app's own media route."""

from __future__ import annotations

import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from chapters.store import load_webinar
from tests.support.servers import serving

WID = "2021-05-04"
DECLARED = 2 * 1024 * 1024  # what the dying server announces
SENT = 256 * 1024  # what it sends before hanging up


class _DyingHandler(BaseHTTPRequestHandler):
    """Announces a 2 MB MP4, sends a quarter of a megabyte of it, hangs up; every time."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(DECLARED))
        self.end_headers()
        try:
            self.wfile.write(b"\x00\x00\x00\x18ftypmp42" + bytes(SENT - 12))
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hanging up is the point


@pytest.fixture
def dying_url():
    with serving(_QuietServer(("127.0.0.1", 0), _DyingHandler), "dying") as base:
        yield f"{base}/talk-cut.mp4"


def media_names(webinars_dir: Path) -> list[str]:
    media = webinars_dir / WID / "media"
    return sorted(p.name for p in media.iterdir()) if media.exists() else []


def _fails_and_leaves_nothing(runner, client, webinars_dir, url, would_be: str, *words):
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    names_before = media_names(webinars_dir)
    result = runner.invoke(args=["set-recording", url, "--mode", "download", "--timeout", "5"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip() and "Téléchargement" not in line]
    assert lines[-1].startswith("erreur : ") and url in lines[-1], result.stderr
    for word in words:
        assert word in lines[-1], lines[-1]
    assert "Traceback" not in result.output
    assert ".download." not in lines[-1]  # the hidden name is none of the organiser's business
    # nothing new in media/, not even a hidden part, and the data file as it was
    assert media_names(webinars_dir) == names_before
    assert data.read_bytes() == before
    assert load_webinar(webinars_dir / WID).recording.kind == "demo"
    # the name it would have had is not served
    assert client.get(f"/w/{WID}/media/{would_be}").status_code == 404


def test_a_download_that_is_not_media_is_removed_and_never_served(
    runner, client, webinars_dir, http_fixture
):
    garbage = http_fixture.file("media/garbage.mp4")
    garbage.write_bytes(os.urandom(300_000))
    try:
        _fails_and_leaves_nothing(runner, client, webinars_dir, http_fixture.url("media/garbage.mp4"),
                                  "recording-garbage.mp4", "n'est pas un média lisible")
    finally:
        garbage.unlink()


def test_a_server_that_dies_mid_file_leaves_no_file(runner, client, webinars_dir, dying_url):
    _fails_and_leaves_nothing(runner, client, webinars_dir, dying_url, "recording-talk-cut.mp4")


def test_the_media_route_never_serves_a_partial_or_hidden_download(client, webinars_dir):
    media = webinars_dir / WID / "media"
    media.mkdir(exist_ok=True)
    for name in (".recording-x.download.mp4", ".recording-x.download.mp4.part",
                 "recording-x.mp4.part", "recording-x.mp4.ytdl"):
        (media / name).write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(100))
        assert client.get(f"/w/{WID}/media/{name}").status_code == 404, name
