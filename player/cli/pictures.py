"""What the cards, recording, slides and audio-edition commands share (not a command module:
no ``init_app``): where the webinar's own recording file is, the share cards made beside it,
the slides found in it and its audio edition."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app

from chapters.audio_edition import AUDIO_FILE, audio_folder
from chapters.model import Webinar
from chapters.slides import Slides, slides_folder
from chapters.timecode import to_clock
from player.cli.common import fail, load_or_fail
from player.media import audio_edition, card_images, demo, ffmpeg, ocr, slides
from player.organisers import pictures


def recording_file(webinar: Webinar, folder: Path) -> Path | None:
    """The recording's file in the webinar's ``media/`` folder, present or not, when the page
    plays it from there (the stand-in or a downloaded file); None for an embed or a link."""
    recording = webinar.recording
    if recording.kind not in ("demo", "file"):
        return None
    return folder / "media" / (recording.src or demo.DEMO_FILE)


@contextmanager
def media_work(webinar: Webinar) -> Iterator[Webinar]:
    """Hold the webinar's media lock for the block: the background refresh after an editor's
    save writes the same thumbnails, cards and audio edition. Waits (said on stderr) while one
    is at work; yields the webinar as its data file says once the lock is held, since a save
    may have changed it meanwhile."""
    def waiting() -> None:
        click.echo(f"{webinar.id} : une mise à jour des images ou de l'édition audio est en "
                   "cours, attente de sa fin…", err=True)

    with pictures.held(pictures.lock_path(current_app.instance_path, webinar.id), waiting):
        yield load_or_fail(webinar.id)[0]


def local_recording(webinar: Webinar, folder: Path, nothing: str) -> Path | None:
    """The recording's file for a command that works on it: None, said, when the recording
    plays from elsewhere (``nothing``: what there is then nothing of, "aucune vignette à faire");
    the command fails in French when the file should be here and is not."""
    target = recording_file(webinar, folder)
    if target is None:
        click.echo(f"{webinar.id} : enregistrement lu hors d'ici ({webinar.recording.kind}), {nothing}")
        return None
    if not target.is_file():
        hint = " (flask --app app demo-recording)" if webinar.recording.kind == "demo" else ""
        fail(f"{target} : fichier média absent{hint}")
    return target


def share_cards(
    webinar: Webinar, media_folder: Path, media_path: Path | None, *, force: bool = False,
    strict: bool = True,
) -> None:
    """Make the cards and say where; a failure ends the command (``strict``) or only warns."""
    folder = Path(media_folder) / card_images.CARDS_DIR
    try:
        made = card_images.make_cards(webinar, media_folder, media_path, force=force)
    except (ffmpeg.MediaError, OSError) as error:
        if strict:
            fail(f"{folder} : {error}")
        click.echo(f"attention : cartes de partage non faites : {error}", err=True)
        return
    click.echo(f"{folder} : {len(made)} cartes de partage")


def slides_step(media_path: Path, *, force: bool = False, strict: bool = True) -> Slides | None:
    """Find the recording's slides and say what was found; a failure ends the command
    (``strict``) or only warns. A recording without slides is no failure: it is said, and
    whatever was there before stays as it was."""
    try:
        found = slides.find_slides(media_path, force=force)
    except (ffmpeg.MediaError, OSError) as error:
        if strict:
            fail(str(error))
        click.echo(f"attention : diapositives non cherchées : {error}", err=True)
        return None
    if found is None:
        click.echo(f"{media_path.name} : aucune diapositive trouvée, la page reste telle quelle")
        return None
    folder = slides_folder(media_path.parent)
    click.echo(f"{folder} : {len(found.slides)} diapositives")
    after_slides_found(media_path.parent, found)
    return found


def after_slides_found(media_folder: Path, found: Slides) -> None:
    """What follows once a recording's slides are in ``media/slides/``: their words read by
    Tesseract (only the slides not read yet), which the search index then takes up. Without
    Tesseract the slides are shown all the same: a warning, no failure."""
    todo = sum(1 for s in found.slides if s.text is None)
    if not todo:
        return
    try:
        ocr.read_slide_texts(media_folder)
    except ocr.OcrError as error:
        click.echo(f"attention : diapositives non lues : {error}", err=True)
        return
    click.echo(f"{slides_folder(media_folder)} : {todo} diapositive{'s' * (todo > 1)} lue{'s' * (todo > 1)}")


def audio_step(webinar: Webinar, media_path: Path, *, force: bool = False, strict: bool = True) -> None:
    """Make the recording's audio edition (instant when up to date) and say what was done; a
    failure ends the command (``strict``) or only warns."""
    target = audio_folder(media_path.parent) / AUDIO_FILE
    try:
        edition, done = audio_edition.make_audio_edition(webinar, media_path, force=force)
    except (ffmpeg.MediaError, OSError) as error:
        if strict:
            fail(f"{media_path} : {error}")
        click.echo(f"attention : édition audio non faite : {error}", err=True)
        return
    chapters = len(audio_edition.fitted(webinar, edition.duration).chapters)
    click.echo(f"{target} : édition audio {done} ({to_clock(edition.duration)}, "
               f"{edition.size / 2**20:.1f} Mo, {chapters} chapitre{'s' * (chapters > 1)})")


def drop_audio_edition(media_folder: Path) -> None:
    """A recording played from elsewhere has no audio edition: an old one is removed, said."""
    if audio_edition.remove_edition(media_folder):
        click.echo(f"{audio_folder(media_folder)} : ancienne édition audio retirée")
