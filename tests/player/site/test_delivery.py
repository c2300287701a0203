"""Revalidation of pages and fragments (ETag, 304 with no body) and gzip of text responses."""

from __future__ import annotations

import gzip
import re
import time

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


def test_a_gzipped_page_keeps_its_etag_from_one_second_to_the_next(client):
    # gzip writes the time into its header unless told not to: the ETag would change each second
    gz = {"Accept-Encoding": "gzip"}
    first = client.get(f"/w/{WID}", headers=gz).headers["ETag"]
    time.sleep(1.1)
    again = client.get(f"/w/{WID}", headers={**gz, "If-None-Match": first})
    assert again.status_code == 304 and again.get_data() == b""


@pytest.mark.usefixtures("recorded")  # the recording in place (tests/conftest.py)
def test_static_files_have_versioned_names_kept_a_year(client, static_url):
    page = client.get(f"/w/{WID}").get_data(as_text=True)
    main = static_url("js/main.js")
    version = main.split("/")[2]
    assert re.fullmatch(r"/static/[0-9a-f]{12}/js/main\.js", main) and f'src="{main}"' in page
    # every static address in the page carries the same version, so relative imports stay in it
    assert set(re.findall(r'"/static/([^/"]+)/', page)) == {version}
    with client.get(main) as first:
        assert first.status_code == 200
        assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        body = first.get_data()
    # the plain address still works, revalidated on each use, never promised for a year
    with client.get("/static/js/main.js") as plain:
        assert plain.get_data() == body and plain.headers["Cache-Control"] == "no-cache"
    # an old page's address is sent to the current one, never served under the old name
    with client.get("/static/000000000000/js/main.js") as stale:
        assert stale.status_code == 302 and stale.headers["Cache-Control"] == "no-cache"
        assert stale.headers["Location"] == main
    with client.get("/static/000000000000/js/no-such-module.js") as unknown:
        assert unknown.status_code == 404


def test_the_version_follows_the_files(app, tmp_path):
    from player.site.assets import StaticTree

    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    tree = StaticTree(tmp_path)
    tree.refresh()
    first = tree.version
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    tree.refresh()
    assert tree.version != first and len(tree.version) == 12


@pytest.mark.parametrize("name", [".hidden", "js/.x.js", "js/../../app.py", "missing.js"])
def test_static_refuses_hidden_and_outside_files(client, name):
    assert client.get(f"/static/{name}").status_code == 404


def test_static_javascript_is_sent_precompressed_with_its_own_etag(client, static_url):
    with client.get(static_url("js/scrubber.js")) as plain:
        body, etag = plain.get_data(), plain.headers["ETag"]
        assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    with client.get(static_url("js/scrubber.js"), headers={"Accept-Encoding": "gzip"}) as packed:
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == body
        assert packed.headers["ETag"] != etag
        assert packed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        again = client.get(
            static_url("js/scrubber.js"),
            headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
        )
        assert again.status_code == 304 and again.get_data() == b""


def test_media_and_ranges_are_never_compressed(client, webinars_dir):
    media = webinars_dir / WID / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "demo.fr.vtt").write_text("WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\nbonjour\n\n" * 50, encoding="utf-8")
    with client.get(f"/w/{WID}/media/demo.fr.vtt", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"}) as part:
        assert part.status_code == 206 and "Content-Encoding" not in part.headers


# (Accept-Encoding, whether gzip is sent): RFC 9110 12.5.3, q-values, the most specific entry
ENCODINGS = [
    ("gzip", True),
    ("gzip, deflate, br, zstd", True),
    ("x-gzip", True),
    ("*", True),
    ("gzip;q=0", False),
    ("GZIP;Q=0", False),
    ("gzip ; q=0.000", False),
    ("gzip;level=1;q=0", False),
    ("gzip;q=0, *", False),  # named: the wildcard does not bring it back
    ("*;q=0", False),  # nothing acceptable: identity anyway, friendlier than a 406
    ("*;q=0.5, identity;q=0", True),
    ("identity;q=1, gzip;q=0.5", False),  # identity preferred
    ("gzip;q=0.8, identity;q=0.5", True),
    ("br", False),
    ("deflate, br;q=1.0", False),
    ("", False),
    ("gzip;q=abc", False),  # a malformed entry counts for nothing
    (";;,,", False),
]


@pytest.mark.parametrize("header, packed", ENCODINGS)
def test_accept_encoding_is_read_with_its_q_values(client, static_url, webinars_dir, header, packed):
    (webinars_dir / WID / "media").mkdir(exist_ok=True)
    cues = "".join(f"\n{i}\n00:00:{i:02d}.000 --> 00:00:{i:02d}.500\nbonjour {i}\n" for i in range(40))
    (webinars_dir / WID / "media" / "demo.fr.vtt").write_text("WEBVTT\n" + cues, encoding="utf-8")
    addresses = [
        f"/w/{WID}",  # a page (and, asked twice, the page cache's copy)
        f"/w/{WID}",
        static_url("js/main.js"),  # a static file packed in advance
        "/static/js/main.js",
        f"/w/{WID}/media/demo.fr.vtt",  # a file compressed once, then kept
        f"/w/{WID}/media/demo.fr.vtt",
    ]
    for address in addresses:
        with client.get(address, headers={"Accept-Encoding": header}) as response:
            assert response.status_code == 200, address
            assert ("Content-Encoding" in response.headers) == packed, address
            assert response.headers.get("Content-Encoding", "gzip") == "gzip"
            assert "Accept-Encoding" in response.headers["Vary"], address
            body = response.get_data()
            if packed:
                body = gzip.decompress(body)
            assert len(body) > 512, address


def test_a_static_file_too_small_to_gain_is_sent_as_it_is(client, static_url):
    with client.get(static_url("js/pages.js"), headers={"Accept-Encoding": "gzip"}) as small:
        assert small.status_code == 200 and "Content-Encoding" not in small.headers
        assert b"import" in small.get_data() or b"export" in small.get_data()


@pytest.mark.parametrize("accept", ["", "gzip"])
def test_our_modules_are_sent_without_their_comments_and_vendored_files_as_they_are(
        client, static_url, accept):
    from player.site.script_comments import strip_comments
    from tests.support.paths import ROOT

    def sent(address):
        with client.get(address, headers={"Accept-Encoding": accept}) as response:
            assert response.status_code == 200, address
            body = response.get_data()
            return gzip.decompress(body) if "Content-Encoding" in response.headers else body

    for name in ["js/main.js", "js/pages.js", "vendor/htmx-2.0.11.min.js"]:
        source = (ROOT / "static" / name).read_text(encoding="utf-8")
        expected = strip_comments(source) if name.startswith("js/") else source
        assert sent(static_url(name)).decode() == expected == sent(f"/static/{name}").decode()
    main = sent(static_url("js/main.js")).decode()
    assert "//" not in main.replace("://", "") and "/**" not in main
    assert main.count("\n") == (ROOT / "static" / "js" / "main.js").read_text().count("\n")
