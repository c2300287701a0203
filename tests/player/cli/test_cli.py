"""The organisers' commands: import-programme and export-chapters."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import webvtt

from chapters.store import load_webinar
from tests.support.paths import FIXTURES, ROOT
from tests.support.webinar import PROGRAMME, STARTS


def test_import_json_gives_the_figures_of_4_may_2021(runner):
    result = runner.invoke(args=["import-programme", str(PROGRAMME), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["start"] for c in data["chapters"]] == STARTS
    assert all(isinstance(c["start"], int) for c in data["chapters"])
    chapter_ids = [c["id"] for c in data["chapters"]]
    answered_in = [chapter_ids.index(q["chapter"]) + 1 for q in data["questions"]]
    assert answered_in == [2, 3, 3, 4, 6, 7]
    speaker_ids = {s["id"] for s in data["speakers"]}
    assert all(set(c["speakers"]) <= speaker_ids for c in data["chapters"])
    assert {q["speaker"] for q in data["questions"]} <= speaker_ids
    assert data["speakers"][2]["name"] == "Cédric Hervé"


def test_import_json_on_the_real_command_line():
    """The exact command of the issue, in a separate process, warnings on stderr only."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "import-programme",
         "webinars/2021-05-04/programme.txt", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["questions"]) == 6


def test_import_warns_on_stderr_for_an_unknown_answerer(runner):
    result = runner.invoke(
        args=["import-programme", str(FIXTURES / "programme-2023-03-21.txt"), "--format", "json"]
    )
    assert result.exit_code == 0
    assert "Sophie Marchand" in result.stderr
    json.loads(result.stdout)  # stdout stays pure JSON


def test_import_writes_the_data_folder_and_refuses_to_overwrite(runner, tmp_path):
    out = tmp_path / "webinaire"
    result = runner.invoke(args=["import-programme", str(PROGRAMME), "--out", str(out)])
    assert result.exit_code == 0, result.output
    webinar = load_webinar(out)
    assert [c.start for c in webinar.chapters][-1] == 5380
    assert (out / "programme.txt").read_bytes() == PROGRAMME.read_bytes()
    before = (out / "webinar.yaml").read_text(encoding="utf-8")
    again = runner.invoke(args=["import-programme", str(PROGRAMME), "--out", str(out)])
    assert again.exit_code != 0 and "--force" in again.stderr
    assert (out / "webinar.yaml").read_text(encoding="utf-8") == before


def test_import_of_an_unreadable_document_fails_in_one_line(runner, tmp_path):
    bad = tmp_path / "programme.txt"
    bad.write_text("Webinaire du 4 mai 2021\n\n« Titre »\n\nTemporalité\n\nOuverture\n\n6'75\n", encoding="utf-8")
    result = runner.invoke(args=["import-programme", str(bad), "--format", "json"])
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{bad}:" in lines[0] and "6'75" in lines[0]
    missing = runner.invoke(args=["import-programme", str(tmp_path / "absent.txt")])
    assert missing.exit_code != 0 and "introuvable" in missing.stderr


def test_export_vtt_is_read_back_by_webvtt_py(runner):
    result = runner.invoke(args=["export-chapters", "2021-05-04", "--format", "vtt"])
    assert result.exit_code == 0, result.output
    vtt = webvtt.from_string(result.stdout, strict=True)
    assert [c.identifier for c in vtt] == [
        "ouverture", "relocalisations", "capa-cite", "besoins-sociaux-iae",
        "regies-de-quartier", "fleurs-d-halage", "france-active",
    ]
    assert [c.start_time.in_milliseconds() for c in vtt][-1] == 5380_000
    assert vtt.captions[-1].end_time.in_milliseconds() == 6300_000


def test_export_youtube_default_webinar(runner):
    result = runner.invoke(args=["export-chapters", "--format", "youtube"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("0:00 ") and lines[2].startswith("24:05 Capa'Cité")
    assert lines[-1].startswith("1:29:40 France Active")


def test_export_json_and_ffmetadata(runner):
    podcast = json.loads(runner.invoke(args=["export-chapters", "--format", "json"]).stdout)
    assert [c["startTime"] for c in podcast["chapters"]] == STARTS
    meta = runner.invoke(args=["export-chapters", "--format", "ffmetadata"]).stdout
    assert meta.startswith(";FFMETADATA1")
    assert re.findall(r"START=(\d+)", meta)[2] == "1445000"


def test_export_youtube_refuses_chapters_that_break_its_rules(runner, webinars_dir):
    data = webinars_dir / "2021-05-04" / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace('start: "0:00"', 'start: "0:03"'),
                    encoding="utf-8")
    result = runner.invoke(args=["export-chapters", "2021-05-04", "--format", "youtube"])
    assert result.exit_code != 0
    assert "0:00" in result.stderr and "webinar.yaml" in result.stderr


def test_export_of_a_broken_or_unknown_webinar_fails_in_one_line(runner, webinars_dir):
    unknown = runner.invoke(args=["export-chapters", "nope", "--format", "vtt"])
    assert unknown.exit_code != 0 and "nope" in unknown.stderr
    data = webinars_dir / "2021-05-04" / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  title: Les régies", "  titre: Les régies"),
                    encoding="utf-8")
    broken = runner.invoke(args=["export-chapters", "2021-05-04", "--format", "vtt"])
    assert broken.exit_code != 0
    message = broken.stderr.strip()
    assert "\n" not in message and "webinar.yaml:" in message and "titre" in message


