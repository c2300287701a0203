"""Pages answered again from memory, until a file they are made of changes."""

from __future__ import annotations

import gzip
from contextlib import contextmanager

import pytest
from flask import template_rendered

from app import create_app
from player.site.page_cache import PageCache

WID = "2021-05-04"


@contextmanager
def renders(app):
    """The templates rendered while the block runs."""
    seen: list[str] = []

    def note(sender, template, context, **extra):
        seen.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(note, app)


def test_the_same_page_is_rendered_once(app, client):
    first = client.get(f"/w/{WID}/chapitres/capa-cite")
    with renders(app) as seen:
        again = client.get(f"/w/{WID}/chapitres/capa-cite")
    assert seen == []
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    # the headers of a page hold as on the first answer
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["Cache-Control"] == "no-cache"
    revalidated = client.get(f"/w/{WID}/chapitres/capa-cite", headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.get_data() == b""


@pytest.mark.usefixtures("recorded")  # the recording in place (tests/conftest.py)
def test_each_variant_is_its_own_page(app, client):
    plain = client.get(f"/w/{WID}")
    packed = client.get(f"/w/{WID}", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Content-Encoding" not in client.get(f"/w/{WID}").headers
    fragment = client.get(f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
    page = client.get(f"/w/{WID}/chapitres/capa-cite")
    assert "<html" in page.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    moment = client.get(f"/w/{WID}", query_string={"t": "24m5s"}).get_data(as_text=True)
    assert "#t=1445.0" in moment and "#t=1445.0" not in plain.get_data(as_text=True)
    # share cards name the host the page was asked through
    other = client.get(f"/w/{WID}", base_url="http://autre.example:8080").get_data(as_text=True)
    assert "http://autre.example:8080/w/" in other and "http://autre.example:8080/w/" not in plain.get_data(as_text=True)


def test_a_changed_data_file_or_a_new_caption_file_is_shown_at_once(app, client, webinars_dir):
    client.get(f"/w/{WID}")
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Relocalisations industrielles", "Relocalisations régionales"), encoding="utf-8")
    assert "Relocalisations régionales" in client.get(f"/w/{WID}").get_data(as_text=True)
    assert "Transcription" not in client.get(f"/w/{WID}").get_data(as_text=True)
    (webinars_dir / WID / "transcription.fr.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dominique Dasso>Bonjour à toutes et à tous.\n",
        encoding="utf-8",
    )
    assert "Transcription" in client.get(f"/w/{WID}").get_data(as_text=True)


def test_errors_media_and_static_files_are_never_kept(app, client):
    client.get(f"/w/{WID}/chapitres/nulle-part")
    with renders(app) as seen:
        assert client.get(f"/w/{WID}/chapitres/nulle-part").status_code == 404
    assert seen == ["error.html"]
    client.get("/static/js/main.js").close()
    assert all(key[0].startswith("/w/") for key in app.extensions["page_cache"].keys())


def test_the_cache_is_bounded():
    cache = PageCache(entries=3)
    for n in range(10):
        cache.put((n,), b"x", [])
    assert len(cache) == 3 and cache.get((0,)) is None and cache.get((9,)) == (b"x", [])


def test_debug_mode_renders_every_time(webinars_dir):
    app = create_app({"TESTING": True, "DEBUG": True, "WEBINARS_DIR": str(webinars_dir)})
    client = app.test_client()
    client.get(f"/w/{WID}")
    with renders(app) as seen:
        client.get(f"/w/{WID}")
    assert "watch.html" in seen


def test_nothing_is_kept_for_or_from_a_signed_in_visitor(app, client):
    from flask import session

    app.secret_key = "essai"

    @app.get("/essai-session")
    def personal():
        session["vu"] = True  # touching the session: Vary: Cookie and a Set-Cookie
        return "<p>personnel</p>"

    client.get("/essai-session")
    assert not any(key[0].startswith("/essai-session") for key in app.extensions["page_cache"].keys())
    # with a session cookie, pages are rendered for that visitor alone, never kept or reused
    client.set_cookie("session", "x")
    with renders(app) as seen:
        client.get(f"/w/{WID}/questions")
        client.get(f"/w/{WID}/questions")
    assert seen.count("questions.html") == 2
    assert not any(key[0].startswith(f"/w/{WID}/questions") for key in app.extensions["page_cache"].keys())


def test_answers_from_memory_revalidate_and_answer_head(app, client):
    first = client.get(f"/w/{WID}/ressources")
    etag = first.headers["ETag"]
    again = client.get(f"/w/{WID}/ressources", headers={"If-None-Match": f'"x", {etag}'})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "no-cache"
    head = client.head(f"/w/{WID}/ressources")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


def test_behind_a_proxy_the_forwarded_host_is_part_of_the_key(webinars_dir):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "PROXY_FIX": 1})
    client = app.test_client()
    one = client.get(f"/w/{WID}", headers={"X-Forwarded-Host": "un.example", "X-Forwarded-Proto": "https"})
    two = client.get(f"/w/{WID}", headers={"X-Forwarded-Host": "deux.example", "X-Forwarded-Proto": "https"})
    assert "https://un.example/w/" in one.get_data(as_text=True)
    assert "https://deux.example/w/" in two.get_data(as_text=True)
    assert "un.example" not in two.get_data(as_text=True)
