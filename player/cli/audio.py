"""The ``audio-edition`` command: the recording's audio edition (``media/audio/``, an .m4a
with its chapters and cover, for podcast apps); player/media/audio_edition.py does the work."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from player.cli.common import add_commands, load_or_fail
from player.cli.pictures import audio_step, drop_audio_edition, local_recording, media_work


@click.command("audio-edition")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--force", is_flag=True, help="Refait l'édition audio même si elle est à jour.")
def audio_edition_command(webinar_id: str | None, force: bool) -> None:
    """Fait l'édition audio de l'enregistrement pour les applications de podcast : un fichier
    media/audio/edition.m4a (AAC mono, chapitres et pochette inclus). Instantanée si elle est
    à jour ; seuls les chapitres ont changé : refaite sans réencoder le son."""
    webinar, folder = load_or_fail(webinar_id)
    target = local_recording(webinar, folder, "aucune édition audio")
    if target is None:
        drop_audio_edition(folder / "media")
        return
    with media_work(webinar) as webinar:
        audio_step(webinar, target, force=force)


def init_app(app) -> None:
    """Attach this module's command to the app's CLI."""
    add_commands(app, audio_edition_command)
