"""The organisers' small SQLite files in the instance folder, shared by every gunicorn worker.

Sessions (``sessions.py``) and failed sign-ins (``login_limits.py``) must be seen by all the
workers at once, so they live in SQLite files there: one writer at a time, across processes,
and a crash mid-write leaves the file as it was. ``StoreError`` says, in French, that a file
cannot be used; the sign-in pages answer it with a 503, never a 500.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chapters.sqlite_files import connection


class StoreError(RuntimeError):
    """An instance-folder SQLite file cannot be opened, read or written; the message is French."""


@contextmanager
def opened(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` in autocommit mode (transactions are explicit ``BEGIN
    IMMEDIATE``), its tables made if missing; any failure becomes a ``StoreError``."""
    with connection(path, lambda error: StoreError(f"{path} : fichier inutilisable ({error})"),
                    lambda db: db.executescript(schema)) as db:
        yield db
