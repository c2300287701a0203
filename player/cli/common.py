"""What every CLI command shares: the one-line French failure, the webinar named on the
command line, Click's own words in French (``french``: usage errors and help) and a clean stop on Ctrl-C, SIGTERM or
a deadline (``stop_cleanly``). Command modules import from here, never from each other."""

from __future__ import annotations

import difflib
import functools
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


def fail(message: str, exit_code: int = 1) -> NoReturn:
    """Stop the command with one French line on stderr and exit code 1 (or ``exit_code``)."""
    error = CommandError(message)
    error.exit_code = exit_code
    raise error


# --- stopping: Ctrl-C, SIGTERM, a deadline ----------------------------------------------


class Interrupted(KeyboardInterrupt):
    """The command was told to stop: Ctrl-C, SIGTERM, or its total deadline passed.

    A KeyboardInterrupt, so it takes Ctrl-C's path: every ``with`` and ``finally`` on the way
    cleans up, and libraries that catch Exception (yt-dlp does) let it through.
    """

    def __init__(self, reason: str, exit_code: int):
        super().__init__(reason)
        self.reason = reason
        self.exit_code = exit_code


_STOPS = {
    signal.SIGINT: ("interrompue (Ctrl-C)", 130),
    signal.SIGTERM: ("arrêtée (signal SIGTERM)", 143),
}


@contextmanager
def stop_cleanly(deadline: float | None = None) -> Iterator[None]:
    """While the block runs, Ctrl-C and SIGTERM raise Interrupted, and so does the end of
    ``deadline`` seconds (SIGALRM). Later signals are ignored so the clean-up runs to its end;
    the previous handlers come back afterwards.

    Signals reach only the main thread: elsewhere the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        if stopping:
            return  # already on the way out: let the clean-up finish
        stopping = True
        if signum == signal.SIGALRM:
            raise Interrupted(f"délai total dépassé ({deadline:g} s, voir --deadline)", 1)
        raise Interrupted(*_STOPS[signum])

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    try:
        if deadline is not None:
            signal.setitimer(signal.ITIMER_REAL, deadline)
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done: for writes that belong together."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # Held by handlers that note them, not by the main thread's signal mask: a signal sent to
    # the process goes to any thread that does not block it, and Python then runs its handler
    # in the main thread all the same, mask or not.
    waiting: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _frame: waiting.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if waiting:
            signal.raise_signal(waiting[0])  # delivered now, to the handler that was there


# --- Click in French: usage errors, help --------------------------------------------------------------


class UsageError(CommandError):
    """A command line Click could not read, told in French (exit code 2, as Click's)."""

    exit_code = 2


def french(command: click.Command) -> click.Command:
    """Give ``command`` (and a group's subcommands) Click's own words in French; returns it.

    Click words usage errors in English ("Error: No such option: -x"); the project's commands
    answer ``erreur : option inconnue : -x ; voir « flask export-chapters --help »``. Their
    ``--help`` says "Utilisation :", "Options :", "[par défaut : …]" and "Affiche cette aide et
    quitte.", and a Ctrl-C Click would answer "Aborted!" is one French line too.
    """
    if not isinstance(command, _French):
        command.__class__ = _french_class(type(command))
    for sub in getattr(command, "commands", {}).values():
        french(sub)
    return command


HELP_OPTION = "Affiche cette aide et quitte."
# Click's words in the brackets after an option's help ("[default: vtt; required]"), and ours
_EXTRA_WORDS = {"default: ": "par défaut : ", "env var: ": "variable d'environnement : ",
                "required": "obligatoire"}
_LAST_BRACKETS = re.compile(r"\[([^\[\]]*)\]$")


class _French:
    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            # the parser's own errors carry no context: the path is the parent's and this name
            path = error.ctx.command_path if error.ctx else (
                f"{parent.command_path} {info_name}" if parent else info_name)
            raise UsageError(f"{french_usage_message(error)} ; voir « {path} --help »") from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Interrupted as stop:
            fail(f"commande {stop.reason}", stop.exit_code)
        except (KeyboardInterrupt, EOFError, click.Abort):
            # Click would print "Aborted!" with the same exit code
            click.echo(err=True)
            fail("commande interrompue")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix="Utilisation : ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx)
                if not isinstance(param, click.Argument) and (row := param.get_help_record(ctx))]
        if rows:
            with formatter.section("Options "):  # Click adds the colon: « Options : »
                formatter.write_dl([(names, _french_extra(text)) for names, text in rows])
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Click's list of commands as it is, under a French heading
        section = formatter.section
        formatter.section = lambda name: section("Commandes " if name == "Commands" else name)
        try:
            super().format_commands(ctx, formatter)
        finally:
            del formatter.section


def _french_extra(text: str) -> str:
    def french_items(match: re.Match) -> str:
        items = match[1].split("; ")
        for n, item in enumerate(items):
            english = next((w for w in _EXTRA_WORDS if item.startswith(w)), None)
            if english:
                items[n] = _EXTRA_WORDS[english] + item.removeprefix(english)
        return f"[{'; '.join(items)}]"

    return _LAST_BRACKETS.sub(french_items, text)


