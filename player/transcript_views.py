"""The transcript of a recording and the files a viewer can download.

``/w/<id>/transcription`` is a plain page (every line a link to its time) and, asked by htmx,
the watch page's "Transcription" tab alone: both are ``partials/_transcript.html``. The
downloads (transcript as text, WebVTT, SubRip; chapters in each export format) are written by
``chapters.transcript_exports`` and ``chapters.exports``, the same code as ``export-chapters``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, url_for

from chapters import exports, transcript_exports
from chapters.files import StampCache
from chapters.model import Webinar
from chapters.transcript import Cue, Section, TranscriptError, caption_file, read_transcript, sections
from player.catalogue import get_webinar, webinar_folder

bp = Blueprint("transcript", __name__)

NO_CAPTIONS = (
    "Pas encore de transcription pour cet enregistrement : il n'a pas de sous-titres. "
    "Elle apparaîtra ici dès qu'un fichier de sous-titres (.vtt) sera ajouté."
)


@dataclass
class Transcript:
    """A webinar's words, or the French reason there are none."""

    cues: list[Cue] = field(default_factory=list)
    parts: list[Section] = field(default_factory=list)
    message: str | None = None  # set when there is nothing to show
    status: int = 200  # what a full page answers: 404 no captions, 503 unreadable ones


_cache = StampCache()


def _cues(path: Path) -> list[Cue]:
    """The file's cues, read again only when it changes (a two-hour file takes a while)."""
    stat = path.stat()
    return _cache.get(path, (stat.st_mtime_ns, stat.st_size), lambda: read_transcript(path))


def load_transcript(webinar: Webinar) -> Transcript:
    path = caption_file(webinar, webinar_folder(webinar.id))
    if path is None:
        return Transcript(message=NO_CAPTIONS, status=404)
    try:
        cues = _cues(path)
    except (OSError, TranscriptError) as error:
        return Transcript(
            message=f"La transcription de cet enregistrement ne peut pas être affichée : "
            f"les sous-titres sont illisibles ({error}).",
            status=503,
        )
    if not cues:
        return Transcript(message=NO_CAPTIONS, status=404)
    return Transcript(cues=cues, parts=sections(webinar, cues))


@bp.app_template_global()
def has_transcript(webinar: Webinar) -> bool:
    """Whether the recording has captions to make a transcript of (not read here: cheap)."""
    return caption_file(webinar, webinar_folder(webinar.id)) is not None


# ---------------------------------------------------------------- the page and the tab


def _is_fragment_request() -> bool:
    return request.headers.get("HX-Request") == "true"


def transcript_fragment(webinar: Webinar, words: Transcript | None = None) -> str:
    """The watch page's "Transcription" tab alone: here with ``HX-Request``, and at its own
    address (player/fragment_views.py)."""
    words = words or load_transcript(webinar)
    return render_template("partials/_transcript.html", webinar=webinar, words=words, level=3)


@bp.get("/w/<wid>/transcription")
def transcription(wid: str):
    """The transcript page; with ``HX-Request: true`` the tab's fragment alone (always 200, so
    htmx shows its message too)."""
    webinar = get_webinar(wid)
    words = load_transcript(webinar)
    if _is_fragment_request():
        html, status = transcript_fragment(webinar, words), 200
    else:
        # its description for link previews and search engines: player/cards.py
        html = render_template("transcript.html", webinar=webinar, words=words, level=2)
        status = words.status
    response = Response(html, status=status)
    response.vary.add("HX-Request")
    return response


# ---------------------------------------------------------------- downloads


@dataclass(frozen=True)
class Download:
    fmt: str
    suffix: str  # of the file name and the address: /w/<id>/<suffix>
    label: str
    mimetype: str


CHAPTER_FILES = (
    Download("vtt", "chapitres.vtt", "WebVTT (.vtt)", "text/vtt"),
    Download("youtube", "chapitres-youtube.txt", "Description YouTube (.txt)", "text/plain"),
    # the type the Podcasting 2.0 namespace gives its JSON chapters
    Download("json", "chapitres.json", "Podcasting 2.0 (.json)", "application/json+chapters"),
    Download("ffmetadata", "chapitres-ffmetadata.txt", "FFMETADATA pour ffmpeg (.txt)", "text/plain"),
)
TRANSCRIPT_FILES = (
    Download("txt", "transcription.txt", "Texte (.txt)", "text/plain"),
    Download("vtt", "transcription.vtt", "WebVTT (.vtt)", "text/vtt"),
    Download("srt", "transcription.srt", "SubRip (.srt)", "application/x-subrip"),
)


def _attachment(text: str, webinar: Webinar, item: Download) -> Response:
    response = Response(text, mimetype=item.mimetype)
    response.headers["Content-Type"] = f"{item.mimetype}; charset=utf-8"
    # ids are [A-Za-z0-9_-] (catalogue._ID): nothing in the name needs escaping
    response.headers["Content-Disposition"] = f'attachment; filename="{webinar.id}-{item.suffix}"'
    return response


def _download_url(webinar: Webinar, item: Download, kind: str) -> str:
    if kind == "chapters" and item.fmt == "vtt":
        return url_for("watch.chapters_track", wid=webinar.id)  # the page's own track
    return url_for(f"transcript.{kind}_file", wid=webinar.id, suffix=item.suffix)


@bp.app_template_global()
def downloads(webinar: Webinar) -> list[dict]:
    """The "Télécharger" menu: group, label, address, file name, why a format is impossible."""
    items = []
    for item in CHAPTER_FILES:
        try:
            exports.FORMATS[item.fmt](webinar)
            reason = None
        except ValueError as error:
            reason = str(error)
        items.append(
            {
                "group": "Chapitres",
                "label": item.label,
                "href": _download_url(webinar, item, "chapters"),
                "filename": f"{webinar.id}-{item.suffix}",
                "reason": reason,
            }
        )
    if has_transcript(webinar):
        items += [
            {
                "group": "Transcription",
                "label": item.label,
                "href": _download_url(webinar, item, "transcript"),
                "filename": f"{webinar.id}-{item.suffix}",
                "reason": None,
            }
            for item in TRANSCRIPT_FILES
        ]
    return items


def _named(files: tuple[Download, ...], suffix: str) -> Download:
    found = next((f for f in files if f.suffix == suffix), None)
    if found is None:
        abort(404)
    return found


@bp.get("/w/<wid>/<any('chapitres-youtube.txt', 'chapitres.json', 'chapitres-ffmetadata.txt'):suffix>")
def chapters_file(wid: str, suffix: str):
    webinar = get_webinar(wid)
    item = _named(CHAPTER_FILES, suffix)
    try:
        text = exports.FORMATS[item.fmt](webinar)
    except ValueError as error:
        html = render_template(
            "error.html",
            title="Export impossible",
            message=f"Les chapitres ne peuvent pas être écrits au format « {item.label} » : {error}.",
        )
        return html, 409
    return _attachment(text, webinar, item)


@bp.get("/w/<wid>/<any('transcription.txt', 'transcription.vtt', 'transcription.srt'):suffix>")
def transcript_file(wid: str, suffix: str):
    webinar = get_webinar(wid)
    item = _named(TRANSCRIPT_FILES, suffix)
    words = load_transcript(webinar)
    if words.message:
        abort(words.status, words.message)
    if item.fmt == "txt":
        text = transcript_exports.to_text(webinar, words.parts)
    elif item.fmt == "vtt":
        text = transcript_exports.to_webvtt(words.cues)
    else:
        text = transcript_exports.to_srt(words.cues)
    return _attachment(text, webinar, item)
