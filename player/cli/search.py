"""``flask --app app reindex [WEBINAR]``: rebuild the search index now.

The pages keep the index up to date by themselves (chapters/search.py); this rebuilds it at
once, whatever the stamps say, for instance after a deployment, and reports what it holds.
"""

from __future__ import annotations

import sqlite3

import click
from flask.cli import with_appcontext

from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.search import KINDS
from player.cli.common import add_commands, fail
from player.content.search import search_index

NAMES = {
    "chapitre": ("chapitre", "chapitres"),
    "intervenant": ("intervenant", "intervenants"),
    "question": ("question", "questions"),
    "ressource": ("ressource", "ressources"),
    "contact": ("contact", "contacts"),
    "transcription": ("ligne de transcription", "lignes de transcription"),
    "slide": ("diapositive lue", "diapositives lues"),
    "message": ("message du public", "messages du public"),
}


def counts_line(counts: dict[str, int]) -> str:
    """``7 chapitres, 1 intervenant, …`` in the order of the kinds."""
    return ", ".join(
        f"{counts.get(kind, 0)} {NAMES[kind][counts.get(kind, 0) > 1]}" for kind in KINDS
    )


@click.command("reindex")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
def reindex(webinar_id: str | None) -> None:
    """Reconstruit l'index de recherche d'un webinaire, ou de tous."""
    index = search_index()
    if webinar_id is not None:
        data = index.root / webinar_id / DATA_FILE
        if not WEBINAR_ID.fullmatch(webinar_id) or not data.is_file():
            fail(f"{data} : aucun webinaire « {webinar_id} » (fichier absent)")
    try:
        report = index.rebuild(None if webinar_id is None else [webinar_id])
    except (sqlite3.Error, OSError) as error:
        fail(f"index de recherche {index.path} : écriture impossible ({error})")
    if not report:
        fail(f"{index.root} : aucun webinaire à indexer (aucun dossier avec un webinar.yaml)")
    broken = []
    for wid, done in report.items():
        if done["error"]:
            broken.append(done["error"])
            continue
        if done["captions"]:
            click.echo(f"attention : {done['captions']} : transcription laissée hors de l'index", err=True)
        if done["slides"]:
            click.echo(f"attention : {done['slides']} : diapositives laissées hors de l'index", err=True)
        click.echo(f"index de recherche : {wid} : {counts_line(done['counts'])}")
    if broken:
        for error in broken[:-1]:
            click.echo(f"erreur : {error}", err=True)
        fail(broken[-1])
    click.echo(f"fichier de l'index : {index.path}")


COMMANDS = (reindex,)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
