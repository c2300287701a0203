"""A search box's text as an FTS5 query, and what a search returns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .entries import CLOSE, OPEN

MAX_QUERY = 200  # characters
MAX_TERMS = 12  # words (limits.py says why)
PER_GROUP = 10


_TERM = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


class QueryProblem(ValueError):
    """Text that cannot be searched: ``code`` is empty, no-words, too-long, too-many (words) or
    too-slow (stopped by the time budget); str() is French."""

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
    if len(terms) > MAX_TERMS:
        raise QueryProblem(
            "too-many",
            f"La recherche contient trop de mots ({len(terms)}, {MAX_TERMS} au plus) : "
            "gardez les plus précis.",
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
