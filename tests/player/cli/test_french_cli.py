"""Every command in French on the real command line (the ``flask`` executable, as an organiser
types it): help, usage errors and prompts, Click's own words included; and what of ``flask``
itself can be French once it has loaded the app (README, "Commandes en français")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

FLASK = str(Path(sys.executable).parent / "flask")
# Click's and Flask's English words (and Python's, for a value Click shows as it is)
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "Try '", "[default",
           "required]", "Missing argument", "No such", "Aborted", "Got unexpected", "is not",
           "Run a development server", "Run a shell", "Show the routes", "Show all registered")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """``flask --app app ARGS`` in the project folder, on a copy of nothing: a data folder and an
    instance folder of its own (help and usage errors write nothing anyway)."""
    base = tmp_path_factory.mktemp("cli")
    (base / "webinars").mkdir()
    env = {**os.environ, "PLAYER_WEBINARS_DIR": str(base / "webinars"),
           "PLAYER_INSTANCE_PATH": str(base / "instance"), "COLUMNS": "100"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([FLASK, "--app", "app", *args], cwd=ROOT, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    return run


@pytest.fixture(scope="module")
def ours(run) -> list[str]:
    """The project's commands, as ``flask --app app --help`` lists them."""
    listing = run("--help").stdout.split("Commandes :", 1)[1]
    names = re.findall(r"^  ([a-z][a-z-]+)\s", listing, re.M)
    return [n for n in names if n not in ("run", "shell", "routes")]


def _no_english(text: str, where: str) -> None:
    for word in ENGLISH:
        assert word not in text, (where, word, text)


def test_every_command_help_is_french(run, ours):
    assert {"import-programme", "export-chapters", "set-recording", "thumbnails", "cards",
            "demo-recording", "check-chapters", "freeze", "reindex", "add-organiser",
            "remove-organiser", "cleanup"} <= set(ours)
    for name in ours:
        done = run(name, "--help")
        assert done.returncode == 0 and done.stderr == "", (name, done.stderr)
        assert done.stdout.startswith(f"Utilisation : flask {name} "), done.stdout
        assert "\nOptions :\n" in done.stdout and "Affiche cette aide et quitte." in done.stdout
        _no_english(done.stdout, name)


def test_every_command_usage_error_is_one_french_line(run, ours):
    for name in ours:
        done = run(name, "--pas-une-option")
        assert done.returncode == 2 and done.stdout == "", (name, done.stdout)
        assert done.stderr == (f"erreur : option inconnue : --pas-une-option ; voir "
                               f"« flask {name} --help »\n"), name
    missing = run("set-recording")
    assert missing.returncode == 2
    assert missing.stderr == "erreur : argument manquant : URL ; voir « flask set-recording --help »\n"
    for name in ("export-chapters", "thumbnails"):  # a webinar that is not there
        done = run(name, "absent")
        assert done.returncode == 1 and done.stderr.startswith("erreur : "), done.stderr
        _no_english(done.stderr, name)


def test_an_unknown_command_is_one_french_line(run):
    done = run("export-chapter")
    assert done.returncode == 2 and done.stdout == ""
    # difflib's two nearest names (import-chat, since it exists, comes before check-chapters)
    assert done.stderr == ("erreur : commande inconnue : « export-chapter » (vouliez-vous dire "
                           "export-chapters ou import-chat ?) ; voir « flask --help »\n")
    assert run("pas-une-commande").stderr == (
        "erreur : commande inconnue : « pas-une-commande » ; voir « flask --help »\n")


def test_the_prompts_are_french(run):
    done = run("add-organiser", "orga@example.org", stdin="un mot de passe assez long\nun autre\n")
    assert done.returncode == 1
    # hidden prompts: without any terminal, Python's getpass asks on stderr and adds its own
    # English warning (GetPassWarning, "Password input may be echoed"): not Click's words
    told = [line for line in done.stderr.splitlines()
            if "GetPassWarning" not in line and "passwd = fallback_getpass" not in line
            and line != "Warning: Password input may be echoed."]
    assert told == ["Mot de passe : ", "Répétez le mot de passe : ",
                    "erreur : les deux mots de passe saisis diffèrent ; rien n'a été changé"], told


def test_the_list_of_commands_is_french_and_flasks_own_top_too(run, ours):
    text = run("--help").stdout
    top, listing = text.split("Commandes :", 1)
    described = dict(re.findall(r"^  ([a-z][a-z-]+)\s+(\S.*)$", listing, re.M))
    assert set(described) == set(ours) | {"run", "shell", "routes"}
    for name, words in described.items():
        _no_english(words, name)
    assert described["run"].startswith("Lance le serveur de développement")
    assert described["routes"].startswith("Affiche les adresses de l'application")
    # printed before the app or any plugin is loaded: French through the environment's .pth
    # hook (scripts/setup, player/cli/flask_boot.py)
    assert text.startswith("Utilisation : flask [OPTIONS] COMMAND [ARGS]...")
    assert "Le programme de Flask, qui lance les commandes du projet." in top
    assert "Affiche les versions de Python, Flask et Werkzeug." in top
    assert "Mode débogage." in top and "Affiche cette aide et quitte." in top
    _no_english(top, "flask --help")
    for english in ("A general utility script", "Load environment variables", "Set debug mode",
                    "Show the Flask version"):
        assert english not in top, english


def test_an_unknown_option_of_flask_itself_is_one_french_line(run):
    done = run("--bogus")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "erreur : option inconnue : --bogus ; voir « flask --help »\n"


def test_the_hook_leaves_other_programs_alone():
    """The .pth line imports the French words only for ``flask``: plain Python starts as it did."""
    done = subprocess.run([sys.executable, "-c", "import sys; print(sorted(m for m in sys.modules "
                           "if m.startswith(('flask', 'player'))))"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done


def test_flasks_own_run_shell_and_routes_are_french_before_the_app_is_loaded(run):
    """``flask`` finds these without loading the app; the project's ``flask.commands`` plugins
    (player/cli/flask_french.py) come first and give them French words and help."""
    for name in ("run", "shell", "routes"):
        done = run(name, "--help")
        assert done.returncode == 0 and done.stderr == "", (name, done.stderr)
        assert done.stdout.startswith(f"Utilisation : flask {name} "), done.stdout
        assert "Affiche cette aide et quitte." in done.stdout
        _no_english(done.stdout, name)
        for english in ("The port to bind to", "Enable or disable", "Method to sort routes",
                        "development purposes", "interactive Python shell"):
            assert english not in done.stdout, (name, english)
    assert "Le port où écouter." in run("run", "--help").stdout
    done = run("run", "--pas-une-option")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "erreur : option inconnue : --pas-une-option ; voir « flask run --help »\n"
    done = run("routes", "--sort", "nulle")
    assert done.returncode == 2 and done.stderr.startswith("erreur : "), done.stderr
    _no_english(done.stderr, "routes --sort")
