"""Saving an edit: the previous file kept in ``history/``, undo, and the version (sha256 of the
data file's bytes) each save and undo carries, so that a stale form is refused."""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..files import write_atomic
from ..model import Webinar
from ..names import DATA_FILE
from ..store import dump_webinar, parse_webinar

HISTORY_DIR = "history"
UNDONE_DIR = "undone"  # inside history/: versions taken back by "Annuler"
HISTORY_KEEP = 20


class StaleVersion(Exception):
    """The data file is no longer the version the form started from."""

    def __init__(self, base: str, current: str):
        self.base = base
        self.current = current
        super().__init__(f"version {base[:12]} remplacée par {current[:12]}")


class NothingToUndo(Exception):
    """history/ holds no previous version."""


# ---------------------------------------------------------------- versions


def version_of(raw: bytes) -> str:
    """A version's name: the sha256 of the data file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def read_current(folder: Path) -> tuple[bytes, str]:
    raw = (Path(folder) / DATA_FILE).read_bytes()
    return raw, version_of(raw)


def _history(folder: Path) -> Path:
    return Path(folder) / HISTORY_DIR


def history_files(folder: Path, sub: str | None = None) -> list[Path]:
    """The kept versions, newest first (their names sort by time)."""
    where = _history(folder) / sub if sub else _history(folder)
    if not where.is_dir():
        return []
    return sorted((p for p in where.glob("webinar-*.yaml") if p.is_file()), reverse=True)


def _stamp_name(where: Path) -> Path:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    path, n = where / f"webinar-{now}.yaml", 1
    while path.exists():  # two in the same microsecond: a suffix still sorts after
        path, n = where / f"webinar-{now}-{n}.yaml", n + 1
    return path


def _keep(raw: bytes, where: Path) -> Path:
    """Write one version into ``where`` atomically, and drop all but the newest HISTORY_KEEP."""
    where.mkdir(parents=True, exist_ok=True)
    path = write_atomic(_stamp_name(where), raw)
    for old in sorted(where.glob("webinar-*.yaml"), reverse=True)[HISTORY_KEEP:]:
        old.unlink(missing_ok=True)
    return path


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One save or undo at a time per webinar, across processes (gunicorn's workers)."""
    where = _history(folder)
    where.mkdir(parents=True, exist_ok=True)
    with open(where / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _replace_data(path: Path, payload: bytes) -> None:
    """write_atomic, then make sure the file's modification time moved: caches keyed on it
    (the page cache, the catalogue) would keep the old version if two writes shared a tick."""
    try:
        before = path.stat().st_mtime_ns
    except FileNotFoundError:
        before = 0
    write_atomic(path, payload)
    after = path.stat().st_mtime_ns
    if after <= before:
        os.utime(path, ns=(after, before + 1_000))


def save_text(folder: Path, base_version: str, text: str) -> str:
    """Replace the data file by ``text`` if it is still ``base_version``; the previous file goes
    to history/. Returns the new version; raises StaleVersion otherwise."""
    folder = Path(folder)
    path = folder / DATA_FILE
    parse_webinar(text, folder.name, path)  # never a file the next load would refuse
    payload = text.encode("utf-8")
    with _locked(folder):
        raw, current = read_current(folder)
        if current != base_version:
            raise StaleVersion(base_version, current)
        if payload != raw:
            _keep(raw, _history(folder))
            _replace_data(path, payload)
    return version_of(payload)


def save_webinar_edit(folder: Path, base_version: str, webinar: Webinar) -> str:
    return save_text(folder, base_version, dump_webinar(webinar))


def undo(folder: Path, base_version: str) -> str:
    """Put the newest history version back; the replaced file is kept in history/undone/.

    Repeated undos walk further back. Returns the version now in place.
    """
    folder = Path(folder)
    path = folder / DATA_FILE
    with _locked(folder):
        raw, current = read_current(folder)
        if current != base_version:
            raise StaleVersion(base_version, current)
        kept = history_files(folder)
        if not kept:
            raise NothingToUndo()
        previous = kept[0].read_bytes()
        parse_webinar(previous.decode("utf-8-sig"), folder.name, kept[0])
        _keep(raw, _history(folder) / UNDONE_DIR)
        _replace_data(path, previous)
        kept[0].unlink()  # after the swap: a crash between leaves it to be undone again
    return version_of(previous)


def find_version(folder: Path, version: str) -> bytes | None:
    """The bytes of a version still on disk (the data file, history/, history/undone/)."""
    folder = Path(folder)
    for path in [
        folder / DATA_FILE,
        *history_files(folder),
        *history_files(folder, UNDONE_DIR),
    ]:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if version_of(raw) == version:
            return raw
    return None
