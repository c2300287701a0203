"""What the pages say about a recording's slides: the list with its addresses, and the deck.

The slides file is written by ``flask slides`` (player/media/slides.py) beside the recording.
A file made from another recording than the current one is not shown (its times would be
another video's); a broken one is logged and not shown either: viewers never get an error for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from chapters import slide_drift
from chapters.drift import format_drift
from chapters.files import StampCache, write_atomic
from chapters.model import Webinar
from chapters.slides import INDEX, Slides, SlidesError, of_recording, read_slides, slides_folder
from chapters.timecode import to_clock
from player.content.catalogue import webinar_folder
from player.content.transcripts import load_transcript
from player.media.slide_deck import DeckError, deck_pdf
from player.site.urls import media_url, moment_url

DECK_FILE = "diapositives.pdf"  # in the slides folder, built on first request
_cache = StampCache(64, name="slides: files read")


@dataclass(frozen=True)
class SlideView:
    number: int
    start: float
    end: float
    clock: str
    href: str  # the watch page at the slide's start
    still: str  # URLs of the pictures
    thumb: str
    text: str


def current_slides(webinar: Webinar) -> Slides | None:
    """The slides of the webinar's current recording, or None (none found, another recording's,
    or a broken file)."""
    media = webinar_folder(webinar.id) / "media"
    index = slides_folder(media) / INDEX
    try:
        stamp = index.stat().st_mtime_ns
    except OSError:
        return None
    try:
        slides = _cache.get(str(index), stamp, lambda: read_slides(media))
    except SlidesError as error:
        current_app.logger.error("diapositives de %s : %s", webinar.id, error)
        return None
    return of_recording(slides, media, webinar.recording.file_name)


def has_slides(webinar: Webinar) -> bool:
    """Whether the current recording has slides to show (the tab, the page, the deck)."""
    return current_slides(webinar) is not None


def slide_views(webinar: Webinar, slides: Slides) -> list[SlideView]:
    """Each slide with its number, its addresses and the words read on it."""
    folder = "slides"
    return [
        SlideView(
            number=i,
            start=s.start,
            end=s.end,
            clock=to_clock(s.start),
            href=moment_url(webinar.id, s.start),
            still=media_url(webinar.id, f"{folder}/{s.still}"),
            thumb=media_url(webinar.id, f"{folder}/{s.thumb}"),
            text=" ".join((s.text or "").split()),
        )
        for i, s in enumerate(slides.slides, start=1)
    ]


def deck_path(webinar: Webinar, slides: Slides) -> Path | None:
    """The deck as a PDF, built once for this slides file (again when it changes); None when a
    picture is missing or unreadable (logged)."""
    folder = slides_folder(webinar_folder(webinar.id) / "media")
    deck = folder / DECK_FILE
    try:
        if deck.stat().st_mtime_ns >= (folder / INDEX).stat().st_mtime_ns:
            return deck
    except OSError:
        pass
    try:
        data = deck_pdf((folder / s.still for s in slides.slides), title=webinar.title)
    except (OSError, DeckError) as error:
        current_app.logger.error("diapositives de %s : PDF impossible : %s", webinar.id, error)
        return None
    return write_atomic(deck, data)


@dataclass(frozen=True)
class Proposal:
    """A start the recording suggests for a chapter, for the editor."""

    start: float
    text: str  # "Diapositive à 7:12"
    drift: str  # "+1 min 7 s"


def start_proposals(webinar: Webinar) -> dict[str, Proposal]:
    """Chapter id -> the start the slides and captions propose, where it differs from the data
    file's (the same findings as ``flask check-chapters``)."""
    slides = current_slides(webinar)
    words = load_transcript(webinar)
    cues = None if words.message else words.cues
    if slides is None and cues is None:
        return {}
    findings = slide_drift.find_starts(webinar, cues, slides)
    return {
        f.chapter.id: Proposal(f.found, slide_drift.proposal_text(f), format_drift(f.drift))
        for f in findings
        if f.found is not None and f.found != f.chapter.start
    }
