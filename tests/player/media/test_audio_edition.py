"""The audio edition: real ffmpeg on a short recording, read back with ffprobe (chapters, tags,
streams, the attached cover), made once, kept when up to date, remuxed when only the chapters
change, and never left half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chapters.audio_edition import AUDIO_FILE, COVER_FILE, COVER_SIZE, audio_folder, read_edition
from chapters.model import Chapter, Recording, Speaker, Webinar
from player.media import audio_edition
from player.media.audio_edition import KEPT, MADE, REMUXED, make_audio_edition
from player.media.ffmpeg import MediaError, probe_duration
from tests.support.audio_files import jpeg_components, make_recording, read_back, stream_bytes
from tests.support.images import jpeg_size

SECONDS = 24


def webinar() -> Webinar:
    return Webinar(
        id="essai",
        title="Créer l'activité : « besoins sociaux » ; #1",
        date="2021-05-04",
        organiser="GRAFIE",
        recording=Recording(kind="file", src="recording.mp4", duration=SECONDS),
        speakers=[Speaker("nina", "Nina O'Brien")],
        chapters=[
            Chapter("ouverture", 0.0, "Ouverture"),
            Chapter("capacite", 8.5, "Capa'Cité = insertion ; #2 \\ fin", speakers=["nina"]),
            Chapter("questions", 15.25, "Questions et réponses"),
        ],
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    return make_recording(tmp_path_factory.mktemp("rec") / "recording.mp4", SECONDS)


@pytest.fixture
def media(recorded: Path, tmp_path: Path) -> Path:
    """A private copy of the recording in a media folder of its own."""
    target = tmp_path / "media" / "recording.mp4"
    target.parent.mkdir()
    shutil.copyfile(recorded, target)
    return target


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def expected_chapters(w: Webinar, duration: float) -> list[tuple[float, float, str]]:
    starts = [c.start for c in w.chapters]
    return [(c.start, end, c.title) for c, end in zip(w.chapters, starts[1:] + [duration])]


def assert_chapters(found, w: Webinar, duration: float) -> None:
    assert [title for *_, title in found] == [c.title for c in w.chapters]
    for (start, end, _), (s, e, _) in zip(found, expected_chapters(w, duration)):
        assert start == pytest.approx(s, abs=0.001) and end == pytest.approx(e, abs=0.03)


def test_the_edition_holds_the_chapters_the_tags_and_the_cover(media: Path):
    w = webinar()
    edition, done = make_audio_edition(w, media)
    assert done == MADE
    folder = audio_folder(media.parent)
    m4a = folder / AUDIO_FILE
    read = read_back(m4a)
    video = probe_duration(media)
    assert abs(read["duration"] - video) <= 1.0
    assert_chapters(read["chapters"], w, video)
    assert read["audio"] == [("aac", 44100, "mono")]
    assert read["pictures"] == [("mjpeg", COVER_SIZE, COVER_SIZE)]
    tags = read["tags"]
    assert tags["title"] == w.title and tags["artist"] == "GRAFIE" and tags["album_artist"] == "GRAFIE"
    assert tags["album"] == "Webinaires GRAFIE" and tags["date"] == "2021-05-04"
    assert tags["genre"] == "Podcast"
    # the picture in the file is cover.jpg: square, RGB, COVER_SIZE a side
    cover = (folder / COVER_FILE).read_bytes()
    assert stream_bytes(m4a, "0:v") == cover
    assert jpeg_size(cover) == (COVER_SIZE, COVER_SIZE) and jpeg_components(cover) == 3
    # edition.json, written last, says what is there
    assert read_edition(media.parent) == edition
    assert edition.media == "recording.mp4" and edition.media_size == media.stat().st_size
    assert edition.size == m4a.stat().st_size and edition.cover_size == COVER_SIZE
    assert edition.duration == pytest.approx(read["duration"], abs=0.05)
    assert sorted(p.name for p in folder.iterdir()) == ["cover.jpg", "edition.json", "edition.m4a"]


def test_an_edition_up_to_date_is_left_alone(media: Path):
    w = webinar()
    make_audio_edition(w, media)
    folder = audio_folder(media.parent)
    before = snapshot(folder)
    edition, done = make_audio_edition(webinar(), media)
    assert done == KEPT and snapshot(folder) == before
    assert edition == read_edition(media.parent)


def test_changed_chapters_are_written_in_without_encoding_again(media: Path):
    w = webinar()
    make_audio_edition(w, media)
    m4a = audio_folder(media.parent) / AUDIO_FILE
    sound = stream_bytes(m4a, "0:a")
    w.chapters[1].start = 10.0
    w.chapters[2].title = "Questions du public"
    w.chapters.append(Chapter("conclusion", 20.0, "Conclusion"))
    edition, done = make_audio_edition(w, media)
    assert done == REMUXED
    read = read_back(m4a)
    assert_chapters(read["chapters"], w, probe_duration(media))
    assert stream_bytes(m4a, "0:a") == sound  # the very same AAC packets: copied, not encoded
    assert read["pictures"] == [("mjpeg", COVER_SIZE, COVER_SIZE)]
    assert read_edition(media.parent) == edition and edition.size == m4a.stat().st_size
    # a new title changes the tags and the cover: remuxed too
    w.title = "Un autre titre"
    _, done = make_audio_edition(w, media)
    assert done == REMUXED and read_back(m4a)["tags"]["title"] == "Un autre titre"


def test_force_and_a_new_recording_encode_again(media: Path, tmp_path: Path):
    w = webinar()
    make_audio_edition(w, media)
    assert make_audio_edition(w, media, force=True)[1] == MADE
    make_recording(media, SECONDS - 4)  # another recording under the same name
    edition, done = make_audio_edition(w, media)
    assert done == MADE and abs(edition.duration - (SECONDS - 4)) <= 1.0
    # the last chapter ends with the new recording
    assert read_back(audio_folder(media.parent) / AUDIO_FILE)["chapters"][-1][1] == pytest.approx(
        probe_duration(media), abs=0.05)


def test_chapters_past_the_end_are_left_out_and_the_last_one_ends_with_it(media: Path):
    w = webinar()
    w.recording.duration = 6300  # as written in the programme: longer than the file
    w.chapters.append(Chapter("tard", 3000.0, "Après la fin"))
    make_audio_edition(w, media)
    found = read_back(audio_folder(media.parent) / AUDIO_FILE)["chapters"]
    assert [t for *_, t in found] == [c.title for c in w.chapters[:3]]
    assert found[-1][1] == pytest.approx(probe_duration(media), abs=0.05)


def test_remux_only_does_nothing_without_an_edition(media: Path):
    assert make_audio_edition(webinar(), media, remux_only=True) == (None, KEPT)
    assert not audio_folder(media.parent).exists()


def test_a_recording_without_pictures_gets_a_text_cover(tmp_path: Path):
    media = make_recording(tmp_path / "media" / "recording.mp4", 6, picture=False)
    w = webinar()
    w.chapters = w.chapters[:1]
    edition, done = make_audio_edition(w, media)
    assert done == MADE
    read = read_back(audio_folder(media.parent) / AUDIO_FILE)
    assert read["pictures"] == [("mjpeg", COVER_SIZE, COVER_SIZE)] and read["audio"]


def test_failures_are_one_french_line_and_leave_no_file(media: Path, tmp_path: Path):
    folder = audio_folder(media.parent)
    silent = make_recording(tmp_path / "silent" / "recording.mp4", 4, sound=False)
    with pytest.raises(MediaError) as error:
        make_audio_edition(webinar(), silent)
    assert str(error.value) == "aucune piste audio, pas d'édition audio"
    assert not list(audio_folder(silent.parent).glob("*")) and not list(
        audio_folder(silent.parent).glob(".*"))
    # a broken recording: ffmpeg's own words, on one line, nothing written
    media.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"abime" * 400)
    with pytest.raises(MediaError) as error:
        make_audio_edition(webinar(), media)
    assert "\n" not in str(error.value) and "recording.mp4" in str(error.value)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_failure_leaves_the_previous_edition_whole(media: Path, monkeypatch):
    w = webinar()
    make_audio_edition(w, media)
    folder = audio_folder(media.parent)
    before = snapshot(folder)
    w.chapters[0].title = "Nouveau titre"
    # an encoder ffmpeg does not know: the real ffmpeg fails on the real file
    monkeypatch.setattr(audio_edition, "BITRATE", "pas-un-débit")
    with pytest.raises(MediaError) as error:
        make_audio_edition(w, media, force=True)
    assert str(error.value).startswith("edition.m4a non généré : ")
    assert snapshot(folder) == before  # no temporary file left, nothing replaced
