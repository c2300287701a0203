"""The slides of a recording: their page, the watch page's "Diapositives" tab, and the deck.

``/w/<id>/diapositives`` lists the slides as thumbnails, each a link to its moment (no script
needed); with ``HX-Request``, or at its ``.html`` fragment address (for a static copy), the tab
alone: both are ``partials/_slides.html``. ``/w/<id>/diapositives.pdf`` is the deck, one page
per slide, built once per slides file (player/content/slides.py).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_file

from chapters.model import Webinar
from player.content.catalogue import get_webinar
from player.content.slides import current_slides, deck_path, slide_views
from player.pages.player_page import is_fragment_request, vary

bp = Blueprint("slides", __name__)

NONE_FOUND = "Aucune diapositive n'a été trouvée dans l'enregistrement de ce webinaire."


def _slides(webinar: Webinar):
    slides = current_slides(webinar)
    if slides is None:
        abort(404, NONE_FOUND)
    return slides


def _fragment(webinar: Webinar) -> str:
    views = slide_views(webinar, _slides(webinar))
    return render_template("partials/_slides.html", webinar=webinar, slides=views, level=3)


@bp.get("/w/<wid>/diapositives")
def slide_page(wid: str):
    """Every slide, each a link to its moment; the tab alone for htmx."""
    webinar = get_webinar(wid)
    if is_fragment_request():
        return vary(Response(_fragment(webinar)))
    views = slide_views(webinar, _slides(webinar))
    return vary(Response(render_template("slides.html", webinar=webinar, slides=views, level=2)))


@bp.get("/w/<wid>/fragments/diapositives.html")
def slide_fragment(wid: str):
    return Response(_fragment(get_webinar(wid)))


@bp.get("/w/<wid>/diapositives.pdf")
def deck(wid: str):
    """The deck as one PDF, shown by the browser, saved under the webinar's name."""
    webinar = get_webinar(wid)
    path = deck_path(webinar, _slides(webinar))
    if path is None:
        abort(503, "Le PDF des diapositives ne peut pas être fait pour l'instant.")
    return send_file(
        path,
        mimetype="application/pdf",
        download_name=f"{webinar.id}-diapositives.pdf",
        conditional=True,
        etag=True,
        max_age=0,
    )
