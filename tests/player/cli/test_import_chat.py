"""flask --app app import-chat WEBINAIRE FICHIER: exit codes, French lines, idempotent."""

from __future__ import annotations

import subprocess
import sys

from chapters.chat import read_discussion
from tests.support.chat import NEW_ZOOM, QA_CSV
from tests.support.paths import ROOT
from tests.support.webinar import WID


def test_imports_then_reimport_adds_nothing(runner, webinars_dir, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(NEW_ZOOM, encoding="utf-16")
    first = runner.invoke(args=["import-chat", WID, str(chat)])
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == (f"{chat} : 3 message(s) lu(s) dont 1 question(s) ; 3 nouveau(x), "
                                    f"3 dans la discussion de {WID}")
    assert f"attention : {chat}:6: 1 message(s) privé(s) laissé(s) de côté" in first.stderr
    again = runner.invoke(args=["import-chat", WID, str(chat)])
    assert again.exit_code == 0 and "0 nouveau(x), 3 dans la discussion" in again.stdout
    assert len(read_discussion(webinars_dir / WID)) == 3


def test_a_second_source_is_merged(runner, webinars_dir, tmp_path):
    (tmp_path / "chat.txt").write_text(NEW_ZOOM)
    (tmp_path / "rapport").write_text(QA_CSV)  # no extension: found by its content
    assert runner.invoke(args=["import-chat", WID, str(tmp_path / "chat.txt")]).exit_code == 0
    done = runner.invoke(args=["import-chat", WID, str(tmp_path / "rapport")])
    assert done.exit_code == 0, done.output
    kept = read_discussion(webinars_dir / WID)
    assert len(kept) == 5 and {m.source for m in kept} == {"zoom-chat", "zoom-qa"}


def test_unknown_layout_is_one_french_line_and_nothing_written(runner, webinars_dir, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("Bonjour\n")
    result = runner.invoke(args=["import-chat", WID, str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"erreur : {bad}:1: format de discussion inconnu (ni discussion Zoom, ni " \
        "discussion YouTube, ni rapport de questions-réponses Zoom) : « Bonjour »\n"
    assert not (webinars_dir / WID / "discussion.json").exists()


def test_missing_file_and_unknown_webinar(runner, tmp_path):
    missing = runner.invoke(args=["import-chat", WID, str(tmp_path / "absent.txt")])
    assert missing.exit_code == 1 and missing.stderr == f"erreur : {tmp_path / 'absent.txt'} : fichier absent\n"
    unknown = runner.invoke(args=["import-chat", "inconnu", str(tmp_path / "chat.txt")])
    assert unknown.exit_code == 1 and "aucun webinaire « inconnu »" in unknown.stderr
    usage = runner.invoke(args=["import-chat"])
    assert usage.exit_code == 2 and "argument manquant : WEBINAIRE" in usage.stderr


def test_help_is_french_on_the_real_command_line():
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "import-chat", "--help"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Utilisation : " in done.stdout
    assert "Importe la discussion du public" in done.stdout


def test_100_mb_refused_with_exit_code_1(runner, webinars_dir, tmp_path):
    big = tmp_path / "énorme.txt"
    with big.open("wb") as out:
        out.truncate(100 * 2**20)  # sparse: nothing written
    result = runner.invoke(args=["import-chat", WID, str(big)])
    assert result.exit_code == 1
    assert result.stderr == f"erreur : {big}:1: fichier de 100 Mo : refusé (moins de 100 Mo acceptés)\n"
    assert not (webinars_dir / WID / "discussion.json").exists()
