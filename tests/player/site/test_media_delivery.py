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
