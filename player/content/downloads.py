"""The files a viewer can download: the chapters in each export format, and the transcript
when the recording has captions, the slides as a PDF when some were found (the "Télécharger" menu and the static export list them);
and the recording itself when this site holds it (``recording_download``, the menu's first item)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from flask import url_for

from chapters import exports
from chapters.model import Webinar
from chapters.wording import file_size
from player.content.catalogue import webinar_folder
from player.content.slides import has_slides
from player.content.transcripts import has_transcript
from player.media import demo
from player.site.media_files import servable
from player.site.urls import media_base, media_url


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


def download_url(webinar: Webinar, item: Download, kind: str) -> str:
    if kind == "chapters" and item.fmt == "vtt":
        return url_for("watch.chapters_track", wid=webinar.id)  # the page's own track
    return url_for(f"transcript.{kind}_file", wid=webinar.id, suffix=item.suffix)


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
                "href": download_url(webinar, item, "chapters"),
                "filename": f"{webinar.id}-{item.suffix}",
                "reason": reason,
            }
        )
    if has_transcript(webinar):
        items += [
            {
                "group": "Transcription",
                "label": item.label,
                "href": download_url(webinar, item, "transcript"),
                "filename": f"{webinar.id}-{item.suffix}",
                "reason": None,
            }
            for item in TRANSCRIPT_FILES
        ]
    if has_slides(webinar):
        items.append(
            {
                "group": "Diapositives",
                "label": "PDF, une page par diapositive (.pdf)",
                "href": url_for("slides.deck", wid=webinar.id),
                "filename": f"{webinar.id}-diapositives.pdf",
                "reason": None,
            }
        )
    return items


# How a recording's format is named in the menu, by its file's suffix (else the suffix in capitals)
FORMAT_NAMES = {"webm": "WebM", "ogg": "Ogg", "opus": "Opus"}
DOWNLOAD_QUERY = "telecharger"  # ?telecharger on the recording's address: sent as an attachment


def recording_filename(webinar: Webinar, name: str) -> str | None:
    """The name the recording is saved under when the menu's link is followed
    (``<webinar>-enregistrement.mp4``); None when ``name`` is not the webinar's recording."""
    rec = webinar.recording
    if rec.kind not in ("file", "demo") or name != (rec.src or demo.DEMO_FILE):
        return None
    what = "demonstration" if rec.kind == "demo" else "enregistrement"
    return f"{webinar.id}-{what}{PurePosixPath(name).suffix.lower()}"


def recording_download(webinar: Webinar) -> dict | None:
    """The recording itself, when it is a file of the webinar's media folder (the stand-in
    included): label with its format and size, address, file name. None for a video site's
    player, a link to media elsewhere, or a file that is not there (yet)."""
    rec = webinar.recording
    name = rec.src or demo.DEMO_FILE
    filename = recording_filename(webinar, name)
    path = webinar_folder(webinar.id) / "media" / name
    if filename is None or not servable(name) or not path.is_file():
        return None
    suffix = path.suffix.lower().lstrip(".")
    what = "Enregistrement de démonstration" if rec.kind == "demo" else "Enregistrement"
    href = media_url(webinar.id, name)
    return {
        # "(MP4, 12 Mo)" kept on one line
        "label": f"{what} ({FORMAT_NAMES.get(suffix, suffix.upper())},\u00a0{file_size(path.stat().st_size)})",
        # served here: the answer names the file (a browser prefers that to the link's name);
        # from MEDIA_BASE_URL, the address is left as that host knows it
        "href": href if media_base() else f"{href}?{DOWNLOAD_QUERY}",
        "filename": filename,
    }
