"""The programme document -> Webinar: the header, the running order, then Q&A, resources
and contacts; ``Builder`` turns what is read into the webinar."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .. import timecode
from ..model import Theme, Webinar, fold
from .build import Builder
from .parts import Asked, Block, Item, Rest, Row, split_blocks
from .text import ANSWER, BULLET, THEME, clip, is_column, join_lines, line_kind, plain

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_DATE = re.compile(r"\b(?P<d>1er|\d{1,2})\s+(?P<m>[^\W\d_]+)\s+(?P<y>\d{4})\b")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")

# Bounds on what one handout may hold, so that reading it stays fast: a real one has a few
# hundred lines, a dozen rows and lines of a few hundred characters.
MAX_LINES = 50_000
MAX_LINE_CHARS = 5_000
MAX_ROWS = 300


class ProgrammeError(ValueError):
    """A document the importer cannot read.

    ``str()`` is ``source:line: message`` for text, ``source (paragraphe 12) : message`` for a
    Word handout, whose lines are made by the importer and mean nothing to its author.
    """

    def __init__(self, source: str, line: int, message: str, where: str | None = None):
        self.source = source
        self.line = line
        self.message = message
        self.where = where
        super().__init__(_located(source, line, where, message))


def _located(source: str, line: int, where: str | None, message: str) -> str:
    return f"{source} ({where}) : {message}" if where else f"{source}:{line}: {message}"


@dataclass
class ImportResult:
    webinar: Webinar
    warnings: list[str] = field(default_factory=list)
    # the editor's field a warning concerns (``resources.r2.url``), by the warning's text
    fields: dict[str, str] = field(default_factory=dict)


def import_programme(
    text: str,
    *,
    source: str = "programme.txt",
    webinar_id: str | None = None,
    locate: Callable[[int], str] | None = None,
) -> ImportResult:
    """Read a programme document; ``webinar_id`` defaults to its ISO date.

    ``locate`` names a line for people (``"paragraphe 12"``) when the text was made from
    another format.
    """
    return _Importer(text, source, locate).run(webinar_id)


class _Importer(Builder):
    """Reads a document's lines; ``Builder`` makes the webinar of what was read."""

    def __init__(self, text: str, source: str, locate: Callable[[int], str] | None = None):
        self.source = source
        self.locate = locate
        # NFC so that decomposed accents still match the capital-letter patterns; Markdown
        # heading marks off, so "## I. Thème" reads as the theme it is
        lines = unicodedata.normalize("NFC", text).splitlines()
        self.lines = [_unmark(line) for line in lines]
        self.notes: dict[tuple[int, str], str | None] = {}  # ordered, no repeats: their fields

    def error(self, line: int, message: str) -> ProgrammeError:
        where = self.locate(line) if self.locate else None
        return ProgrammeError(self.source, line, message, where)

    def warn(self, line: int, message: str, field: str | None = None) -> None:
        """A warning naming its line; ``field``, the editor's field it concerns, if any."""
        self.notes[(line, message)] = field

    def warnings(self) -> list[str]:
        """The warnings in document order, each naming its line."""
        return [self._told(line, message) for line, message in sorted(self.notes, key=lambda note: note[0])]

    def _told(self, line: int, message: str) -> str:
        return _located(self.source, line, self.locate(line) if self.locate else None, message)

    def run(self, webinar_id: str | None) -> ImportResult:
        self._check_size()
        blocks = split_blocks(self.lines)
        start = self._find_table(blocks)
        day, title = self._header(blocks[:start], blocks[start].line)
        rows, after = self._tables(blocks, start)
        rest = self._rest(blocks[after].line if after < len(blocks) else len(self.lines) + 1)
        webinar = self.build(Webinar(id=webinar_id or day, title=title, date=day), rows, rest)
        fields = {self._told(*key): f for key, f in self.notes.items() if f is not None}
        return ImportResult(webinar, self.warnings(), fields)


    def _check_size(self) -> None:
        if len(self.lines) > MAX_LINES:
            raise self.error(
                MAX_LINES + 1,
                f"document trop long ({len(self.lines)} lignes, {MAX_LINES} au plus)",
            )
        for no, line in enumerate(self.lines, 1):
            if len(line) > MAX_LINE_CHARS:
                raise self.error(
                    no, f"ligne trop longue ({len(line)} caractères, {MAX_LINE_CHARS} au plus)"
                )

    # header and running order

    def _find_table(self, blocks: list[Block]) -> int:
        """Index of the first "Temporalité" block, before any Q&A, theme or contact."""
        for i, block in enumerate(blocks):
            kind = line_kind(block.first)
            if kind == "table":
                return i
            if kind in ("bullet", "answer", "theme", "contacts"):
                raise self.error(
                    block.line,
                    "attendu : une ligne « Temporalité » ouvrant le déroulé, "
                    f"trouvé « {clip(block.first)} »",
                )
        raise self.error(
            max(len(self.lines), 1),
            "attendu : une ligne « Temporalité » ouvrant le déroulé, trouvé la fin du document",
        )

    def _header(self, blocks: list[Block], table_line: int) -> tuple[str, str]:
        """ISO date and title from the lines before the running order."""
        day = title = None
        for block in blocks:
            for offset, line in enumerate(block.lines):
                day = day or self._date(plain(line), block.line + offset)
            if title is None and plain(block.first).startswith("«"):
                title = plain(join_lines(block.lines)).strip("«» \u00a0\u202f")
        if day is None:
            raise self.error(
                table_line,
                "attendu : avant le déroulé, une ligne datée comme « Webinaire du 4 mai 2021 »",
            )
        if not title:
            raise self.error(table_line, "attendu : avant le déroulé, le titre entre « et »")
        return day, title

    def _date(self, line: str, no: int) -> str | None:
        for m in _DATE.finditer(line):
            month = _MONTHS.get(fold(m["m"]))
            if month is None:
                continue
            day = 1 if m["d"] == "1er" else int(m["d"])
            try:
                return date(int(m["y"]), month, day).isoformat()
            except ValueError:
                raise self.error(no, f"date impossible « {m.group()} »") from None
        return None

    def _tables(self, blocks: list[Block], i: int) -> tuple[list[Row], int]:
        rows: list[Row] = []
        while i < len(blocks) and line_kind(blocks[i].first) == "table":
            table, i = self._table(blocks, i)
            rows.extend(table)
            if len(rows) > MAX_ROWS:
                raise self.error(
                    table[-1].line,
                    f"déroulé trop long ({len(rows)} lignes ou plus, {MAX_ROWS} au plus)",
                )
        for previous, row in zip(rows, rows[1:]):
            if row.start <= previous.start:
                raise self.error(
                    row.line,
                    f"temps « {row.time} » pas après « {previous.time} » ; "
                    "attendu : des temps strictement croissants",
                )
        return rows, i

    def _table(self, blocks: list[Block], i: int) -> tuple[list[Row], int]:
        """One Temporalité / Intervenant / Contenu table starting at blocks[i]."""
        head = blocks[i]
        times, i = self._times(blocks, i + 1)
        speakers, i = self._column(blocks, i, "contenu", "« Contenu »")
        contents, i = self._column(blocks, i, None, "")
        if not times or not len(times) == len(speakers) == len(contents):
            raise self.error(
                head.line,
                f"tableau du déroulé incomplet : {len(times)} temps, {len(speakers)} "
                f"intervenant(s), {len(contents)} contenu(s) ; attendu : autant de cellules "
                "dans chaque colonne",
            )
        rows = [
            Row(no, raw, seconds, plain(join_lines(s.lines)), plain(join_lines(c.lines)), s.line)
            for (no, raw, seconds), s, c in zip(times, speakers, contents)
        ]
        return rows, i

    def _times(self, blocks: list[Block], i: int) -> tuple[list[tuple[int, str, int]], int]:
        """The time column, up to the "Intervenant" line; one time per line."""
        times = []
        while i < len(blocks) and not is_column(blocks[i].first, "intervenant"):
            for offset, line in enumerate(blocks[i].lines):
                no, raw = blocks[i].line + offset, plain(line)
                times.append((no, raw, self._seconds(no, raw)))
            i += 1
        if i == len(blocks):
            raise self.error(len(self.lines), "attendu : la ligne « Intervenant » du déroulé")
        return times, i + 1

    def _seconds(self, no: int, raw: str) -> int:
        try:
            return round(timecode.parse(raw))
        except timecode.TimecodeError as exc:
            raise self.error(
                no,
                f"temps illisible « {clip(raw)} » ({exc.reason.split(' (')[0]}) ; attendu : "
                "un temps comme 6'05 ou 1'10'00, ou la ligne « Intervenant »",
            ) from None

    def _column(
        self, blocks: list[Block], i: int, until: str | None, expected: str
    ) -> tuple[list[Block], int]:
        """Cells up to a column header (``until``) or, when None, up to the next section."""
        cells = []
        while i < len(blocks):
            block = blocks[i]
            if until and is_column(block.first, until):
                return cells, i + 1
            if line_kind(block.first) is not None:
                break
            cells.append(block)
            i += 1
        if until:
            where = blocks[i].line if i < len(blocks) else len(self.lines)
            raise self.error(where, f"attendu : la ligne {expected} du déroulé")
        return cells, i

    # Q&A, resources, contacts

    def _rest(self, first_line: int) -> Rest:
        rest = Rest()
        for no in range(first_line, len(self.lines) + 1):
            line = self.lines[no - 1].strip()
            if not line:
                rest.blank = True
                continue
            self._rest_line(rest, no, line)
            rest.blank = False
        # wrapped lines joined once, not one by one: linear however long a question runs
        for part in (*rest.questions, *rest.resources, *rest.contacts):
            if part.more:
                part.text, part.more = join_lines([part.text, *part.more]), []
        return rest

    def _rest_line(self, rest: Rest, no: int, line: str) -> None:
        kind = line_kind(line)
        if kind == "contacts":
            rest.part, rest.theme = "contacts", None
        elif kind == "theme":
            m = THEME.match(plain(line))
            rest.part = "contacts" if rest.part == "contacts" else "resources"
            rest.theme = m["num"]
            rest.themes.setdefault(m["num"], Theme(m["num"], plain(m["title"])))
        elif kind == "heading":
            pass  # section titles such as « QUESTIONS / RÉPONSES » carry no data
        elif rest.part == "qa":
            self._qa_line(rest, no, line, kind)
        else:
            self._item_line(rest, no, line, kind)

    def _qa_line(self, rest: Rest, no: int, line: str, kind: str | None) -> None:
        q = rest.questions[-1] if rest.questions else None
        body = m["body"] if (m := BULLET.match(line)) else line
        # a plain bullet inside an answer is part of that answer, not a new question
        if kind == "bullet" and (body.startswith("**") or not (q and q.answered_by)):
            rest.questions.append(Asked(no, plain(body)))
        elif kind == "answer" and q is not None and not q.answered_by:
            m = ANSWER.match(line.replace("**", ""))
            q.answered_by, q.answer_line = m["name"].strip(), no
            if m["rest"]:
                q.paragraphs.append([m["rest"]])
        elif q is None:
            self.warn(no, f"ligne ignorée, attendu : une question « - **…** » : « {clip(line)} »")
        elif not q.answered_by:
            q.more.append(plain(line))
        elif kind == "bullet" or kind == "answer" or rest.blank or not q.paragraphs:
            q.paragraphs.append([plain(line)])
        else:
            q.paragraphs[-1].append(plain(line))

    def _item_line(self, rest: Rest, no: int, line: str, kind: str | None) -> None:
        items = rest.contacts if rest.part == "contacts" else rest.resources
        if rest.theme is None:
            self.warn(no, f"ligne ignorée, attendu : un thème comme « I. … » : « {clip(line)} »")
        elif kind == "bullet":
            items.append(Item(no, rest.theme, BULLET.match(line)["body"]))
        elif items and not rest.blank and items[-1].theme == rest.theme:
            items[-1].more.append(line)
        else:
            self.warn(no, f"ligne ignorée, attendu : une puce « - » : « {clip(line)} »")


def _unmark(line: str) -> str:
    """A line without Markdown heading marks: "## Titre ##" -> "Titre" (in linear time)."""
    line = _MD_HEADING.sub("", line, count=1)
    bare = line.rstrip()
    if bare.endswith("#"):
        before = bare.rstrip("#")
        if before and before != before.rstrip():
            return before.rstrip()
    return line
