"""A recording's words: its captions read once per version of the file, in the chapters'
sections, or the French reason there are none; and the transcript tab's fragment."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import render_template

from chapters.files import StampCache
from chapters.model import Webinar
from chapters.transcript import Cue, Section, TranscriptError, caption_file, read_transcript, sections
from player.content.catalogue import webinar_folder

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


CACHED_TRANSCRIPTS = 32  # caption files kept read (a two-hour one holds a few MB of cues)
_cache = StampCache(CACHED_TRANSCRIPTS, name="transcripts: cues read")


def _cues(path: Path) -> list[Cue]:
    """The file's cues, read again only when it changes (a two-hour file takes a while)."""
    stat = path.stat()
    return _cache.get(path, (stat.st_mtime_ns, stat.st_size), lambda: read_transcript(path))


def load_transcript(webinar: Webinar) -> Transcript:
    """The webinar's transcript, or why there is none (and the status a full page answers)."""
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


def has_transcript(webinar: Webinar) -> bool:
    """Whether the recording has captions to make a transcript of (not read here: cheap)."""
    return caption_file(webinar, webinar_folder(webinar.id)) is not None


def transcript_fragment(webinar: Webinar, words: Transcript | None = None) -> str:
    """The watch page's "Transcription" tab alone: here with ``HX-Request``, and at its own
    address (player/pages/fragments.py)."""
    words = words or load_transcript(webinar)
    return render_template("partials/_transcript.html", webinar=webinar, words=words, level=3)
