"""Flask CLI commands for organisers: import-programme, export-chapters, demo-recording.

Every failure ends with one line on stderr naming the file (and line) and a non-zero exit code.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from chapters import exports
from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.store import webinar_to_dict
from player.cli.common import add_commands, fail, load_or_fail, webinars_dir
from player.content.handouts import ImportFailure, read_handout, write_imported


@click.command("import-programme",
               short_help="Importe un programme (.docx, .md, .txt).",
               context_settings={"help_option_names": []})
@with_appcontext
@click.argument("path", metavar="FICHIER", type=click.Path(path_type=Path))
@click.option("--out", "out", metavar="DOSSIER", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier du webinaire à écrire (par défaut webinars/<date du webinaire>) ; "
                   "son nom est l'identifiant du webinaire.")
@click.option("--format", "fmt", type=click.Choice(["folder", "json"]), default="folder",
              help="folder (par défaut) : écrit le dossier ; json : affiche le webinaire lu et "
                   "ses avertissements, sans rien écrire.")
@click.option("--force", is_flag=True,
              help="Remplace un webinar.yaml existant (les corrections à la main seront perdues).")
@click.help_option("--help", "-h", help="Affiche cette aide et quitte.")
def import_programme(path: Path, out: Path | None, fmt: str, force: bool) -> None:
    """Importe le programme d'un webinaire (.docx, .md ou .txt).

    Lit le déroulé, les questions et réponses, les ressources et les contacts, et écrit
    webinars/<date>/webinar.yaml. Les liens devinés (nom mal orthographié, adresse qui écrit
    autrement un nom ou une organisation, ressource sans adresse, question sans chapitre) sont
    signalés par des lignes « avertissement : … » sur la sortie d'erreur : l'import se fait quand
    même ; vérifiez-les, puis corrigez-les dans l'éditeur du navigateur
    (/w/<id>/modifier) ou dans webinar.yaml.
    """
    try:
        result = read_handout(path, current_app.config["IMPORT_SECONDS"])
    except ImportFailure as error:
        fail(str(error))
    webinar = result.webinar
    folder = out or (webinars_dir() / webinar.date)
    if fmt == "folder":
        # where it would go is checked first: a refusal is then the only line printed
        if not WEBINAR_ID.fullmatch(folder.name):
            fail(f"{folder} : « {folder.name[:40]} » ne peut pas être l'identifiant du "
                 "webinaire (lettres, chiffres, « - » et « _ » seulement, 100 caractères au "
                 "plus) ; choisissez un autre dossier avec --out")
        if (folder / DATA_FILE).exists() and not force:
            fail(f"{folder / DATA_FILE} existe déjà : ajoutez --force pour le remplacer "
                 "(les corrections faites à la main seraient perdues)")
    for warning in result.warnings:
        click.echo(f"avertissement : {warning}", err=True)
    if fmt == "json":
        data = webinar_to_dict(webinar)
        data["warnings"] = result.warnings
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    try:
        write_imported(webinar, path, folder)
    except ImportFailure as error:
        fail(str(error))
    click.echo(f"{folder / DATA_FILE} : {len(webinar.chapters)} chapitres, "
               f"{len(webinar.questions)} questions, {len(webinar.speakers)} intervenants, "
               f"{len(result.warnings)} avertissement(s)")


@click.command("export-chapters")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--format", "fmt", type=click.Choice(sorted(exports.FORMATS)), default="vtt",
              show_default=True, help="Forme de la liste : WebVTT, description YouTube, "
              "JSON Podcasting 2.0 ou FFMETADATA.")
def export_chapters(webinar_id: str | None, fmt: str) -> None:
    """Affiche les chapitres en WebVTT, en description YouTube, en JSON Podcasting 2.0 ou en
    FFMETADATA."""
    webinar, folder = load_or_fail(webinar_id)
    try:
        text = exports.FORMATS[fmt](webinar)
    except ValueError as error:
        fail(f"{folder / DATA_FILE} : {error}")
    click.echo(text, nl=not text.endswith("\n"))


COMMANDS = (import_programme, export_chapters)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
