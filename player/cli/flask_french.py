"""Flask's own run, shell and routes in French, from their first word.

``flask`` finds these three without loading the app, so ``french_cli`` (which runs once the app
is loaded) comes too late for ``flask --app app run --help`` or a mistyped option of ``run``.
What ``flask`` does load before them is its plugins (the ``flask.commands`` entry points, named
in pyproject.toml): each entry here is Flask's own command, given French words (``french``) and
French help, put back under its own name. Nothing else of them changes.
"""

from __future__ import annotations

from flask.cli import routes_command, run_command, shell_command

from .common import FLASK_COMMANDS, french

_OPTIONS = {
    "debug": "Mode débogage (rechargement et débogueur).",
    "host": "L'interface où écouter.",
    "port": "Le port où écouter.",
    "cert": "Un certificat, pour servir en HTTPS.",
    "key": "La clé du certificat donné par --cert.",
    "reload": "Recharge ou non à chaque changement de fichier (par défaut : avec --debug).",
    "debugger": "Débogueur interactif ou non (par défaut : avec --debug).",
    "with_threads": "Une requête par fil d'exécution, ou une à la fois.",
    "extra_files": "D'autres fichiers dont un changement recharge le serveur (séparés par « : »).",
    "exclude_patterns": "Motifs fnmatch des fichiers dont un changement ne recharge pas le "
                        "serveur (séparés par « : »).",
    "sort": "Ordre des adresses : endpoint, methods, domain, rule ou match (l'ordre où Flask "
            "les essaie).",
    "all_methods": "Montre aussi les méthodes HEAD et OPTIONS.",
}


def _in_french(command, name: str):
    command.help, command.short_help = FLASK_COMMANDS[name], None
    for param in command.params:
        if param.name in _OPTIONS:
            param.help = _OPTIONS[param.name]
    return french(command)


run = _in_french(run_command, "run")
shell = _in_french(shell_command, "shell")
routes = _in_french(routes_command, "routes")
