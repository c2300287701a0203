"""The ``slides`` command: the slide changes of the webinar's recording, a still and a
thumbnail of each, written beside it (player/media/slides.py does the work)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from player.cli.common import add_commands, load_or_fail
from player.cli.pictures import local_recording, slides_step


@click.command("slides")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--force", is_flag=True,
              help="Cherche à nouveau même si les diapositives sont à jour.")
def slides_command(webinar_id: str | None, force: bool) -> None:
    """Trouve les diapositives de l'enregistrement (changements d'image, robustes à une petite
    caméra dans un coin, aux fondus et au pointeur), en garde une image et une vignette chacune
    dans media/slides/ (instantané si elles sont à jour)."""
    webinar, folder = load_or_fail(webinar_id)
    target = local_recording(webinar, folder, "aucune diapositive à chercher")
    if target is not None:
        slides_step(target, force=force)


def init_app(app) -> None:
    """Attach this module's command to the app's CLI."""
    add_commands(app, slides_command)
