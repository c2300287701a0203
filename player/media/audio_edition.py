"""The audio edition of a recording (``media/audio/``, the file contract of
chapters/audio_edition.py): AAC in ``.m4a``, mono, at a speech bitrate, the chapters and
their titles written in (ffmpeg reads them from the FFMETADATA export), the webinar's tags
and its square cover (player/media/audio_cover.py) embedded as the attached picture.

Made by ``flask audio-edition``, after ``demo-recording`` and ``set-recording --mode
download``, and remuxed after an editor's save that changed the chapters. Every file is
written to a hidden temporary name and renamed; ``edition.json`` goes last. Up to date: no
ffmpeg run at all; only the chapters, tags or cover changed: the audio is copied (``-c
copy``), not encoded again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from chapters.audio_edition import (
    AUDIO_FILE, COVER_FILE, COVER_SIZE, INDEX, Edition, EditionError, audio_folder, of_recording,
    read_edition, write_edition,
)
from chapters.exports import ExportError, to_ffmetadata
from chapters.files import write_atomic
from chapters.model import Webinar
from player.media import audio_cover, card_images, ffmpeg, processes

# Bump when the encoding or the tags change, so existing editions are made again.
FORMAT_VERSION = 1
BITRATE = "64k"  # mono speech: clear voices at about 29 MB an hour
SAMPLE_RATE = 44100
GENRE = "Podcast"

MADE, REMUXED, KEPT = "faite", "refaite (chapitres)", "à jour"


def tags(webinar: Webinar) -> dict[str, str]:
    """The file's tags, as podcast and music apps show them."""
    organiser = webinar.organiser.strip()
    return {
        "title": webinar.title,
        "artist": organiser,
        "album_artist": organiser,
        "album": f"Webinaires {organiser}".strip(),
        "date": webinar.date,
        "genre": GENRE,
        "comment": f"Enregistrement du webinaire « {webinar.title} »",
    }


def fitted(webinar: Webinar, duration: float) -> Webinar:
    """The webinar with its chapters as the file can hold them: the last one ends with the
    recording, none starts after it or ends past it."""
    chapters = [
        dataclasses.replace(c, end=min(c.end, duration) if c.end is not None else None)
        for c in sorted(webinar.chapters, key=lambda c: c.start) if c.start < duration
    ]
    recording = dataclasses.replace(webinar.recording, duration=duration)
    return dataclasses.replace(webinar, chapters=chapters, recording=recording)


def metadata(webinar: Webinar, duration: float) -> str:
    """ffmpeg's FFMETADATA input: the chapters export of the fitted webinar."""
    try:
        return to_ffmetadata(fitted(webinar, duration))
    except ExportError as error:
        raise ffmpeg.MediaError(str(error)) from None


