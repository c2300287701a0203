"""The audience's SQLite file (``<instance>/audience.sqlite``, WAL): per webinar and day, the
views, two per-second histograms (``reached``: views that played the second; ``plays``: times it
was played), per chapter started/watched/replayed, and items opened; plus each playing view's
state for 30 minutes (``viewing.py``). ``report.py`` reads it back.

Chores run inside ``record``, never on their own: once a day, days past the retention and search
terms counted fewer than 3 times on a finished day go; once a minute, views silent for 30 minutes
are folded away. Deleted rows are overwritten (``secure_delete``) and the WAL emptied after a
fold, so no view id stays in the files."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from chapters.audience import histogram, months, report as reports
from chapters.audience.beacon import Beacon
from chapters.audience.shape import Shape
from chapters.audience.viewing import SILENCE, Added, ViewState, fold
from chapters.sqlite_files import rollback

FILE_NAME = "audience.sqlite"
RETENTION_DAYS = 400
PUBLIC_MIN_VIEWS = 50
FOLD_EVERY = 60.0  # seconds between two looks for silent views
SEARCH_KEPT = 3  # a day's search term counted fewer times is removed once the day is over

SCHEMA = """
CREATE TABLE IF NOT EXISTS days (
    webinar TEXT NOT NULL, day TEXT NOT NULL, views INTEGER NOT NULL DEFAULT 0,
    reached BLOB, reached_total INTEGER NOT NULL DEFAULT 0,
    plays BLOB, plays_total INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (webinar, day)
);
CREATE TABLE IF NOT EXISTS chapters (
    webinar TEXT NOT NULL, day TEXT NOT NULL, chapter TEXT NOT NULL,
    started INTEGER NOT NULL DEFAULT 0, watched INTEGER NOT NULL DEFAULT 0,
    replayed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (webinar, day, chapter)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS opened (
    webinar TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (webinar, day, kind, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS open_views (
    webinar TEXT NOT NULL, view TEXT NOT NULL, first REAL NOT NULL, last REAL NOT NULL,
    seen BLOB, played BLOB, used INTEGER NOT NULL, chapters TEXT NOT NULL, opened TEXT NOT NULL,
    PRIMARY KEY (webinar, view)
);
CREATE INDEX IF NOT EXISTS open_views_last ON open_views (last);
CREATE TABLE IF NOT EXISTS settings (webinar TEXT PRIMARY KEY, public_curve INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chores (name TEXT PRIMARY KEY, value TEXT NOT NULL);
""" + months.SCHEMA


class AudienceError(RuntimeError):
    """The audience file cannot be opened, read or written; the message is French."""


class AudienceStore:
    """The audience's aggregates in one SQLite file, shared by every worker (see the module)."""

    def __init__(self, path: Path, *, retention_days: int = RETENTION_DAYS):
        self.path = Path(path)
        self.retention_days = retention_days
        # one connection per thread, kept open: closing the last one checkpoints the WAL
        # (milliseconds), which a beacon must not pay
        self._local = threading.local()

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            db = self._connection()
            if write:
                db.execute("BEGIN IMMEDIATE")
            yield db
            if write:
                db.execute("COMMIT")
        except (sqlite3.Error, OSError) as error:
            self.close()  # a connection that failed is not used again
            raise AudienceError(f"{self.path} : fichier de mesure d'audience inutilisable "
                                f"({error})") from None
        except BaseException:
            rollback(getattr(self._local, "db", None))
            raise

    def _connection(self) -> sqlite3.Connection:
        db, pid = getattr(self._local, "db", None), os.getpid()
        if db is not None and self._local.pid == pid:
            return db
        # none yet in this thread, or one inherited across a fork (never to be used)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        self._local.db, self._local.pid = db, pid
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA secure_delete=ON")  # deleted rows overwritten: no view id left behind
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe across crashes of the process
        db.executescript(SCHEMA)
        return db

    def close(self) -> None:
        """Close this thread's connection (a later call opens another)."""
        db = getattr(self._local, "db", None)
        self._local.db = None
        if db is not None:
            rollback(db)
            db.close()

    # --- collecting ----------------------------------------------------------------------

    def record(self, beacon: Beacon, shape: Shape, *, day: date, now: float) -> bool:
        """Fold one beacon into the day's aggregates; False when it counts for nothing new (a
        beacon of this view already seen). See ``viewing.fold`` for what a view counts."""
        folded = False
        with self._db(write=True) as db:
            folded = self._chores(db, day, now)
            row = db.execute(
                "SELECT first, last, seen, played, used, chapters, opened FROM open_views "
                "WHERE webinar = ? AND view = ?", (beacon.webinar, beacon.view)).fetchone()
            state = ViewState.from_row(row) if row else ViewState(now, now)
            added = fold(state, beacon, shape, now)
            if added is not None:
                db.execute("INSERT OR REPLACE INTO open_views VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (beacon.webinar, beacon.view) + state.to_row())
                self._add(db, beacon.webinar, day.isoformat(), shape, added, new_view=row is None)
        if folded:
            self._empty_wal()
        return added is not None

    def _add(self, db, webinar: str, day: str, shape: Shape, added: Added, new_view: bool) -> None:
        db.execute("INSERT OR IGNORE INTO days (webinar, day) VALUES (?, ?)", (webinar, day))
        if new_view:
            db.execute("UPDATE days SET views = views + 1 WHERE webinar = ? AND day = ?",
                       (webinar, day))
        if added.plays:
            blobs = db.execute("SELECT reached, plays FROM days WHERE webinar = ? AND day = ?",
                               (webinar, day)).fetchone()
            reached = _counted(blobs[0], shape.seconds, added.reached)
            plays = _counted(blobs[1], shape.seconds, added.plays)
            db.execute(
                "UPDATE days SET reached = ?, reached_total = reached_total + ?, plays = ?, "
                "plays_total = plays_total + ? WHERE webinar = ? AND day = ?",
                (reached, len(added.reached), plays, len(added.plays), webinar, day))
            months.forget(db, webinar, day)
        for column, ids in (("started", added.started), ("watched", added.watched),
                            ("replayed", added.replayed)):
            for cid in ids:
                db.execute("INSERT OR IGNORE INTO chapters (webinar, day, chapter) VALUES (?, ?, ?)",
                           (webinar, day, cid))
                db.execute(f"UPDATE chapters SET {column} = {column} + 1 "  # noqa: S608 (fixed names)
                           "WHERE webinar = ? AND day = ? AND chapter = ?", (webinar, day, cid))
        for kind, name in added.opened:
            db.execute("INSERT INTO opened VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE "
                       "SET count = count + 1", (webinar, day, kind, name))

    def _chores(self, db, day: date, now: float) -> bool:
        """The day's and the minute's chores, when due; True when views were folded away."""
        done = dict(db.execute("SELECT name, value FROM chores"))
        if done.get("daily") != day.isoformat():
            self._remove_older(db, day)
            db.execute("DELETE FROM opened WHERE kind = 'search' AND day < ? AND count < ?",
                       (day.isoformat(), SEARCH_KEPT))
            db.execute("INSERT OR REPLACE INTO chores VALUES ('daily', ?)", (day.isoformat(),))
        if now - float(done.get("folded", 0)) < FOLD_EVERY:
            return False
        db.execute("INSERT OR REPLACE INTO chores VALUES ('folded', ?)", (repr(now),))
        return db.execute("DELETE FROM open_views WHERE last < ?", (now - SILENCE,)).rowcount > 0

    def fold_silent(self, now: float) -> int:
        """Fold away every view silent for 30 minutes (``record`` does it once a minute);
        how many went."""
        with self._db(write=True) as db:
            gone = db.execute("DELETE FROM open_views WHERE last < ?", (now - SILENCE,)).rowcount
        if gone:
            self._empty_wal()
        return gone

    def _empty_wal(self) -> None:
        # the WAL still holds the pages written while the views played: copy the file's pages
        # back and empty it, so no view id is left in either file
        with self._db() as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def remove_older(self, today: date) -> int:
        """Remove the days older than the retention (``record`` does it once a day); how many
        days of webinars went."""
        with self._db(write=True) as db:
            return self._remove_older(db, today)

    def _remove_older(self, db, today: date) -> int:
        cutoff = (today - timedelta(days=self.retention_days)).isoformat()
        months.forget_before(db, cutoff)
        for table in ("chapters", "opened"):
            db.execute(f"DELETE FROM {table} WHERE day < ?", (cutoff,))  # noqa: S608
        return db.execute("DELETE FROM days WHERE day < ?", (cutoff,)).rowcount

    # --- reading ---------------------------------------------------------------------------

    def report(self, webinar_id: str, first: date, last: date, shape: Shape) -> reports.Report:
        """Every count of one webinar over the days ``first`` to ``last`` (included)."""
        with self._db() as db:
            return reports.build(db, webinar_id, first, last, shape)

    def views(self, webinar_id: str) -> int:
        """Views of a webinar over all the days kept."""
        with self._db() as db:
            return db.execute("SELECT COALESCE(SUM(views), 0) FROM days WHERE webinar = ?",
                              (webinar_id,)).fetchone()[0]

    def most_replayed(self, webinar_id: str, shape: Shape, bins: int = 100, *,
                      min_views: int = PUBLIC_MIN_VIEWS) -> tuple[float, ...] | None:
        """``bins`` values in [0, 1]: how much each part of the recording was played again,
        over all the days kept; None below ``min_views`` views."""
        with self._db() as db:
            return reports.replay_curve(db, webinar_id, shape, bins, min_views)

    def public_curve_enabled(self, webinar_id: str) -> bool:
        """Whether viewers may see the "most replayed" curve (on unless an organiser said no)."""
        with self._db() as db:
            row = db.execute("SELECT public_curve FROM settings WHERE webinar = ?",
                             (webinar_id,)).fetchone()
        return row is None or bool(row[0])

    def set_public_curve(self, webinar_id: str, on: bool) -> None:
        """The organiser's choice: show viewers the "most replayed" curve or not."""
        with self._db(write=True) as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (webinar_id, int(on)))


def _counted(blob: bytes | None, seconds: int, added: list[int]) -> bytes:
    values = histogram.load(blob, seconds)
    top = histogram.LIMIT - 1
    for second in added:
        if values[second] < top:
            values[second] += 1
    return histogram.dump(values)


