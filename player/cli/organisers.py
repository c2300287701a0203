"""Organisers' accounts from the command line: ``add-organiser`` and ``remove-organiser``.

The accounts live in the instance folder (``instance/organisers.json``, player/organisers/accounts.py),
never in the repository; the password is asked twice, hidden, or read from stdin.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from player.organisers import accounts
from player.cli.common import add_commands, fail


_HELP = {"help_option_names": []}


def _ask_password() -> str:
    try:
        first = click.prompt("Mot de passe", hide_input=True, prompt_suffix=" : ")
        second = click.prompt("Répétez le mot de passe", hide_input=True, prompt_suffix=" : ")
    except click.Abort:
        fail("saisie du mot de passe interrompue")
    if first != second:
        fail("les deux mots de passe saisis diffèrent ; rien n'a été changé")
    return first


def _read_stdin_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        fail("aucun mot de passe sur l'entrée standard")
    return password


@click.command("add-organiser",
               short_help="Ajoute un organisateur (ou change son mot de passe).",
               context_settings=_HELP)
@with_appcontext
@click.argument("email", metavar="EMAIL")
@click.option("--mot-de-passe-stdin", "from_stdin", is_flag=True,
              help="Lit le mot de passe sur la première ligne de l'entrée standard au lieu de "
                   "le demander (pour un script).")
@click.help_option("--help", "-h", help="Affiche cette aide et quitte.")
def add_organiser(email: str, from_stdin: bool) -> None:
    """Ajoute un organisateur, qui pourra se connecter sur /connexion.

    Le mot de passe (12 caractères au moins) est demandé deux fois, sans être affiché. Seule son
    empreinte (scrypt) est gardée, dans instance/organisers.json, hors du dépôt. Une adresse
    déjà inscrite reçoit le nouveau mot de passe.
    """
    try:
        address = accounts.check_email(email)
        accounts.load(current_app.instance_path)  # a broken file is named before asking
    except accounts.AccountsError as error:
        fail(str(error))
    password = _read_stdin_password() if from_stdin else _ask_password()
    try:
        existed = accounts.set_password(current_app.instance_path, address, password)
    except accounts.AccountsError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{accounts.accounts_file(current_app.instance_path)} : écriture impossible "
             f"({error.strerror})")
    if existed:
        click.echo(f"mot de passe de {address} changé")
    else:
        click.echo(f"organisateur {address} ajouté")


@click.command("remove-organiser",
               short_help="Retire un organisateur.", context_settings=_HELP)
@with_appcontext
@click.argument("email", metavar="EMAIL")
@click.help_option("--help", "-h", help="Affiche cette aide et quitte.")
def remove_organiser(email: str) -> None:
    """Retire un organisateur : il ne peut plus se connecter, et sa session en cours est
    fermée à sa prochaine requête."""
    try:
        accounts.remove(current_app.instance_path, email)
    except accounts.AccountsError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{accounts.accounts_file(current_app.instance_path)} : écriture impossible "
             f"({error.strerror})")
    click.echo(f"organisateur {accounts.normal_email(email)} retiré")


COMMANDS = (add_organiser, remove_organiser)


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
