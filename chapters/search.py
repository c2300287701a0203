"""Search over the webinars: an SQLite FTS5 index derived from the data files, never edited.

What is indexed, one row each: chapters (title, summary), speakers (name; role and
organisation), questions (question; answer), resources (title; text), contacts, and the cues of
the transcript (``transcript.caption_file``). Every row keeps the webinar, its kind, the object's
id and where it opens the recording: a chapter at its start, a question on its answering
chapter's span, a speaker on their first chapter's span, a transcript line at its cue, a resource
or contact at the first chapter of its theme (or nowhere).

The tokenizer is ``unicode61 remove_diacritics 2``: case and accents are folded on both sides, and
``'`` separates words, so "regie" finds "régies", "herve" "Hervé" and "cite" "Capa'Cité".

Where the index lives, and why so: one SQLite file per webinars folder (the Flask side puts it in
the app's instance folder), shared by every process that serves that folder. Any number of
gunicorn workers then share one build, a new worker answers at once, and ``flask reindex`` warms
what the servers read. The index can never drift from the data: each webinar's row in the
``webinars`` table records the stamp of its files (mtime_ns, size and inode of ``webinar.yaml``
and of its caption file, which caption file it is, and the index's schema version); every search
compares it with the files (a few ``stat`` calls) and rebuilds what differs first. A rebuild,
of one webinar or of all, is one SQLite transaction (``BEGIN IMMEDIATE``): readers in other
processes see the old rows or the new ones, never a mix, and two processes finding the same
change do the work once (the second re-reads the stamp under the lock). The file is changed only
through SQLite, never replaced by a rename: swapping the file under connections that other
processes hold open is one of the ways SQLite lists to lose writes or corrupt a database. The
journal is WAL, so searches go on while a rebuild writes. A file that is not a usable index
(damaged, another schema version) is rebuilt from the data files.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Webinar
from .store import DATA_FILE, StoreError, list_webinars, load_webinar
from .transcript import TranscriptError, caption_file, read_transcript

__all__ = [
    "GROUPS",
    "KINDS",
    "MAX_QUERY",
    "Entry",
    "Group",
    "Hit",
    "Results",
    "SearchIndex",
    "entries_of",
    "fts_query",
    "pieces",
    "shown",
]

log = logging.getLogger(__name__)

SCHEMA = 2  # bump when the rows change: every index built before is then rebuilt
MAX_QUERY = 200  # characters
PER_GROUP = 10
MAX_HIT_TIMES = 2000  # transcript hit times returned for the scrubber

KINDS = ("chapitre", "intervenant", "question", "ressource", "contact", "transcription")


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    kinds: tuple[str, ...]


GROUPS = (
    Group("chapitres", "Chapitres", ("chapitre",)),
    Group("intervenants", "Intervenants", ("intervenant",)),
    Group("questions", "Questions", ("question",)),
    Group("ressources", "Ressources et contacts", ("ressource", "contact")),
    Group("transcription", "Transcription", ("transcription",)),
)
_KEY_OF = {kind: g.key for g in GROUPS for kind in g.kinds}

# Private-use characters mark the matches in snippets: they cannot come from the data (removed
# from every indexed text), so only they become <mark>, and everything else stays text.
OPEN, CLOSE = "\ue000", "\ue001"
_MARKERS = str.maketrans("", "", OPEN + CLOSE)
ELLIPSIS = "…"

# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Entry:
    """One indexed row: what is searched (title, text) and what a result shows and opens."""

    kind: str
    ref: str  # the object's id (a cue's number for the transcript)
    title: str
    text: str
    start: float | None = None  # where the recording opens; None: nowhere
    end: float | None = None  # with start, a span
    context: str = ""  # shown, not searched: the chapter or theme it belongs to
    who: str = ""  # shown, not searched: speakers, the answerer, a cue's voice


def _clean(text: str | None) -> str:
    """One line of NFC text without our markers (so a marker always comes from SQLite)."""
    return " ".join(unicodedata.normalize("NFC", text or "").translate(_MARKERS).split())


def entries_of(webinar: Webinar, cues: Iterable = ()) -> list[Entry]:
    """The rows of one webinar: its programme, then the cues of its transcript."""
    w = webinar
    out: list[Entry] = []

    def add(kind, ref, title, text, start=None, end=None, context="", who=""):
        out.append(Entry(kind, ref, _clean(title), _clean(text), start, end, _clean(context), _clean(who)))

    for c in w.chapters:
        names = ", ".join(s.name for s in w.speakers_of(c))
        add("chapitre", c.id, c.title, c.summary, c.start, w.chapter_end(c), who=names)
    for s in w.speakers:
        segments = w.chapters_of(s.id)
        first = segments[0] if segments else None
        role = ", ".join(part for part in (s.role, s.organisation) if part)
        if first:
            add("intervenant", s.id, s.name, role, first.start, w.chapter_end(first), first.title)
        else:
            add("intervenant", s.id, s.name, role)
    for q in w.questions:
        chap = w.chapter(q.chapter) if q.chapter else None
        who = w.speaker(q.speaker).name if q.speaker and w.speaker(q.speaker) else q.answered_by
        if chap:
            add("question", q.id, q.text, q.answer, chap.start, w.chapter_end(chap), chap.title, who)
        else:
            add("question", q.id, q.text, q.answer, who=who)

    def theme_start(theme_id: str, speakers: list[str] = ()) -> tuple[float | None, str]:
        """The first chapter of the theme, or of the theme's chapters where these speak."""
        theme = w.theme(theme_id)
        chapters = [c for cid in (theme.chapters if theme else []) if (c := w.chapter(cid))]
        theirs = [c for c in chapters if set(c.speakers) & set(speakers)]
        first = min(theirs or chapters, key=lambda c: c.start, default=None)
        return (first.start if first else None), (theme.title if theme else "")

    for r in w.resources:
        start, theme = theme_start(r.theme)
        add("ressource", r.id, r.title, r.text, start, context=theme)
    for c in w.contacts:
        start, theme = theme_start(c.theme, c.speakers)
        names = ", ".join(s.name for sid in c.speakers if (s := w.speaker(sid)))
        add("contact", c.id, names or "Contact", c.text, start, context=theme)
    ordered = sorted(w.chapters, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    for i, cue in enumerate(cues):
        at = bisect.bisect_right(starts, cue.start) - 1  # the chapter holding the cue, as chapter_at
        title = ordered[at].title if at >= 0 else ""
        add("transcription", str(i), "", cue.text, cue.start, None, title, cue.voice or "")
    return out


# ---------------------------------------------------------------- queries

_TERM = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


class QueryProblem(ValueError):
    """Text that cannot be searched: ``code`` is empty, no-words or too-long; str() is French."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def shown(text: str | None) -> str:
    """The viewer's text as it may be shown back: no control characters, spaces collapsed."""
    kept = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text or "")
    return " ".join(kept.split())


