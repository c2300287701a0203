"""The page for each kind of recording: embed (after consent), link, downloaded file."""

from __future__ import annotations

from pathlib import Path

from chapters.model import Recording
from chapters.store import load_webinar, save_webinar

WID = "2021-05-04"


def set_recording(webinars_dir: Path, **fields) -> None:
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(**fields)
    save_webinar(webinar, folder)


def test_embed_page_waits_for_consent_and_names_the_site(client, webinars_dir, static_url):
    set_recording(
        webinars_dir, kind="embed", platform="youtube", embed_id="abc123", duration=6300,
        src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1",
        page_url="https://www.youtube.com/watch?v=abc123",
    )
    response = client.get(f"/w/{WID}", query_string={"t": "1h10m"})
    html = response.get_data(as_text=True)
    # nothing from the site in the page itself: no iframe, no site script, only a button naming it
    assert "<iframe" not in html
    assert '<script src="https://' not in html
    assert "Charger la vidéo depuis YouTube" in html
    assert "rien n'est chargé depuis YouTube avant votre accord" in html
    assert 'data-adapter="youtube"' in html and 'data-start="4200.0"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1"' in html
    csp = response.headers["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in csp
    assert "script-src 'self' https://www.youtube.com" in csp
    assert "unsafe-inline" not in csp
    # the chapters and the panel are the same as with a local file
    assert 'data-chapter="fleurs-d-halage" data-start="4200.0"' in html
    assert static_url("js/embeds.js") in html


def test_link_page_plays_from_the_host_without_preloading(client, webinars_dir):
    set_recording(webinars_dir, kind="link", src="https://media.example.org/webinaire.mp4",
                  duration=6400)
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    assert 'src="https://media.example.org/webinaire.mp4#t=0.0"' in html
    assert 'preload="none"' in html
    assert "lue depuis media.example.org" in html
    assert "media-src 'self' https://media.example.org" in response.headers["Content-Security-Policy"]
    assert "Enregistrement de démonstration généré" not in html


def test_downloaded_file_with_captions_gets_a_subtitles_track_and_toggle(client, webinars_dir):
    media = webinars_dir / WID / "media"
    media.mkdir()
    (media / "recording.mp4").write_bytes(b"\x00" * 64)
    (media / "captions.fr.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n",
                                           encoding="utf-8")
    set_recording(webinars_dir, kind="file", src="recording.mp4", duration=6400,
                  captions=[{"lang": "fr", "label": "Français", "file": "captions.fr.vtt"}])
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert (f'<track kind="subtitles" src="/w/{WID}/media/captions.fr.vtt" srclang="fr" '
            'label="Français">') in html
    assert 'id="captions-toggle"' in html
    assert "Durée supposée" not in html
    with client.get(f"/w/{WID}/media/captions.fr.vtt") as vtt:
        assert vtt.mimetype == "text/vtt" and "Bonjour" in vtt.get_data(as_text=True)
