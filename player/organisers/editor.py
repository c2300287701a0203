"""The organisers' editor: ``/w/<id>/modifier``, the watch page's player beside the data as a form.

Thin views: what the data becomes, how it is checked, saved, kept and undone is in
chapters/edits.py. Every route is for signed-in organisers (player/organisers/auth.py); every form carries
the version (sha256 of webinar.yaml) it was made from, and a save over another version is a 409
that says what changed meanwhile.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from chapters import edits
from chapters.model import Webinar
from chapters.names import DATA_FILE
from chapters.store import parse_webinar, webinar_to_dict
from player.organisers import pictures
from player.organisers.auth import organiser_required
from player.content.catalogue import has_recording, webinar_folder
from player.content.slides import start_proposals
from player.pages.player_page import (
    StartAt, embed_of, media_src, page_csp, page_modules, subtitle_tracks,
)

bp = Blueprint("editor", __name__)

DONE = {
    "enregistre": "Modifications enregistrées : la page publique les montre déjà.",
    "annule": "Dernière modification annulée : la version précédente est de nouveau en place.",
    "liste": "Liste de chapitres appliquée et enregistrée.",
    "rien": "Rien n'avait changé : le fichier n'a pas été réécrit.",
}


class Loaded:
    """The data file as the form starts from it: its bytes' version, the webinar, plain data."""

    def __init__(self, wid: str):
        self.folder = webinar_folder(wid)
        try:
            raw, self.version = edits.read_current(self.folder)
        except FileNotFoundError:
            abort(404, f"Aucun webinaire « {wid} ».")
        self.webinar: Webinar = parse_webinar(raw.decode("utf-8-sig"), wid, self.folder / DATA_FILE)
        self.data = webinar_to_dict(self.webinar)


def _posted() -> dict[str, list[str]]:
    return {k: v for k, v in request.form.lists() if k not in ("csrf_token", "version")}


def _page(loaded: Loaded, code: int = 200, **context) -> Response:
    webinar = loaded.webinar
    embed = embed_of(webinar)
    context.setdefault("values", edits.form_values(webinar))
    context.setdefault("version", loaded.version)
    html = render_template(
        "organisers/editor.html",
        webinar=webinar,
        current=(webinar.chapters or [None])[0],
        at=StartAt(),
        media_src=media_src(webinar),
        embed=embed,
        captions=[] if embed else subtitle_tracks(webinar),
        # never the watch page's; without a recording, no player to drive: the form alone
        js_modules=page_modules("editor.js" if has_recording(webinar) else "editor-form.js", embed),
        history_count=len(edits.history_files(loaded.folder)),
        done=DONE.get(request.args.get("fait", "")),
        field_label=lambda name: edits.field_label(webinar, name),
        proposals=start_proposals(webinar),  # where the slides and captions put each start
        **context,
    )
    response = Response(html, code)
    response.headers["Content-Security-Policy"] = page_csp(webinar, embed)
    return response


def _saved(loaded: Loaded, base: str, version: str, done: str) -> Response:
    """After a write: the pictures follow in the background (a moved start gets its thumbnail
    and share card: player/organisers/pictures.py), and the editor shows again."""
    if version != base:
        pictures.refresh(current_app.instance_path, loaded.folder, parse_webinar(
            (loaded.folder / DATA_FILE).read_text(encoding="utf-8-sig"), loaded.webinar.id, DATA_FILE))
    return redirect(url_for("editor.edit", wid=loaded.webinar.id, fait=done if version != base else "rien"), 303)


def _stale(loaded: Loaded, base: str, **context) -> Response:
    """409: the data file moved on since the form was made; say what changed meanwhile."""
    raw = edits.find_version(loaded.folder, base)
    before = None
    if raw is not None:
        before = parse_webinar(raw.decode("utf-8-sig"), loaded.webinar.id, DATA_FILE)
    changes = edits.diff(before, loaded.webinar) if before is not None else None
    return _page(loaded, 409, conflict={"changes": changes, "found": before is not None},
                 base_webinar=before, **context)


@bp.get("/w/<wid>/modifier")
@organiser_required
def edit(wid: str):
    return _page(Loaded(wid))


@bp.post("/w/<wid>/modifier")
@organiser_required
def save(wid: str):
    loaded = Loaded(wid)
    base = request.form.get("version", "")
    posted = _posted()
    if base != loaded.version:
        values, marked = posted, {}
        raw = edits.find_version(loaded.folder, base)
        if raw is not None:
            before = parse_webinar(raw.decode("utf-8-sig"), wid, DATA_FILE)
            values, marked = edits.rebase_form(
                edits.form_values(before), edits.form_values(loaded.webinar), posted
            )
        return _stale(loaded, base, values=values, marked=marked)
    try:
        webinar = edits.check_form(wid, loaded.data, posted)
    except edits.FormErrors as problems:
        return _page(loaded, 422, values=problems.values or posted, errors=problems.fields,
                     general=problems.general)
    try:
        version = edits.save_webinar_edit(loaded.folder, base, webinar)
    except edits.StaleVersion:  # another save landed between reading and writing
        return _stale(Loaded(wid), base, values=posted, marked={})
    return _saved(loaded, base, version, "enregistre")


@bp.post("/w/<wid>/modifier/liste")
@organiser_required
def paste(wid: str):
    """"Coller une liste": ``Aperçu`` shows the plan; ``Appliquer`` saves it."""
    loaded = Loaded(wid)
    base = request.form.get("version", "")
    text = request.form.get("liste", "")[:100_000]
    if base != loaded.version:
        return _stale(loaded, base, pasted=text)
    plan, problems, result, youtube = edits.check_list(wid, loaded.data, text)
    preview = {"text": text, "plan": plan, "problems": problems, "youtube": youtube,
               "usable": result is not None}
    if request.form.get("action") != "appliquer" or result is None:
        return _page(loaded, 200 if result is not None else 422, preview=preview)
    try:
        version = edits.save_webinar_edit(loaded.folder, base, result)
    except edits.StaleVersion:
        return _stale(Loaded(wid), base, pasted=text)
    return _saved(loaded, base, version, "liste")


@bp.post("/w/<wid>/modifier/annuler")
@organiser_required
def undo(wid: str):
    loaded = Loaded(wid)
    base = request.form.get("version", "")
    try:
        version = edits.undo(loaded.folder, base)
    except edits.StaleVersion:
        return _stale(loaded, base)
    except edits.NothingToUndo:
        return _page(loaded, 409, general=["Rien à annuler : aucune version précédente n'est gardée."])
    return _saved(loaded, base, version or "", "annule")