def fts_query(text: str | None) -> str:
    """The viewer's words as a safe FTS5 query: every word quoted, all required (AND).

    The last word, and every word of three letters or more, also matches the words it begins
    (results while typing; "chantier" finds "chantiers"). Nothing the viewer types reaches
    FTS5's syntax: only letters and digits are kept, inside quotes.
    """
    raw = text or ""
    if len(raw) > MAX_QUERY:
        raise QueryProblem(
            "too-long",
            f"La recherche est trop longue ({len(raw)} caractères, {MAX_QUERY} au plus) : "
            "raccourcissez-la.",
        )
    if not shown(raw):
        raise QueryProblem("empty", "Tapez un mot pour chercher…")
    # NFKC: a ligature or a full-width letter pasted in the box is the plain letters
    terms = _TERM.findall(unicodedata.normalize("NFKC", raw))
    if not terms:
        raise QueryProblem(
            "no-words",
            f"« {shown(raw)} » ne contient aucun mot à chercher : "
            "tapez des lettres ou des chiffres, par exemple « financement ».",
        )
    last = len(terms) - 1
    return " ".join(
        f'"{t}"' + ("*" if i == last or len(t) >= 3 else "") for i, t in enumerate(terms)
    )


def pieces(marked: str) -> list[tuple[str, bool]]:
    """A snippet with OPEN/CLOSE markers as (text, is_match) pieces, for <mark> in templates.

    The pieces are plain text: the template escapes them, and only the flag becomes a tag.
    """
    out: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{OPEN}{CLOSE}]", marked)):
        if part:
            out.append((part, i % 2 == 1))
    return out


