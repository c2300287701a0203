"""Chapter thumbnails: real ffmpeg on a short stand-in, real files, and the commands that make them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chapters.model import Chapter, Recording, Speaker, Webinar
from chapters.store import load_webinar, save_webinar
from player.media import ffmpeg as ffmpeg_module
from player.media.ffmpeg import MediaError
from player.media.demo import make_demo_recording
from player.media.thumbnails import (
    FILTER,
    MAX_BYTES,
    QUALITIES,
    THUMBS_DIR,
    chapter_thumbnails,
    frame_time,
    make_thumbnails,
    thumb_name,
)
from tests.support.images import jpeg_size
from tests.support.webinar import shorten

WID = "2021-05-04"
# The third chapter lasts 2 s: its frame must come from inside it, not 4 s in.
STARTS = [0.0, 10.0, 20.0, 22.0]
DURATION = 30.0


def small_webinar(kind: str = "demo") -> Webinar:
    return Webinar(
        id="essai",
        title="Essai",
        date="2021-05-04",
        recording=Recording(kind=kind, src="demo.mp4", duration=DURATION, duration_assumed=True),
        speakers=[Speaker("nina", "Nina O'Brien")],
        chapters=[
            Chapter("ouverture", STARTS[0], "Ouverture"),
            Chapter("capacite", STARTS[1], "Capa'Cité", speakers=["nina"]),
            Chapter("bref", STARTS[2], "Un chapitre très bref"),
            Chapter("questions", STARTS[3], "Questions et réponses", speakers=["nina"]),
        ],
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The stand-in, rendered once for the module (about a second)."""
    return make_demo_recording(small_webinar(), tmp_path_factory.mktemp("render") / "demo.mp4")


@pytest.fixture
def demo(rendered: Path, tmp_path: Path) -> Path:
    """A private copy of the stand-in, so each test has its own thumbs/ folder."""
    target = tmp_path / "media" / "demo.mp4"
    target.parent.mkdir()
    shutil.copyfile(rendered, target)
    return target


def ffmpeg(*args: str) -> bytes:
    done = subprocess.run([ffmpeg_module.ffmpeg_exe(), "-nostdin", "-v", "error", *args],
                          check=True, capture_output=True, timeout=60)  # fmt: skip
    return done.stdout


def one_chapter(duration: float) -> Webinar:
    webinar = small_webinar(kind="file")
    webinar.chapters = webinar.chapters[:1]
    webinar.recording.duration = duration
    return webinar


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, mtime_ns): os.replace gives a rewritten file a new inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


# --- make_thumbnails ----------------------------------------------------------------------


def test_one_small_jpeg_per_chapter_at_160x90(demo: Path):
    paths = make_thumbnails(small_webinar(), demo)
    thumbs = demo.parent / THUMBS_DIR
    assert paths == [thumbs / f"{round(s * 1000)}.jpg" for s in STARTS]
    contents = [p.read_bytes() for p in paths]
    for data in contents:
        assert jpeg_size(data) == (160, 90)
        assert len(data) <= MAX_BYTES
    # the stand-in draws each chapter's title, so no two pictures are alike
    assert len(set(contents)) == len(STARTS)
    # nothing else in the folder: no temporary file, only the index
    assert sorted(p.name for p in thumbs.iterdir()) == sorted([p.name for p in paths] + ["index.json"])


def test_frames_are_taken_inside_their_chapter():
    webinar = small_webinar()
    times = [frame_time(webinar, c, DURATION) for c in webinar.chapters]
    assert times == [4.0, 14.0, 21.0, 26.0]
    # a media shorter than the programme says: the frame stays inside the media
    assert frame_time(webinar, webinar.chapters[3], 24.0) == 23.0


def test_chapter_thumbnails_lists_them_for_local_recordings_only(demo: Path):
    webinar = small_webinar()
    assert chapter_thumbnails(webinar, demo.parent) == {}
    make_thumbnails(webinar, demo)
    expected = {c.id: thumb_name(c) for c in webinar.chapters}
    assert chapter_thumbnails(webinar, demo.parent) == expected
    assert all((demo.parent / name).is_file() for name in expected.values())
    assert chapter_thumbnails(small_webinar(kind="file"), demo.parent) == expected
    assert chapter_thumbnails(small_webinar(kind="embed"), demo.parent) == {}
    assert chapter_thumbnails(small_webinar(kind="link"), demo.parent) == {}


