"""The SQLite FTS5 index: one file per webinars folder, rebuilt from the data files whenever
their stamps differ (see the package's documentation)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..files import StampCache
from ..model import Webinar
from ..store import DATA_FILE, StoreError, list_webinars, load_webinar
from ..transcript import TranscriptError, caption_file, read_transcript
from .entries import CLOSE, ELLIPSIS, GROUPS, KEY_OF, KINDS, OPEN, TIMELINE_KINDS, Entry, entries_of
from .query import MAX_QUERY, PER_GROUP, GroupResult, Hit, QueryProblem, Results
from .query import fts_query, pieces, shown
from .limits import BUDGET_SECONDS, TOO_SLOW, TooSlow, answers, remembered
from .sources import indexed_messages, indexed_slides, slides_stamp, stat_of as _stat

log = logging.getLogger(__name__)

SCHEMA = 4  # bump when the rows change: every index built before is then rebuilt
MAX_HIT_TIMES = 2000  # transcript and slide hit times returned for the scrubber
LOADED_WEBINARS = 256  # data files kept parsed between two refreshes; more are read again in turn


_CREATE = (
    """CREATE VIRTUAL TABLE entries USING fts5(
        title, text,
        webinar UNINDEXED, kind UNINDEXED, ref UNINDEXED, start UNINDEXED, "end" UNINDEXED,
        context UNINDEXED, who UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )""",
    # what ranking and grouping read for every match, out of the FTS row (a narrow table is
    # several times faster to read than the virtual table's own columns)
    """CREATE TABLE rows (
        id INTEGER PRIMARY KEY, webinar TEXT NOT NULL, kind TEXT NOT NULL, start REAL
    )""",
    "CREATE INDEX rows_webinar ON rows (webinar)",
    """CREATE TABLE webinars (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL,
        stamp TEXT NOT NULL, error TEXT, counts TEXT NOT NULL DEFAULT '{}'
    )""",
)
_WEIGHTS = "6.0, 1.0"  # bm25: a match in the title counts six times one in the text


@dataclass
class _Source:
    """What the files of one webinar say now."""

    wid: str
    stamp: str
    webinar: Webinar | None = None
    captions: Path | None = None
    error: str | None = None  # the data file cannot be read


class SearchIndex:
    """The index of every webinar under ``root``, kept in the SQLite file ``path``."""

    def __init__(self, path: Path | str, root: Path | str, budget: float | None = BUDGET_SECONDS):
        self.path = Path(path)
        self.root = Path(root)
        self.budget = budget  # seconds of SQLite per search (limits.py)
        self._loaded = StampCache(LOADED_WEBINARS, name="search index: webinars read")
        self._answers = answers()

    # ---- connection and schema

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
        # derived data: a power cut may lose the last rebuild (redone from the files), never
        # corrupt the file; commits then wait for no fsync of the WAL
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = None
        try:
            conn = self._open()
            self._ensure_schema(conn)
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if isinstance(error, sqlite3.OperationalError):
                raise  # locked, read-only, disk full: not a damaged file
            self._discard(error)
            conn = self._open()
            self._ensure_schema(conn)
        return conn

    def _discard(self, error: Exception) -> None:
        """Remove a damaged index: it is rebuilt from the data files."""
        log.warning("index de recherche %s inutilisable (%s) : reconstruit", self.path, error)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
            return
        self._wal(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                for table in ("entries", "rows", "webinars"):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _CREATE:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._wal(conn)

    @staticmethod
    def _wal(conn: sqlite3.Connection) -> None:
        """Switch the file to WAL, which needs it to itself: SQLite refuses at once, without
        waiting, while another connection (a worker making the schema at the same moment, in
        WAL already) holds it; that is no error, and the switch is tried again after."""
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass

    # ---- what the files say

    def _webinar(self, wid: str, data_stamp: list[int]) -> Webinar | StoreError:
        """The parsed data file, kept while its stamp holds (finding the captions needs it)."""

        def load() -> Webinar | StoreError:
            try:
                return load_webinar(self.root / wid)
            except StoreError as error:
                return error

        return self._loaded.get(wid, data_stamp, load)

    def _source(self, wid: str, known: str | None = None) -> _Source | None:
        """The current stamp of a webinar's files; None when it has no data file. When ``known``
        (the indexed stamp) has the same data file and folders, the data file is not parsed."""
        folder = self.root / wid
        data_stamp = _stat(folder / DATA_FILE)
        if data_stamp is None:
            return None
        folders = [_stat(folder), _stat(folder / "media")]  # a caption file added or removed
        slides = slides_stamp(folder)  # slides found again, or their words read
        old = json.loads(known) if known else None
        if old and old[:2] == [SCHEMA, data_stamp] and old[2] != "error" and old[3:] == [folders, slides]:
            caption_stamp = old[2] and [old[2][0], _stat(folder / old[2][0])]
            if (stamp := json.dumps([SCHEMA, data_stamp, caption_stamp, folders, slides])) == known:
                return _Source(wid, stamp)
        webinar = self._webinar(wid, data_stamp)
        if isinstance(webinar, StoreError):
            return _Source(wid, json.dumps([SCHEMA, data_stamp, "error"]), error=str(webinar))
        captions = caption_file(webinar, folder)
        caption_stamp = None
        if captions is not None:
            caption_stamp = [str(captions.relative_to(folder)), _stat(captions)]
        stamp = json.dumps([SCHEMA, data_stamp, caption_stamp, folders, slides])
        return _Source(wid, stamp, webinar, captions)

    def _ids(self) -> list[str]:
        return list_webinars(self.root)

    # ---- building

    def _rows(self, source: _Source) -> tuple[list[Entry], str | None, str | None]:
        """The rows of a readable webinar, and why its transcript or slides were left out."""
        cues, problem = [], None
        if source.captions is not None:
            try:
                cues = read_transcript(source.captions)
            except TranscriptError as error:
                problem = str(error)
                log.warning("%s : transcription non indexée : %s", source.wid, error)
        slides, left_out = indexed_slides(self.root / source.wid, source.webinar)
        messages = indexed_messages(self.root / source.wid)
        return entries_of(source.webinar, cues, slides, messages), problem, left_out

    def _write(self, conn: sqlite3.Connection, source: _Source, *, force: bool) -> dict | None:
        """Replace one webinar's rows in a transaction; None when another process did it."""
        rows, problem, left_out = ([], None, None) if source.error else self._rows(source)
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = conn.execute("SELECT stamp FROM webinars WHERE id = ?", (source.wid,)).fetchone()
            if not force and stored and stored[0] == source.stamp:
                conn.execute("ROLLBACK")
                return None
            self._delete_rows(conn, source.wid)
            first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM rows").fetchone()[0]
            conn.executemany(
                'INSERT INTO entries (rowid, title, text, webinar, kind, ref, start, "end", context, who) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (first + i, e.title, e.text, source.wid, e.kind, e.ref, e.start, e.end, e.context, e.who)
                    for i, e in enumerate(rows)
                ],
            )
            conn.executemany(
                "INSERT INTO rows (id, webinar, kind, start) VALUES (?, ?, ?, ?)",
                [(first + i, source.wid, e.kind, e.start) for i, e in enumerate(rows)],
            )
            counts = {kind: sum(1 for e in rows if e.kind == kind) for kind in KINDS}
            w = source.webinar
            conn.execute(
                "INSERT OR REPLACE INTO webinars (id, title, date, stamp, error, counts) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    source.wid,
                    w.title if w else "",
                    w.date if w else "",
                    source.stamp,
                    source.error or problem or left_out,
                    json.dumps(counts),
                ),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if source.error:
            log.warning("webinaire %s laissé hors de la recherche : %s", source.wid, source.error)
        return {"counts": counts, "error": source.error, "captions": problem, "slides": left_out}

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, wid: str) -> None:
        conn.execute("DELETE FROM entries WHERE rowid IN (SELECT id FROM rows WHERE webinar = ?)", (wid,))
        conn.execute("DELETE FROM rows WHERE webinar = ?", (wid,))

    def _drop(self, conn: sqlite3.Connection, wids: Iterable[str]) -> None:
        wids = list(wids)
        if not wids:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for wid in wids:
                self._delete_rows(conn, wid)
                conn.execute("DELETE FROM webinars WHERE id = ?", (wid,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _sync(self, conn: sqlite3.Connection, wids: list[str] | None) -> list[tuple[str, str]]:
        """Bring the rows of these webinars (None: every one) up to date with their files.

        Returns the webinars left out, with why: their data file cannot be read.
        """
        every = wids is None
        wanted = self._ids() if every else wids
        stored = dict(conn.execute("SELECT id, stamp FROM webinars").fetchall())
        skipped = []
        gone = []
        for wid in wanted:
            source = self._source(wid, stored.get(wid))
            if source is None:
                gone.append(wid)
                continue
            if stored.get(wid) != source.stamp:
                self._write(conn, source, force=False)
            if source.error:
                skipped.append((wid, source.error))
        if every:
            gone += [wid for wid in stored if wid not in wanted]
        self._drop(conn, [wid for wid in gone if wid in stored])
        return skipped

    def rebuild(self, wids: list[str] | None = None) -> dict[str, dict]:
        """Rebuild now, whatever the stamps say: these webinars, or every one (and drop the
        rows of webinars that are gone). Returns, per webinar, its counts and problems."""
        report: dict[str, dict] = {}
        conn = self._connect()
        try:
            wanted = self._ids() if wids is None else wids
            for wid in wanted:
                source = self._source(wid)
                if source is None:
                    report[wid] = {"counts": {}, "error": "fichier webinar.yaml absent", "captions": None,
                                   "slides": None}
                    continue
                report[wid] = self._write(conn, source, force=True)
            if wids is None:
                stored = [row[0] for row in conn.execute("SELECT id FROM webinars")]
                self._drop(conn, [wid for wid in stored if wid not in wanted])
        finally:
            conn.close()
        return report

    # ---- searching

    def search(self, text: str | None, webinar: str | None = None, per_group: int = PER_GROUP) -> Results:
        """Search one webinar (its id) or all of them; never raises on what the viewer typed."""
        query = shown(text)[:MAX_QUERY]
        try:
            match = fts_query(text)
        except QueryProblem as problem:
            return Results(query=query, problem=problem.code, message=str(problem))
        for attempt in (1, 2):
            conn = self._connect()
            try:
                skipped = self._sync(conn, None if webinar is None else [webinar])
                # one read transaction: both steps see the same rows, whatever rebuilds meanwhile
                conn.execute("BEGIN")
                try:
                    return remembered(conn, self._answers, (query, match, webinar, per_group),
                                      webinar, self.budget, lambda: self._query(
                                          conn, query, match, webinar, per_group, skipped))
                finally:
                    conn.execute("COMMIT")
            except TooSlow:
                return Results(query=query, problem="too-slow", message=TOO_SLOW)
            except sqlite3.DatabaseError as error:
                # a page damaged after the header was read: rebuild once, then give up
                if isinstance(error, sqlite3.OperationalError) or attempt == 2:
                    raise
                conn.close()
                conn = None
                self._discard(error)
            finally:
                if conn is not None:
                    conn.close()
        raise AssertionError("unreachable")

    def _query(self, conn, query, match, webinar, per_group, skipped) -> Results:
        where = "entries MATCH ?" + (" AND r.webinar = ?" if webinar else "")
        args = (match, webinar) if webinar else (match,)
        # 1. every match, ranked, without snippets: counts, the best per group, the scrubber's times
        ranked = conn.execute(
            f"SELECT r.id, r.kind, r.start, bm25(entries, {_WEIGHTS}) AS score "
            f"FROM entries JOIN rows AS r ON r.id = entries.rowid "
            f"WHERE {where} ORDER BY score, r.start",
            args,
        ).fetchall()
        results = Results(query=query, skipped=skipped, total=len(ranked))
        chosen: dict[str, list[int]] = {g.key: [] for g in GROUPS}
        counts = dict.fromkeys(chosen, 0)
        for rowid, kind, _start, _score in ranked:
            key = KEY_OF[kind]
            counts[key] += 1
            ids = chosen[key]
            if len(ids) < per_group:
                ids.append(rowid)
        if webinar:
            times = [start for _, kind, start, _ in ranked if kind in TIMELINE_KINDS]
            results.times = sorted(times)[:MAX_HIT_TIMES]
        # 2. snippets for the rows shown only
        wanted = [rowid for ids in chosen.values() for rowid in ids]
        found = {}
        for i in range(0, len(wanted), 500):
            batch = wanted[i : i + 500]
            marks = f"'{OPEN}', '{CLOSE}', '{ELLIPSIS}'"
            for row in conn.execute(
                f"SELECT rowid, webinar, kind, ref, start, \"end\", context, who, "
                f"snippet(entries, 0, {marks}, 32), snippet(entries, 1, {marks}, 20) "
                f"FROM entries WHERE entries MATCH ? AND rowid IN ({','.join('?' * len(batch))})",
                (match, *batch),
            ):
                rowid, wid, kind, ref, start, end, context, who, title, snippet = row
                found[rowid] = Hit(wid, kind, ref, start, end, pieces(title), pieces(snippet), context, who)
        for g in GROUPS:
            if counts[g.key]:
                hits = [found[r] for r in chosen[g.key] if r in found]
                results.groups.append(GroupResult(g.key, g.heading, counts[g.key], hits))
        ids = {h.webinar for gr in results.groups for h in gr.hits}
        if ids:
            marks = ",".join("?" * len(ids))
            for wid, title, date in conn.execute(
                f"SELECT id, title, date FROM webinars WHERE id IN ({marks})", tuple(ids)
            ):
                results.webinars[wid] = (title, date)
        return results

    def stats(self) -> dict[str, dict]:
        """Per indexed webinar: its counts and the problem met when it was indexed."""
        conn = self._connect()
        try:
            return {
                wid: {"counts": json.loads(counts), "error": error}
                for wid, counts, error in conn.execute("SELECT id, counts, error FROM webinars")
            }
        finally:
            conn.close()


def default_index_name(root: Path | str) -> str:
    """A file name of its own for each webinars folder (tests and servers never share one)."""
    digest = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:12]
    return f"search-{digest}.sqlite3"
