"""The share cards from the command line: made beside the thumbnails by the recording commands,
and on their own by ``flask --app app cards`` (text-only for an embedded or linked recording)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from chapters.model import Webinar
from player.media import demo
from player.media import ffmpeg
from player.media import card_images
from player.cli.common import add_commands, fail, load_or_fail


def share_cards(
    webinar: Webinar, media_folder: Path, media_path: Path | None, *, force: bool = False,
    strict: bool = True,
) -> None:
    """Make the cards and say where; a failure ends the command (``strict``) or only warns."""
    folder = Path(media_folder) / card_images.CARDS_DIR
    try:
        made = card_images.make_cards(webinar, media_folder, media_path, force=force)
    except (ffmpeg.MediaError, OSError) as error:
        if strict:
            fail(f"{folder} : {error}")
        click.echo(f"attention : cartes de partage non faites : {error}", err=True)
        return
    click.echo(f"{folder} : {len(made)} cartes de partage")


@click.command("cards")
@with_appcontext
@click.argument("webinar_id", required=False)
@click.option("--force", is_flag=True, help="Refait les cartes même si elles sont à jour.")
def cards_command(webinar_id: str | None, force: bool) -> None:
    """Make the 1200x630 pictures that link previews show (the webinar's and each chapter's)."""
    webinar, folder = load_or_fail(webinar_id)
    recording = webinar.recording
    media_path = None
    if recording.kind in ("demo", "file"):
        target = folder / "media" / (recording.src or demo.DEMO_FILE)
        if target.is_file():
            media_path = target
        else:
            click.echo(f"attention : {target} absent : cartes sans image de l'enregistrement",
                       err=True)  # fmt: skip
    share_cards(webinar, folder / "media", media_path, force=force)


COMMANDS = [cards_command]


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
