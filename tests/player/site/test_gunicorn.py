"""The production server: gunicorn with the project's gunicorn.conf.py serves the app for real."""

from __future__ import annotations

import gzip
import re
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from chapters.model import Chapter, Recording, Webinar
from player.media.demo import make_demo_recording
from tests.support.front import start_gunicorn



def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def server(webinars_dir: Path, tmp_path: Path):
    """gunicorn on a free port of 127.0.0.1, on a copy of the webinars with a short stand-in."""
    short = Webinar(
        id="2021-05-04", title="Essai", date="2021-05-04",
        recording=Recording(kind="demo", src="demo.mp4", duration=6, duration_assumed=True),
        chapters=[Chapter("ouverture", 0, "Ouverture"), Chapter("suite", 3, "Suite")],
    )
    make_demo_recording(short, webinars_dir / "2021-05-04" / "media" / "demo.mp4")
    port, proc = start_gunicorn(webinars_dir, workers=2, threads=2, stdout=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)


def test_gunicorn_serves_page_and_ranges_then_stops_cleanly(server):
    base, proc = server
    status, headers, body = get(base + "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b'<html lang="fr">' in body

    status, headers, body = get(base + "/w/2021-05-04/media/demo.mp4", {"Range": "bytes=0-1023"})
    assert status == 206
    assert headers["Content-Range"].startswith("bytes 0-1023/")
    assert len(body) == 1024
    assert body[4:8] == b"ftyp"  # a real MP4, from its first box

    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Lecteur servi sur " + base + "/" in out and "Ctrl+C pour arrêter" in out
    assert "Traceback" not in err


def get_status(url: str, headers: dict) -> tuple[int, dict, bytes]:
    """Like get(), but a 304 is an answer, not an error."""
    try:
        return get(url, headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_headers_revalidation_and_compression_on_the_running_server(server):
    base, _ = server
    page = base + "/w/2021-05-04"
    status, headers, body = get(page, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert b'<html lang="fr">' in gzip.decompress(body)
    assert headers["Cache-Control"] == "no-cache" and "Accept-Encoding" in headers["Vary"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    # every worker answers the same page with the same ETag: a revalidation is a 304, no body
    for _ in range(6):
        status, again, body = get_status(page, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"", again
    # static files: versioned names, a year in caches, gzipped
    html = gzip.decompress(get(page, {"Accept-Encoding": "gzip"})[2]).decode()
    script = re.search(r'src="(/static/[0-9a-f]{12}/js/main\.js)"', html).group(1)
    status, headers, body = get(base + script, {"Accept-Encoding": "gzip"})
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip" and b"import" in gzip.decompress(body)