def test_second_run_rewrites_nothing(demo: Path):
    make_thumbnails(small_webinar(), demo)
    before = snapshot(demo.parent / THUMBS_DIR)
    assert len(make_thumbnails(small_webinar(), demo)) == len(STARTS)
    assert snapshot(demo.parent / THUMBS_DIR) == before


def test_moved_chapter_gets_a_new_picture_and_the_stale_one_goes(demo: Path):
    make_thumbnails(small_webinar(), demo)
    thumbs = demo.parent / THUMBS_DIR
    before = snapshot(thumbs)
    webinar = small_webinar()
    webinar.chapters[1].start = 12.0
    make_thumbnails(webinar, demo)
    after = snapshot(thumbs)
    assert "12000.jpg" in after and "10000.jpg" not in after
    for name in ("0.jpg", "20000.jpg", "22000.jpg"):  # frames that did not move are kept as they are
        assert after[name] == before[name]
    assert json.loads((thumbs / "index.json").read_text())["frames"]["12000.jpg"] == 16.0
    assert chapter_thumbnails(webinar, demo.parent)["capacite"] == "thumbs/12000.jpg"


def test_force_rewrites_every_picture(demo: Path):
    make_thumbnails(small_webinar(), demo)
    thumbs = demo.parent / THUMBS_DIR
    before = snapshot(thumbs)
    make_thumbnails(small_webinar(), demo, force=True)
    after = snapshot(thumbs)
    assert all(after[f"{round(s * 1000)}.jpg"] != before[f"{round(s * 1000)}.jpg"] for s in STARTS)
    assert not [p for p in thumbs.iterdir() if p.name.startswith(".")]


def test_changed_media_remakes_the_pictures(demo: Path):
    make_thumbnails(small_webinar(), demo)
    thumbs = demo.parent / THUMBS_DIR
    before = snapshot(thumbs)
    demo.write_bytes(demo.read_bytes())  # same content, new mtime: cannot be trusted as the same
    make_thumbnails(small_webinar(), demo)
    assert snapshot(thumbs)["0.jpg"] != before["0.jpg"]
    # a media that cannot be read: the pictures of the previous one do not stay behind
    demo.write_bytes(b"tronque")
    with pytest.raises(MediaError):
        make_thumbnails(small_webinar(), demo)
    assert sorted(p.name for p in thumbs.iterdir()) == []


def test_busy_frames_are_squeezed_under_8_kb(tmp_path: Path):
    noise = tmp_path / "noise.mp4"
    ffmpeg("-f", "lavfi", "-i",
           "nullsrc=s=320x180:r=2:d=8,geq=r=random(1)*255:g=random(2)*255:b=random(3)*255",
           "-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", "-pix_fmt", "yuv444p", str(noise))
    best = ffmpeg("-ss", "4", "-i", str(noise), "-frames:v", "1", "-vf", FILTER,
                  "-q:v", str(QUALITIES[0]), "-f", "mjpeg", "pipe:1")  # fmt: skip
    assert len(best) > MAX_BYTES  # so the retry at a lower quality is what is tested
    (path,) = make_thumbnails(one_chapter(8.0), noise)
    data = path.read_bytes()
    assert jpeg_size(data) == (160, 90) and len(data) <= MAX_BYTES


def test_4_3_media_is_padded_not_cropped(tmp_path: Path):
    white = tmp_path / "blanc.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=white:s=320x240:r=2:d=8",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", str(white))  # fmt: skip
    (path,) = make_thumbnails(one_chapter(8.0), white)
    assert jpeg_size(path.read_bytes()) == (160, 90)
    gray = ffmpeg("-i", str(path), "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1")
    row = gray[45 * 160 : 46 * 160]  # the middle row: 20 black, 120 white, 20 black
    assert max(row[:16]) < 40 and max(row[-16:]) < 40 and min(row[24:136]) > 215


def test_unreadable_media_is_one_french_line(tmp_path: Path):
    bad = tmp_path / "demo.mp4"
    bad.write_bytes(b"pas une video " * 100)
    with pytest.raises(MediaError) as caught:
        make_thumbnails(small_webinar(), bad)
    message = str(caught.value)
    assert "\n" not in message and "illisible" in message and "demo.mp4" in message
    with pytest.raises(MediaError, match="^fichier média introuvable : absent.mp4$"):
        make_thumbnails(small_webinar(), tmp_path / "absent.mp4")
    assert not (tmp_path / THUMBS_DIR).exists()


