"""The search index of one webinar as a small JSON document, for sites without a server.

The static export (``flask freeze``) cannot run the SQLite search of ``search.index``: the page's
script searches this document instead (``static/js/search-index.js``), loaded the first time the
search box is used. It holds the same rows as the FTS5 index (``search.entries_of``), with what
a result shows and opens, and nothing else:

``rows``: one list per row, ``[kind, title, text, start, end, context, who, href]`` where
``kind`` indexes ``kinds``, times are seconds (``null``: nowhere in the recording) and ``href``
is given only for rows that do not open the recording (their page). Trailing empty values are
left out, so a transcript line is about its words and two numbers. ``timeline``: the kinds
whose every hit is marked on the timeline (transcript lines and slides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import timecode
from ..model import Webinar
from .entries import GROUPS, KINDS, TIMELINE_KINDS, Entry, entries_of
from .query import MAX_QUERY, PER_GROUP

VERSION = 1


def _row(entry: Entry, href: str | None) -> list:
    row = [
        KINDS.index(entry.kind), entry.title, entry.text, timecode.to_number(entry.start, 3),
        timecode.to_number(entry.end, 3), entry.context, entry.who, href or "",
    ]
    while row and row[-1] in ("", None):
        row.pop()
    return row


def static_index(
    webinar: Webinar,
    cues: Iterable = (),
    slides: Iterable = (),
    messages: Iterable = (),
    *,
    href_of: Callable[[Entry], str | None],
    header: dict | None = None,
) -> dict:
    """The document for one webinar (its programme, transcript cues and slides read, as
    ``entries_of`` makes the rows). ``href_of(entry)``: the page a row opens when it has no
    time (its speaker, its question, the resources); ``header``: what the caller adds (the
    addresses the page needs, the webinar's label)."""
    rows = []
    for entry in entries_of(webinar, cues, slides, messages):
        rows.append(_row(entry, None if entry.start is not None else href_of(entry)))
    return {
        "v": VERSION,
        "id": webinar.id,
        "title": webinar.title,
        "date": webinar.date,
        **(header or {}),
        "kinds": list(KINDS),
        "timeline": list(TIMELINE_KINDS),
        "groups": [[g.key, g.heading, list(g.kinds)] for g in GROUPS],
        "per_group": PER_GROUP,
        "max_query": MAX_QUERY,
        "rows": rows,
    }
