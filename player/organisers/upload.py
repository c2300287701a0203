"""Organisers' pages: a new webinar from an uploaded handout (``/nouveau``) and its recording
set from an address in a background job (``/w/<id>/enregistrement``).

The upload runs import-programme's own code (player/content/handouts.py read_handout, write_imported)
into a hidden staging folder beside the webinars, then renames the finished folder in: an id
already taken is refused, never overwritten, and nothing half-written is ever visible. The
recording runs set-recording itself, as a process (player/jobs.py).
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from flask import (
    Blueprint, current_app, make_response, render_template, request, url_for,
)

from chapters.names import WEBINAR_ID
from player.organisers import jobs
from player.organisers.auth import organiser_required
from player.content.catalogue import get_webinar
from player.content.handouts import ImportFailure, read_handout, write_imported
from player.site.urls import redirect_to

bp = Blueprint("upload", __name__)

HANDOUT_MAX = 5 * 1024 * 1024  # bytes: a Word handout with pictures stays well below
FORMATS = (".docx", ".txt", ".md")
URL_MAX = 2000

TOO_BIG = f"Fichier trop gros : {HANDOUT_MAX // 2**20} Mo au plus. Enlevez les images du document, ou enregistrez-le en .txt."
NO_FILE = "Choisissez le fichier du programme (.docx, .txt ou .md)."
BAD_ID = ("« {shown} » ne peut pas être l'identifiant d'un webinaire : lettres, chiffres, "
          "« - » et « _ » seulement, 100 caractères au plus.")
TAKEN = ("Le webinaire « {wid} » existe déjà : rien n'a été remplacé. Choisissez un autre "
         "identifiant, ou modifiez celui-ci depuis son éditeur.")
BAD_URL = "Donnez une adresse complète, commençant par https:// ou http://."
MODES = {"": "Automatique", "download": "Copier le fichier ici", "link": "Lire le fichier à son adresse",
         "embed": "Lecteur du site (YouTube, Vimeo, PeerTube)"}  # set-recording's --mode
BUSY = "Une tâche est déjà en cours pour ce webinaire : attendez sa fin ou annulez-la."


@bp.url_value_preprocessor
def _limit_upload(endpoint, _values):
    # runs before the app's CSRF check, the first reader of the body: the limit holds from there
    if endpoint == "upload.new" and request.method == "POST":
        request.max_content_length = HANDOUT_MAX + 64 * 1024  # the file and the form around it


@bp.errorhandler(413)
def _too_big(_error):
    return _upload_page(413, error=TOO_BIG)


def _upload_page(status: int = 200, **context):
    return make_response(render_template("organisers/upload.html", formats=FORMATS, **context), status)


def _shown(text: str, limit: int = 60) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text[:limit] + ("…" if len(text) > limit else "")


@bp.route("/nouveau", methods=["GET", "POST"])
@organiser_required
def new():
    if request.method == "GET":
        return _upload_page()
    upload = request.files.get("fichier")
    wanted = request.form.get("identifiant", "").strip()
    if upload is None or not upload.filename:
        return _upload_page(400, error=NO_FILE, wanted=wanted)
    name = _shown(Path(upload.filename.replace("\\", "/")).name)
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        return _upload_page(400, wanted=wanted, error=(
            f"{name} : format « {suffix or 'sans extension'} » non lu ; enregistrez le document "
            "en .docx (Word), .md ou .txt."))
    if wanted and not WEBINAR_ID.fullmatch(wanted):
        return _upload_page(400, error=BAD_ID.format(shown=_shown(wanted, 40)), wanted=wanted)
    webinars = Path(current_app.config["WEBINARS_DIR"])
    # hidden (never an id, never listed), on the same disk as its destination for the rename
    staging = webinars / f".nouveau-{secrets.token_hex(8)}"
    try:
        saved = staging / "document" / f"programme{suffix}"
        saved.parent.mkdir(parents=True)
        upload.save(saved)
        if saved.stat().st_size > HANDOUT_MAX:  # a body sent without its length
            return _upload_page(413, error=TOO_BIG, wanted=wanted)

        def told(text: str) -> str:  # the messages name the file as the organiser knows it
            return text.replace(str(saved), name)

        try:
            result = read_handout(saved, current_app.config["IMPORT_SECONDS"])
        except ImportFailure as failure:
            return _upload_page(400, error=told(str(failure)), wanted=wanted)
        wid = wanted or result.webinar.date
        if not WEBINAR_ID.fullmatch(wid or ""):
            return _upload_page(400, error=BAD_ID.format(shown=_shown(wid or "", 40)), wanted=wanted)
        if (webinars / wid).exists():
            return _upload_page(409, error=TAKEN.format(wid=wid), wanted=wanted)
        try:
            write_imported(result.webinar, saved, staging / wid)
            (staging / wid).rename(webinars / wid)  # refused if the id was taken meanwhile
        except ImportFailure as failure:
            return _upload_page(400, error=told(str(failure)).replace(str(staging / wid), wid),
                                wanted=wanted)
        except OSError:
            return _upload_page(409, error=TAKEN.format(wid=wid), wanted=wanted)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    webinar = result.webinar
    # each warning about a field links to it in the editor (its id there: f-resources-r2-url)
    warnings = [(told(w), f"f-{field.replace('.', '-')}" if (field := result.fields.get(w)) else None)
                for w in result.warnings]
    return _upload_page(201, created=webinar, source=name, warnings=warnings)


# --- the recording, set by a background job -----------------------------------------------


def _job_page(wid: str, status: int = 200, **context):
    webinar = get_webinar(wid)
    job = jobs.status(current_app.instance_path, wid)
    page = render_template("organisers/recording_job.html", webinar=webinar, job=job, modes=MODES, **context)
    return make_response(page, status)


@bp.get("/w/<wid>/enregistrement")
@organiser_required
def recording(wid: str):
    return _job_page(wid)


@bp.post("/w/<wid>/enregistrement")
@organiser_required
def start_recording(wid: str):
    get_webinar(wid)  # 404 for an unknown webinar
    url = request.form.get("adresse", "").strip()
    mode = request.form.get("mode", "")
    if mode not in MODES:
        mode = ""
    if not url.lower().startswith(("https://", "http://")) or len(url) > URL_MAX or any(
        c.isspace() or not c.isprintable() for c in url
    ):
        return _job_page(wid, 400, error=BAD_URL, url=url[:URL_MAX], mode=mode)
    try:
        jobs.start(current_app.instance_path, current_app.config["WEBINARS_DIR"], wid,
                             url, mode=mode or None)
    except jobs.JobBusy:
        return _job_page(wid, 409, error=BUSY, url=url, mode=mode)
    return redirect_to(url_for(".recording", wid=wid), 303)


@bp.get("/w/<wid>/enregistrement/etat")
@organiser_required
def recording_state(wid: str):
    """The job's state alone: the fragment htmx polls while the job runs."""
    webinar = get_webinar(wid)
    job = jobs.status(current_app.instance_path, wid)
    return render_template("organisers/_job.html", webinar=webinar, job=job)


@bp.post("/w/<wid>/enregistrement/annuler")
@organiser_required
def cancel_recording(wid: str):
    get_webinar(wid)
    jobs.cancel(current_app.instance_path, wid)
    return redirect_to(url_for(".recording", wid=wid), 303)