@functools.cache
def _french_class(cls: type) -> type:
    return type(f"French{cls.__name__}", (_French, cls), {})


def _hint(error: click.BadParameter) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = error.param
    if param is None:
        return ""
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return " / ".join(param.opts)


# Click's own words for a value it refused, and ours; anything else is kept as Click says it.
_VALUE_REASONS = [
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "{value} n'est pas parmi {choices}"),
    (r"(?P<value>.+) is not (?P<choices>'[^']*')\.", "{value} n'est pas {choices}"),
    (r"(?P<value>.+) is not a valid (float|integer)( range)?\.", "{value} n'est pas un nombre"),
    (r"(?P<value>.+) is not a valid boolean\..*", "{value} n'est ni oui ni non"),
    (r"\w+ (?P<value>.+) does not exist\.", "{value} n'existe pas"),
    (r"\w+ (?P<value>.+) is a directory\.", "{value} est un dossier"),
    (r"\w+ (?P<value>.+) is a file\.", "{value} est un fichier"),
]
_QUOTED = re.compile(r"'([^']*)'")


def _french_reason(message: str) -> str:
    for pattern, french in _VALUE_REASONS:
        if match := re.fullmatch(pattern, message, re.S):
            # Click quotes values as Python does, 'x'; French quotes them « x »
            quoted = {k: _QUOTED.sub(r"« \1 »", v) for k, v in match.groupdict().items()}
            return french.format(**quoted)
    return message


def french_usage_message(error: click.UsageError) -> str:
    """One French phrase for a Click usage error (without the leading ``erreur :``)."""
    return " ".join(_french_usage_message(error).split())


def _french_usage_message(error: click.UsageError) -> str:
    if isinstance(error, click.NoSuchOption):
        told = f"option inconnue : {error.option_name}"
        if error.possibilities:
            told += f" (vouliez-vous dire {' ou '.join(error.possibilities)} ?)"
        return told
    if isinstance(error, click.BadOptionUsage):
        if "requires" in error.message:
            return f"l'option {error.option_name} attend une valeur"
        if "does not take a value" in error.message:
            return f"l'option {error.option_name} ne prend pas de valeur"
        return f"option {error.option_name} mal employée ({error.message})"
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        what = {"argument": "argument manquant", "option": "option manquante"}.get(kind, "valeur manquante")
        return f"{what} : {_hint(error)}"
    if isinstance(error, click.BadParameter):
        reason = _french_reason(error.message)
        hint = _hint(error)
        return f"valeur invalide pour {hint} : {reason}" if hint else f"valeur invalide : {reason}"
    extra = re.match(r"Got unexpected extra arguments? \((?P<args>.*)\)$", error.message, re.S)
    if extra:
        return f"argument en trop : {extra['args']}"
    return error.format_message()


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


# Flask's own commands, as the list of commands describes them once the app is loaded
FLASK_COMMANDS = {
    "run": "Lance le serveur de développement (pour essayer ; en production : scripts/run).",
    "shell": "Ouvre une console Python dans le contexte de l'application.",
    "routes": "Affiche les adresses de l'application et les vues qui y répondent.",
}


class _FrenchAppGroup:
    """The app's group of commands: an unknown command name is one French line (exit code 2),
    where Click would print its usage and "Error: No such command"."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None and ctx is not None and ctx.command is not self:
            # asked by ``flask`` itself (its own commands were looked up first)
            names = sorted(set(self.list_commands(ctx)) | set(getattr(ctx.command, "commands", {})))
            close = difflib.get_close_matches(name, names, n=2)
            told = f"commande inconnue : {_printable(name)}"
            if close:
                told += f" (vouliez-vous dire {' ou '.join(close)} ?)"
            raise UsageError(f"{told} ; voir « {ctx.command_path} --help »")
        return command


def _printable(text: str) -> str:
    shown = "".join(c if c.isprintable() else "?" for c in text[:40])
    return f"« {shown}{'…' if len(text) > 40 else ''} »"


def french_cli(app) -> None:
    """What of ``flask`` itself can be French once the app is loaded: an unknown command, the
    descriptions of Flask's run, shell and routes in the list of commands, and what the ``flask``
    group prints afterwards. What ``flask`` prints before it loads the app stays Flask's own
    (see the README: "Commandes en français")."""
    if not isinstance(app.cli, _FrenchAppGroup):
        app.cli.__class__ = _french_app_group(type(app.cli))
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return  # not run by ``flask`` (a server, the tests)
    root = ctx.find_root().command
    for name, text in FLASK_COMMANDS.items():
        command = getattr(root, "commands", {}).get(name)
        if command is not None and command.callback is not None and \
                command.callback.__module__.startswith("flask"):
            command.help, command.short_help = text, None  # Click shortens it in the list
    if root is not app.cli:
        french(root)


@functools.cache
def _french_app_group(cls: type) -> type:
    return type(f"French{cls.__name__}", (_FrenchAppGroup, cls), {})


def add_commands(app, *commands: click.Command) -> None:
    """Attach commands to the app's CLI, with Click's own words in French (``french``)."""
    for command in commands:
        app.cli.add_command(french(command))
