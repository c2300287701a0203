"""What the cards and recording commands share (not a command module: no ``init_app``): where
the webinar's own recording file is, and the share cards made beside it."""

from __future__ import annotations

from pathlib import Path

import click

from chapters.model import Webinar
from player.cli.common import fail
from player.media import card_images, demo, ffmpeg


def recording_file(webinar: Webinar, folder: Path) -> Path | None:
    """The recording's file in the webinar's ``media/`` folder, present or not, when the page
    plays it from there (the stand-in or a downloaded file); None for an embed or a link."""
    recording = webinar.recording
    if recording.kind not in ("demo", "file"):
        return None
    return folder / "media" / (recording.src or demo.DEMO_FILE)


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
