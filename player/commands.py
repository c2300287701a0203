"""Flask CLI commands for organisers: import-programme, export-chapters, demo-recording.

Every failure ends with one line on stderr naming the file (and line) and a non-zero exit code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask import Flask

from chapters import exports
from chapters.names import DATA_FILE
from chapters.programme import ProgrammeError, import_file
from chapters.store import save_webinar, webinar_to_dict
from player.cli import fail, load_or_fail, webinars_dir


@click.command("import-programme")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier du webinaire à écrire (par défaut webinars/<date>).")
@click.option("--format", "fmt", type=click.Choice(["folder", "json"]), default="folder",
              show_default=True, help="folder : écrit le dossier ; json : affiche le résultat.")
@click.option("--force", is_flag=True, help="Remplace un webinar.yaml existant.")
def import_programme(path: Path, out: Path | None, fmt: str, force: bool) -> None:
    """Import an organiser's programme (running order, Q&A, resources, contacts)."""
    if not path.is_file():
        fail(f"{path} : fichier introuvable")
    try:
        result = import_file(path)
    except ProgrammeError as error:
        fail(str(error))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path} : lecture impossible ({error})")
    for warning in result.warnings:
        click.echo(f"attention : {warning}", err=True)
    webinar = result.webinar
    if fmt == "json":
        click.echo(json.dumps(webinar_to_dict(webinar), ensure_ascii=False, indent=2))
        return
    folder = out or (webinars_dir() / webinar.id)
    if (folder / DATA_FILE).exists() and not force:
        fail(f"{folder / DATA_FILE} existe déjà : ajoutez --force pour le remplacer "
              "(les corrections faites à la main seraient perdues)")
    webinar.id = folder.name
    save_webinar(webinar, folder)
    programme = folder / "programme.txt"
    if path.resolve() != programme.resolve():
        tmp = programme.with_name(".programme.txt.tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(programme)
    click.echo(f"{folder / DATA_FILE} : {len(webinar.chapters)} chapitres, "
               f"{len(webinar.questions)} questions, {len(webinar.speakers)} intervenants")


@click.command("export-chapters")
@with_appcontext
@click.argument("webinar_id", required=False)
@click.option("--format", "fmt", type=click.Choice(sorted(exports.FORMATS)), default="vtt",
              show_default=True)
def export_chapters(webinar_id: str | None, fmt: str) -> None:
    """Print the chapters as WebVTT, a YouTube description, Podcasting 2.0 JSON or FFMETADATA."""
    webinar, folder = load_or_fail(webinar_id)
    try:
        text = exports.FORMATS[fmt](webinar)
    except ValueError as error:
        fail(f"{folder / DATA_FILE} : {error}")
    click.echo(text, nl=not text.endswith("\n"))


def register(app: Flask) -> None:
    """Attach every command to the app's CLI."""
    from player import card_commands, drift_commands, recording_commands, search_commands

    for command in (import_programme, export_chapters, *recording_commands.COMMANDS,
                    *drift_commands.COMMANDS, *search_commands.COMMANDS,
                    *card_commands.COMMANDS):
        app.cli.add_command(command)
