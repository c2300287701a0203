"""The words of the recording: captions read with webvtt-py, grouped under the chapters.

Where the captions come from, in order: a ``.vtt`` the organiser put in the webinar's folder,
the captions downloaded with the recording (``recording.captions``, in ``media/``), the
generated stand-in's own (``media/<stand-in>.fr.vtt``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from chapters.model import Chapter, Webinar

__all__ = [
    "Cue",
    "Paragraph",
    "Section",
    "TranscriptError",
    "read_cues",
    "read_transcript",
    "caption_file",
    "sections",
]

PARAGRAPH_GAP = 4.0  # seconds of silence that start a new paragraph
PARAGRAPH_CHARS = 600  # a paragraph longer than this is closed at the next cue


class TranscriptError(ValueError):
    """Captions that cannot be read; the message is one French line naming the file."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # plain text, tags removed, entities decoded, one line per line of the cue
    voice: str | None = None  # the speaker of a <v Name> span
    identifier: str | None = None


@dataclass
class Paragraph:
    voice: str | None
    cues: list[Cue] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.cues[0].start


@dataclass
class Section:
    chapter: Chapter | None  # None for words before the first chapter
    paragraphs: list[Paragraph] = field(default_factory=list)


_TAG = re.compile(r"<[^>]*>")


def read_cues(text: str, source: str = "WebVTT") -> list[Cue]:
    """Every cue of a WebVTT text, read strictly (a malformed cue is an error, not dropped)."""
    try:
        vtt = webvtt.from_string(text, strict=True)
    except MalformedFileError:
        raise TranscriptError(
            f"{source} : WebVTT illisible : la première ligne doit commencer par WEBVTT"
        ) from None
    except (MalformedCaptionError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise TranscriptError(f"{source} : WebVTT illisible : cue invalide ({detail})") from None
    cues = []
    for c in vtt.captions:
        words = html.unescape(_TAG.sub("", c.raw_text))
        cues.append(
            Cue(
                start=c.start_time.in_milliseconds() / 1000,
                end=c.end_time.in_milliseconds() / 1000,
                text="\n".join(" ".join(line.split()) for line in words.splitlines() if line.strip()),
                # the voice name is cue text too: "<v Jean&amp;Marc>" is Jean&Marc
                voice=" ".join(html.unescape(c.voice or "").split()) or None,
                identifier=c.identifier,
            )
        )
    return cues


def read_transcript(path: Path) -> list[Cue]:
    """The cues of a caption file, in time order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptError(f"{path.name} : lecture impossible ({exc})") from None
    return sorted(read_cues(text, path.name), key=lambda c: (c.start, c.end))


def caption_file(webinar: Webinar, folder: Path, lang: str = "fr") -> Path | None:
    """The captions that make the transcript of this webinar's recording, or None."""
    folder = Path(folder)
    own = sorted(p for p in folder.glob("*.vtt") if p.is_file())
    if own:
        preferred = [p for p in own if p.name.endswith(f".{lang}.vtt")]
        return (preferred or own)[0]
    media = folder / "media"
    for caption in sorted(webinar.recording.captions, key=lambda c: c.get("lang") != lang):
        path = media / str(caption.get("file", ""))
        if caption.get("file") and path.is_file():
            return path
    if webinar.recording.kind == "demo" and webinar.recording.src:
        stand_in = media / f"{Path(webinar.recording.src).stem}.{lang}.vtt"
        if stand_in.is_file():
            return stand_in
    return None


def sections(webinar: Webinar, cues: list[Cue]) -> list[Section]:
    """The cues as paragraphs under the chapter holding each one's start.

    A paragraph ends when the voice changes, after a silence of PARAGRAPH_GAP seconds, or once
    it holds PARAGRAPH_CHARS characters.
    """
    out: list[Section] = []
    for cue in cues:
        chapter = webinar.chapter_at(cue.start)
        if not out or out[-1].chapter is not chapter:
            out.append(Section(chapter))
        paragraphs = out[-1].paragraphs
        last = paragraphs[-1] if paragraphs else None
        if (
            last is None
            or (cue.voice and cue.voice != last.voice)
            or cue.start - last.cues[-1].end > PARAGRAPH_GAP
            or sum(len(c.text) for c in last.cues) >= PARAGRAPH_CHARS
        ):
            paragraphs.append(Paragraph(cue.voice))
        paragraphs[-1].cues.append(cue)
    return out
