"""Search over the webinars: an SQLite FTS5 index derived from the data files, never edited.

What is indexed, one row each: chapters (title, summary), speakers (name; role and
organisation), questions (question; answer), resources (title; text), contacts, the cues of
the transcript (``transcript.caption_file``) and the slides whose words were read ("Diapositive
N"; the words Tesseract read, from ``media/slides/slides.json``, see ``chapters/slides.py``).
Every row keeps the webinar, its kind, the object's id and where it opens the recording: a
chapter at its start, a question on its answering chapter's span, a speaker on their first
chapter's span, a transcript line at its cue, a slide at its start, a resource or contact at the
first chapter of its theme (or nowhere). Transcript lines and slides are marked on the timeline.

The tokenizer is ``unicode61 remove_diacritics 2``: case and accents are folded on both sides, and
``'`` separates words, so "regie" finds "régies", "herve" "Hervé" and "cite" "Capa'Cité".

Where the index lives, and why so: one SQLite file per webinars folder (the Flask side puts it in
the app's instance folder), shared by every process that serves that folder. Any number of
gunicorn workers then share one build, a new worker answers at once, and ``flask reindex`` warms
what the servers read. The index can never drift from the data: each webinar's row in the
``webinars`` table records the stamp of its files (mtime_ns, size and inode of ``webinar.yaml``
and of its caption file and slides file, which caption file it is, and the index's schema
version); every search compares it with the files (a few ``stat`` calls) and rebuilds what
differs first. A rebuild, of one webinar or of all, is one SQLite transaction (``BEGIN
IMMEDIATE``): readers in other
processes see the old rows or the new ones, never a mix, and two processes finding the same
change do the work once (the second re-reads the stamp under the lock). The file is changed only
through SQLite, never replaced by a rename: swapping the file under connections that other
processes hold open is one of the ways SQLite lists to lose writes or corrupt a database. The
journal is WAL, so searches go on while a rebuild writes. A file that is not a usable index
(damaged, another schema version) is rebuilt from the data files.

The package: ``entries`` (the rows), ``query`` (the box's text, the results), ``index`` (the
SQLite file), ``sources`` (the slides file beside the data, and the files' stamps), ``static``
(the JSON index of the static export).
"""

from .entries import CLOSE, ELLIPSIS, GROUPS, KINDS, OPEN, TIMELINE_KINDS, Entry, Group, entries_of
from .index import SCHEMA, SearchIndex, default_index_name
from .query import (
    MAX_QUERY,
    PER_GROUP,
    GroupResult,
    Hit,
    QueryProblem,
    Results,
    fts_query,
    pieces,
    shown,
)
from .static import static_index

__all__ = [
    "CLOSE",
    "ELLIPSIS",
    "GROUPS",
    "KINDS",
    "MAX_QUERY",
    "OPEN",
    "PER_GROUP",
    "SCHEMA",
    "TIMELINE_KINDS",
    "Entry",
    "Group",
    "GroupResult",
    "Hit",
    "QueryProblem",
    "Results",
    "SearchIndex",
    "default_index_name",
    "entries_of",
    "fts_query",
    "pieces",
    "shown",
    "static_index",
]
