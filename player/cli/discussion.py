"""``flask --app app import-chat WEBINAIRE FICHIER``: the audience's chat brought into a webinar.

Reads a Zoom chat file, a YouTube live chat replay (yt-dlp's ``.live_chat.json``) or a Zoom
Q&A report (CSV), whatever its name, and merges its messages into ``discussion.json``: a
second import of the same file adds nothing and keeps what the organiser hid or marked.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from player.cli.common import add_commands, fail, load_or_fail
from player.content.discussion import ImportRefused, import_chat


@click.command("import-chat")
@with_appcontext
@click.argument("webinar_id", metavar="WEBINAIRE")
@click.argument("file", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path))
def import_chat_command(webinar_id: str, file: Path) -> None:
    """Importe la discussion du public (Zoom chat.txt, discussion YouTube .live_chat.json
    ou rapport de questions-réponses Zoom .csv) dans le webinaire ; les messages déjà
    importés ne sont pas doublés."""
    webinar, folder = load_or_fail(webinar_id)
    if not file.is_file():
        fail(f"{file} : fichier absent")
    try:
        done = import_chat(webinar, folder, file, shown=str(file))
    except ImportRefused as refused:
        fail(str(refused))
    for warning in done.warnings:
        click.echo(f"attention : {warning}", err=True)
    click.echo(f"{file} : {done.read} message(s) lu(s) dont {done.questions} question(s) ; "
               f"{done.added} nouveau(x), {done.total} dans la discussion de {webinar.id}")


COMMANDS = (import_chat_command,)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
