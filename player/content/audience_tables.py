"""What the audience dashboard says: the store's report (chapters/audience ``Report``) turned
into tables with the webinar's titles and names, the same rows for the page and for each CSV.

A cell is a number (``int``), a share (``Share``, a percentage rounded to one decimal), a day
or a text. The page shows ``1 234`` and ``45,5 %``; the CSV ``1234`` and ``45,5``: the same
numbers, written for a spreadsheet set to French (``;`` between fields, ``,`` before decimals).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from datetime import date

from chapters.model import Webinar
from chapters.timecode import to_clock
from chapters.wording import french_date

RETENTION_POINTS = 120  # the retention table (and its curve) has at most this many rows
STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)  # seconds between rows
QUESTION_CHARS = 140  # a question's text is cut there in its table
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only after it
SEPARATOR = ";"  # a French spreadsheet's list separator (the comma is its decimal mark)


class Share(float):
    """A percentage, rounded to one decimal: ``45,5 %`` on the page, ``45,5`` in the CSV."""

    def __new__(cls, part: int, whole: int):
        return super().__new__(cls, round(100 * part / whole, 1) if whole else 0.0)

    def decimal(self) -> str:
        return f"{float(self):.1f}".replace(".", ",").removesuffix(",0")


@dataclass(frozen=True)
class Moment:
    """A moment of the recording, in seconds: ``12:00`` on the page and in the CSV."""

    seconds: int

    def __str__(self) -> str:
        return to_clock(self.seconds)


Cell = int | Share | date | Moment | str


@dataclass(frozen=True)
class Table:
    name: str  # its CSV's name: /w/<id>/audience/<name>.csv
    title: str  # its caption, in French
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str  # what the page says when it has no row

    def shown(self, cell: Cell) -> str:
        """A cell as the page writes it."""
        if isinstance(cell, Share):
            return f"{cell.decimal()}\u00a0%"
        if isinstance(cell, int):
            return f"{cell:,}".replace(",", "\u202f")
        if isinstance(cell, date):
            return french_date(cell.isoformat())
        return str(cell)

    @cached_property
    def numeric(self) -> frozenset[int]:
        """The columns that hold numbers (aligned right)."""
        return frozenset(i for i in range(len(self.headers))
                         if any(isinstance(row[i], (int, Share)) for row in self.rows))

    def csv(self) -> str:
        """The table as a CSV for a French spreadsheet: BOM, ``;``, decimal comma, CRLF."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_csv_cell(cell) for cell in row])
        return BOM + out.getvalue()


def _csv_cell(cell: Cell) -> str:
    if isinstance(cell, Share):
        return cell.decimal()
    if isinstance(cell, date):
        return cell.isoformat()
    cell = str(cell)
    # a spreadsheet runs a cell that starts like a formula: never for text from the audience
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def retention_step(duration: float) -> int:
    """Seconds between two rows of the retention table: the first step giving at most
    RETENTION_POINTS rows."""
    return next((s for s in STEPS if duration / s <= RETENTION_POINTS), STEPS[-1])


def days_shown(report, all_days: bool) -> tuple[tuple[date, int], ...]:
    """The report's days; for "tout", from the first day with a view (not 400 empty days)."""
    days = tuple(report.days)
    if all_days:
        first = next((i for i, (_, n) in enumerate(days) if n), len(days) - 1)
        days = days[max(first, 0):]
    return days


def _names(webinar: Webinar) -> dict[str, dict[str, str]]:
    return {
        "chapter": {c.id: c.title for c in webinar.chapters},
        "speaker": {s.id: s.name for s in webinar.speakers},
        "question": {q.id: _cut(q.text, QUESTION_CHARS) for q in webinar.questions},
        "resource": {r.id: r.title for r in webinar.resources},
    }


def _cut(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _opened(report, names, kind: str, name: str, title: str, header: str, empty: str) -> Table:
    known = names[kind]
    rows = tuple((known.get(i, f"{i} (retiré du webinaire)"), n)
                 for i, n in report.opened.get(kind, ()))
    return Table(name, title, (header, "Ouvertures"), rows, empty)


def build_tables(webinar: Webinar, report, all_days: bool = False) -> dict[str, Table]:
    """Every table of the dashboard, by CSV name, in the page's order."""
    names = _names(webinar)
    views = report.views
    days = Table("jours", "Vues par jour", ("Jour", "Vues"),
                 tuple((day, n) for day, n in days_shown(report, all_days)),
                 "Aucun jour dans cette période.")
    step = retention_step(len(report.reached))
    retention = Table(
        "retention", "Rétention au fil de l'enregistrement",
        ("Moment", "Vues encore là", "Part des vues", "Relectures"),
        tuple((Moment(t), report.reached[t], Share(report.reached[t], views),
               report.plays[t] - report.reached[t])
              for t in range(0, len(report.reached), step)) if views else (),
        "Aucune lecture mesurée sur cette période.")
    chapter_opens = dict(report.opened.get("chapter", ()))
    starts = {c.id: c.start for c in webinar.chapters}
    chapters = Table(
        "chapitres", "Chapitres",
        ("N°", "Chapitre", "Début", "Vues", "Vues à 80 %", "Part à 80 %", "Relectures",
         "Ouvertures"),
        tuple((number, names["chapter"].get(c.id, c.id), Moment(int(starts.get(c.id, 0))),
               c.started, c.watched, Share(c.watched, c.started), c.replayed,
               chapter_opens.get(c.id, 0))
              for number, c in enumerate(report.chapters, 1)),
        "Ce webinaire n'a pas de chapitres.")
    tables = [
        days, retention, chapters,
        _opened(report, names, "question", "questions", "Questions ouvertes", "Question",
                "Aucune question ouverte sur cette période."),
        _opened(report, names, "resource", "ressources", "Ressources ouvertes", "Ressource",
                "Aucune ressource ouverte sur cette période."),
        _opened(report, names, "speaker", "intervenants", "Intervenants consultés",
                "Intervenant·e", "Aucune fiche d'intervenant ouverte sur cette période."),
        Table("recherches", "Recherches", ("Recherche", "Nombre"), tuple(report.searches),
              "Aucune recherche faite au moins 3 fois sur cette période."),
    ]
    return {table.name: table for table in tables}
