"""player.media: the generated demo recording (real ffmpeg, real files) and Range serving."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import time
from pathlib import Path

import pytest
from flask import Flask

from chapters.model import Chapter, Recording, Speaker, Webinar
pass  # REMAP-EMPTY
from player.media import demo as demo_module
from player.media import ffmpeg as ffmpeg_module
from player.media.ffmpeg import MediaError, probe_duration
from player.media.demo import make_demo_recording
from player.site.media_files import send_media
from tests.support.media import keyframe_times

STARTS = [0.0, 4.0, 8.0]


def small_webinar(duration: float | None = 12) -> Webinar:
    """Three chapters at 0, 4 and 8 s; titles with the apostrophes and colons French brings."""
    return Webinar(
        id="essai",
        title="Essai",
        date="2021-05-04",
        recording=Recording(kind="demo", src="demo.mp4", duration=duration, duration_assumed=True),
        speakers=[Speaker("cedric-herve", "Cédric Hervé"), Speaker("nina", "Nina O'Brien")],
        chapters=[
            Chapter("ouverture", 0, "Ouverture : l'accueil à 100 %"),
            Chapter("capacite", 4, "Capa'Cité", speakers=["cedric-herve"]),
            Chapter(
                "questions", 8, "Questions, [réponses]; fin", speakers=["cedric-herve", "nina"]
            ),
        ],
    )


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types, in file order."""
    data = path.read_bytes()
    boxes, pos = [], 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        elif size == 0:
            size = len(data) - pos
        boxes.append(kind.decode("latin-1"))
        pos += size
    return boxes


