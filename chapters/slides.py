"""The slides found in a recording: when each one shows, its pictures and the words read on it.

Plain data, shared by the detector (``player/media/slides.py``), the reader (OCR), the search
index, the pages and the chapter proposals. The list lives beside the media, in
``media/slides/slides.json`` (written atomically); pictures are named by the slide's start in
milliseconds, like the chapters' thumbnails.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from chapters.files import read_versioned_json, write_atomic

SLIDES_DIR = "slides"  # under the webinar's media folder
INDEX = "slides.json"
FORMAT_VERSION = 1


class SlidesError(ValueError):
    """A slides file that cannot be read; the message is French and names the file."""


@dataclass(frozen=True)
class Slide:
    """One slide on screen from ``start`` to ``end`` (seconds); a slide shown again is a new one."""

    start: float
    end: float
    still: str  # file name in the slides folder: the full picture
    thumb: str  # file name in the slides folder: the small one
    text: str | None = None  # the words read on it (None: not read yet)


@dataclass(frozen=True)
class Slides:
    """Every slide of one recording, in order of start, and which recording they come from."""

    media: str  # the media file's name
    stamp: tuple[int, int]  # its size and modification time (ns): a newer recording invalidates
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def at(self, seconds: float) -> int | None:
        """Index of the slide on screen at ``seconds``, or None before the first."""
        found = None
        for i, slide in enumerate(self.slides):
            if slide.start <= seconds:
                found = i
            else:
                break
        return found

    def with_texts(self, texts: dict[str, str]) -> Slides:
        """A copy where each slide whose still is a key of ``texts`` gets that text."""
        return replace(
            self,
            slides=tuple(
                replace(s, text=texts[s.still]) if s.still in texts else s for s in self.slides
            ),
        )


def still_name(start: float) -> str:
    return f"{round(start * 1000):09d}.jpg"


def thumb_name(start: float) -> str:
    return f"{round(start * 1000):09d}.small.jpg"


def media_stamp(media_path: Path) -> tuple[int, int]:
    info = media_path.stat()
    return (info.st_size, info.st_mtime_ns)


def of_recording(slides: Slides | None, media_folder: Path, file_name: str | None) -> Slides | None:
    """``slides`` when they were made from the recording now at ``media_folder/file_name`` (same
    name, same size: a copy keeps both, a new recording changes them), else None."""
    if slides is None or not slides.slides or file_name is None or slides.media != file_name:
        return None
    try:
        size = (Path(media_folder) / file_name).stat().st_size
    except OSError:
        return None
    return slides if size == slides.stamp[0] else None


def slides_folder(media_folder: Path) -> Path:
    return Path(media_folder) / SLIDES_DIR


def write_slides(media_folder: Path, slides: Slides) -> Path:
    """Write the slides file (atomically) and return its path."""
    data = {
        "version": FORMAT_VERSION,
        "media": slides.media,
        "stamp": list(slides.stamp),
        "slides": [asdict(s) for s in slides.slides],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return write_atomic(slides_folder(media_folder) / INDEX, text + "\n")


def read_slides(media_folder: Path) -> Slides | None:
    """The slides file of a media folder; None when there is none.

    Raises ``SlidesError`` (French, naming the file) for a file that is there but broken.
    """
    path = slides_folder(media_folder) / INDEX
    data = read_versioned_json(path, FORMAT_VERSION, SlidesError, "fichier des diapositives")
    if data is None:
        return None
    try:
        items = tuple(
            Slide(
                start=float(item["start"]),
                end=float(item["end"]),
                still=_file_name(item["still"]),
                thumb=_file_name(item["thumb"]),
                text=None if item.get("text") is None else str(item["text"]),
            )
            for item in data["slides"]
        )
        size, mtime = data["stamp"]
        slides = Slides(media=str(data["media"]), stamp=(int(size), int(mtime)), slides=items)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SlidesError(f"{path} : fichier des diapositives abîmé ({error})") from None
    starts = [s.start for s in slides.slides]
    if starts != sorted(starts) or any(s.end < s.start for s in slides.slides):
        raise SlidesError(f"{path} : diapositives hors d'ordre")
    return slides


def _file_name(value) -> str:
    name = str(value)
    if "/" in name or "\\" in name or name.startswith(".") or not name.endswith(".jpg"):
        raise ValueError(f"nom d'image refusé : {name!r}")
    return name
