"""The audience's discussion for viewers: ``/w/<id>/discussion``, a plain page (every message a
link to its time), and ``/w/<id>/fragments/discussion.html``, the watch page's "Discussion" tab
alone (htmx; its own address, so a static copy of the site serves it too): both are
``partials/_discussion.html``. Messages the organiser hid are never sent."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from player.content.catalogue import get_webinar, webinar_folder
from player.content.discussion import has_discussion, shown_messages

bp = Blueprint("chat", __name__)


@bp.get("/w/<wid>/discussion")
def discussion(wid: str):
    webinar = get_webinar(wid)
    if not has_discussion(webinar):
        abort(404, "Aucune discussion n'a été importée pour ce webinaire.")
    return render_template("discussion.html", webinar=webinar, messages=shown_messages(webinar_folder(wid)))


@bp.get("/w/<wid>/fragments/discussion.html")
def fragment(wid: str):
    # always 200, as the tab's answer: its message ("Aucun message…") is shown in the tab
    webinar = get_webinar(wid)
    return render_template("partials/_discussion.html", webinar=webinar,
                           messages=shown_messages(webinar_folder(wid)))