# ---------------------------------------------------------------- results


@dataclass
class Hit:
    webinar: str
    kind: str
    ref: str
    start: float | None
    end: float | None
    title: list[tuple[str, bool]]
    text: list[tuple[str, bool]]
    context: str
    who: str


@dataclass
class GroupResult:
    key: str
    heading: str
    count: int  # every match of this group
    hits: list[Hit] = field(default_factory=list)  # the best ones, ranked


@dataclass
class Results:
    query: str
    problem: str | None = None  # None, or the code of QueryProblem
    message: str = ""  # French, when there is a problem
    groups: list[GroupResult] = field(default_factory=list)  # only groups with matches
    total: int = 0
    times: list[float] = field(default_factory=list)  # transcript hits (one webinar only)
    webinars: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (title, date)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why), broken webinars

    @property
    def times_text(self) -> str:
        """The transcript hits' times as one attribute value: ``12.5 1500.25``."""
        return " ".join(map(str, self.times))


# ---------------------------------------------------------------- the index

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


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


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

    def __init__(self, path: Path | str, root: Path | str):
        self.path = Path(path)
        self.root = Path(root)
        self._lock = threading.Lock()
        self._loaded: dict[str, tuple[list[int], Webinar | StoreError]] = {}

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
        conn.execute("PRAGMA journal_mode=WAL")
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

    # ---- what the files say

    def _webinar(self, wid: str, data_stamp: list[int]) -> Webinar | StoreError:
        """The parsed data file, kept while its stamp holds (finding the captions needs it)."""
        with self._lock:
            cached = self._loaded.get(wid)
        if cached and cached[0] == data_stamp:
            return cached[1]
        try:
            value: Webinar | StoreError = load_webinar(self.root / wid)
        except StoreError as error:
            value = error
        with self._lock:
            self._loaded[wid] = (data_stamp, value)
        return value

    def _source(self, wid: str) -> _Source | None:
        """The current stamp of a webinar's files; None when it has no data file."""
        folder = self.root / wid
        data_stamp = _stat(folder / DATA_FILE)
        if data_stamp is None:
            return None
        webinar = self._webinar(wid, data_stamp)
        if isinstance(webinar, StoreError):
            return _Source(wid, json.dumps([SCHEMA, data_stamp, "error"]), error=str(webinar))
        captions = caption_file(webinar, folder)
        caption_stamp = None
        if captions is not None:
            caption_stamp = [str(captions.relative_to(folder)), _stat(captions)]
        return _Source(wid, json.dumps([SCHEMA, data_stamp, caption_stamp]), webinar, captions)

    def _ids(self) -> list[str]:
        return list_webinars(self.root)

    # ---- building

    def _rows(self, source: _Source) -> tuple[list[Entry], str | None]:
        """The rows of a readable webinar, and why its transcript was left out, if it was."""
        cues, problem = [], None
        if source.captions is not None:
            try:
                cues = read_transcript(source.captions)
            except TranscriptError as error:
                problem = str(error)
                log.warning("%s : transcription non indexée : %s", source.wid, error)
        return entries_of(source.webinar, cues), problem

    def _write(self, conn: sqlite3.Connection, source: _Source, *, force: bool) -> dict | None:
        """Replace one webinar's rows in a transaction; None when another process did it."""
        rows, problem = ([], None) if source.error else self._rows(source)
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
                    source.error or problem,
                    json.dumps(counts),
                ),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if source.error:
            log.warning("webinaire %s laissé hors de la recherche : %s", source.wid, source.error)
        return {"counts": counts, "error": source.error, "captions": problem}

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
            source = self._source(wid)
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
                    report[wid] = {"counts": {}, "error": "fichier webinar.yaml absent", "captions": None}
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
                    return self._query(conn, query, match, webinar, per_group, skipped)
                finally:
                    conn.execute("COMMIT")
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
            key = _KEY_OF[kind]
            counts[key] += 1
            ids = chosen[key]
            if len(ids) < per_group:
                ids.append(rowid)
        if webinar:
            times = [start for _, kind, start, _ in ranked if kind == "transcription"]
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
