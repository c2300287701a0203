"""player.media.ytdlp against a real HTTP server on 127.0.0.1: real yt-dlp, no mocks, no internet."""

from __future__ import annotations

import json
import time

import pytest
import webvtt

from player.media import embeds, site_chapters, ytdlp, ytdlp_errors
from player.media.captions import download_captions, pick_captions
from player.media.ytdlp import SourceError, SourceInfo



@pytest.fixture(scope="module")
def page_info(http_fixture) -> SourceInfo:
    return ytdlp.resolve(http_fixture.url("page.html"), timeout=5)


def _final_files(folder):
    """Files the app could serve: anything not hidden."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


# --- resolve ---------------------------------------------------------------------------


def test_resolve_page_finds_media_and_french_track(http_fixture, page_info):
    assert page_info.media_url == http_fixture.url("media/talk.mp4")
    assert page_info.webpage_url == http_fixture.url("page.html")
    assert page_info.title == "Webinaire test"  # yt-dlp says "Webinaire test (1)"
    assert page_info.platform is None and page_info.embed_id is None
    assert page_info.chapters == []
    fr = [t for t in page_info.subtitles if t["lang"] == "fr"]
    assert fr == [{
        "lang": "fr", "ext": "vtt", "url": http_fixture.url("media/talk.fr.vtt"),
        "automatic": False, "name": None,
    }]


def test_resolve_bare_mp4_is_direct_without_duration(http_fixture):
    info = ytdlp.resolve(http_fixture.url("media/talk.mp4"), timeout=5)
    assert info.media_url == http_fixture.url("media/talk.mp4")
    assert info.extractor == "Generic"
    assert info.raw.get("direct") is True
    # yt-dlp does not probe plain media links: the duration must come from the file.
    assert info.duration is None
    assert info.subtitles == []


def test_resolve_404_names_url_and_status(http_fixture):
    url = http_fixture.url("missing.mp4")
    with pytest.raises(SourceError) as err:
        ytdlp.resolve(url, timeout=5)
    message = str(err.value)
    assert url in message and "404" in message
    assert "\n" not in message


def test_resolve_times_out_quickly(http_fixture):
    started = time.monotonic()
    with pytest.raises(SourceError) as err:
        ytdlp.resolve(http_fixture.hang_url, timeout=2)
    assert time.monotonic() - started < 10
    assert http_fixture.hang_url in str(err.value)
    assert "time-out" in err.value.reason


def test_resolve_page_without_video_is_unsupported(http_fixture):
    with pytest.raises(SourceError, match="non prise en charge"):
        ytdlp.resolve(http_fixture.url("text.html"), timeout=5)


def test_resolve_refused_connection_is_unreachable():
    import socket

    with socket.socket() as s:  # a port nobody listens on any more
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceError, match="injoignable"):
        ytdlp.resolve(f"http://127.0.0.1:{port}/x.mp4", timeout=2)


def test_resolve_rejects_invalid_url():
    with pytest.raises(SourceError, match="adresse invalide"):
        ytdlp.resolve("pas une adresse", timeout=2)


# yt-dlp's English for these cases; none of it may reach the organiser
ENGLISH = ("URL", "disabled", "Unable", "error", "host given", "control characters", "Giving up")


@pytest.mark.parametrize("url", [
    "http://", "https:///chemin", "http://exa mple.org/v", "http://[::1/v", "http://a\x00b.org/",
    "http://exemple.org/v\n", "file:///etc/hostname", "FILE:///etc/hostname", "ftp://exemple.org/v.mp4",
])
def test_bad_addresses_are_refused_in_french_before_yt_dlp(url):
    with pytest.raises(SourceError) as caught:
        ytdlp.resolve(url, timeout=2)
    reason = caught.value.reason
    assert reason.startswith(("adresse invalide", "seules les adresses")), reason
    assert not any(word in reason for word in ENGLISH), reason
    with pytest.raises(SourceError, match="adresse"):
        ytdlp.download(url, "/nonexistent-never-made", timeout=2)


def test_a_page_whose_video_is_a_local_file_is_refused_in_french(http_fixture, tmp_path):
    url = http_fixture.url("file-video.html")
    info = ytdlp.resolve(url, timeout=5)
    assert info.media_url is None  # not an http(s) file: never offered to the page
    with pytest.raises(SourceError) as caught:
        ytdlp.download(info, tmp_path, timeout=5)
    reason = caught.value.reason
    assert "fichier local (file://)" in reason and "refusée" in reason
    assert not any(word in reason for word in ENGLISH), reason
    assert _final_files(tmp_path) == []


def test_a_redirection_to_a_local_file_is_refused_in_french(http_fixture):
    with pytest.raises(SourceError) as caught:
        ytdlp.resolve(http_fixture.url("to-file"), timeout=5)
    assert caught.value.reason == "redirection refusée (HTTP 302)"


@pytest.mark.parametrize(("message", "reason"), [
    ("[youtube] abc: Private video. Sign in if you've been granted access to this video", "vidéo privée"),
    ("[youtube] abc: Sign in to confirm your age", "connectés"),
    ("[youtube] abc: Video unavailable", "indisponible"),
    ("[vimeo] 1: something new", "lecture impossible par yt-dlp (« 1: something new »)"),
])
def test_reasons_from_platform_messages(message, reason):
    # Platforms are unreachable here: build the errors yt-dlp raises for them.
    from yt_dlp.utils import DownloadError, ExtractorError

    error = ExtractorError(message, expected=True)
    wrapped = DownloadError(f"ERROR: {message}", (ExtractorError, error, None))
    assert reason in ytdlp_errors.reason(wrapped, 10)


# --- metadata --------------------------------------------------------------------------


def test_metadata_round_trip(tmp_path, page_info):
    path = ytdlp.save_metadata(page_info, tmp_path)
    assert path == tmp_path / "recording.json"
    assert [p.name for p in tmp_path.iterdir()] == ["recording.json"]  # no temp file left
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["url"] == page_info.url
    loaded = ytdlp.SourceInfo.from_raw(data["info"], data["url"])
    assert loaded.url == page_info.url
    assert loaded.media_url == page_info.media_url
    assert loaded.subtitles == page_info.subtitles
    assert loaded.title == page_info.title
    assert loaded.duration == page_info.duration



# --- download --------------------------------------------------------------------------


def test_download_bare_mp4_is_byte_identical(http_fixture, tmp_path):
    seen: list[tuple[int, int | None]] = []
    path = ytdlp.download(
        http_fixture.url("media/talk.mp4"), tmp_path, progress=lambda d, t: seen.append((d, t)), timeout=5
    )
    served = http_fixture.file("media/talk.mp4").read_bytes()
    assert path == tmp_path / "talk.mp4"
    assert path.read_bytes() == served
    assert _final_files(tmp_path) == ["talk.mp4"]
    assert list(tmp_path.glob(".*")) == []  # the temporary name was renamed, not copied
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == len(served)
    assert seen[-1][1] == len(served)


def test_download_from_page_with_info_and_name(http_fixture, tmp_path, page_info):
    path = ytdlp.download(page_info, tmp_path, name="webinaire", timeout=5)
    assert path == tmp_path / "webinaire.mp4"
    assert path.read_bytes() == http_fixture.file("media/talk.mp4").read_bytes()


def test_download_404_leaves_nothing(http_fixture, tmp_path):
    url = http_fixture.url("missing.mp4")
    with pytest.raises(SourceError, match="404"):
        ytdlp.download(url, tmp_path, timeout=5)
    assert _final_files(tmp_path) == []


def test_interrupted_download_leaves_no_final_file_and_resumes(http_fixture, tmp_path):
    served = http_fixture.file("media/talk.mp4").read_bytes()

    def interrupt(done, total):
        if done > len(served) // 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ytdlp.download(http_fixture.url("media/talk.mp4"), tmp_path, progress=interrupt, timeout=5)
    assert _final_files(tmp_path) == []
    [part] = tmp_path.iterdir()
    assert part.name.startswith(".") and part.name.endswith(".part")
    kept = part.stat().st_size
    seen: list[int] = []
    path = ytdlp.download(
        http_fixture.url("media/talk.mp4"), tmp_path, progress=lambda d, t: seen.append(d), timeout=5
    )
    assert seen[0] > kept  # resumed with a Range request, not restarted
    assert path.read_bytes() == served
    assert _final_files(tmp_path) == ["talk.mp4"]


def test_failing_progress_callback_leaves_no_final_file(http_fixture, tmp_path):
    def broken(done, total):
        raise RuntimeError("barre de progression cassée")

    with pytest.raises(Exception, match="barre de progression"):
        ytdlp.download(http_fixture.url("media/talk.mp4"), tmp_path, progress=broken, timeout=5)
    assert _final_files(tmp_path) == []


# --- captions --------------------------------------------------------------------------


def test_download_captions_validated_and_written(http_fixture, tmp_path, page_info):
    path = download_captions(page_info, tmp_path, lang="fr")
    assert path == tmp_path / "captions.fr.vtt"
    assert path.read_bytes() == http_fixture.file("media/talk.fr.vtt").read_bytes()
    captions = webvtt.read(str(path), strict=True)
    assert captions[0].text == "Bonjour à toutes et à tous."
    assert [p.name for p in tmp_path.iterdir()] == ["captions.fr.vtt"]


def test_download_captions_other_language_is_none(tmp_path, page_info):
    assert download_captions(page_info, tmp_path, lang="en") is None
    assert list(tmp_path.iterdir()) == []


def test_invalid_captions_raise_and_write_nothing(http_fixture, tmp_path):
    info = ytdlp.resolve(http_fixture.url("bad.html"), timeout=5)
    with pytest.raises(SourceError) as err:
        download_captions(info, tmp_path)
    assert "bad.fr.vtt" in str(err.value) and "invalides" in err.value.reason
    assert list(tmp_path.iterdir()) == []


def test_pick_captions_prefers_manual_then_exact_language():
    info = SourceInfo(url="u", webpage_url="u", extractor="x", subtitles=[
        {"lang": "fr", "ext": "vtt", "url": "auto", "automatic": True, "name": None},
        {"lang": "fr-CA", "ext": "vtt", "url": "manual-ca", "automatic": False, "name": None},
        {"lang": "fr", "ext": "srv3", "url": "manual-srv3", "automatic": False, "name": None},
    ])
    assert pick_captions(info, "fr")["url"] == "manual-ca"
    assert pick_captions(info, "de") is None


# --- embeds ----------------------------------------------------------------------------


def test_embed_urls():
    assert embeds.embed_url("youtube", "abc") == "https://www.youtube-nocookie.com/embed/abc?enablejsapi=1"
    assert embeds.embed_url("youtube", "abc", start=65.4).endswith("?enablejsapi=1&start=65")
    assert embeds.embed_url("vimeo", "123") == "https://player.vimeo.com/video/123"
    assert embeds.embed_url("peertube", "u-u-i-d", host="video.example.org") == (
        "https://video.example.org/videos/embed/u-u-i-d?api=1"
    )
    with pytest.raises(ValueError):
        embeds.embed_url("peertube", "u-u-i-d")
    with pytest.raises(ValueError):
        embeds.embed_url("dailymotion", "x")


def test_platform_and_host_from_raw():
    info = SourceInfo.from_raw({
        "id": "9c9de5e8-0a1e-484a-b099-e80766180a6d", "extractor_key": "PeerTube",
        "webpage_url": "https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv", "title": "t",
    })
    assert info.platform == "peertube"
    assert info.embed_url() == "https://tube.example.fr/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?api=1"
    youtube = SourceInfo.from_raw({
        "id": "dQw4w9WgXcQ", "extractor_key": "Youtube", "webpage_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "duration": 212, "chapters": [{"start_time": 0.0, "end_time": 10.0, "title": "Intro"}],
    })
    assert (youtube.platform, youtube.embed_id, youtube.duration) == ("youtube", "dQw4w9WgXcQ", 212.0)
    assert youtube.chapters == [(0.0, "Intro")]


# --- chapter check ---------------------------------------------------------------------


def test_compare_chapters_same_count_by_order():
    programme = [("Ouverture", 0.0), ("Capa'Cité", 1445.0), ("Questions", 3000.0)]
    platform = [(0.0, "Intro"), (1450.0, "Capa'Cité"), (3000.5, "Q&R")]
    assert site_chapters.compare_chapters(programme, platform) == [
        "Capa'Cité : programme 24:05, plateforme 24:10",
    ]
    assert site_chapters.compare_chapters(programme, platform, tolerance=10) == []


def test_compare_chapters_by_title_reports_missing():
    programme = [("Ouverture", 0.0), ("Capa'Cité", 1445.0), ("France Active", 2000.0)]
    platform = [(0.0, "Ouverture"), (1450.0, "Capa Cite"), (3600.0, "Conclusion"),
                (3700.0, "Merci"), ]
    lines = site_chapters.compare_chapters(programme, platform, label="YouTube")
    assert lines == [
        "Capa'Cité : programme 24:05, YouTube 24:10",
        "France Active : programme 33:20, absent sur YouTube",
        "Conclusion : absent du programme, YouTube 1:00:00",
        "Merci : absent du programme, YouTube 1:01:40",
    ]


def test_compare_chapters_names_platform_title_when_it_differs():
    lines = site_chapters.compare_chapters([("Ouverture", 0.0)], [(5.0, "Accueil")])
    assert lines == ["Ouverture : programme 0:00, plateforme 0:05 (« Accueil »)"]
