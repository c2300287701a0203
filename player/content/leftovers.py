"""Temporary files and folders that a process killed mid-way (``kill -9``, a power cut) leaves
behind, removed once they are older than an hour: at the app's start and by ``flask cleanup``.

Only the project's own temporary names, all hidden (a leading dot: never served,
player/site/media_files.py), are touched:

- ``.NAME.XXXX.tmp``: chapters/files.py ``write_atomic`` (data files, ``history/``, the job
  states and the secret key in the instance folder) and a handout's copy;
- ``.NAME.part-XXXX``: the stand-in recording being made (player/media/demo.py);
- ``.NAME.download.*``: a download by yt-dlp (its ``.part``, its pieces, a finished file not yet
  renamed; player/media/ytdlp.py), dropped after an hour, when it is no longer worth resuming;
- ``.incoming-*`` folders: captions of a recording being set (player/cli/recording.py), the
  pictures of slides being found (player/media/slides.py);
- ``.nouveau-*`` folders at the top of the webinars folder: a programme being imported
  (player/organisers/upload.py).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import click

MAX_AGE = 3600.0  # seconds: far longer than any write, import or stalled download takes
TEMP_FILE = re.compile(r"\..+(\.tmp|\.part-\w+|\.download\..*)")
WEBINAR_TEMP_DIR = re.compile(r"\.incoming-.+")
TOP_TEMP_DIR = re.compile(r"\.nouveau-.+")


def _newest(path: Path) -> float:
    """The latest modification time of ``path`` and, for a folder, of what it holds."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                try:
                    newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
                except OSError:
                    pass
    return newest


def leftovers(webinars_dir: str | os.PathLike, instance_dir: str | os.PathLike | None = None,
              *, max_age: float = MAX_AGE, now: float | None = None) -> list[Path]:
    """The temporary files and folders under the webinars folder and the instance folder
    untouched for more than ``max_age`` seconds."""
    limit = (time.time() if now is None else now) - max_age
    found: list[Path] = []

    def consider(path: Path) -> None:
        try:
            if _newest(path) < limit:
                found.append(path)
        except OSError:  # gone meanwhile
            pass

    top = Path(webinars_dir)
    if top.is_dir():
        for root, dirs, files in os.walk(top):
            here = Path(root)
            for name in list(dirs):
                if (TOP_TEMP_DIR if here == top else WEBINAR_TEMP_DIR).fullmatch(name):
                    dirs.remove(name)  # judged whole, never entered
                    consider(here / name)
            for name in files:
                if TEMP_FILE.fullmatch(name):
                    consider(here / name)
    if instance_dir is not None:
        for folder in (Path(instance_dir), Path(instance_dir) / "jobs"):
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.name.endswith(".tmp") and TEMP_FILE.fullmatch(path.name) and path.is_file():
                        consider(path)
    return sorted(found)


def sweep(webinars_dir: str | os.PathLike, instance_dir: str | os.PathLike | None = None,
          *, max_age: float = MAX_AGE, now: float | None = None) -> list[Path]:
    """Remove what ``leftovers`` finds; returns what was removed."""
    removed = []
    for path in leftovers(webinars_dir, instance_dir, max_age=max_age, now=now):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue  # another worker removed it first
        except OSError:
            continue  # not ours to force: flask cleanup shows it again next time
        removed.append(path)
    return removed


def install(app) -> None:
    """Sweep when the app starts; what was removed is kept in ``app.extensions`` (the cleanup
    command lists it) and logged when serving."""
    try:
        removed = sweep(app.config["WEBINARS_DIR"], app.instance_path)
    except OSError as error:  # never a reason not to start
        app.logger.warning("nettoyage des fichiers temporaires impossible : %s", error)
        removed = []
    app.extensions["leftovers_removed"] = removed
    if click.get_current_context(silent=True) is None:  # serving; a command is quiet about it
        for path in removed:
            app.logger.warning("fichier temporaire abandonné supprimé : %s", path)
