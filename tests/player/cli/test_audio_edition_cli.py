"""flask audio-edition, and the audio edition made after demo-recording, set-recording and an
editor's save: real ffmpeg, the .m4a read back, served with Range like the video."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chapters.audio_edition import AUDIO_FILE, COVER_FILE, audio_folder, read_edition
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from player.organisers import pictures
from tests.support.audio_files import make_recording, read_back
from tests.support.images import jpeg_size
from tests.support.paths import ROOT
from tests.support.webinar import WID, shorten

SECONDS = 21  # seven chapters of 3 s


@pytest.fixture(scope="module")
def short(tmp_path_factory) -> Path:
    return make_recording(tmp_path_factory.mktemp("short") / "recording.mp4", SECONDS)


def use_file(webinars_dir: Path, media: Path) -> Path:
    """The built-in webinar played from a copy of ``media``, its chapters 3 s apart."""
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(kind="file", src="recording.mp4", duration=SECONDS)
    for i, chapter in enumerate(webinar.chapters):
        chapter.start = i * 3
    save_webinar(webinar, folder)
    target = folder / "media" / "recording.mp4"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(media, target)
    return target


def fetch(client, url: str, **headers):
    """A response read in full and closed (an open file would be a ResourceWarning)."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    return response


def titles_and_starts(folder: Path) -> tuple[list[str], list[float]]:
    webinar = load_webinar(folder)
    return [c.title for c in webinar.chapters], [c.start for c in webinar.chapters]


def test_the_command_makes_the_edition_then_finds_it_up_to_date(runner, webinars_dir, short):
    target = use_file(webinars_dir, short)
    m4a = audio_folder(target.parent) / AUDIO_FILE
    result = runner.invoke(args=["audio-edition", WID])
    assert result.exit_code == 0, result.output
    size = read_edition(target.parent).size / 2**20
    assert result.stdout.strip() == f"{m4a} : édition audio faite (0:21, {size:.1f} Mo, 7 chapitres)"
    read = read_back(m4a)
    titles, starts = titles_and_starts(webinars_dir / WID)
    assert [t for *_, t in read["chapters"]] == titles
    assert [round(s, 3) for s, *_ in read["chapters"]] == starts
    assert abs(read["duration"] - SECONDS) <= 1 and read["audio"] == [("aac", 44100, "mono")]

    stamp = m4a.stat().st_mtime_ns
    again = runner.invoke(args=["audio-edition"])
    assert again.exit_code == 0 and "édition audio à jour" in again.stdout
    assert m4a.stat().st_mtime_ns == stamp
    forced = runner.invoke(args=["audio-edition", "--force"])
    assert forced.exit_code == 0 and "édition audio faite" in forced.stdout
    assert m4a.stat().st_mtime_ns != stamp


def test_the_edition_is_served_with_range_like_the_video(runner, client, webinars_dir, short):
    target = use_file(webinars_dir, short)
    assert runner.invoke(args=["audio-edition"]).exit_code == 0
    folder = audio_folder(target.parent)
    body = (folder / AUDIO_FILE).read_bytes()
    base = f"/w/{WID}/media/audio"
    part = fetch(client, f"{base}/edition.m4a", Range="bytes=100-1099")
    assert part.status_code == 206 and part.headers["Content-Type"] == "audio/mp4"
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(body)}"
    assert part.data == body[100:1100]
    whole = fetch(client, f"{base}/edition.m4a")
    assert whole.status_code == 200 and whole.data == body
    assert whole.headers["Accept-Ranges"] == "bytes"
    past = fetch(client, f"{base}/edition.m4a", Range=f"bytes={len(body) + 10}-")
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{len(body)}"
    page = past.get_data(as_text=True)
    assert 'lang="fr"' in page and "Plage demandée invalide" in page and "est hors du fichier." in page
    cover = fetch(client, f"{base}/cover.jpg")
    assert cover.status_code == 200 and cover.headers["Content-Type"] == "image/jpeg"
    assert jpeg_size(cover.data) == (1400, 1400)
    assert fetch(client, f"{base}/edition.json").status_code == 404  # a sidecar, never served


