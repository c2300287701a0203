"""What every CLI command shares: the one-line French failure and the webinar named on the
command line. Command modules import from here, never from each other."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask import current_app

from chapters.model import Webinar
from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.store import StoreError, load_webinar


class CommandError(click.ClickException):
    """A failure told in one French line on stderr (exit code 1)."""

    def show(self, file=None) -> None:
        click.echo(f"erreur : {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    """Stop the command with one French line on stderr and exit code 1."""
    raise CommandError(message)


def webinars_dir() -> Path:
    """The data folder of the running app."""
    return Path(current_app.config["WEBINARS_DIR"])


def load_or_fail(webinar_id: str | None) -> tuple[Webinar, Path]:
    """The webinar named on the command line (or the default one), or a one-line error."""
    wid = webinar_id or current_app.config["DEFAULT_WEBINAR"]
    if not WEBINAR_ID.fullmatch(wid):
        # cut and made printable, so the message stays one short line whatever was typed
        shown = "".join(c if c.isprintable() else "?" for c in wid[:40])
        shown += "…" if len(wid) > 40 else ""
        fail(f"« {shown} » n'est pas un identifiant de webinaire : lettres, chiffres, « - » et "
             "« _ » seulement, 100 caractères au plus")
    folder = webinars_dir() / wid
    if not (folder / DATA_FILE).is_file():
        fail(f"{folder / DATA_FILE} : aucun webinaire « {wid} » (fichier absent)")
    try:
        return load_webinar(folder), folder
    except StoreError as error:
        fail(str(error))
