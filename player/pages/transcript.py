"""The transcript of a recording and the files a viewer can download.

``/w/<id>/transcription`` is a plain page (every line a link to its time) and, asked by htmx,
the watch page's "Transcription" tab alone: both are ``partials/_transcript.html``. The
downloads (transcript as text, WebVTT, SubRip; chapters in each export format) are written by
``chapters.transcript_exports`` and ``chapters.exports``, the same code as ``export-chapters``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from chapters import exports, transcript_exports
from chapters.model import Webinar
from player.content.catalogue import get_webinar
from player.content.downloads import CHAPTER_FILES, TRANSCRIPT_FILES, Download
from player.content.transcripts import load_transcript, transcript_fragment
from player.pages.player_page import is_fragment_request, vary
from player.site.headers import shared_with_any_origin

bp = Blueprint("transcript", __name__)

# ---------------------------------------------------------------- the page and the tab


@bp.get("/w/<wid>/transcription")
def transcription(wid: str):
    """The transcript page; with ``HX-Request: true`` the tab's fragment alone (always 200, so
    htmx shows its message too)."""
    webinar = get_webinar(wid)
    words = load_transcript(webinar)
    if is_fragment_request():
        html, status = transcript_fragment(webinar, words), 200
    else:
        # its description for link previews and search engines: player/content/cards.py
        html = render_template("transcript.html", webinar=webinar, words=words, level=2)
        status = words.status
    return vary(Response(html, status=status))


# ---------------------------------------------------------------- downloads


def _attachment(text: str, webinar: Webinar, item: Download) -> Response:
    response = Response(text, mimetype=item.mimetype)
    response.headers["Content-Type"] = f"{item.mimetype}; charset=utf-8"
    # ids are [A-Za-z0-9_-] (catalogue._ID): nothing in the name needs escaping
    response.headers["Content-Disposition"] = f'attachment; filename="{webinar.id}-{item.suffix}"'
    # public files that web podcast players fetch from another origin (the feeds name them)
    return shared_with_any_origin(response)


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