def test_an_embedded_recording_has_no_edition(runner, webinars_dir, short):
    target = use_file(webinars_dir, short)
    assert runner.invoke(args=["audio-edition"]).exit_code == 0
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(
        kind="embed", platform="youtube", embed_id="abc123", duration=SECONDS,
        src="https://www.youtube-nocookie.com/embed/abc123",
    )
    save_webinar(webinar, folder)
    result = runner.invoke(args=["audio-edition"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        f"{WID} : enregistrement lu hors d'ici (embed), aucune édition audio",
        f"{audio_folder(target.parent)} : ancienne édition audio retirée",
    ]
    assert read_edition(target.parent) is None
    assert not any(audio_folder(target.parent).iterdir())


def test_failures_are_one_french_line(runner, webinars_dir, tmp_path):
    missing = runner.invoke(args=["audio-edition"])
    assert missing.exit_code == 1
    assert missing.stderr.strip().endswith("fichier média absent (flask --app app demo-recording)")
    target = use_file(webinars_dir, make_recording(tmp_path / "muet.mp4", 4, sound=False))
    result = runner.invoke(args=["audio-edition"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"erreur : {target} : aucune piste audio, pas d'édition audio"]
    assert "Traceback" not in result.output
    assert read_edition(target.parent) is None and not (audio_folder(target.parent) / AUDIO_FILE).exists()


def test_demo_recording_makes_the_edition_of_the_stand_in(runner, webinars_dir):
    folder = webinars_dir / WID
    shorten(webinars_dir)  # 7 chapters of 5 s: quick to render
    result = runner.invoke(args=["demo-recording"])
    assert result.exit_code == 0, result.output
    media = folder / "media"
    edition = read_edition(media)
    assert edition is not None and edition.media == "demo.mp4"
    assert f"{audio_folder(media) / AUDIO_FILE} : édition audio faite" in result.stdout
    read = read_back(audio_folder(media) / AUDIO_FILE)
    titles, starts = titles_and_starts(folder)
    assert [(round(s, 3), t) for s, _, t in read["chapters"]] == list(zip(starts, titles))
    again = runner.invoke(args=["demo-recording"])
    assert "édition audio à jour" in again.stdout


def test_an_editor_save_writes_the_new_chapters_into_the_edition(runner, webinars_dir, short):
    """What the background process started after a save runs (player/organisers/pictures.py):
    the edition gets the new chapters by a remux; none is made where there was none."""
    target = use_file(webinars_dir, short)
    folder = webinars_dir / WID
    pictures.bring_up_to_date(folder)
    assert read_edition(target.parent) is None  # a save never encodes a whole recording
    assert runner.invoke(args=["audio-edition"]).exit_code == 0
    webinar = load_webinar(folder)
    webinar.chapters[2].title = "Un titre changé dans l'éditeur"
    webinar.chapters[3].start = 10
    save_webinar(webinar, folder)
    pictures.bring_up_to_date(folder)
    read = read_back(audio_folder(target.parent) / AUDIO_FILE)
    titles, starts = titles_and_starts(folder)
    assert [(round(s, 3), t) for s, _, t in read["chapters"]] == list(zip(starts, titles))
    assert (audio_folder(target.parent) / COVER_FILE).is_file()
    assert read_edition(target.parent).size == (audio_folder(target.parent) / AUDIO_FILE).stat().st_size


def test_the_command_waits_for_a_save_s_refresh_then_writes_the_saved_chapters(
    webinars_dir, short, tmp_path
):
    """``flask audio-edition`` and the refresh after an editor's save write the same file:
    the command takes the refresh's lock, says it waits, and works from the data file as the
    save left it (not as it read it before waiting), so a slow encode never puts old chapters
    back over a save's."""
    target = use_file(webinars_dir, short)
    folder, instance = webinars_dir / WID, tmp_path / "instance"
    env = {**os.environ, "PLAYER_WEBINARS_DIR": str(webinars_dir),
           "PLAYER_INSTANCE_PATH": str(instance)}
    with pictures.held(pictures.lock_path(instance, WID)):  # as a save's refresh at work would
        command = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "audio-edition", WID],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            said = command.stderr.readline()  # blocks until the command speaks, or ends
            assert "en cours, attente de sa fin" in said, said
            assert command.poll() is None and read_edition(target.parent) is None
            webinar = load_webinar(folder)  # the save the refresh works for
            webinar.chapters[2].title = "Un titre enregistré pendant l'attente"
            save_webinar(webinar, folder)
        except BaseException:
            command.kill()
            raise
    out, err = command.communicate(timeout=120)
    assert command.returncode == 0, err
    assert "édition audio faite" in out
    read = read_back(audio_folder(target.parent) / AUDIO_FILE)
    assert read["chapters"][2][2] == "Un titre enregistré pendant l'attente"


def test_set_recording_makes_the_edition_of_a_download_and_drops_it_for_a_link(
    runner, webinars_dir, http_fixture
):
    done = runner.invoke(args=["set-recording", http_fixture.url("webinaire.html"), "--mode", "download"])
    assert done.exit_code == 0, done.output
    media = webinars_dir / WID / "media"
    src = load_webinar(webinars_dir / WID).recording.src
    edition = read_edition(media)
    assert edition is not None and edition.media == src
    assert "Étape : édition audio" in done.stdout and "édition audio faite" in done.stdout
    read = read_back(audio_folder(media) / AUDIO_FILE)
    assert abs(read["duration"] - edition.duration) < 0.05 and read["audio"] == [("aac", 44100, "mono")]
    titles, starts = titles_and_starts(webinars_dir / WID)
    assert [(round(s, 3), t) for s, _, t in read["chapters"]] == list(zip(starts, titles))

    link = runner.invoke(args=["set-recording", http_fixture.url("webinaire.html"), "--mode", "link"])
    assert link.exit_code == 0, link.output
    assert f"{audio_folder(media)} : ancienne édition audio retirée" in link.stdout
    assert read_edition(media) is None and not (audio_folder(media) / AUDIO_FILE).exists()
