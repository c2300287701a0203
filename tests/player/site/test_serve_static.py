"""scripts/serve-static, run for real on a small export: no folder listing, 400 for addresses
that cannot name a file, never a traceback; pages and ranges served as before."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.support.paths import ROOT

SCRIPT = ROOT / "scripts" / "serve-static"


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    (out / "index.html").write_text("<!doctype html><title>Accueil</title>", encoding="utf-8")
    (out / "w" / "x").mkdir(parents=True)
    (out / "w" / "x" / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (out / "vide").mkdir()
    (out / "assets").mkdir()
    (out / "assets" / "secret-liste.txt").write_text("ne pas lister", encoding="utf-8")
    (out / "media").mkdir()
    (out / "media" / "a.mp4").write_bytes(bytes(range(256)) * 40)
    return out


def serve(out, *options: str):
    """The script on ``out`` (a free port): (port, process); no traceback when it stops."""
    server = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(out), "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = server.stdout.readline().split()[0]
    port = int(url.split("/")[2].rsplit(":", 1)[1])
    yield port, server
    server.terminate()
    _, err = server.communicate(timeout=10)
    server.stdout.close()
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def served(export):
    yield from serve(export)


@pytest.fixture(scope="module")
def under_path(export):
    """The same export served under /replays (--path), as for --base-url https://…/replays."""
    yield from serve(export, "--path", "/replays")


def ask(port: int, target: bytes, headers: bytes = b"") -> tuple[int, bytes, bytes]:
    """A raw GET (no client library cleans the address up): status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        request = b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n" + headers
        sock.sendall(request + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), head, body


@pytest.mark.parametrize("target, status", [
    (b"/", 200),
    (b"/w/x/", 200),
    (b"/w/x", 301),  # to the trailing slash, as static hosts do
    (b"/introuvable.html", 404),
])
def test_pages_are_served_as_before(served, target, status):
    assert ask(served[0], target)[0] == status


@pytest.mark.parametrize("target", [b"/vide/", b"/assets/", b"/media/"])
def test_no_folder_is_listed(served, target):
    status, head, body = ask(served[0], target)
    assert status == 404
    assert b"secret-liste" not in body and b"a.mp4" not in body and b"Directory listing" not in body
    assert b"Page introuvable" in body and b'lang="fr"' in body


BAD = [
    b"/%00", b"/index.html%00.txt", b"/%0d%0aSet-Cookie:%20x=1",  # control characters
    b"/../etc/passwd", b"/%2e%2e/etc/passwd", b"/w/../index.html", b"/w/./x/", b"/w/%2E%2E/",  # dots
    b"/%ff%fe", b"/caf%e9.html", b"/\xff", b"/\xc3\xa9",  # not UTF-8, or not %-encoded
    b"/" + b"a" * 300 + b".html", b"/" + b"a/" * 1100,  # too long
    b"/a\\..\\index.html",
]


@pytest.mark.parametrize("target", BAD, ids=range(len(BAD)))
def test_an_address_that_cannot_name_a_file_is_a_400(served, target):
    status, head, body = ask(served[0], target)
    assert status == 400
    assert "Requête incorrecte" in body.decode("utf-8")


def test_ranges_are_still_answered(served):
    status, head, body = ask(served[0], b"/media/a.mp4", b"Range: bytes=10-19\r\n")
    assert status == 206 and body == bytes(range(10, 20))
    assert b"Content-Range: bytes 10-19/10240" in head


def test_the_server_still_answers_after_all_that(served):
    for target in BAD:
        ask(served[0], target)
    assert ask(served[0], b"/")[0] == 200
    assert served[1].poll() is None


@pytest.mark.parametrize("target, status, location", [
    (b"/replays/", 200, None),
    (b"/replays/w/x/", 200, None),
    (b"/replays", 301, b"/replays/"),
    (b"/replays/w/x", 301, b"/replays/w/x/"),  # the slash added, the path kept
    (b"/replays/w/x?t=5", 301, b"/replays/w/x/?t=5"),
    (b"/", 404, None),
    (b"/w/x/", 404, None),
    (b"/replaysw/x/", 404, None),
    (b"/replays/../index.html", 400, None),
])
def test_under_a_path_only_its_addresses_answer(under_path, target, status, location):
    got, head, body = ask(under_path[0], target)
    assert got == status
    if location:
        assert b"\r\nLocation: " + location in head.replace(b"http://127.0.0.1:%d" % under_path[0], b"")
    if status == 200:
        assert body.startswith(b"<!doctype html>")


def test_under_a_path_ranges_are_answered(under_path):
    status, head, body = ask(under_path[0], b"/replays/media/a.mp4", b"Range: bytes=10-19\r\n")
    assert status == 206 and body == bytes(range(10, 20))