def _one_french_usage_line(result, command):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("erreur : ") and f"{command} --help »" in lines[0]
    assert "Error" not in result.output and "Usage" not in result.output
    return lines[0]


def test_usage_errors_are_one_french_line(runner):
    line = _one_french_usage_line(runner.invoke(args=["export-chapters", "-x"]), "export-chapters")
    assert line.startswith("erreur : option inconnue : -x ; voir « ")
    close = _one_french_usage_line(runner.invoke(args=["export-chapters", "--form", "vtt"]), "export-chapters")
    assert "option inconnue : --form (vouliez-vous dire --format ?)" in close
    choice = _one_french_usage_line(
        runner.invoke(args=["export-chapters", "--format", "nope"]), "export-chapters")
    assert "valeur invalide pour --format : « nope » n'est pas parmi « ffmetadata », « json »" in choice
    missing = _one_french_usage_line(runner.invoke(args=["set-recording"]), "set-recording")
    assert "argument manquant : URL" in missing
    number = _one_french_usage_line(
        runner.invoke(args=["set-recording", "https://example.org/v", "--timeout", "abc"]), "set-recording")
    assert "valeur invalide pour --timeout : « abc » n'est pas un nombre" in number
    no_value = _one_french_usage_line(runner.invoke(args=["set-recording", "u", "--mode"]), "set-recording")
    assert "l'option --mode attend une valeur" in no_value
    extra = _one_french_usage_line(runner.invoke(args=["export-chapters", "a", "b"]), "export-chapters")
    assert "argument en trop : b" in extra


def test_every_registered_command_has_french_usage_errors(runner, app):
    for name, _command in _player_commands(app):
        line = _one_french_usage_line(runner.invoke(args=[name, "--pas-une-option"]), name)
        assert "option inconnue : --pas-une-option" in line


def _player_commands(app):
    for name in app.cli.list_commands(None):
        command = app.cli.get_command(None, name)
        if command.callback is not None and command.callback.__module__.split(".")[0] == "player":
            yield name, command  # not Flask's own run, shell, routes


def test_every_registered_command_has_french_help(runner, app):
    names = []
    for name, command in _player_commands(app):
        names.append(name)
        result = runner.invoke(args=[name, "--help"])
        assert result.exit_code == 0, result.output
        text = result.output
        assert text.startswith("Utilisation : ") and f" {name} " in text.splitlines()[0], text
        assert "\nOptions :\n" in text and "Affiche cette aide et quitte." in text, text
        for english in ("Usage:", "Options:", "Show this message", "[default", "required]",
                        "Positional arguments", "WEBINAR_ID"):
            assert english not in text, (name, english)
        # the description is the French help text, not an English docstring
        assert not re.search(r"\b(the|of|and|from|with|when|Make|Print)\b", command.help or ""), name
    assert {"import-programme", "export-chapters", "set-recording", "thumbnails", "cards",
            "demo-recording", "check-chapters", "freeze", "reindex"} <= set(names)


def test_default_values_are_told_in_french_in_help(runner):
    text = runner.invoke(args=["export-chapters", "--help"]).output
    assert "[par défaut : vtt]" in " ".join(text.split())  # however the lines are wrapped


def test_a_command_interrupted_says_so_in_french_not_aborted(runner, monkeypatch):
    from player.cli import search

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(search, "search_index", interrupted)
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    assert result.stderr.strip() == "erreur : commande interrompue"


def test_usage_error_on_the_real_command_line():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "app", "export-chapters", "-x"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "erreur : option inconnue : -x ; voir « flask export-chapters --help »"


@pytest.mark.parametrize("other_thread", [False, True])
def test_a_stop_waits_for_writes_that_belong_together_and_handlers_come_back(other_thread):
    """Held back even while another thread runs (a signal sent to the process may reach it,
    and Python then runs the handler in the main thread, whatever its signal mask)."""
    import os
    import signal
    import threading
    import time

    from player.cli.common import Interrupted, signals_deferred, stop_cleanly

    before = signal.getsignal(signal.SIGTERM)
    done = []
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    if other_thread:
        other.start()
    try:
        with pytest.raises(Interrupted) as caught:
            with stop_cleanly(deadline=30):
                with signals_deferred():
                    os.kill(os.getpid(), signal.SIGTERM)  # a real signal, held back
                    time.sleep(0.3)  # the other thread's turn to take it, if it would
                    done.append("both written")
                done.append("never")
    finally:
        release.set()
        if other_thread:
            other.join()
    assert done == ["both written"]
    assert (caught.value.reason, caught.value.exit_code) == ("arrêtée (signal SIGTERM)", 143)
    assert signal.getsignal(signal.SIGTERM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
