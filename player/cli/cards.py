"""The share cards from the command line: made beside the thumbnails by the recording commands,
and on their own by ``flask --app app cards`` (text-only for an embedded or linked recording)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from player.cli.common import add_commands, load_or_fail
from player.cli.pictures import media_work, recording_file, share_cards


@click.command("cards")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--force", is_flag=True, help="Refait les cartes même si elles sont à jour.")
def cards_command(webinar_id: str | None, force: bool) -> None:
    """Fait les images de 1200x630 que montrent les aperçus de liens (celle du webinaire et
    celle de chaque chapitre)."""
    webinar, folder = load_or_fail(webinar_id)
    media_path = recording_file(webinar, folder)
    if media_path is not None and not media_path.is_file():
        click.echo(f"attention : {media_path} absent : cartes sans image de l'enregistrement",
                   err=True)
        media_path = None
    with media_work(webinar) as webinar:
        share_cards(webinar, folder / "media", media_path, force=force)


COMMANDS = [cards_command]


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
