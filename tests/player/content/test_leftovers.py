"""Temporary files a killed process left: removed after an hour, at start and by ``flask
cleanup``; everything else, and anything younger, kept. Real files, real mtimes (os.utime)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import create_app
from tests.support.paths import ROOT

WID = "2021-05-04"
OLD = time.time() - 2 * 3600
RECENT = time.time() - 20 * 60

# made by: write_atomic in history/ and for the data file, a handout's copy, the stand-in being
# made, yt-dlp (its .part and a finished file not renamed yet), set-recording's captions folder,
# /nouveau's staging folder, the job states and the secret key
LEFT = [
    f"{WID}/history/.webinar-20240101T000000.000000Z.yaml.k3j4_x.tmp",
    f"{WID}/.webinar.yaml.a8b9c0.tmp",
    f"{WID}/.programme.docx.tmp",
    f"{WID}/media/.demo.mp4.part-q1w2e3",
    f"{WID}/media/.recording-abc.download.mp4.part",
    f"{WID}/media/.recording-abc.download.mp4",
    f"{WID}/media/.incoming-zz9/",
    ".nouveau-0123456789abcdef/",
]
INSTANCE_LEFT = [".secret_key.x1y2.tmp", f"jobs/.{WID}.json.p0o9.tmp"]
# never touched, however old: the data, the media, the locks, the history, other hidden names
KEPT = [
    f"{WID}/history/webinar-20240101T000000.000000Z.yaml",
    f"{WID}/history/.lock",
    f"{WID}/media/demo.mp4",
    f"{WID}/media/recording-abc.mp4",
    f"{WID}/media/.incoming-zz9-not-a-dir",
    f"{WID}/.nouveau-not-at-the-top/",
    f"{WID}/media/thumbs/index.json",
]
INSTANCE_KEPT = ["secret_key", f"jobs/{WID}.json", f"jobs/{WID}.lock"]


@pytest.fixture
def app(webinars_dir, tmp_path):
    """The app with an instance folder of its own: these tests write made-up files there (a
    one-byte secret key among them) that the suite's shared instance folder must never hold."""
    instance = tmp_path / "instance"
    instance.mkdir()
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)},
                      instance_path=str(instance))


def make(root: Path, names: list[str], mtime: float) -> list[Path]:
    made = []
    for name in names:
        path = root / name.rstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir()
            (path / "inside.vtt").write_text("WEBVTT\n", encoding="utf-8")
            os.utime(path / "inside.vtt", (mtime, mtime))
        else:
            path.write_bytes(b"x")
        os.utime(path, (mtime, mtime))
        made.append(path)
    return made


def test_cleanup_removes_old_leftovers_only_and_says_which(runner, app, webinars_dir):
    instance = Path(app.instance_path)
    old = make(webinars_dir, LEFT, OLD) + make(instance, INSTANCE_LEFT, OLD)
    # the same kinds of names, younger than an hour: perhaps still being written
    young = make(webinars_dir, [f"{WID}/history/.webinar-2025.yaml.abc.tmp",
                                "2022-01-01/media/.incoming-new/"], RECENT)
    kept = make(webinars_dir, KEPT, OLD) + make(instance, INSTANCE_KEPT, OLD)

    result = runner.invoke(args=["cleanup"])
    assert result.exit_code == 0, result.output
    said = result.stdout.splitlines()
    assert sorted(said[:-1]) == sorted(f"supprimé : {path}" for path in old)
    assert said[-1] == f"{len(old)} fichier(s) ou dossier(s) temporaire(s) supprimé(s)"
    assert not [path for path in old if path.exists()]
    assert all(path.exists() for path in young + kept)
    # nothing left: it says so
    again = runner.invoke(args=["cleanup"])
    assert again.exit_code == 0
    assert again.stdout.strip() == "aucun fichier temporaire abandonné depuis plus d'une heure"


def test_a_folder_in_use_is_judged_by_its_newest_file(runner, webinars_dir):
    [folder] = make(webinars_dir, [f"{WID}/media/.incoming-busy/"], OLD)
    os.utime(folder / "inside.vtt", (RECENT, RECENT))
    assert runner.invoke(args=["cleanup"]).exit_code == 0
    assert (folder / "inside.vtt").is_file()


def test_the_app_sweeps_when_it_starts(webinars_dir, tmp_path):
    instance = tmp_path / "instance"
    old = make(webinars_dir, LEFT, OLD) + make(instance, INSTANCE_LEFT, OLD)
    kept = make(webinars_dir, KEPT, OLD)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}, instance_path=str(instance))
    assert sorted(app.extensions["leftovers_removed"]) == sorted(old)
    assert not [path for path in old if path.exists()] and all(path.exists() for path in kept)


def test_the_real_command_line_lists_what_its_start_removed(webinars_dir, tmp_path):
    instance = tmp_path / "instance"
    old = make(webinars_dir, LEFT, OLD)
    env = {**os.environ, "PLAYER_WEBINARS_DIR": str(webinars_dir), "PLAYER_INSTANCE_PATH": str(instance)}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "cleanup"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # a command's own start is quiet: the command says it once
    assert sorted(done.stdout.splitlines()[:-1]) == sorted(f"supprimé : {path}" for path in old)
    help_text = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "cleanup", "--help"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout
    assert "Supprime les fichiers et dossiers temporaires abandonnés" in help_text
