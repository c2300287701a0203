"""Addresses a static host can serve as they are: the htmx fragments, and the search index.

The watch page fetches its fragments (a chapter's panel, a speaker's card, the transcript tab) from addresses of
their own, ending in ``.html``, so that a copy of the site on a static host or a CDN (see
player/content/static_export.py) serves them with the right type and nothing varying on a request header. The
same partial templates answer the page's own address with ``HX-Request`` (player/pages/watch.py,
player/pages/transcript.py). ``/w/<id>/recherche.json`` is the webinar's search index as a
small document (chapters/search/static.py), which the exported pages search in the browser.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, url_for

from chapters.search import Entry, static_index
from chapters.model import Webinar
from player.content.catalogue import get_webinar
from player.content.search import searched_messages, searched_slides
from player.content.transcripts import load_transcript, transcript_fragment
from player.pages.player_page import chapter_fragment
from chapters.wording import french_date

bp = Blueprint("fragments", __name__)


@bp.get("/w/<wid>/fragments/chapitres/<cid>.html")
def chapter(wid: str, cid: str):
    webinar = get_webinar(wid)
    chap = webinar.chapter(cid)
    if chap is None:
        abort(404, f"Aucun chapitre « {cid} » dans ce webinaire.")
    return chapter_fragment(webinar, chap)


@bp.get("/w/<wid>/fragments/intervenants/<sid>.html")
def speaker(wid: str, sid: str):
    """A speaker's card, segments and answers, for the watch page's side column."""
    webinar = get_webinar(wid)
    person = webinar.speaker(sid)
    if person is None:
        abort(404, f"Aucun intervenant « {sid} » dans ce webinaire.")
    return render_template("partials/_speaker.html", webinar=webinar, speaker=person, level=2)


@bp.get("/w/<wid>/fragments/transcription.html")
def transcript(wid: str):
    # always 200, as the tab's answer on the page's address: its message is shown in the tab
    return Response(transcript_fragment(get_webinar(wid)))


def _href(webinar: Webinar, entry: Entry) -> str:
    """A row's page when it does not open the recording, as partials/_results.html links it."""
    if entry.kind == "intervenant":
        return url_for("watch.speaker", wid=webinar.id, sid=entry.ref)
    if entry.kind == "question":
        return url_for("watch.question", wid=webinar.id, qid=entry.ref)
    return url_for("watch.resource_list", wid=webinar.id)


@bp.get("/w/<wid>/recherche.json")
def search_index(wid: str):
    webinar = get_webinar(wid)
    words = load_transcript(webinar)  # no captions, or unreadable ones: the programme alone
    document = static_index(
        webinar,
        words.cues,
        searched_slides(webinar),
        searched_messages(webinar),
        href_of=lambda entry: _href(webinar, entry),
        header={
            "label": f"Webinaire du {french_date(webinar.date)} — {webinar.title}",
            "base": url_for("watch.watch", wid=webinar.id),
            "everywhere": url_for("search.everywhere"),
        },
    )
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(text, mimetype="application/json")