def edition_key(webinar: Webinar, duration: float, cover: str) -> str:
    """A digest of all the file holds besides its sound: chapters (times, titles), tags, cover."""
    text = json.dumps([FORMAT_VERSION, metadata(webinar, duration), tags(webinar), cover],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_edition(media_path: Path) -> Edition | None:
    """The edition in place for the recording at ``media_path``; None when there is none, it is
    of another recording, or its files are not as it says."""
    folder = Path(media_path).parent
    try:
        edition = read_edition(folder)
    except EditionError:
        return None
    return of_recording(edition, folder, Path(media_path).name)


def remove_edition(media_folder: Path) -> bool:
    """Remove an audio edition (an embed or a link has none); True when there was one."""
    folder = audio_folder(media_folder)
    found = False
    for name in (INDEX, AUDIO_FILE, COVER_FILE):  # edition.json first: nothing vouches for the rest
        try:
            (folder / name).unlink()
            found = True
        except FileNotFoundError:
            pass
    return found


def make_audio_edition(webinar: Webinar, media_path: Path, *, force: bool = False,
                       remux_only: bool = False) -> tuple[Edition | None, str]:
    """Bring the audio edition of the recording at ``media_path`` up to date; the edition
    and what was done (MADE, REMUXED or KEPT).

    ``remux_only``: never encode (an editor's save): without an edition of this recording,
    nothing is done and (None, KEPT) returned. Raises MediaError (French, one line) and OSError;
    a failure leaves no partial file and the previous edition as it was.
    """
    media_path = Path(media_path)
    if not media_path.is_file():
        raise ffmpeg.MediaError(f"fichier média introuvable : {media_path.name}")
    media_folder = media_path.parent
    current = current_edition(media_path)
    if current is None and remux_only:
        return None, KEPT
    duration = ffmpeg.probe_duration(media_path)
    _ensure_card(webinar, media_path)
    key = edition_key(webinar, duration, audio_cover.cover_key(webinar, media_folder))
    folder = audio_folder(media_folder)
    cover = folder / COVER_FILE
    if current is not None and not force and current.chapters_key == key and cover.is_file():
        return current, KEPT
    picture = audio_cover.render_cover(webinar, media_folder)
    remux = current is not None and not force
    source = folder / AUDIO_FILE if remux else media_path
    target = folder / AUDIO_FILE
    _write_audio(source, target, webinar, duration, picture, copy=remux)
    write_atomic(cover, picture)  # after the sound: a failure leaves no cover of no edition
    edition = Edition(
        media=media_path.name,
        media_size=media_path.stat().st_size,
        duration=round(ffmpeg.probe_duration(target), 3),
        size=target.stat().st_size,
        chapters_key=key,
        cover_size=COVER_SIZE,
    )
    write_edition(media_folder, edition)
    return edition, REMUXED if remux else MADE


def _ensure_card(webinar: Webinar, media_path: Path) -> None:
    """The webinar's share card, which the cover is made from, made when missing: with the
    recording's frame, or with its words alone for a recording without pictures."""
    media_folder = media_path.parent
    if audio_cover.card_path(media_folder).is_file():
        return
    try:
        card_images.make_cards(webinar, media_folder, media_path)
    except ffmpeg.MediaError:
        card_images.make_cards(webinar, media_folder, None)


def _write_audio(source: Path, target: Path, webinar: Webinar, duration: float, picture: bytes,
                 *, copy: bool) -> None:
    """ffmpeg from ``source`` (the recording, or the edition itself to copy its sound) to a
    hidden temporary file, renamed ``target`` once complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="audio-meta-") as work:
        meta = Path(work) / "chapters.txt"
        meta.write_text(metadata(webinar, duration), encoding="utf-8")
        cover = Path(work) / COVER_FILE
        cover.write_bytes(picture)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        sound = ["-c:a", "copy"] if copy else [
            "-c:a", "aac", "-b:a", BITRATE, "-ac", "1", "-ar", str(SAMPLE_RATE)]
        named = [arg for k, v in tags(webinar).items() if v for arg in ("-metadata", f"{k}={v}")]
        command = [
            ffmpeg.ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-i", str(source), "-f", "ffmetadata", "-i", str(meta), "-i", str(cover),
            "-map", "0:a:0", "-map", "2:v:0", "-map_metadata", "1", "-map_chapters", "1",
            *sound, "-c:v", "copy", "-disposition:v:0", "attached_pic",
            *named, "-metadata:s:a:0", "language=fra",
            "-movflags", "+faststart", "-f", "ipod", tmp,
        ]  # fmt: skip
        try:
            _run(command, target)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _run(command: list[str], target: Path) -> None:
    """ffmpeg, its failure one French line (the whole of stderr read for a missing sound)."""
    done = processes.run(command, ffmpeg.MediaError, program="ffmpeg", timeout=ffmpeg.FFMPEG_TIMEOUT,
                         text=True, subject=f"{target.name} : ")
    if done.returncode == 0:
        return
    if "matches no streams" in done.stderr:
        raise ffmpeg.MediaError("aucune piste audio, pas d'édition audio")
    raise ffmpeg.MediaError(f"{target.name} non généré : {processes.error_line(done.stderr)}")
