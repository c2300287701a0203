"""CLI command check-chapters: the programme's chapter starts against the recording's captions."""

from __future__ import annotations

import errno
import json

import click
from flask.cli import with_appcontext

from chapters import drift, slide_drift
from chapters.store import DATA_FILE, StoreError
from chapters.timecode import TimecodeError, parse, to_clock, to_number
from chapters.transcript import TranscriptError, caption_file, read_transcript
from player.cli.common import add_commands, fail, load_or_fail
from player.content.slides import current_slides

# strerror is in English; the usual reasons a data file cannot be written, said in French
_WRITE_ERRORS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota disque dépassé",
    errno.EFBIG: "fichier trop grand pour le système",
}


def _window(text: str) -> drift.Window:
    """``5m,10m`` (before, after) or one time for both sides."""
    parts = text.split(",")
    if len(parts) > 2:
        fail(f"--window « {text} » : deux temps au plus, avant et après (ex. 5m,10m)")
    try:
        values = [parse(p, opening_words=False) for p in parts]
    except TimecodeError as error:
        fail(f"--window : {error} (ex. 5m,10m)")
    return drift.Window(values[0], values[-1])


def _finding_json(finding: drift.Finding) -> dict:
    cue = finding.cue
    return {
        "number": finding.number,
        "id": finding.chapter.id,
        "title": finding.chapter.title,
        "speakers": [s.id for s in finding.speakers],
        "status": finding.status,
        "programme": to_number(finding.chapter.start),
        "programme_clock": to_clock(finding.chapter.start),
        "found": to_number(finding.found),
        "found_clock": None if finding.found is None else to_clock(finding.found),
        "drift": to_number(finding.drift),
        "who": finding.who or None,
        "how": finding.how,
        "why": finding.why or None,
        "cue": cue and {"start": to_number(cue.start), "text": cue.text, "voice": cue.voice},
        "window": [to_number(t) for t in finding.window],
        "line": drift.report_line(finding),
    }


def _move_json(move: drift.Move) -> dict:
    return {
        "number": move.number,
        "id": move.chapter_id,
        "from": to_number(move.old),
        "to": to_number(move.new),
        "refused": move.refused,
        "line": drift.move_line(move),
    }


@click.command("check-chapters")
@with_appcontext
@click.argument("webinar_id", metavar="[WEBINAIRE]", required=False)
@click.option("--apply", "apply_", is_flag=True,
              help="Déplace les débuts de chapitre aux temps trouvés (webinar.yaml réécrit).")
@click.option("--window", "window_text", metavar="AVANT,APRÈS", default="5m,10m", show_default=True,
              help="Où chercher : temps avant et après le début du programme.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text : une ligne par chapitre ; json : pour les outils.")
def check_chapters(webinar_id: str | None, apply_: bool, window_text: str, fmt: str) -> None:
    """Compare les débuts de chapitre du programme à l'enregistrement : aux moments où les
    sous-titres présentent chaque intervenant, et aux changements de diapositive."""
    window = _window(window_text)
    webinar, folder = load_or_fail(webinar_id)
    source = caption_file(webinar, folder)
    slides = current_slides(webinar)
    if source is None and slides is None:
        hint = "lancez demo-recording" if webinar.recording.kind == "demo" else (
            "récupérez les sous-titres avec set-recording")
        fail(f"ni transcription ni diapositives pour {webinar.id} : ajoutez un fichier .vtt dans "
             f"le dossier du webinaire ({folder}), {hint}, ou cherchez les diapositives avec "
             "la commande slides")
    cues = None
    if source is not None:
        try:
            cues = read_transcript(source)
        except TranscriptError as error:
            fail(str(error))
    findings = slide_drift.find_starts(webinar, cues, slides, window)
    moves = drift.plan_moves(webinar, findings)
    written = None
    if apply_:
        try:
            written = drift.apply_moves(webinar, folder, moves)
        except StoreError as error:
            fail(str(error))
        except OSError as error:
            reason = _WRITE_ERRORS.get(error.errno, error.strerror or str(error))
            fail(f"{folder / DATA_FILE} : écriture impossible ({reason})")
    where = [source.name] if source is not None else []
    if slides is not None:
        where.append(f"les {len(slides.slides)} diapositives")
    summary = drift.summary_line(findings, " et ".join(where))
    if fmt == "json":
        click.echo(json.dumps({
            "webinar": webinar.id,
            "captions": source.name if source is not None else None,
            "slides": len(slides.slides) if slides is not None else None,
            "window": {"before": to_number(window.before), "after": to_number(window.after)},
            "chapters": [_finding_json(f) for f in findings],
            "moves": [_move_json(m) for m in moves],
            "applied": written is not None,
            "summary": summary,
        }, ensure_ascii=False, indent=2))
        return
    for finding in findings:
        click.echo(drift.report_line(finding))
    click.echo(summary)
    if apply_:
        for move in moves:
            click.echo(drift.move_line(move))
        done = sum(1 for m in moves if m.refused is None)
        if written is None:
            click.echo(f"{folder / DATA_FILE} : aucun changement")
        else:
            click.echo(f"{written} : {done} début{'s' if done > 1 else ''} de chapitre déplacé"
                       f"{'s' if done > 1 else ''}")
    elif moves:
        for move in (m for m in moves if m.refused):
            click.echo(f"chapitre {move.number} : --apply refuserait : {move.refused}")
        accepted = sum(1 for m in moves if m.refused is None)
        if accepted:
            click.echo(f"--apply déplacerait {accepted} début{'s' if accepted > 1 else ''} "
                       "de chapitre")


COMMANDS = [check_chapters]


def init_app(app) -> None:
    """Attach this module's commands to the app's CLI."""
    add_commands(app, *COMMANDS)
