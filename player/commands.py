"""Flask CLI commands for organisers: import-programme, export-chapters, demo-recording.

Every failure ends with one line on stderr naming the file (and line) and a non-zero exit code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from flask import Flask, current_app

from chapters import exports
from chapters.model import Webinar
from chapters.programme import ProgrammeError, import_file
from chapters.store import StoreError, load_webinar, save_webinar, webinar_to_dict


class CommandError(click.ClickException):
    """A failure told in one French line on stderr (exit code 1)."""

    def show(self, file=None) -> None:
        click.echo(f"erreur : {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    """Stop the command with one French line on stderr and exit code 1."""
    raise CommandError(message)


def _webinars_dir() -> Path:
    return Path(current_app.config["WEBINARS_DIR"])


def load_or_fail(webinar_id: str | None) -> tuple[Webinar, Path]:
    """The webinar named on the command line (or the default one), or a one-line error."""
    wid = webinar_id or current_app.config["DEFAULT_WEBINAR"]
    folder = _webinars_dir() / wid
    if not (folder / "webinar.yaml").is_file():
        fail(f"{folder / 'webinar.yaml'} : aucun webinaire « {wid} » (fichier absent)")
    try:
        return load_webinar(folder), folder
    except StoreError as error:
        fail(str(error))


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
    folder = out or (_webinars_dir() / webinar.id)
    if (folder / "webinar.yaml").exists() and not force:
        fail(f"{folder / 'webinar.yaml'} existe déjà : ajoutez --force pour le remplacer "
              "(les corrections faites à la main seraient perdues)")
    webinar.id = folder.name
    save_webinar(webinar, folder)
    programme = folder / "programme.txt"
    if path.resolve() != programme.resolve():
        tmp = programme.with_name(".programme.txt.tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(programme)
    click.echo(f"{folder / 'webinar.yaml'} : {len(webinar.chapters)} chapitres, "
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
        fail(f"{folder / 'webinar.yaml'} : {error}")
    click.echo(text, nl=not text.endswith("\n"))


def register(app: Flask) -> None:
    """Attach every command to the app's CLI."""
    from player import card_commands, drift_commands, recording_commands, search_commands

    for command in (import_programme, export_chapters, *recording_commands.COMMANDS,
                    *drift_commands.COMMANDS, *search_commands.COMMANDS,
                    *card_commands.COMMANDS):
        app.cli.add_command(command)