def test_audio_only_media_says_there_is_no_picture(tmp_path: Path):
    sound = tmp_path / "voix.m4a"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "30", "-c:a", "aac", str(sound))
    with pytest.raises(MediaError, match="^voix.m4a : aucune piste vidéo, pas de vignettes$"):
        make_thumbnails(small_webinar(kind="file"), sound)
    assert not list((tmp_path / THUMBS_DIR).glob("*.jpg"))


# --- the commands -------------------------------------------------------------------------


def jpegs(folder: Path) -> list[Path]:
    return sorted((folder / THUMBS_DIR).glob("*.jpg"))


def test_demo_recording_leaves_thumbnails_beside_the_stand_in(runner, webinars_dir: Path):
    webinar = shorten(webinars_dir)
    result = runner.invoke(args=["demo-recording"])
    assert result.exit_code == 0, result.output
    media_dir = webinars_dir / WID / "media"
    assert (media_dir / "demo.mp4").is_file()
    assert chapter_thumbnails(webinar, media_dir) == {c.id: thumb_name(c) for c in webinar.chapters}
    assert len(jpegs(media_dir)) == len(webinar.chapters) == 7
    assert f"{media_dir / THUMBS_DIR} : 7 vignettes" in result.stdout
    # up to date: run again, nothing is rewritten
    before = snapshot(media_dir / THUMBS_DIR)
    again = runner.invoke(args=["demo-recording"])
    assert again.exit_code == 0, again.output
    assert snapshot(media_dir / THUMBS_DIR) == before


def test_thumbnails_command_makes_them_for_existing_media(runner, webinars_dir: Path):
    webinar = shorten(webinars_dir)
    media_dir = webinars_dir / WID / "media"
    make_demo_recording(webinar, media_dir / "demo.mp4")
    assert not (media_dir / THUMBS_DIR).exists()
    result = runner.invoke(args=["thumbnails", WID])
    assert result.exit_code == 0, result.output
    assert len(jpegs(media_dir)) == 7
    assert all(len(p.read_bytes()) <= MAX_BYTES for p in jpegs(media_dir))
    before = snapshot(media_dir / THUMBS_DIR)
    forced = runner.invoke(args=["thumbnails", "--force"])
    assert forced.exit_code == 0, forced.output
    assert snapshot(media_dir / THUMBS_DIR)["0.jpg"] != before["0.jpg"]


def test_thumbnails_command_has_nothing_to_do_for_an_embed(runner, webinars_dir: Path):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(
        kind="embed", platform="youtube", embed_id="abc123", duration=6300,
        src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1",
    )  # fmt: skip
    save_webinar(webinar, folder)
    result = runner.invoke(args=["thumbnails"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        f"{WID} : enregistrement lu hors d'ici (embed), aucune vignette à faire"
    ]
    assert not (folder / "media").exists()


def test_thumbnails_command_without_media_fails_in_one_line(runner, webinars_dir: Path):
    result = runner.invoke(args=["thumbnails"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("erreur : ") and "fichier média absent" in lines[0]
    assert not (webinars_dir / WID / "media").exists()


def test_download_makes_thumbnails_and_an_audio_file_only_warns(
    runner, webinars_dir: Path, http_fixture
):
    result = runner.invoke(args=["set-recording", http_fixture.url("webinaire.html"), "--mode", "download"])
    assert result.exit_code == 0, result.output
    webinar = load_webinar(webinars_dir / WID)
    media_dir = webinars_dir / WID / "media"
    assert chapter_thumbnails(webinar, media_dir) == {c.id: thumb_name(c) for c in webinar.chapters}
    assert all(jpeg_size(p.read_bytes()) == (160, 90) for p in jpegs(media_dir))

    # a recording without pictures is still a recording: a warning, not a failure
    shorten(webinars_dir)
    sound = http_fixture.file("media/voix-seule.m4a")
    if not sound.exists():
        ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "40", "-c:a", "aac",
               str(sound))
    audio = runner.invoke(args=["set-recording", http_fixture.url("media/voix-seule.m4a"),
                                "--mode", "download"])  # fmt: skip
    assert audio.exit_code == 0, audio.output
    assert load_webinar(webinars_dir / WID).recording.kind == "file"
    warnings = [line for line in audio.stderr.splitlines() if "vignettes" in line]
    assert len(warnings) == 1 and warnings[0].startswith("attention : vignettes non faites : ")
    assert "aucune piste vidéo" in warnings[0]
    # the pictures of the previous recording are gone: none would match this one
    assert jpegs(media_dir) == []
    assert chapter_thumbnails(load_webinar(webinars_dir / WID), media_dir) == {}
