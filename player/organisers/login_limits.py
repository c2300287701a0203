"""Failed sign-in attempts, counted per client address and per account, shared by every worker.

gunicorn runs several processes, so counts kept in memory would each let five more tries
through: they live in a small SQLite file in the instance folder (``login-attempts.sqlite3``),
one row per attempt, pruned past the window on every write. ``reserve`` checks and records in
one write transaction, so concurrent attempts cannot slip past the limit between the two.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

FILE_NAME = "login-attempts.sqlite3"
LIMIT = 5  # failed attempts per window; the next one is refused
WINDOW = 60.0  # seconds


class Limiter:
    def __init__(self, instance_path: str | Path, limit: int = LIMIT, window: float = WINDOW):
        self.path = Path(instance_path) / FILE_NAME
        self.limit = limit
        self.window = window

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: transactions are the explicit BEGIN IMMEDIATE below
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS attempts (key TEXT NOT NULL, at REAL NOT NULL)")
        db.execute("CREATE INDEX IF NOT EXISTS attempts_key ON attempts (key, at)")
        return db

    def reserve(self, keys: list[str], now: float | None = None) -> list[int] | None:
        """Count an attempt for each key, or None (nothing counted) when one is over the limit.

        Returns the rows' ids: ``release`` them when the attempt succeeds.
        """
        now = time.time() if now is None else now
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
            db.execute("DELETE FROM attempts WHERE at <= ?", (now - self.window,))
            for key in keys:
                (count,) = db.execute(
                    "SELECT count(*) FROM attempts WHERE key = ? AND at > ?",
                    (key, now - self.window),
                ).fetchone()
                if count >= self.limit:
                    db.execute("COMMIT")
                    return None
            ids = [
                db.execute("INSERT INTO attempts (key, at) VALUES (?, ?)", (key, now)).lastrowid
                for key in keys
            ]
            db.execute("COMMIT")
            return ids
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def release(self, ids: list[int]) -> None:
        """Forget attempts that succeeded: only failures count."""
        db = self._connect()
        try:
            db.executemany("DELETE FROM attempts WHERE rowid = ?", [(i,) for i in ids])
        finally:
            db.close()
