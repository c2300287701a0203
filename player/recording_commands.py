"""CLI commands about the recording: the generated stand-in, and a real one from its URL."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from player import media
from player.commands import _fail, load_or_fail

DEMO_FILE = "demo.mp4"


@click.command("demo-recording")
@with_appcontext
@click.argument("webinar_id", required=False)
@click.option("--force", is_flag=True, help="Regénère même si le fichier est à jour.")
def demo_recording(webinar_id: str | None, force: bool) -> None:
    """Generate the stand-in recording (instant when it is already up to date)."""
    webinar, folder = load_or_fail(webinar_id)
    if webinar.recording.kind != "demo":
        click.echo(f"{webinar.id} : enregistrement réel ({webinar.recording.kind}), rien à générer")
        return
    target = folder / "media" / (webinar.recording.src or DEMO_FILE)
    try:
        media.make_demo_recording(webinar, target, force=force)
    except media.MediaError as error:
        _fail(f"{target} : {error}")
    click.echo(f"{target} : prêt")


COMMANDS = [demo_recording]
