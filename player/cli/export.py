"""``flask --app app freeze OUT/``: the whole site as static files (player/content/static_export.py)."""

from __future__ import annotations

import signal
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from player.cli.common import add_commands, fail
from player.content.static_export import ExportError, export_site


@click.command("freeze")
@with_appcontext
@click.argument("out", metavar="DOSSIER", type=click.Path(path_type=Path))
@click.option("--base-url", metavar="ADRESSE", help="Adresse publique du site (par défaut PUBLIC_BASE_URL), "
              "pour les cartes de partage et les liens canoniques.")
@click.option("--link-media/--copy-media", default=True, show_default=True,
              help="Lier les médias (même système de fichiers) ou toujours les copier.")
def freeze(out: Path, base_url: str | None, link_media: bool) -> None:
    """Écrit tout le site dans DOSSIER en fichiers statiques, pour tout hébergeur statique ou
    CDN."""
    def stop(signum, frame):  # SIGTERM as Ctrl-C: the half-built folder is removed
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: signals stay as they are
        previous = None
    try:
        report = export_site(_export_app(), out, base_url=base_url, link_media=link_media)
    except ExportError as error:
        _warn_left_out(error.left_out)
        fail(str(error))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    _warn_left_out(report.left_out)
    if not (base_url or current_app.config.get("PUBLIC_BASE_URL")):
        click.echo("attention : aucune adresse publique (--base-url ou PUBLIC_BASE_URL) : les liens "
                   "canoniques et les images des cartes de partage sont sans hôte (/w/…), "
                   "illisibles pour les aperçus de liens", err=True)
    how = "liés" if report.linked == report.media else ("copiés" if not report.linked else "liés ou copiés")
    click.echo(f"{report.out} : {report.files} fichiers, dont {report.pages} pages et fragments HTML "
               f"et {report.media} médias {how} ({report.media_bytes / 1e6:.1f} Mo)")


def _warn_left_out(left_out: dict[str, str]) -> None:
    """One French line on stderr for each webinar the export could not write, and why."""
    for wid, reason in left_out.items():
        click.echo(f"attention : le webinaire « {wid} » n'est pas exporté : {reason}", err=True)


def _export_app():
    """An app of its own for the export, with the running one's settings: what the export
    switches on (STATIC_EXPORT, the public address) and what it caches never reach the app that
    serves, and no page rendered for a server is taken into the export."""
    app = current_app._get_current_object()
    create_app = app.extensions["app_factory"]  # set by player/factory.py: no import upwards
    return create_app(dict(app.config), instance_path=app.instance_path)


COMMANDS = (freeze,)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
