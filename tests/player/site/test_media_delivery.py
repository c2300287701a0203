"""Media handed to a front server (X-Sendfile, X-Accel-Redirect) or fetched from MEDIA_BASE_URL."""

from __future__ import annotations

import re

import pytest

from app import create_app

WID = "2021-05-04"


@pytest.fixture
def media_dir(webinars_dir):
    folder = webinars_dir / WID / "media"
    (folder / "thumbs").mkdir(parents=True)
    (folder / "demo.mp4").write_bytes(b"\0" * 4096)
    (folder / "demo.fr.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nbonjour\n", encoding="utf-8")
    return folder


def make_client(webinars_dir, **settings):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), **settings}).test_client()


def test_x_accel_redirect_hands_the_file_to_nginx(webinars_dir, media_dir):
    client = make_client(webinars_dir, X_ACCEL_REDIRECT="/_webinaires/")
    response = client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": "bytes=0-99"})
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["X-Accel-Redirect"] == f"/_webinaires/{WID}/media/demo.mp4"
    assert response.mimetype == "video/mp4"
    # the same checks as when the app sends the file itself: nothing outside, nothing hidden
    assert client.get(f"/w/{WID}/media/missing.mp4").status_code == 404
    assert client.get(f"/w/{WID}/media/.incoming-x/demo.mp4").status_code == 404
    assert "X-Accel-Redirect" not in client.get(f"/w/{WID}/media/demo.mp4.json").headers


def test_x_sendfile_leaves_the_range_to_the_front_server(webinars_dir, media_dir):
    client = make_client(webinars_dir, USE_X_SENDFILE=True)
    response = client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": "bytes=0-99"})
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["X-Sendfile"] == str((media_dir / "demo.mp4").resolve())
    assert "Content-Range" not in response.headers


def test_without_a_front_server_the_app_sends_the_bytes(webinars_dir, media_dir):
    client = make_client(webinars_dir)
    with client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": "bytes=0-99"}) as response:
        assert response.status_code == 206 and len(response.get_data()) == 100
        assert "X-Accel-Redirect" not in response.headers and "X-Sendfile" not in response.headers


def test_media_base_url_moves_every_media_address_and_the_policy(webinars_dir, media_dir):
    (media_dir / "thumbs" / "1445000.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    (media_dir / "thumbs" / "index.json").write_text('{"capa-cite": "thumbs/1445000.jpg"}')
    client = make_client(webinars_dir, MEDIA_BASE_URL="https://cdn.example.org/webinaires/")
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    base = f"https://cdn.example.org/webinaires/{WID}/media"
    assert f'src="{base}/demo.mp4#t=' in html
    assert f'src="{base}/demo.fr.vtt"' in html
    assert 'crossorigin="anonymous"' in html  # captions from another origin need CORS
    assert f"/w/{WID}/media/" not in html
    csp = response.headers["Content-Security-Policy"]
    assert re.search(r"media-src 'self' https://cdn\.example\.org(;|$)", csp)
    assert re.search(r"img-src 'self' data: https://cdn\.example\.org(;|$)", csp)
    assert "unsafe-inline" not in csp


def test_a_media_base_url_that_is_not_an_origin_adds_nothing_to_the_policy(webinars_dir, media_dir):
    client = make_client(webinars_dir, MEDIA_BASE_URL="https://cdn.example.org;script-src *")
    csp = client.get(f"/w/{WID}").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "cdn.example.org" not in csp


def test_a_long_range_is_answered_one_piece_at_a_time(webinars_dir, media_dir):
    from player.site.media_files import RANGE_MAX

    size = RANGE_MAX * 2 + 1000
    (media_dir / "demo.mp4").write_bytes(bytes(range(256)) * (size // 256) + b"\1" * (size % 256))
    client = make_client(webinars_dir)
    for asked, first, last in [
        ("bytes=0-", 0, RANGE_MAX - 1),
        (f"bytes={RANGE_MAX}-", RANGE_MAX, 2 * RANGE_MAX - 1),
        (f"bytes={2 * RANGE_MAX}-", 2 * RANGE_MAX, size - 1),  # the rest, shorter than a piece
        ("bytes=100-199", 100, 199),
    ]:
        with client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": asked}) as response:
            assert response.status_code == 206
            assert response.headers["Content-Range"] == f"bytes {first}-{last}/{size}"
            assert response.get_data() == (media_dir / "demo.mp4").read_bytes()[first : last + 1]
    # a download without Range still gets the whole file
    with client.get(f"/w/{WID}/media/demo.mp4") as whole:
        assert whole.status_code == 200 and len(whole.get_data()) == size


@pytest.fixture
def long_media(webinars_dir, media_dir):
    """A recording of two pieces and a bit, every byte telling its place (mod 256)."""
    from player.site.media_files import RANGE_MAX

    size = RANGE_MAX * 2 + 1000
    (media_dir / "demo.mp4").write_bytes(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))
    return (media_dir / "demo.mp4").read_bytes()


def _ranges():
    from player.site.media_files import RANGE_MAX

    size = RANGE_MAX * 2 + 1000
    return [
        # (Range asked, first byte sent, last byte sent)
        ("bytes=-99999999999", 0, RANGE_MAX - 1),  # a suffix longer than the file: capped
        (f"bytes=-{RANGE_MAX + 10}", size - RANGE_MAX - 10, size - 11),  # a long suffix: capped
        ("bytes=-500", size - 500, size - 1),  # a short suffix: as asked
        ("bytes=0-", 0, RANGE_MAX - 1),  # open: capped
        (f"bytes=0-{size * 1000}", 0, RANGE_MAX - 1),  # past the end: capped
        ("bytes=0-99, 200-299", 0, 299),  # several: one piece spanning them
        (f"bytes=0-0, {size - 1}-{size - 1}", 0, RANGE_MAX - 1),  # far apart: still capped
        ("bytes=10-19, -5", 10, RANGE_MAX + 9),  # from the first to the last: capped
    ]


@pytest.mark.parametrize("asked, first, last", _ranges())
def test_every_form_of_range_is_capped(webinars_dir, long_media, asked, first, last):
    size = len(long_media)
    client = make_client(webinars_dir)
    with client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": asked}) as response:
        assert response.status_code == 206
        assert response.headers["Content-Range"] == f"bytes {first}-{last}/{size}"
        assert response.get_data() == long_media[first : last + 1]


@pytest.mark.parametrize("asked", ["bytes=99999999999999999999-", f"bytes={10**20}-{10**21}"])
def test_a_range_outside_the_file_is_416(webinars_dir, long_media, asked):
    client = make_client(webinars_dir)
    with client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": asked}) as response:
        assert response.status_code == 416
        assert response.headers["Content-Range"] == f"bytes */{len(long_media)}"


@pytest.mark.parametrize(
    "asked", ["bytes=abc", "bytes=5-1", "bytes=-0", "items=0-1", "bytes=5-6,0-1", "bytes=0-1,,2-3", "\x00"]
)
def test_a_malformed_range_is_ignored_as_the_rfc_allows(webinars_dir, media_dir, asked):
    client = make_client(webinars_dir)
    with client.get(f"/w/{WID}/media/demo.mp4", headers={"Range": asked}) as response:
        # the 4096-byte stand-in, whole, as to a client that sent no Range
        assert response.status_code == 200 and response.get_data() == b"\0" * 4096
