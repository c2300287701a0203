"""Bounds on one search: its words (query.py caps the length), its time in SQLite, and the
answers kept for repeated searches.

- ``MAX_TERMS`` words at most (a QueryProblem "too-many" otherwise);
- ``time_budget``: SQLite's progress handler interrupts a statement running past the budget,
  which the index turns into the French "too-slow" answer instead of an error;
- ``answers``: a BoundedCache of results keyed by query, webinar and the index's stamps, so a
  repeated search is answered from memory and a flood of distinct ones only churns it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from ..bounded import BoundedCache
from .query import MAX_TERMS

__all__ = ["MAX_TERMS", "BUDGET_SECONDS", "TOO_SLOW", "TooSlow", "time_budget", "answers",
           "remembered"]

BUDGET_SECONDS = 0.5  # SQLite time one search may take (setting SEARCH_SECONDS)
CACHED_ANSWERS = 256
_STEPS = 100  # virtual machine instructions between two looks at the clock

TOO_SLOW = ("La recherche a pris trop de temps et a été arrêtée : ajoutez un mot plus précis "
            "(par exemple « financement » plutôt que « de »).")


class TooSlow(Exception):
    """A search stopped by its time budget."""


@contextmanager
def time_budget(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Statements on ``conn`` stopped after ``seconds`` (None: no budget); raises TooSlow."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    stopped = []

    def past() -> int:
        if time.monotonic() > deadline:
            stopped.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    conn.set_progress_handler(past, _STEPS)
    try:
        yield
    except sqlite3.OperationalError:
        if stopped:
            raise TooSlow() from None
        raise
    finally:
        conn.set_progress_handler(None, _STEPS)


def answers(entries: int = CACHED_ANSWERS) -> BoundedCache:
    """The cache of results of one index: at most ``entries`` searches."""
    return BoundedCache(entries, name="search: answers")


def remembered(conn: sqlite3.Connection, cache: BoundedCache, key: Hashable, webinar: str | None,
               budget: float | None, search: Callable[[], Any]) -> Any:
    """The answer kept for ``key`` while the index holds the same stamps for ``webinar`` (None:
    every one), else ``search()`` within ``budget`` seconds, kept for next time."""
    stamps = conn.execute("SELECT group_concat(id || stamp) FROM webinars WHERE ? IS NULL OR id = ?",
                          (webinar, webinar)).fetchone()[0]
    found = cache.get((key, stamps))
    if found is None:
        with time_budget(conn, budget):
            found = search()
        cache.put((key, stamps), found)
    return found
