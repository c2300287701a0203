"""The transcript written out: WebVTT (with webvtt-py), SubRip, and plain text under chapters.

Each writer takes the cues read by ``chapters.transcript`` and returns text.
"""

from __future__ import annotations

import webvtt

from . import timecode
from .model import Webinar
from .transcript import Cue, Section

__all__ = ["to_webvtt", "to_srt", "to_text", "BEFORE_FIRST_CHAPTER"]

BEFORE_FIRST_CHAPTER = "Avant le premier chapitre"


def _escape(text: str) -> str:
    # '>' too: a line holding "-->" would otherwise be read as a timing line
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(cues: list[Cue]) -> str:
    """The cues as WebVTT, each speaker in a voice span (``<v Name>``), text escaped."""
    captions = []
    for cue in cues:
        text = _escape(cue.text) or " "
        if cue.voice:
            text = f"<v {_escape(cue.voice)}>{text}"
        captions.append(
            webvtt.Caption(
                start=timecode.to_vtt(cue.start),
                end=timecode.to_vtt(cue.end),
                text=text,
                identifier=cue.identifier,
            )
        )
    return webvtt.WebVTT(captions=captions).content


def _srt_time(seconds: float) -> str:
    return timecode.to_vtt(seconds).replace(".", ",")


def to_srt(cues: list[Cue]) -> str:
    """The cues as SubRip: numbered from 1, ``00:01:02,500`` times, the speaker's name before
    the words where the voice changes (SubRip has no voices).

    Written here rather than with webvtt-py's SRT writer, which drops anything between ``<``
    and ``>`` from the text (a cue saying "<b>" would lose it).
    """
    blocks = []
    voice = None
    for number, cue in enumerate(cues, start=1):
        lines = [line for line in cue.text.split("\n") if line.strip()] or [" "]
        # a cue without a voice goes on with the speaker before it (as in sections())
        if cue.voice and cue.voice != voice:
            lines[0] = f"{cue.voice} : {lines[0]}"
            voice = cue.voice
        blocks.append(
            "\n".join([str(number), f"{_srt_time(cue.start)} --> {_srt_time(cue.end)}", *lines])
        )
    return "\n\n".join(blocks) + "\n" if blocks else ""


def to_text(webinar: Webinar, parts: list[Section]) -> str:
    """Plain text: the title, then each chapter's time and title over its paragraphs, each
    paragraph opened by its time and speaker."""
    out = [f"{webinar.title} — transcription"]
    for section in parts:
        chapter = section.chapter
        if chapter is None:
            start = section.paragraphs[0].start if section.paragraphs else 0.0
            heading = f"{timecode.to_clock(start)} — {BEFORE_FIRST_CHAPTER}"
        else:
            heading = f"{timecode.to_clock(chapter.start)} — {' '.join(chapter.title.split())}"
        out += ["", heading, "-" * len(heading), ""]
        for paragraph in section.paragraphs:
            words = " ".join(" ".join(c.text.split()) for c in paragraph.cues)
            who = f"{paragraph.voice} : " if paragraph.voice else ""
            out += [f"[{timecode.to_clock(paragraph.start)}] {who}{words}", ""]
    return "\n".join(out).rstrip("\n") + "\n"
