"""Revalidation of pages and fragments (ETag, 304 with no body) and gzip of text responses."""

from __future__ import annotations

import gzip

import pytest

WID = "2021-05-04"


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "fragment"])
def test_pages_revalidate_with_a_304_and_no_body(client, headers):
    first = client.get(f"/w/{WID}/chapitres/capa-cite", headers=headers)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    again = client.get(f"/w/{WID}/chapitres/capa-cite", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_changed_data_file_changes_the_etag(client, webinars_dir):
    etag = client.get(f"/w/{WID}").headers["ETag"]
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Relocalisations industrielles", "Relocalisations régionales"), encoding="utf-8")
    response = client.get(f"/w/{WID}", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Relocalisations régionales" in response.get_data(as_text=True)


def test_text_is_gzipped_for_clients_that_accept_it(client):
    plain = client.get(f"/w/{WID}")
    packed = client.get(f"/w/{WID}", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 3
    refused = client.get(f"/w/{WID}", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_static_javascript_is_gzipped_with_its_own_etag(client):
    with client.get("/static/js/scrubber.js") as plain:
        body, etag = plain.get_data(), plain.headers["ETag"]
    with client.get("/static/js/scrubber.js", headers={"Accept-Encoding": "gzip"}) as packed:
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == body
        assert packed.headers["ETag"] != etag


def test_media_and_ranges_are_never_compressed(client, webinars_dir):
    media = webinars_dir / WID / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "demo.fr.vtt").write_text("WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\nbonjour\n\n" * 50, encoding="utf-8")
    with client.get(f"/w/{WID}/media/demo.fr.vtt", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"}) as part:
        assert part.status_code == 206 and "Content-Encoding" not in part.headers
