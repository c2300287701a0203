"""The chapters' thumbnails and share cards brought up to date in the background after a save
in the editor: a chapter whose start moved gets its new picture without ``flask thumbnails``,
and an audio edition already made gets the new chapters written in (a remux: the sound is
copied, never encoded in the background of a save; a missing edition stays missing).

A request never runs ffmpeg: ``refresh`` starts a small process of its own
(``python -m player.organisers.pictures <lock> <folder>``, its own session) and returns. The
process takes an exclusive ``flock`` on ``<instance>/pictures/<wid>.lock`` before it reads the
data file, so two saves never race: the second waits for the first and then works from the
newest data. The commands that write the same files (``thumbnails``, ``cards``,
``audio-edition``, the recording commands) take the same lock (``held``). The makers are
idempotent (their ``index.json``): an unchanged chapter costs nothing, thumbnails and cards of
starts no chapter has any more are removed, every file is written to a temporary name and
renamed. A failure is one line on the process's stderr (the server's log) and leaves the
previous pictures in place.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from chapters.model import Webinar
from chapters.store import StoreError, load_webinar
from player.media import audio_edition, card_images, demo, thumbnails
from player.media.ffmpeg import MediaError
from player.paths import ROOT

PICTURES_DIR = "pictures"
RUNNER_MODULE = "player.organisers.pictures"  # this module, run with -m

_children: list[subprocess.Popen] = []  # processes started by this one, reaped when done


def lock_path(instance_path: str | os.PathLike, wid: str) -> Path:
    """The lock held by whatever writes the webinar's thumbnails, cards or audio edition: the
    refresh after a save, and the organisers' commands that make them."""
    return Path(instance_path) / PICTURES_DIR / f"{wid}.lock"


@contextmanager
def held(lock: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``lock`` exclusively for the block, waiting while another process holds it
    (``on_wait`` is called once if it must wait). The lock goes with the process: a crash
    never leaves it taken."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _media_file(webinar: Webinar, folder: Path) -> Path | None:
    """The recording's file in ``media/`` when the pictures come from it, else None."""
    if webinar.recording.kind not in ("demo", "file"):
        return None
    return folder / "media" / (webinar.recording.src or demo.DEMO_FILE)


def refresh(instance_path: str | os.PathLike, folder: Path, webinar: Webinar) -> subprocess.Popen | None:
    """Start bringing the pictures of ``webinar`` (in ``folder``) up to date in the background;
    None when its recording file is not there yet (no frame to take)."""
    _children[:] = [p for p in _children if p.poll() is None]  # no zombies left behind
    folder = Path(folder)
    media = _media_file(webinar, folder)
    if media is not None and not media.is_file():
        return None
    lock = lock_path(instance_path, folder.name)
    lock.parent.mkdir(parents=True, exist_ok=True)
    runner = subprocess.Popen(
        [sys.executable, "-m", RUNNER_MODULE, str(lock), str(folder)],
        cwd=ROOT, start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    )
    _children.append(runner)
    return runner


def bring_up_to_date(folder: Path) -> tuple[int, int]:
    """Thumbnails and cards of the webinar in ``folder`` from its recording file (cards alone,
    without frames, for a recording read elsewhere), then its audio edition's chapters;
    (thumbnails, cards) made or kept."""
    webinar = load_webinar(folder)
    media = _media_file(webinar, folder)
    if media is not None and not media.is_file():
        return (0, 0)  # no recording yet: nothing to take a frame from
    thumbs = thumbnails.make_thumbnails(webinar, media) if media is not None else []
    cards = card_images.make_cards(webinar, folder / "media", media)
    if media is not None:  # an audio edition already made gets the new chapters (no encoding)
        audio_edition.make_audio_edition(webinar, media, remux_only=True)
    return (len(thumbs), len(cards))


def main(argv: list[str]) -> int:
    """``<lock> <folder>``: wait for the lock, then bring the pictures up to date."""
    lock, folder = Path(argv[0]), Path(argv[1])
    with held(lock):  # a save's refresh (or a command) already at work: wait for its end
        try:
            bring_up_to_date(folder)
        except (StoreError, MediaError, OSError) as error:
            print(f"erreur : images de {folder.name} non mises à jour : {error}", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
