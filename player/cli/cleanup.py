"""``flask --app app cleanup``: the temporary files a killed process left, removed
(player/content/leftovers.py; the app also sweeps them when it starts)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from player.cli.common import add_commands
from player.content import leftovers


@click.command("cleanup")
@with_appcontext
def cleanup() -> None:
    """Supprime les fichiers et dossiers temporaires abandonnés depuis plus d'une heure
    (écritures, téléchargements et imports interrompus) et dit lesquels."""
    app = current_app
    # what this process's start-up swept already counts: it was left over just the same
    removed = [*app.extensions.get("leftovers_removed", []),
               *leftovers.sweep(app.config["WEBINARS_DIR"], app.instance_path)]
    app.extensions["leftovers_removed"] = []
    for path in removed:
        click.echo(f"supprimé : {path}")
    if not removed:
        click.echo("aucun fichier temporaire abandonné depuis plus d'une heure")
    else:
        click.echo(f"{len(removed)} fichier(s) ou dossier(s) temporaire(s) supprimé(s)")


COMMANDS = (cleanup,)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
