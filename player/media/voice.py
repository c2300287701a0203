"""The stand-in's voice: what it says in each chapter, spoken by espeak-ng, and its captions.

In each chapter the stand-in announces the chapter and its speakers a few seconds after its
start, then reads the chapter's summary and the written questions and answers that belong to it.
Every piece of text is synthesised on its own, so the captions (one cue per piece) take their
times from the real length of what was spoken: they are a true transcript of the audio.
"""

from __future__ import annotations

import array
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import webvtt

from chapters.model import Chapter, Webinar
from chapters.timecode import to_vtt
from player.media import processes

__all__ = [
    "VoiceError",
    "MISSING",
    "Line",
    "Spoken",
    "espeak_exe",
    "engine",
    "script",
    "fingerprint",
    "speak",
    "write_track",
    "to_webvtt",
    "captions_name",
]

MISSING = "attention : espeak-ng absent : enregistrement de démonstration muet, sans sous-titres"
PUBLIC = "Question du public"  # the voice of the written questions in the captions

VOICE = "fr"  # espeak-ng's French (France)
# Another variant of the same voice, so a question from the public is heard as someone else.
QUESTION_VOICE = "fr+f3"
SPEED = 160  # words per minute; espeak-ng's 175 is hurried for long French sentences
ANNOUNCE_AT = 2.5  # seconds after a chapter's start
PAUSE = 0.7  # seconds of silence between two pieces (longer than espeak-ng's own pauses)
END_MARGIN = 0.5  # seconds kept silent before a chapter's end
MAX_CHARS = 84  # a piece fits on two caption lines
ANNOUNCE_CHARS = 100  # an announcement is cut only when it would not fit on two longer lines
LINE_CHARS = 42
# Samples quieter than this (about -44 dBFS) before and after the speech are cut off, so a cue
# starts and ends with the voice, not with espeak-ng's trailing silence.
QUIET = 200
TIMEOUT = 60  # seconds per piece; espeak-ng needs a few hundredths

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SHORT_TITLE = re.compile(r"\s*[:,;]\s+|\s+[-–—]\s+")


class VoiceError(Exception):
    """espeak-ng failed or gave something unreadable; the message is one line in French."""


@dataclass(frozen=True)
class Line:
    """One piece of text to speak: its words, whose voice the captions name, how it sounds."""

    text: str
    voice: str | None  # the caption's <v> name; None for the announcements
    espeak_voice: str = VOICE


