"""Findings of the production issue closed here: over-long and NUL names, sidecars and hidden
files under media/, the data folder's path on the 503 page, recording URLs that go into the CSP."""

from __future__ import annotations

import pytest

from chapters.model import Recording
from chapters.store import load_webinar, save_webinar

WID = "2021-05-04"


@pytest.mark.parametrize(
    "path",
    [
        "/w/" + "a" * 300,
        "/w/" + "a" * 300 + "/transcription",
        "/w/" + "a" * 101,
        f"/w/{WID}/media/" + "b" * 300 + ".mp4",
        f"/w/{WID}/media/x%00y.mp4",
        f"/w/{WID}/chapitres/" + "c" * 300,
    ],
    ids=["long-id", "long-id-sub", "id-101", "long-media", "nul-media", "long-chapter"],
)
def test_hostile_names_get_a_french_404_not_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "name",
    ["demo.mp4.json", "thumbs/index.json", ".demo.mp4.part-1", ".incoming-x/captions.fr.vtt", "notes.txt"],
)
def test_media_route_serves_only_the_recording_captions_and_images(client, webinars_dir, name):
    media = webinars_dir / WID / "media"
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(b"secret")
    (media / "demo.fr.vtt").write_text("WEBVTT\n", encoding="utf-8")
    assert client.get(f"/w/{WID}/media/{name}").status_code == 404
    with client.get(f"/w/{WID}/media/demo.fr.vtt") as served:
        assert served.status_code == 200 and served.get_data() == b"WEBVTT\n"


def test_unreadable_data_file_names_it_relative_to_the_data_folder(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text("title: [unclosed\n", encoding="utf-8")
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert f"{WID}/webinar.yaml" in html
    assert str(webinars_dir) not in html and "/tmp" not in html


def test_recording_url_cannot_add_a_directive_to_the_csp(client, webinars_dir):
    webinar = load_webinar(webinars_dir / WID)
    webinar.recording = Recording(
        kind="link", src="https://media.example;sandbox/talk.mp4", duration=6300
    )
    save_webinar(webinar, webinars_dir / WID)
    response = client.get(f"/w/{WID}")
    csp = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    directives = [d.split()[0] for d in csp.split(";") if d.strip()]
    assert "sandbox" not in directives and len(directives) == len(set(directives))
    assert "media.example" not in csp


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/talk.mp4", "javascript:alert(1)"])
def test_set_recording_refuses_other_schemes_in_french(runner, webinars_dir, url):
    before = (webinars_dir / WID / "webinar.yaml").read_bytes()
    result = runner.invoke(args=["set-recording", url])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : ")
    assert "https://" in lines[0] and "disabled" not in lines[0]
    assert (webinars_dir / WID / "webinar.yaml").read_bytes() == before
