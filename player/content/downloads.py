"""The files a viewer can download: the chapters in each export format, and the transcript
when the recording has captions (the "Télécharger" menu and the static export list them)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from chapters import exports
from chapters.model import Webinar
from player.content.transcripts import has_transcript


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
    return items