@dataclass(frozen=True)
class Spoken:
    """A piece placed in the recording: sample offset, 16-bit mono samples, their rate."""

    line: Line
    offset: int  # in samples from the recording's start
    samples: bytes
    rate: int

    @property
    def start(self) -> float:
        return self.offset / self.rate

    @property
    def end(self) -> float:
        return (self.offset + len(self.samples) // 2) / self.rate


def espeak_exe() -> str | None:
    """The espeak-ng program on PATH, or None (the stand-in is then silent)."""
    return shutil.which("espeak-ng")


def engine(exe: str) -> str:
    """espeak-ng's name and version, e.g. ``eSpeak NG text-to-speech: 1.51``."""
    done = _run([exe, "--version"])
    first = done.stdout.decode("utf-8", "replace").strip().splitlines()[:1]
    return first[0].split("Data at:")[0].strip() if first else "espeak-ng"


def captions_name(src: str) -> str:
    """The stand-in's captions beside it: ``demo.mp4`` -> ``demo.fr.vtt``."""
    return f"{Path(src).stem}.fr.vtt"


# --- what is said ---------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    return names[0] if len(names) < 2 else f"{', '.join(names[:-1])} et {names[-1]}"


def _short_title(chapter: Chapter, organisations: list[str]) -> str:
    """The title up to its first colon, comma or dash: ``Capa'Cité, chantier…`` -> ``Capa'Cité``."""
    short = _SHORT_TITLE.split(chapter.title.strip(), maxsplit=1)[0].strip()
    return short.rstrip(" .!?…") or (organisations[0] if organisations else "")


def _chunks(sentence: str, limit: int = MAX_CHARS) -> list[str]:
    """A sentence cut into as few pieces of at most ``limit`` characters as it needs, of even
    lengths, cut after a comma, a colon or a semicolon when one is near."""
    words = sentence.split()
    text = " ".join(words)
    if len(text) <= limit or len(words) < 2:
        return [text] if text else []
    count = math.ceil(len(text) / limit)
    target = len(text) / count
    best, best_score, length = 1, math.inf, -1
    for i, word in enumerate(words[:-1]):
        length += 1 + len(word)  # the first piece would be words[: i + 1]
        if length > limit:
            break
        score = abs(length - target) - (limit / 4 if word[-1] in ",;:" else 0)
        if len(word) <= 3 and word[-1].isalpha():  # "de", "le", "et": keep them with what follows
            score += limit / 8
        if score < best_score:
            best, best_score = i + 1, score
    return [" ".join(words[:best])] + _chunks(" ".join(words[best:]), limit)


def _pieces(text: str) -> list[str]:
    """A text as sentence-sized pieces, each short enough for a two-line caption."""
    text = " ".join(text.split())
    return [chunk for sentence in _SENTENCE_END.split(text) if sentence for chunk in _chunks(sentence)]


def _chapter_lines(webinar: Webinar, chapter: Chapter, number: int) -> list[Line]:
    speakers = webinar.speakers_of(chapter)
    names = [s.name for s in speakers]
    short = _short_title(chapter, [s.organisation for s in speakers if s.organisation])
    who = ", ".join(part for part in (_names(names) if names else "", short) if part)
    announce = " ".join(f"Chapitre {number}. {who}".split()).rstrip(".") + "."
    lines = [Line(piece, None) for piece in _chunks(announce, ANNOUNCE_CHARS)]
    own = names[0] if names else None
    lines += [Line(piece, own) for piece in _pieces(chapter.summary)]
    for question in webinar.questions_in(chapter.id):
        lines += [Line(p, PUBLIC, QUESTION_VOICE) for p in _pieces(question.text)]
        person = webinar.speaker(question.speaker) if question.speaker else None
        answerer = person.name if person else (question.answered_by.strip() or own)
        lines += [Line(p, answerer) for p in _pieces(question.answer)]
    return lines


def script(webinar: Webinar) -> list[tuple[Chapter, list[Line]]]:
    """Every chapter, in order of start, with the pieces of text it may say."""
    ordered = sorted(webinar.chapters, key=lambda c: c.start)
    return [(c, _chapter_lines(webinar, c, i + 1)) for i, c in enumerate(ordered)]


def fingerprint(webinar: Webinar, exe: str | None) -> dict | None:
    """What the speech depends on besides the chapter times; None when there is no voice."""
    if exe is None:
        return None
    said = [[c.id, [[l.text, l.voice, l.espeak_voice] for l in lines]] for c, lines in script(webinar)]
    digest = hashlib.sha256(json.dumps(said, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {
        "engine": engine(exe),
        "voices": [VOICE, QUESTION_VOICE],
        "speed": SPEED,
        "layout": [ANNOUNCE_AT, PAUSE, END_MARGIN, MAX_CHARS, ANNOUNCE_CHARS, QUIET],
        "script": digest,
    }


# --- speaking it ----------------------------------------------------------------------------


def _run(command: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    return processes.run(command, VoiceError, program="espeak-ng", timeout=TIMEOUT, stdin=stdin,
                         failed="espeak-ng a échoué")


def _synthesise(exe: str, line: Line, wav: Path) -> tuple[bytes, int]:
    """The piece's samples (16-bit mono, speech only) and their rate."""
    _run([exe, "-v", line.espeak_voice, "-s", str(SPEED), "-b", "1", "-z",
          "-w", str(wav), "--stdin"], line.text.encode("utf-8"))  # fmt: skip
    try:
        with wave.open(str(wav), "rb") as w:
            if w.getnchannels() != 1 or w.getsampwidth() != 2:
                raise VoiceError(f"espeak-ng : son inattendu ({w.getnchannels()} voies)")
            rate, frames = w.getframerate(), w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as err:
        raise VoiceError(f"espeak-ng : fichier WAV illisible ({err})") from None
    samples = array.array("h", frames)
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    first = next((i for i, s in enumerate(samples) if abs(s) > QUIET), None)
    if first is None:
        return b"", rate
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > QUIET)
    return frames[first * 2 : (last + 1) * 2], rate  # still little-endian, as the track wants


def _speak_chapter(exe, chapter, lines, start, end, folder: Path) -> list[Spoken]:
    """The chapter's pieces one after the other from ANNOUNCE_AT on, until one would not fit."""
    spoken: list[Spoken] = []
    at, limit = start + ANNOUNCE_AT, end - END_MARGIN
    for i, line in enumerate(lines):
        if at >= limit:
            break
        samples, rate = _synthesise(exe, line, folder / f"{chapter.id}-{i}.wav")
        if not samples:
            continue
        offset = math.ceil(at * rate)
        piece = Spoken(line, offset, samples, rate)
        if piece.end > limit:
            break  # later pieces would make no sense without this one
        spoken.append(piece)
        at = piece.end + PAUSE
    return spoken


def speak(webinar: Webinar, duration: float, exe: str, folder: Path) -> list[Spoken]:
    """Synthesise and place every piece that fits in its chapter; WAV files go into ``folder``."""
    said = script(webinar)
    ordered = [c for c, _ in said]
    jobs = []
    for i, (chapter, lines) in enumerate(said):
        end = min(webinar.chapter_end(chapter) or duration, duration)
        if i + 1 < len(ordered):  # never into the next chapter, whatever `end` the data gives
            end = min(end, ordered[i + 1].start)
        jobs.append((exe, chapter, lines, chapter.start, end, Path(folder)))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        spoken = [p for chapter in pool.map(lambda job: _speak_chapter(*job), jobs) for p in chapter]
    if len({p.rate for p in spoken}) > 1:
        raise VoiceError("espeak-ng : fréquences d'échantillonnage différentes d'un morceau à l'autre")
    return spoken


def write_track(spoken: list[Spoken], duration: float, path: Path, rate: int) -> Path:
    """The whole audio track as raw 16-bit little-endian mono samples: silence with the pieces at their offsets.

    Silence is never written: seeking past it leaves holes, so a two-hour track costs only the
    size of its speech on disk.
    """
    total = math.ceil(duration * rate)
    with open(path, "wb") as out:
        for piece in spoken:
            out.seek(piece.offset * 2)
            out.write(piece.samples)
        out.truncate(total * 2)
    return path


# --- the captions ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _two_lines(text: str) -> list[str]:
    """The text on at most two balanced lines (one when it is short)."""
    if len(text) <= LINE_CHARS:
        return [text]
    width = math.ceil(len(text) / 2)
    while len(lines := textwrap.wrap(text, width, break_long_words=False)) > 2:
        width += 1
    return lines


def to_webvtt(spoken: list[Spoken]) -> str:
    """One cue per spoken piece, ``<v Name>`` for the speakers and the public's questions."""
    captions = []
    for piece in sorted(spoken, key=lambda p: p.offset):
        lines = [_escape(line) for line in _two_lines(piece.line.text)]
        if piece.line.voice:
            lines[0] = f"<v {_escape(piece.line.voice)}>{lines[0]}"
        captions.append(
            webvtt.Caption(start=to_vtt(piece.start), end=to_vtt(piece.end), text="\n".join(lines))
        )
    return webvtt.WebVTT(captions=captions).content
