"""``flask`` itself in French from its first word: its usage line, its description, its own
options and an unknown option of its own (``flask --bogus``).

``flask`` prints those before it loads the app or its plugins, so neither ``french_cli`` nor
``flask_french.py`` can reach them. ``scripts/setup`` writes a ``.pth`` file into the virtual
environment that imports this module when the running program is ``flask``, before Click parses
anything; any other Python program started from the environment never imports it.
"""

from __future__ import annotations

from flask import cli as flask_cli

from .common import french

HELP = """Le programme de Flask, qui lance les commandes du projet.

L'application se donne par --app (ici : --app app), par la variable d'environnement FLASK_APP,
ou par un fichier app.py dans le dossier courant."""

_OPTIONS = {
    "env_file": "Charge des variables d'environnement depuis ce fichier (elles l'emportent sur "
                ".env et .flaskenv ; celles déjà définies l'emportent sur lui). Demande "
                "python-dotenv.",
    "app": "L'application à charger, « module:nom » (module importable ou chemin d'un fichier ; "
           "le nom peut manquer s'il est app, application, create_app ou make_app).",
    "debug": "Mode débogage.",
    "version": "Affiche les versions de Python, Flask et Werkzeug.",
}


def install() -> None:
    """Give the ``flask`` group its French description, option help and Click words."""
    group = flask_cli.cli
    group.help = HELP
    for param in group.params:
        if param.name in _OPTIONS:
            param.help = _OPTIONS[param.name]
    french(group)


install()
