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
from chapters.chat import DiscussionError
from chapters.chat.store import discussion_path
from player.content.discussion import ImportRefused, import_chat, look_for_answers


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
    _say_answered(done.answered)


def _say_answered(answered: int | None) -> None:
    if answered is None:
        click.echo("remarque : pas de sous-titres : le moment de chaque réponse sera cherché quand il y en "
                   "aura (flask --app app find-answers)", err=True)
    else:
        click.echo(f"réponses : {answered} question(s) avec le moment de leur réponse")


@click.command("find-answers")
@with_appcontext
@click.argument("webinar_id", metavar="WEBINAIRE")
def find_answers_command(webinar_id: str) -> None:
    """Cherche de nouveau dans les sous-titres le moment où chaque question du public reçoit
    sa réponse ; les moments confirmés ou corrigés par l'organisateur ne changent pas."""
    webinar, folder = load_or_fail(webinar_id)
    if not discussion_path(folder).is_file():
        fail(f"{webinar.id} : aucune discussion importée (flask --app app import-chat {webinar.id} FICHIER)")
    try:
        answered = look_for_answers(webinar, folder)
    except DiscussionError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{discussion_path(folder)} : écriture impossible ({error.strerror})")
    if answered is None:
        fail(f"{webinar.id} : pas de sous-titres lisibles : aucune réponse ne peut être cherchée")
    _say_answered(answered)


COMMANDS = (import_chat_command, find_answers_command)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
