"""After a save in the editor, a chapter whose start moved gets its new thumbnail and share card
in the background (player/organisers/pictures.py): never in the request, one webinar's refreshes
one after the other under a lock in the instance folder."""

from __future__ import annotations

import fcntl
import os
import re
import time
from pathlib import Path

import pytest

from app import create_app
from chapters import edits
from chapters.audio_edition import AUDIO_FILE, audio_folder, read_edition
from chapters.store import load_webinar
from player.media.audio_edition import make_audio_edition
from player.organisers import pictures
from tests.support.audio_files import read_back, stream_bytes
from tests.support.media import make_small_recording
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, session_csrf, sign_in

WID = "court"
DATA = """\
title: Un webinaire court
date: '2022-03-10'
recording:
  kind: file
  src: court.mp4
  duration: 12
chapters:
- id: debut
  start: "0:00"
  title: Début
- id: milieu
  start: "0:04"
  title: Milieu
- id: fin
  start: "0:08"
  title: Fin
"""
WAIT = 90  # seconds: generous, for a slow machine shared with other work


@pytest.fixture(scope="module")
def twelve_seconds(tmp_path_factory) -> Path:
    """A real 12-second recording whose frames differ over time (ffmpeg's test pattern)."""
    return make_small_recording(tmp_path_factory.mktemp("court") / "court.mp4", seconds=12)


@pytest.fixture
def folder(webinars_dir: Path, twelve_seconds: Path) -> Path:
    folder = webinars_dir / WID
    (folder / "media").mkdir(parents=True)
    (folder / "webinar.yaml").write_text(DATA, encoding="utf-8")
    os.link(twelve_seconds, folder / "media" / "court.mp4")
    pictures.bring_up_to_date(folder)  # the pictures as they were before the save
    return folder


@pytest.fixture
def organiser(webinars_dir, tmp_path):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)},
                     instance_path=str(tmp_path / "instance"))
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def _form(client) -> dict[str, list[str]]:
    html = client.get(f"/w/{WID}/modifier").get_data(as_text=True)
    version = re.search(r'name="version" value="([0-9a-f]{64})"', html)[1]
    values = edits.form_values(load_webinar(Path(client.application.config["WEBINARS_DIR"]) / WID))
    return {**values, "version": [version], "csrf_token": [session_csrf(client)]}


def _wait_for(check, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the background refresh did not finish in time"
        time.sleep(0.1)


def test_a_moved_start_gets_its_new_thumbnail_and_card_after_the_save(organiser, folder):
    thumbs, cards = folder / "media" / "thumbs", folder / "media" / "cards"
    old_thumb = (thumbs / "4000.jpg").read_bytes()
    old_card = (cards / "chapter-milieu.jpg").read_bytes()
    assert not (thumbs / "2000.jpg").exists()

    form = _form(organiser)
    form["chapters.milieu.start"] = ["0:02"]
    answer = organiser.post(f"/w/{WID}/modifier", data=form)
    assert answer.status_code == 303 and "fait=enregistre" in answer.headers["Location"]
    assert load_webinar(folder).chapter("milieu").start == 2
    # the request only started the work; it goes on in a process of its own
    runner = pictures._children[-1]
    assert runner.args[:3] == [runner.args[0], "-m", pictures.RUNNER_MODULE]
    assert runner.args[3] == str(pictures.lock_path(organiser.application.instance_path, WID))

    _wait_for(lambda: (thumbs / "2000.jpg").is_file() and not (thumbs / "4000.jpg").exists()
              and (cards / "chapter-milieu.jpg").read_bytes() != old_card)
    assert runner.wait(timeout=WAIT) == 0
    assert (thumbs / "2000.jpg").read_bytes() != old_thumb  # a frame of another moment (6 s, not 7 s)
    assert (thumbs / "2000.jpg").read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
    # the watch page names the new thumbnail
    page = organiser.get(f"/w/{WID}").get_data(as_text=True)
    assert f"/w/{WID}/media/thumbs/2000.jpg" in page and "thumbs/4000.jpg" not in page


def test_two_refreshes_wait_for_each_other_on_the_lock(organiser, folder, tmp_path):
    instance = organiser.application.instance_path
    lock = pictures.lock_path(instance, WID)
    lock.parent.mkdir(parents=True, exist_ok=True)
    thumbs = folder / "media" / "thumbs"
    data = folder / "webinar.yaml"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a refresh already at work would
        data.write_text(DATA.replace('"0:08"', '"0:09"'), encoding="utf-8")
        runner = pictures.refresh(instance, folder, load_webinar(folder))
        time.sleep(1.5)
        assert runner.poll() is None, "the refresh did not wait for the lock"
        assert not (thumbs / "9000.jpg").exists()
        # a second save meanwhile: both end with the newest data
        data.write_text(DATA.replace('"0:08"', '"0:10"'), encoding="utf-8")
        second = pictures.refresh(instance, folder, load_webinar(folder))
    finally:
        os.close(fd)
    assert runner.wait(timeout=WAIT) == 0 and second.wait(timeout=WAIT) == 0
    assert (thumbs / "10000.jpg").is_file()
    assert not (thumbs / "9000.jpg").exists() and not (thumbs / "8000.jpg").exists()


def test_nothing_is_started_without_a_recording_file(organiser, folder):
    (folder / "media" / "court.mp4").unlink()
    assert pictures.refresh(organiser.application.instance_path, folder, load_webinar(folder)) is None


def test_a_save_writes_the_new_chapters_into_the_audio_edition(organiser, folder):
    """The background process after a save remuxes an audio edition already made (the sound
    copied, not encoded): its chapters read back as saved."""
    media = folder / "media" / "court.mp4"
    make_audio_edition(load_webinar(folder), media)
    m4a = audio_folder(media.parent) / AUDIO_FILE
    sound = stream_bytes(m4a, "0:a")
    form = _form(organiser)
    form["chapters.milieu.start"] = ["0:05"]
    form["chapters.milieu.title"] = ["Le milieu, déplacé"]
    answer = organiser.post(f"/w/{WID}/modifier", data=form)
    assert answer.status_code == 303
    assert pictures._children[-1].wait(timeout=WAIT) == 0
    found = read_back(m4a)["chapters"]
    assert [(round(start, 3), title) for start, _, title in found] == [
        (0, "Début"), (5, "Le milieu, déplacé"), (8, "Fin")]
    assert stream_bytes(m4a, "0:a") == sound
    assert read_edition(media.parent).size == m4a.stat().st_size
