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


class StoreError(RuntimeError):
    """An instance-folder SQLite file cannot be opened, read or written; the message is French."""


@contextmanager
def opened(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` in autocommit mode (transactions are explicit ``BEGIN
    IMMEDIATE``), its tables made if missing; any failure becomes a ``StoreError``."""
    db = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        db.executescript(schema)
        yield db
    except (sqlite3.Error, OSError) as error:
        _rollback(db)
        raise StoreError(f"{path} : fichier inutilisable ({error})") from None
    except BaseException:
        _rollback(db)
        raise
    finally:
        if db is not None:
            db.close()


def _rollback(db: sqlite3.Connection | None) -> None:
    if db is not None and db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # closing the connection rolls back what is left
