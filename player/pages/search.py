"""Search pages: ``/w/<id>/recherche?q=`` in one webinar, ``/recherche?q=`` in all of them.

A full page (the form and the results) without ``HX-Request``; with it, the results alone
(``partials/_results.html``), which the page's active search swaps in. ``?vue=lecteur`` asks
for the results as the watch page's side column shows them (smaller headings, no webinar
names). The index itself is plain Python: ``chapters/search.py``.
"""

from __future__ import annotations

import sqlite3

from flask import Blueprint, Response, current_app, render_template, request

from chapters.search import MAX_QUERY, Results
from player.content.catalogue import get_webinar
from player.content.search import search_index
from player.pages.player_page import is_fragment_request, vary

bp = Blueprint("search", __name__)


def _answer(webinar) -> Response:
    raw = request.args.get("q", "")
    results: Results = search_index().search(raw, webinar.id if webinar else None)
    for wid, why in results.skipped:
        current_app.logger.warning("recherche : webinaire %s laissé de côté : %s", wid, why)
    # a query over the limit is a bad request; empty, wordless or unmatched ones are answers
    status = 400 if results.problem in ("too-long", "too-many") else 200
    in_player = request.args.get("vue") == "lecteur"
    context = {
        "webinar": webinar,
        "results": results,
        "q": results.query,
        "q_max": MAX_QUERY,
        "heading": 3 if in_player else 2,
        "in_player": in_player,
    }
    template = "partials/_results.html" if is_fragment_request() else "search.html"
    return vary(Response(render_template(template, **context), status))


@bp.get("/w/<wid>/recherche")
def in_webinar(wid: str):
    return _answer(get_webinar(wid))


@bp.get("/recherche")
def everywhere():
    return _answer(None)


@bp.errorhandler(sqlite3.Error)
@bp.errorhandler(OSError)
def index_unavailable(error: Exception):
    """The index file cannot be used (locked too long, disk full, folder not writable)."""
    current_app.logger.error("index de recherche indisponible : %s", error)
    html = render_template(
        "error.html",
        status=503,
        title="Recherche indisponible",
        message="La recherche ne répond pas pour le moment : réessayez dans un instant.",
    )
    return html, 503
