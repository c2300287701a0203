"""The audio edition of a recording: an ``.m4a`` beside the media, its square cover, and what
they were made from.

Plain data shared by the maker (``player/media/audio_edition.py``), the feeds
(``player/content/podcast.py``) and the static export. Everything lives in
``media/audio/``: ``edition.m4a`` (AAC, mono, the chapters written in, the cover embedded),
``cover.jpg`` (square, at least 1400 pixels a side) and ``edition.json`` (this module's
``Edition``, written atomically, last: a folder without it has no edition).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from chapters.files import read_versioned_json, write_atomic

AUDIO_DIR = "audio"  # under the webinar's media folder
AUDIO_FILE = "edition.m4a"
COVER_FILE = "cover.jpg"
INDEX = "edition.json"
FORMAT_VERSION = 1
AUDIO_TYPE = "audio/mp4"  # the enclosure's type, as Apple and Podcast Index expect for .m4a
COVER_SIZE = 1400  # pixels a side: the least Apple Podcasts takes (at most 3000)


class EditionError(ValueError):
    """An edition file that cannot be read; the message is French and names the file."""


@dataclass(frozen=True)
class Edition:
    """The audio edition of the recording ``media`` (its file name in ``media/``, and that
    file's size when the edition was made: a new recording makes the edition stale)."""

    media: str
    media_size: int
    duration: float  # seconds, as ffprobe reads the .m4a
    size: int  # bytes of the .m4a: the enclosure's length
    chapters_key: str  # a digest of the chapters (times and titles) written into the file
    cover_size: int  # pixels a side of cover.jpg


def audio_folder(media_folder: Path) -> Path:
    return Path(media_folder) / AUDIO_DIR


def write_edition(media_folder: Path, edition: Edition) -> Path:
    """Write ``edition.json`` (atomically, after the audio and the cover are in place)."""
    data = {"version": FORMAT_VERSION, **asdict(edition)}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return write_atomic(audio_folder(media_folder) / INDEX, text + "\n")


def read_edition(media_folder: Path) -> Edition | None:
    """The edition described in ``media/audio/edition.json``; None when there is none.

    Raises ``EditionError`` (French, naming the file) for a file that is there but broken."""
    path = audio_folder(media_folder) / INDEX
    data = read_versioned_json(path, FORMAT_VERSION, EditionError, "fichier de l'édition audio")
    if data is None:
        return None
    try:
        return Edition(
            media=str(data["media"]),
            media_size=int(data["media_size"]),
            duration=float(data["duration"]),
            size=int(data["size"]),
            chapters_key=str(data["chapters_key"]),
            cover_size=int(data["cover_size"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise EditionError(f"{path} : fichier de l'édition audio abîmé ({error})") from None


def of_recording(edition: Edition | None, media_folder: Path, file_name: str | None) -> Edition | None:
    """``edition`` when it was made from the recording now at ``media_folder/file_name`` and
    its audio file is there with the size it was written with; else None (the feeds then offer
    no enclosure rather than a wrong one)."""
    if edition is None or file_name is None or edition.media != file_name:
        return None
    folder = Path(media_folder)
    try:
        if (folder / file_name).stat().st_size != edition.media_size:
            return None
        if (audio_folder(folder) / AUDIO_FILE).stat().st_size != edition.size:
            return None
    except OSError:
        return None
    return edition
