"""Organisers' pages for the audience's chat: a chat file uploaded (from the recording page or
this one, ``/w/<id>/discussion/importer``) and the messages reviewed
(``/w/<id>/discussion/modifier``): hidden from viewers, marked or unmarked as questions, and
each question's answer confirmed at its moment, corrected, or said to have none.

The upload runs import-chat's own code (player/content/discussion.py import_chat) on a
temporary copy, which is removed afterwards whatever happens.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, Response, current_app, make_response, render_template, request, url_for

from chapters.chat import ChatError, DiscussionError, FILE_MAX, read_discussion, set_flags
from chapters.chat.answers import confirm, reopen
from chapters.chat.store import update
from chapters.timecode import TimecodeError, parse, to_clock
from player.content.catalogue import get_webinar, webinar_folder
from player.content.discussion import ImportRefused, import_chat, known_duration, look_for_answers
from player.organisers.auth import organiser_required
from player.site.urls import redirect_to

bp = Blueprint("discussion", __name__)

TOO_BIG = f"Fichier trop gros : moins de {FILE_MAX // 2**20} Mo. Rien n'a été importé."
NO_FILE = "Choisissez le fichier de la discussion (chat.txt de Zoom, .live_chat.json de YouTube ou rapport de questions-réponses .csv)."
ACTIONS = {"masquer": {"hidden": True}, "afficher": {"hidden": False},
           "question": {"question": True}, "pas-question": {"question": False}}
ANSWER_ACTIONS = ("reponse", "sans-reponse", "chercher")
UNKNOWN = "Ce message n'existe plus : la discussion a peut-être été réimportée. Rechargez la page."


@bp.url_value_preprocessor
def _limit_upload(endpoint, _values):
    # before the app's CSRF check, the first reader of the body: the limit holds from there
    if endpoint == "discussion.upload" and request.method == "POST":
        request.max_content_length = FILE_MAX - 1  # the file and its form stay under 100 MB


@bp.errorhandler(413)
def _too_big(_error):
    return _page(request.view_args.get("wid", ""), 413, error=TOO_BIG)


def _page(wid: str, status: int = 200, **context):
    webinar = get_webinar(wid)
    try:
        messages = read_discussion(webinar_folder(wid))
    except DiscussionError as error:
        messages, context["error"] = [], str(error).replace(str(webinar_folder(wid)), wid)
    page = render_template("organisers/discussion.html", webinar=webinar, messages=messages,
                           questions=sum(m.question for m in messages),
                           hidden=sum(m.hidden for m in messages), **context)
    return make_response(page, status)


@bp.get("/w/<wid>/discussion/modifier")
@organiser_required
def edit(wid: str):
    return _page(wid)


@bp.post("/w/<wid>/discussion/modifier")
@organiser_required
def change(wid: str):
    get_webinar(wid)  # 404 for an unknown webinar
    message_id = request.form.get("message", "")
    if request.form.get("action") in ANSWER_ACTIONS:
        return _answer(wid, message_id, request.form["action"], request.form.get("answer_at", ""))
    action = ACTIONS.get(request.form.get("action", ""))
    if action is None:
        return _page(wid, 400, error="Action inconnue.")

    def flag() -> None:
        set_flags(webinar_folder(wid), message_id, **action)
        if action.get("question"):  # a question now: its answer looked for at once
            look_for_answers(get_webinar(wid), webinar_folder(wid))

    return _changed(wid, message_id, flag)


def _changed(wid: str, message_id: str, write) -> Response:
    """Run ``write`` (a change to one message of the discussion file), then back to that
    message; the page again with a French error when the message or the file is not there."""
    try:
        write()
    except ChatError:
        return _page(wid, 404, error=UNKNOWN)
    except DiscussionError as error:
        return _page(wid, 409, error=str(error))
    except OSError as error:
        return _page(wid, 409, error=f"{wid} : écriture impossible ({error.strerror})")
    return redirect_to(url_for(".edit", wid=wid) + f"#message-{message_id}", 303)


def _answer_time(wid: str, raw: str) -> float:
    """The organiser's time for an answer, any notation of the programme; French error else."""
    try:
        at = parse(raw.strip())
    except TimecodeError as error:
        raise ValueError(f"Moment de la réponse illisible : {error.reason} (exemples : 33:05, 33'05, 1h02m10s).") from None
    duration = known_duration(get_webinar(wid))
    if duration is not None and at > duration:
        raise ValueError(f"Moment de la réponse après la fin de l'enregistrement ({to_clock(duration)}).")
    return at


def _answer(wid: str, message_id: str, action: str, raw: str):
    """A question's answer: confirmed or corrected (``reponse``), none (``sans-reponse``), or
    left to be found again in the captions (``chercher``)."""
    try:
        at = _answer_time(wid, raw) if action == "reponse" else None
    except ValueError as error:
        bad = {"id": message_id, "text": str(error), "value": raw[:40]}
        return _page(wid, 400, answer_error=bad)
    change = reopen if action == "chercher" else (lambda m: confirm(m, at))

    def answer() -> None:
        update(webinar_folder(wid), message_id, change)
        if action == "chercher":
            look_for_answers(get_webinar(wid), webinar_folder(wid))

    return _changed(wid, message_id, answer)


@bp.post("/w/<wid>/discussion/importer")
@organiser_required
def upload(wid: str):
    webinar = get_webinar(wid)
    sent = request.files.get("discussion")
    if sent is None or not sent.filename:
        return _page(wid, 400, error=NO_FILE)
    name = "".join(c if c.isprintable() else "?" for c in Path(sent.filename.replace("\\", "/")).name)[:80]
    folder = webinar_folder(wid)
    saved = folder / f".discussion-{secrets.token_hex(8)}.envoi"  # hidden, removed below
    try:
        sent.save(saved)
        try:
            done = import_chat(webinar, folder, saved, shown=name)
        except ImportRefused as refused:
            return _page(wid, 400, error=str(refused).replace(str(folder), wid))
    finally:
        saved.unlink(missing_ok=True)
    current_app.logger.info("discussion %s: %s imported (%d new)", wid, name, done.added)
    return _page(wid, 201 if done.added else 200, done=done, source=name)
