"""Error pages in French, for every HTTP error and for an unreadable data file."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from chapters.store import StoreError
from player.site.urls import redirect_to

ERROR_TITLES = {
    400: "Requête incorrecte",
    404: "Page introuvable",
    405: "Méthode non permise",
    416: "Plage demandée invalide",
    503: "Données du webinaire illisibles",
}

DEFAULT_MESSAGES = {
    404: "Cette adresse ne correspond à aucune page du lecteur.",
    405: "Cette adresse ne s'utilise pas ainsi.",
    416: "La plage d'octets demandée est hors du fichier.",
}


def _without_trailing_slash() -> str | None:
    """``/w/x/`` -> ``/w/x`` (query kept) when that address is one of the app's pages."""
    path = request.path
    if len(path) < 2 or not path.endswith("/"):
        return None
    bare = path.rstrip("/")
    if not bare.startswith("/") or bare.startswith("//"):  # never a redirect to another host
        return None
    try:
        current_app.url_map.bind(request.host).match(bare, method="GET")
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    return bare + ("?" + query if query else "")


def _error_page(status: int, message: str):
    title = ERROR_TITLES.get(status, "Erreur")
    return render_template("error.html", status=status, title=title, message=message), status



def install(app: Flask) -> None:
    """Answer every HTTP error and unreadable data file with a French page."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:  # a routing redirect: same, with a French body
            return redirect_to(error.get_response().headers.get("Location", "/"), error.code)
        if error.code == 404:
            bare = _without_trailing_slash()  # "/w/x/" (a static host's form) -> "/w/x"
            if bare:
                return redirect_to(bare, 308)
        # werkzeug's own descriptions are English: only ours (given to abort) are shown
        message = error.description
        if not message or message == type(error).description:
            message = DEFAULT_MESSAGES.get(error.code, "")
        response = _error_page(error.code or 500, message)
        if error.code == 416:
            # keep Content-Range for media clients that read it
            original = error.get_response()
            if "Content-Range" in original.headers:
                return response[0], 416, {"Content-Range": original.headers["Content-Range"]}
        return response

    @app.errorhandler(StoreError)
    def data_error(error: StoreError):
        # the log keeps the full path; viewers see the file relative to the data folder
        app.logger.error("%s", error)
        message = str(error)
        folder = Path(app.config["WEBINARS_DIR"])
        for prefix in {str(folder), str(folder.resolve())}:
            message = message.replace(prefix.rstrip("/") + "/", "")
        return _error_page(503, message)
