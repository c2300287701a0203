"""The watch page and the pages around it: chapters, speakers, questions, resources.

Views stay thin: they load the webinar, pick a template, and render. A chapter's panel is one
partial template (``partials/_chapter.html``) used inside the page and alone for htmx.
"""

from __future__ import annotations

import functools

from flask import Blueprint, Response, current_app, render_template, request, url_for

from chapters import exports
from chapters.audio_edition import AUDIO_DIR
from player.content.catalogue import get_webinar, webinar_folder
from player.content.downloads import DOWNLOAD_QUERY, recording_filename
from player.pages.player_page import (
    StartAt, chapter_fragment, found, is_fragment_request, render_watch, start_from_query, vary,
    watch_page,
)
from player.site import media_files
from player.site.headers import shared_with_any_origin
from player.site.urls import redirect_to

bp = Blueprint("watch", __name__)


@bp.get("/w/<wid>")
def watch(wid: str):
    return watch_page(get_webinar(wid))


@bp.get("/w/<wid>/chapitres/<cid>")
def chapter(wid: str, cid: str):
    """A chapter's own page: plays that chapter; alone as a fragment for htmx."""
    webinar = get_webinar(wid)
    chap = found(webinar.chapter(cid), f"Aucun chapitre « {cid} »")
    if is_fragment_request():
        return vary(chapter_fragment(webinar, chap))
    at = StartAt(start=chap.start, end=webinar.chapter_end(chap), explicit=True)
    if "t" in request.args:
        at = start_from_query(webinar, request.args["t"])
    return render_watch(webinar, chap, at)


@bp.get("/w/<wid>/chapitres")
def chapter_list(wid: str):
    return redirect_to(url_for("watch.watch", wid=wid) + "#chapitres")


def _page_of(wid: str, template: str, **lookups) -> str:
    """A page of one webinar; each lookup (name -> (find, what)) is one thing it shows, found
    in the webinar or a French 404 naming what was not found."""
    webinar = get_webinar(wid)
    things = {name: found(find(webinar), what) for name, (find, what) in lookups.items()}
    return render_template(template, webinar=webinar, **things)


@bp.get("/w/<wid>/intervenants/<sid>")
def speaker(wid: str, sid: str):
    return _page_of(wid, "speaker.html",
                    speaker=(lambda w: w.speaker(sid), f"Aucun intervenant « {sid} »"))


@bp.get("/w/<wid>/questions/<qid>")
def question(wid: str, qid: str):
    return _page_of(wid, "question.html",
                    question=(lambda w: w.question(qid), f"Aucune question « {qid} »"))


# Lists of one kind of thing, each at its own address.
for _rule, _endpoint, _template in (
    ("/w/<wid>/questions", "question_list", "questions.html"),
    ("/w/<wid>/ressources", "resource_list", "resources.html"),
):
    bp.add_url_rule(_rule, _endpoint, functools.partial(_page_of, template=_template))


@bp.get("/w/<wid>/chapitres.vtt")
def chapters_track(wid: str):
    """The chapters as WebVTT, for the page's ``<track kind="chapters">``."""
    webinar = get_webinar(wid)
    return Response(exports.to_webvtt(webinar), mimetype="text/vtt")


@bp.get("/w/<wid>/media/<path:name>")
def media_file(wid: str, name: str):
    webinar = get_webinar(wid)  # 404 for an unknown webinar before touching the disk
    accel = current_app.config.get("X_ACCEL_REDIRECT")
    # the "Télécharger" menu's link: the recording as an attachment, under the menu's name
    attachment = recording_filename(webinar, name) if DOWNLOAD_QUERY in request.args else None
    response = media_files.send_media(
        webinar_folder(wid) / "media", name,
        accel=f"{accel.rstrip('/')}/{wid}/media/" if accel else None,
        attachment=attachment,
    )
    if name.startswith(f"{AUDIO_DIR}/"):  # the audio edition and its cover, for podcast players
        shared_with_any_origin(response)
    return response