def ffmpeg_header(path: Path) -> str:
    done = subprocess.run(
        [ffmpeg_module.ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    )
    return done.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part-" in p.name)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return make_demo_recording(small_webinar(), tmp_path_factory.mktemp("media") / "demo.mp4")


# --- the demo recording -------------------------------------------------------------------


def test_demo_is_h264_aac_in_faststart_mp4(demo: Path):
    boxes = top_level_boxes(demo)
    assert boxes[0] == "ftyp"
    assert boxes.index("moov") < boxes.index("mdat")
    header = ffmpeg_header(demo)
    assert "Video: h264" in header and "yuv420p" in header and "640x360" in header
    assert "Audio: aac" in header and "mono" in header
    assert "major_brand     : isom" in header


def test_demo_lasts_the_requested_duration(demo: Path):
    assert probe_duration(demo) == pytest.approx(12, abs=0.1)


def test_demo_has_a_keyframe_at_every_chapter_start(demo: Path):
    keys = keyframe_times(demo)
    for start in STARTS:
        assert any(abs(k - start) < 0.01 for k in keys), (start, keys)


def test_demo_keyframes_at_least_every_ten_seconds(tmp_path: Path):
    webinar = small_webinar(duration=35)
    keys = keyframe_times(make_demo_recording(webinar, tmp_path / "demo.mp4"))
    gaps = [b - a for a, b in zip(keys, keys[1:] + [35.0])]
    assert max(gaps) <= demo_module.KEYFRAME_EVERY + 0.01, keys


def test_sidecar_records_titles_speakers_and_duration(demo: Path):
    saved = json.loads(demo.with_name("demo.mp4.json").read_text(encoding="utf-8"))
    assert saved["duration"] == 12
    assert saved["label"] == "Enregistrement de démonstration généré"
    assert saved["slides"] == [  # one slide per short chapter: start, end, heading, title, lines
        [0, 4, "Chapitre 1 / 3", "Ouverture : l'accueil à 100 %", []],
        [4, 8, "Chapitre 2 / 3", "Capa'Cité", ["Avec Cédric Hervé"]],
        [8, 12, "Chapitre 3 / 3", "Questions, [réponses]; fin", ["Avec Cédric Hervé, Nina O'Brien"]],
    ]


def test_demo_frames_change_with_the_chapter(demo: Path):
    """Title and speakers are drawn: the picture differs from one chapter to the next."""

    def frame(at: float) -> bytes:
        cmd = [ffmpeg_module.ffmpeg_exe(), "-v", "error", "-ss", str(at), "-i", str(demo),
               "-frames:v", "1", "-vf", "crop=640:200:0:0",
               "-f", "rawvideo", "-pix_fmt", "gray", "-"]  # fmt: skip
        return subprocess.run(cmd, capture_output=True, check=True).stdout

    def changed(a: bytes, b: bytes) -> int:
        """Pixels that really differ, not just by compression noise."""
        return sum(abs(x - y) > 64 for x, y in zip(a, b))

    # The crop leaves the clock out, so only the chapter text can differ.
    first, same, second, third = frame(1), frame(3), frame(5), frame(9)
    assert changed(first, same) < 50
    assert changed(first, second) > 500 and changed(second, third) > 500


def test_second_call_is_instant_and_leaves_the_file_alone(tmp_path: Path):
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    before = target.stat()
    began = time.perf_counter()
    assert make_demo_recording(small_webinar(), target) == target
    assert time.perf_counter() - began < 0.1
    after = target.stat()
    # A new rendering would be a new inode (os.replace), so this proves ffmpeg did not run.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_changed_title_renders_again(tmp_path: Path):
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    os.utime(target, ns=(0, 0))
    webinar = small_webinar()
    webinar.chapters[1].title = "Capa'Cité, nouveau titre"
    make_demo_recording(webinar, target)
    assert target.stat().st_mtime_ns != 0
    assert "nouveau titre" in target.with_name("demo.mp4.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["speaker", "duration", "force"])
def test_other_changes_render_again(tmp_path: Path, change: str):
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    os.utime(target, ns=(0, 0))
    webinar, kwargs = small_webinar(), {}
    if change == "speaker":
        webinar.speakers[0].name = "Cédric Hervé-Martin"
    elif change == "duration":
        kwargs["duration"] = 13
    else:
        kwargs["force"] = True
    make_demo_recording(webinar, target, **kwargs)
    assert target.stat().st_mtime_ns != 0


def test_a_missing_file_renders_again_despite_its_sidecar(tmp_path: Path):
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    target.unlink()
    make_demo_recording(small_webinar(), target)
    assert probe_duration(target) == pytest.approx(12, abs=0.1)


def test_ffmpeg_stopped_midway_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch
):
    """ffmpeg really runs and is killed while writing; the good file must survive."""
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    good, sidecar = target.read_bytes(), target.with_name("demo.mp4.json").read_text()
    monkeypatch.setattr(ffmpeg_module, "FFMPEG_TIMEOUT", 0.3)
    with pytest.raises(MediaError) as caught:
        make_demo_recording(small_webinar(), target, duration=1800)
    message = str(caught.value)
    assert "\n" not in message and "ffmpeg a dépassé" in message
    assert target.read_bytes() == good
    assert target.with_name("demo.mp4.json").read_text() == sidecar
    assert leftovers(tmp_path) == []


def test_ffmpeg_error_is_one_french_line(tmp_path: Path, monkeypatch):
    """A font file freetype cannot read makes ffmpeg fall back to fontconfig instead of
    failing, so an impossible frame size is what makes the real ffmpeg refuse here."""
    target = make_demo_recording(small_webinar(), tmp_path / "demo.mp4")
    good = target.read_bytes()
    monkeypatch.setattr(demo_module, "WIDTH", -640)
    with pytest.raises(MediaError) as caught:
        make_demo_recording(small_webinar(), target, force=True)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("demo.mp4 non généré : ")
    assert target.read_bytes() == good
    assert leftovers(tmp_path) == []


def test_missing_font_is_a_clear_error(tmp_path: Path):
    with pytest.raises(MediaError, match="police introuvable"):
        make_demo_recording(small_webinar(), tmp_path / "demo.mp4", font=tmp_path / "none.ttf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("duration", [8, 0, -5])
def test_a_duration_shorter_than_the_chapters_is_refused(tmp_path: Path, duration: float):
    with pytest.raises(MediaError, match="trop courte"):
        make_demo_recording(small_webinar(), tmp_path / "demo.mp4", duration=duration)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("duration", [float("inf"), float("nan"), 1e15])
def test_an_impossible_duration_is_refused_before_ffmpeg(tmp_path: Path, duration: float):
    with pytest.raises(MediaError, match="durée impossible"):
        make_demo_recording(small_webinar(), tmp_path / "demo.mp4", duration=duration)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_duration_is_refused(tmp_path: Path):
    with pytest.raises(MediaError, match="durée de l'enregistrement inconnue"):
        make_demo_recording(small_webinar(duration=None), tmp_path / "demo.mp4")


def test_probe_duration_refuses_what_is_not_media(tmp_path: Path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all")
    with pytest.raises(MediaError, match="durée illisible"):
        probe_duration(junk)
    with pytest.raises(MediaError, match="introuvable"):
        probe_duration(tmp_path / "missing.mp4")


# --- serving media with Range -------------------------------------------------------------

BODY = bytes(range(256)) * 4  # 1024 bytes, every slice recognisable
SIZE = len(BODY)


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(BODY)
    (folder / "captions.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")
    (folder / "sub").mkdir()
    (tmp_path / "secret.txt").write_text("hors du dossier")
    return folder


def fetch(client, url: str, method: str = "GET", **headers):
    """A response read in full and closed (an open file would be a ResourceWarning)."""
    # Followed so that werkzeug's merging of "//" (a 308) still ends where the file would be.
    response = client.open(url, method=method, headers=headers, follow_redirects=True)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def media_client(media_dir: Path):
    app = Flask(__name__)

    @app.get("/media/<path:name>")
    def serve(name: str):
        return send_media(media_dir, name)

    return app.test_client()


def test_plain_get_is_200_with_validators(media_client):
    r = fetch(media_client, "/media/clip.mp4")
    assert r.status_code == 200
    assert r.data == BODY
    assert r.headers["Accept-Ranges"] == "bytes"
    assert r.headers["Content-Type"] == "video/mp4"
    assert r.headers["Content-Length"] == str(SIZE)
    assert r.headers["ETag"].startswith('"')
    assert "Last-Modified" in r.headers


def test_head_has_headers_and_no_body(media_client):
    r = fetch(media_client, "/media/clip.mp4", "HEAD")
    assert r.status_code == 200
    assert r.headers["Content-Length"] == str(SIZE) and r.data == b""


def test_captions_are_text_vtt(media_client):
    r = fetch(media_client, "/media/captions.vtt")
    assert r.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert r.data.startswith(b"WEBVTT")


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-100", 100, 100),
        ("bytes=1000-", 1000, SIZE - 1),
        ("bytes=1000-5000", 1000, SIZE - 1),  # an end past the file is cut to the file
        ("bytes=-24", SIZE - 24, SIZE - 1),
        ("bytes=-5000", 0, SIZE - 1),  # a suffix longer than the file is the whole file
    ],
)
def test_satisfiable_range_is_206(media_client, header: str, first: int, last: int):
    r = fetch(media_client, "/media/clip.mp4", Range=header)
    assert r.status_code == 206
    assert r.headers["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert r.headers["Content-Length"] == str(last - first + 1)
    assert r.headers["Content-Type"] == "video/mp4"
    assert r.data == BODY[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=2000-3000"])
def test_range_past_the_end_is_416(media_client, header: str):
    r = fetch(media_client, "/media/clip.mp4", Range=header)
    assert r.status_code == 416
    assert r.headers["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize(
    "header", ["bytes=abc", "bytes=5-2", "items=0-1", "bytes=5-6,0-1", "bytes=-0", "bytes", ""]
)
def test_unusable_range_is_ignored_with_the_whole_file(media_client, header: str):
    """Deliberate: RFC 9110 lets a server ignore a Range it cannot use, and requires it for
    unknown units; the full 200 keeps such clients working where a 416 would stop them."""
    r = fetch(media_client, "/media/clip.mp4", Range=header)
    assert r.status_code == 200
    assert r.data == BODY
    assert "Content-Range" not in r.headers


def test_if_none_match_is_304(media_client):
    etag = fetch(media_client, "/media/clip.mp4").headers["ETag"]
    r = fetch(media_client, "/media/clip.mp4", **{"If-None-Match": etag})
    assert r.status_code == 304
    assert r.data == b""
    assert r.headers["ETag"] == etag


def test_if_range_follows_the_etag(media_client):
    etag = fetch(media_client, "/media/clip.mp4").headers["ETag"]
    fresh = fetch(media_client, "/media/clip.mp4", Range="bytes=0-9", **{"If-Range": etag})
    assert fresh.status_code == 206 and fresh.data == BODY[:10]
    stale = fetch(media_client, "/media/clip.mp4", Range="bytes=0-9", **{"If-Range": '"old"'})
    assert stale.status_code == 200 and stale.data == BODY


@pytest.mark.parametrize(
    "url",
    [
        "/media/missing.mp4",
        "/media/sub",
        "/media/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media/sub/..%2f..%2fsecret.txt",
        "/media/%2Fetc%2Fpasswd",
    ],
)
def test_missing_or_outside_is_404(media_client, url: str):
    assert fetch(media_client, url).status_code == 404


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "sub/../../secret.txt", "", "."])
def test_names_escaping_the_folder_are_404(media_dir: Path, name: str):
    from werkzeug.exceptions import NotFound

    with Flask(__name__).test_request_context("/"):
        with pytest.raises(NotFound):
            send_media(media_dir, name)


def test_symlink_leading_outside_is_404(media_dir: Path, media_client):
    (media_dir / "link.txt").symlink_to(media_dir.parent / "secret.txt")
    assert fetch(media_client, "/media/link.txt").status_code == 404
