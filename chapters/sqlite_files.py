"""What every SQLite file of the instance folder shares: a connection in autocommit mode
(transactions are explicit), rolled back and closed whatever happens, its failures turned into
the caller's own French error."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def connection(path: Path, failure: Callable[[Exception], Exception],
               setup: Callable[[sqlite3.Connection], object] | None = None) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` (its folder made if missing) after ``setup``; an SQLite or
    file error, there or in the ``with`` block, is raised as ``failure(error)``."""
    db = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        if setup is not None:
            setup(db)
        yield db
    except (sqlite3.Error, OSError) as error:
        rollback(db)
        raise failure(error) from None
    except BaseException:
        rollback(db)
        raise
    finally:
        if db is not None:
            db.close()


def rollback(db: sqlite3.Connection | None) -> None:
    """Roll back ``db``'s open transaction, if any; a failure to do so is left to closing."""
    if db is not None and db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # closing the connection rolls back what is left
