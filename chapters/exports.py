"""Chapter exports: WebVTT, YouTube description, Podcasting 2.0 JSON, ffmpeg FFMETADATA1.

Each writer takes a Webinar and returns text; a webinar a format cannot express raises an
ExportError (a ValueError) whose French message names the rule and the chapter.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import webvtt

from . import timecode
from .model import Chapter, Webinar

__all__ = [
    "ExportError",
    "YouTubeChaptersError",
    "OPEN_END",
    "to_webvtt",
    "to_youtube",
    "to_podcast_json",
    "to_ffmetadata",
    "FORMATS",
]

# A WebVTT cue needs an end; when the recording's length is unknown the last chapter
# gets this much, which a player clamps to the real end of the media anyway.
OPEN_END = 3600.0

YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_LENGTH = 10


class ExportError(ValueError):
    """The webinar's chapters cannot be written in the requested format."""


class YouTubeChaptersError(ExportError):
    """The chapters break one of YouTube's rules; ``rule`` and ``chapter`` (an id) say which."""

    def __init__(self, rule: str, chapter: str | None, message: str):
        self.rule = rule
        self.chapter = chapter
        super().__init__(message)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _label(index: int, ch: Chapter) -> str:
    return f"chapitre {index + 1} « {ch.title} » ({timecode.to_clock(ch.start)})"


# ---------------------------------------------------------------- WebVTT


def _escape_cue(text: str) -> str:
    # '>' too: a title holding "-->" would otherwise end the cue text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(webinar: Webinar) -> str:
    """A WebVTT chapters track: one cue per chapter, identified by the chapter's id.

    The last chapter ends with the recording, or OPEN_END after its start when the length
    is not known.
    """
    captions = []
    for ch in webinar.chapters:
        end = webinar.chapter_end(ch)
        if end is None:
            end = ch.start + OPEN_END
        captions.append(
            webvtt.Caption(
                start=timecode.to_vtt(ch.start),
                end=timecode.to_vtt(end),
                text=_escape_cue(_one_line(ch.title)),
                identifier=ch.id,
            )
        )
    return webvtt.WebVTT(captions=captions).content


# ---------------------------------------------------------------- YouTube


def _whole(seconds: float) -> int:
    """The whole seconds YouTube reads from a written ``m:ss`` (milliseconds dropped)."""
    return int(round(seconds * 1000)) // 1000


def _check_youtube(webinar: Webinar) -> None:
    chapters = webinar.chapters
    if len(chapters) < YOUTUBE_MIN_CHAPTERS:
        raise YouTubeChaptersError(
            "count",
            None,
            f"YouTube demande au moins {YOUTUBE_MIN_CHAPTERS} chapitres ; "
            f"ce webinaire en a {len(chapters)}",
        )
    if _whole(chapters[0].start) != 0:
        raise YouTubeChaptersError(
            "first",
            chapters[0].id,
            f"YouTube demande que le premier chapitre commence à 0:00 ; "
            f"le {_label(0, chapters[0])} commence plus tard",
        )
    for i in range(1, len(chapters)):
        if _whole(chapters[i].start) <= _whole(chapters[i - 1].start):
            raise YouTubeChaptersError(
                "order",
                chapters[i].id,
                f"YouTube demande des temps croissants ; le {_label(i, chapters[i])} "
                f"ne vient pas après le {_label(i - 1, chapters[i - 1])}",
            )
    for i, ch in enumerate(chapters):
        end = webinar.chapter_end(ch)
        if end is None:
            continue  # length unknown: YouTube checks the last chapter against the video
        length = _whole(end) - _whole(ch.start)
        if length < YOUTUBE_MIN_LENGTH:
            raise YouTubeChaptersError(
                "length",
                ch.id,
                f"YouTube demande des chapitres d'au moins {YOUTUBE_MIN_LENGTH} secondes ; "
                f"le {_label(i, ch)} dure {length} s",
            )


def to_youtube(webinar: Webinar) -> str:
    """Lines ``0:00 Title`` for a YouTube description, after checking YouTube's rules."""
    _check_youtube(webinar)
    return "".join(
        f"{timecode.to_clock(ch.start)} {_one_line(ch.title)}\n" for ch in webinar.chapters
    )


# ---------------------------------------------------------------- Podcasting 2.0


def to_podcast_json(webinar: Webinar) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0); endTime only when known."""
    chapters = []
    for ch in webinar.chapters:
        item = {"startTime": timecode.to_number(ch.start), "title": ch.title}
        end = webinar.chapter_end(ch)
        if end is not None:
            item["endTime"] = timecode.to_number(end)
        chapters.append(item)
    doc = {"version": "1.2.0", "chapters": chapters}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- ffmpeg


def _ffescape(text: str) -> str:
    """Backslash before ``= ; # \\`` and newlines, as ffmpeg's metadata format documents."""
    out = []
    for c in text.replace("\r\n", "\n"):
        out.append("\\" + c if c in "=;#\\\n" else c)
    return "".join(out)


def _millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def to_ffmetadata(webinar: Webinar) -> str:
    """ffmpeg FFMETADATA1: the webinar's title, then one [CHAPTER] block per chapter."""
    lines = [";FFMETADATA1", f"title={_ffescape(webinar.title)}"]
    for i, ch in enumerate(webinar.chapters):
        end = webinar.chapter_end(ch)
        if end is None:
            raise ExportError(
                f"ffmetadata : la fin du {_label(i, ch)} est inconnue ; "
                "indiquer recording.duration dans le fichier de données"
            )
        if _millis(end) <= _millis(ch.start):
            raise ExportError(
                f"ffmetadata : le {_label(i, ch)} finit avant de commencer "
                f"({timecode.to_clock(end)})"
            )
        lines += [
            "",
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={_millis(ch.start)}",
            f"END={_millis(end)}",
            f"title={_ffescape(ch.title)}",
        ]
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Webinar], str]] = {
    "vtt": to_webvtt,
    "youtube": to_youtube,
    "json": to_podcast_json,
    "ffmetadata": to_ffmetadata,
}
