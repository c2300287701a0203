"""The "Télécharger" menu offers the recording itself when this site holds it (issue 16, item
5): its label gives the format and size in French, its address has the file sent as an
attachment under the webinar's name; never for a video site's player or media elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from tests.support.html import dom

WID = "2021-05-04"


def set_recording(webinars_dir: Path, **fields) -> None:
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(**fields)
    save_webinar(webinar, folder)


def recording_links(client) -> list[dict]:
    """The menu's first list: the recording's link, when offered."""
    menu = dom(client.get(f"/w/{WID}").get_data(as_text=True)).one("details", id="telecharger")
    return [
        {"text": a.text(), "href": a.attrs["href"], "download": a.attrs["download"]}
        for a in menu.all("a") if "dl-main" in a.parent.parent.classes
    ]


@pytest.fixture
def media(webinars_dir) -> Path:
    folder = webinars_dir / WID / "media"
    folder.mkdir()
    return folder


def test_a_downloaded_recording_is_offered_with_its_format_and_size(client, webinars_dir, media):
    (media / "enregistrement.mp4").write_bytes(b"\0" * 12_400_000)
    set_recording(webinars_dir, kind="file", src="enregistrement.mp4", duration=6400)
    assert recording_links(client) == [{
        "text": "Enregistrement (MP4,\u00a012\u00a0Mo)",
        "href": f"/w/{WID}/media/enregistrement.mp4?telecharger",
        "download": f"{WID}-enregistrement.mp4",
    }]
    # the menu's address sends it as an attachment under that name, a range too
    with client.get(f"/w/{WID}/media/enregistrement.mp4?telecharger", headers={"Range": "bytes=0-99"}) as got:
        assert got.status_code == 206 and len(got.get_data()) == 100
        assert got.headers["Content-Disposition"] == f"attachment; filename={WID}-enregistrement.mp4"
    # the player's own address still shows it in place
    with client.get(f"/w/{WID}/media/enregistrement.mp4", headers={"Range": "bytes=0-99"}) as got:
        assert got.headers["Content-Disposition"].startswith("inline")


def test_the_stand_in_is_offered_as_what_it_is(client, webinars_dir, media):
    (media / "demo.mp4").write_bytes(b"\0" * 3_240_000)
    assert load_webinar(webinars_dir / WID).recording.kind == "demo"
    assert recording_links(client) == [{
        "text": "Enregistrement de démonstration (MP4,\u00a03,2\u00a0Mo)",
        "href": f"/w/{WID}/media/demo.mp4?telecharger",
        "download": f"{WID}-demonstration.mp4",
    }]


def test_an_audio_recording_names_its_format(client, webinars_dir, media):
    (media / "audio.webm").write_bytes(b"\0" * 850_000)
    set_recording(webinars_dir, kind="file", src="audio.webm", duration=6400)
    assert [link["text"] for link in recording_links(client)] == ["Enregistrement (WebM,\u00a0850\u00a0Ko)"]


def test_nothing_offered_for_a_video_site_a_link_or_a_missing_file(client, webinars_dir, media):
    (media / "demo.mp4").write_bytes(b"\0" * 1000)  # a left-over stand-in is not the recording
    set_recording(
        webinars_dir, kind="embed", platform="youtube", embed_id="abc123", duration=6300,
        src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1",
    )
    assert recording_links(client) == []
    set_recording(webinars_dir, kind="link", src="https://media.example.org/webinaire.mp4", duration=6400)
    assert recording_links(client) == []
    set_recording(webinars_dir, kind="file", src="pas-encore.mp4", duration=6400)
    assert recording_links(client) == []


def test_only_the_recording_is_sent_as_an_attachment(client, webinars_dir, media):
    (media / "demo.mp4").write_bytes(b"\0" * 1000)
    (media / "demo.fr.vtt").write_text("WEBVTT\n", encoding="utf-8")
    with client.get(f"/w/{WID}/media/demo.fr.vtt?telecharger") as got:
        assert got.status_code == 200 and got.headers["Content-Disposition"].startswith("inline")


def test_behind_nginx_the_attachment_header_goes_with_the_redirect(webinars_dir, media):
    (media / "demo.mp4").write_bytes(b"\0" * 1000)
    client = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "X_ACCEL_REDIRECT": "/_w/"}).test_client()
    with client.get(f"/w/{WID}/media/demo.mp4?telecharger") as got:
        assert got.headers["X-Accel-Redirect"] == f"/_w/{WID}/media/demo.mp4"
        assert got.headers["Content-Disposition"] == f'attachment; filename="{WID}-demonstration.mp4"'


def test_from_a_media_host_the_address_is_left_as_it_is(webinars_dir, media):
    (media / "demo.mp4").write_bytes(b"\0" * 1000)
    settings = {"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "MEDIA_BASE_URL": "https://cdn.example.org/w/"}
    client = create_app(settings).test_client()
    assert [link["href"] for link in recording_links(client)] == [f"https://cdn.example.org/w/{WID}/media/demo.mp4"]
