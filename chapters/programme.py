"""The organiser's programme document -> Webinar.

Reads documents laid out like ``webinars/2021-05-04/programme.txt``: a header (date and
« title »), running-order tables (Temporalité / Intervenant / Contenu, cells separated by blank
lines), the Q&A (``- **question**``, ``Réponse de NAME :``, answer), then resources and
contacts under roman-numbered themes. Markdown reads the same (``#`` headings, ``*`` bullets,
``[text](address)`` links); a Word ``.docx`` handout is first turned into such lines by
``handout_docx``.

Text is kept as written; people are linked by tolerant matching because real documents misspell
names. What cannot be read raises ProgrammeError naming the line and what was expected; what can be
read but is guessed (a misspelt name linked, a name or organisation its addresses spell otherwise,
a resource without address, a question without chapter) becomes a warning, so the organiser can
check the data file afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import handout_docx, timecode
from .model import (
    ALLOWED_SCHEMES,
    Chapter,
    Contact,
    Question,
    Resource,
    Speaker,
    Theme,
    Webinar,
    display_name,
    fold,
    slugify,
)
from .names import EMAIL as _EMAIL
from .names import TITLE_MAX
from .titles import short_title, title_id

__all__ = [
    "ProgrammeError",
    "HandoutError",
    "ImportResult",
    "import_programme",
    "import_file",
    "TEXT_SUFFIXES",
]

HandoutError = handout_docx.HandoutError

# Read as text; ".docx" goes through handout_docx; anything else is refused with advice.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
_OTHER_FORMATS = {".doc", ".odt", ".rtf", ".pdf", ".pages", ".html", ".htm"}

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_CAPS = "A-ZÀ-ÖØ-Þ"
_DATE = re.compile(r"\b(?P<d>1er|\d{1,2})\s+(?P<m>[^\W\d_]+)\s+(?P<y>\d{4})\b")
_BULLET = re.compile(r"^\s*[-–•*+]\s+(?P<body>.*)$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BARE_URL = re.compile(r"(?<![\w/])https?://[^\s<>()\[\]«»\"]+[^\s<>()\[\]«»\".,;:!?]")
_THEME = re.compile(r"^(?P<num>[IVX]+)\s*[.)]\s+(?P<title>\S.*)$")
_ANSWER = re.compile(
    r"^Réponse\s+(?:de\s+|d['’]\s*)(?P<name>[^:]+?)\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_LINKED = re.compile(r"\[[^\]\n]+\]\(")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NAME = re.compile(
    rf"(?P<name>(?:[{_CAPS}][\w'’-]*\s+)+[{_CAPS}][{_CAPS}'’-]+(?:\s+[{_CAPS}][{_CAPS}'’-]+)*)"
    rf"(?![\w'’-])\s*,?\s*(?P<rest>.*)$"
)
# Where the organisation starts in "role + organisation": a preposition before a capital...
_PREP = re.compile(
    rf"\s(?:(?:au|aux|du|des|de|chez)\s+|(?:de|à)\s+(?:la\s+|l['’])|d['’])(?=[{_CAPS}])"
)
# ...or, later on, a capitalised article ("... Solidaire La Cité de Refuge").
_ARTICLE = re.compile(rf"\s(?=(?:La|Le|Les|L['’])\s*[{_CAPS}])")


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


def import_file(path: str | Path) -> ImportResult:
    """Read a programme file: ``.docx``, else UTF-8 text or Markdown.

    The webinar id is the name of its folder. Raises ProgrammeError, HandoutError (a Word file
    that cannot be read, a format that is not read at all), OSError or UnicodeDecodeError.
    """
    p = Path(path)
    webinar_id = p.resolve().parent.name
    suffix = p.suffix.lower()
    if suffix == ".docx":
        handout = handout_docx.read_docx(p)
        return import_programme(
            handout.text, source=str(path), webinar_id=webinar_id, locate=handout.place
        )
    if suffix in _OTHER_FORMATS:
        raise HandoutError(
            f"{path} : format « {suffix} » non lu ; enregistrez le document en .docx "
            "(Word), .md ou .txt"
        )
    text = p.read_text(encoding="utf-8-sig")
    return import_programme(text, source=str(path), webinar_id=webinar_id)


# --- text helpers -------------------------------------------------------------------------


def _unlink(text: str) -> str:
    """Markdown links replaced by their text."""
    return _LINK.sub(lambda m: m["text"], text)


def _plain(text: str) -> str:
    """Text without bold markers or link addresses, whitespace collapsed."""
    return " ".join(_unlink(text).replace("**", "").split())


def _links(text: str) -> list[tuple[str, str]]:
    """(text, address) of every link in a line: Markdown ``[text](address)``, then bare ones."""
    found = [(_plain(m["text"]), m["url"]) for m in _LINK.finditer(text)]
    found += [(m.group(), m.group()) for m in _BARE_URL.finditer(_LINK.sub(" ", text))]
    return found


def _usable(url: str) -> bool:
    """The only links the data file (and so the page) may hold: http, https, mailto."""
    return url.lower().startswith(ALLOWED_SCHEMES) and url.lower() not in ALLOWED_SCHEMES


def _join(lines: list[str]) -> str:
    """Join wrapped lines; a word cut by a hyphen ("Inter-" / "Réseau") stays one word."""
    out = ""
    for line in (s.strip() for s in lines):
        if not line:
            continue
        if re.search(r"\w-$", out) and line[:1].isalpha():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def _shorten(text: str, limit: int = TITLE_MAX) -> str:
    """At most ``limit`` characters, cut at a word boundary with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–«(\"'") + "…"


def _clip(text: str, limit: int = 40) -> str:
    return _shorten(_plain(text), limit)


def _kind(line: str) -> str | None:
    """What a line opens: table, bullet, answer, theme, contacts, heading, or nothing."""
    line = line.strip()
    folded = fold(line)
    if folded == "temporalite":
        return "table"
    if _BULLET.match(line):
        return "bullet"
    if _ANSWER.match(line.replace("**", "")):
        return "answer"
    if _THEME.match(_plain(line)):
        return "theme"
    if folded == "contacts":
        return "contacts"
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return "heading"
    return None


def _is_column(line: str, word: str) -> bool:
    """A column header such as "Intervenant", "Intervenants" or "Contenu"."""
    words = fold(line).split()
    return bool(words) and words[0].startswith(word) and len(_plain(line)) <= len(word) + 6


# --- people -------------------------------------------------------------------------------


def _name_key(name: str) -> tuple[str, str]:
    """(first name, last names), folded and without spaces, for tolerant comparison."""
    words = name.split()
    if not words:
        return "", ""
    return fold(words[0]).replace(" ", ""), fold(" ".join(words[1:])).replace(" ", "")


def _distance(a: str, b: str) -> int:
    """Levenshtein distance; names are short, so the plain algorithm is enough."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _name_distance(a: str, b: str) -> int | None:
    """Distance between two names' last names when they can be the same person, else None."""
    (first_a, last_a), (first_b, last_b) = _name_key(a), _name_key(b)
    if not (first_a and first_b and last_a and last_b):
        return None
    initial = min(len(first_a), len(first_b)) == 1 and first_a[0] == first_b[0]
    if first_a != first_b and not initial:
        return None
    d = _distance(last_a, last_b)
    return d if d <= (1 if len(last_b) < 8 else 2) else None


@dataclass
class _Person:
    """A speaker as read from a running-order cell, before names and ids are settled."""

    as_written: str
    role: str
    organisation: str
    spellings: list[str] = field(default_factory=list)
    id: str = ""


def _match(name: str, people: list[_Person]) -> int | None:
    """Index of the person a name most probably means, or None."""
    best: tuple[int, int] | None = None
    for i, person in enumerate(people):
        d = _name_distance(name, person.as_written)
        if d is not None and (best is None or d < best[0]):
            best = (d, i)
    return best[1] if best else None


def _mentions(text: str, people: list[_Person]) -> list[tuple[int, str]]:
    """(person index, words as written) for every capitalised mention of a person in a text."""
    words = [m.group() for m in _WORD.finditer(_EMAIL.sub(" ", text.replace("**", "")))]
    found = []
    for i, person in enumerate(people):
        k = len(person.as_written.split())
        for j in range(len(words) - k + 1):
            window = words[j : j + k]
            if all(w[0].isupper() for w in window):
                written = " ".join(window)
                if _name_distance(written, person.as_written) is not None:
                    found.append((i, written))
    return found


def _address_match(name: str, address: str) -> tuple[int, str] | None:
    """(distance, last name as the address spells it) when an address can be this person's.

    The local part is read as first.last, f.last, last.first, firstlast, flast or last;
    ``nicolas.fescourt@…`` is Nicolas Flescourt's at distance 1, spelt "fescourt".
    """
    first, last = _name_key(name)
    tokens = fold(address.split("@")[0]).split()
    if not (first and last and tokens):
        return None
    candidates = []
    if len(tokens) > 1:
        if tokens[0] in (first, first[0]):
            candidates.append("".join(tokens[1:]))
        if tokens[-1] in (first, first[0]):
            candidates.append("".join(tokens[:-1]))
    local = "".join(tokens)
    if local.startswith(first) and len(local) > len(first):
        candidates.append(local[len(first) :])
    if local.endswith(first) and len(local) > len(first):
        candidates.append(local[: -len(first)])
    if local[0] == first[0]:
        candidates.append(local[1:])
    candidates.append(local)
    best = min((_distance(c, last), c) for c in candidates if c)
    return best if best[0] <= (1 if len(last) < 8 else 2) else None


def _email_owner(address: str, people: list[_Person]) -> tuple[int, int, str] | None:
    """(person index, distance, spelling) of the person an address most probably belongs to."""
    best = None
    for i, person in enumerate(people):
        found = _address_match(person.as_written, address)
        if found is not None and (best is None or found[0] < best[1]):
            best = (i, *found)
    return best


# Second-level labels under which the organisation's own name comes next (asso.fr, co.uk).
_SECOND_LEVEL = {"com", "org", "net", "gouv", "asso", "co", "ac", "edu", "gov"}


def _domain_label(address: str) -> str:
    """The organisation's part of an e-mail or web address: tdaher@cnlrg.org -> "cnlrg"."""
    if "@" in address and "://" not in address:
        host = address.rsplit("@", 1)[1]
    else:
        host = urlsplit(address).hostname or ""
    labels = [label for label in host.lower().split(".") if label][:-1]
    if labels and labels[0] == "www":
        labels = labels[1:]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else ""


def _organisation_spelling(organisation: str, labels: list[str]) -> str | None:
    """How the addresses spell an organisation when none agrees with it and one nearly does.

    Case, accents and hyphens do not count; an address agrees when it holds one of the
    organisation's words ("coorace-idf" for "Coorace Île-de-France") or the name is made of
    it ("iledefrance" in "Conseil Régional Île-de-France"). "cnlrg" for "CNLRO" nearly does.
    """
    words = [w for w in fold(organisation).split() if len(w) >= 4]
    whole = fold(organisation).replace(" ", "")
    close = None
    for label in labels:
        tokens = fold(label).split()
        compact = "".join(tokens)
        if not compact:
            continue
        if any(w in compact for w in words) or (len(whole) >= 3 and whole in compact):
            return None
        if len(compact) >= 4 and compact in whole:
            return None
        for token in dict.fromkeys([*tokens, compact]):
            for word in [*words, whole]:
                limit = 1 if len(word) <= 6 else 2
                if len(token) >= 4 and 0 < _distance(token, word) <= limit:
                    close = close or token
    return close


def _split_cell(cell: str) -> tuple[str, str, str] | None:
    """(name as written, role, organisation) from "Firstname LASTNAME, role..."."""
    if m := _NAME.match(cell):
        name, rest = m["name"], m["rest"]
    else:
        name, _, rest = cell.partition(",")
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
            return None
    role, organisation = _role_and_org(rest.strip(" ,"))
    return " ".join(name.split()), role, organisation


def _role_and_org(rest: str) -> tuple[str, str]:
    """Best-effort split of "délégué régional de Coorace Île-de-France"."""
    if m := re.search(rf",\s+(?=[{_CAPS}])", rest):
        return rest[: m.start()].strip(), rest[m.end() :].strip()
    prep = _PREP.search(rest)
    if prep is None:
        return rest, ""
    cut = _ARTICLE.search(rest, prep.end()) or prep
    return rest[: cut.start()].strip(" ,-–"), rest[cut.end() :].strip(" ,-–")


def _best_spelling(person: _Person) -> str:
    """The mention with the most accents; accents get lost in documents, not added."""
    candidates = [display_name(s) for s in person.spellings]
    candidates.append(display_name(person.as_written))
    return max(candidates, key=lambda s: sum(not c.isascii() for c in s))


# --- reading ------------------------------------------------------------------------------


@dataclass
class _Block:
    """Consecutive non-blank lines, starting at a 1-based line number."""

    line: int
    lines: list[str]

    @property
    def first(self) -> str:
        return self.lines[0].strip()


@dataclass
class _Row:
    line: int
    time: str
    start: int
    speaker: str
    content: str
    speaker_line: int = 0

    @property
    def label(self) -> str:
        """The time cell when it is a word ("Ouverture"): the slot's own name."""
        return "" if any(c.isdigit() for c in self.time) else self.time


@dataclass
class _Item:
    line: int
    theme: str
    text: str


@dataclass
class _Q:
    line: int
    text: str
    answered_by: str = ""
    answer_line: int = 0
    paragraphs: list[list[str]] = field(default_factory=list)


@dataclass
class _Rest:
    """What follows the running order: Q&A, then resources and contacts by theme."""

    part: str = "qa"
    theme: str | None = None
    blank: bool = False
    questions: list[_Q] = field(default_factory=list)
    resources: list[_Item] = field(default_factory=list)
    contacts: list[_Item] = field(default_factory=list)
    themes: dict[str, Theme] = field(default_factory=dict)


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for no, line in enumerate(lines, 1):
        if not line.strip():
            current = None
        elif current is None:
            current = _Block(no, [line])
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks


class _Importer:
    def __init__(self, text: str, source: str, locate: Callable[[int], str] | None = None):
        self.source = source
        self.locate = locate
        # NFC so that decomposed accents still match the capital-letter patterns; Markdown
        # heading marks off, so "## I. Thème" reads as the theme it is
        lines = unicodedata.normalize("NFC", text).splitlines()
        self.lines = [_MD_HEADING.sub("", line) for line in lines]
        self.notes: dict[tuple[int, str], None] = {}  # ordered and without repeats

    def error(self, line: int, message: str) -> ProgrammeError:
        where = self.locate(line) if self.locate else None
        return ProgrammeError(self.source, line, message, where)

    def warn(self, line: int, message: str) -> None:
        self.notes[(line, message)] = None

    def warnings(self) -> list[str]:
        """The warnings in document order, each naming its line."""
        return [
            _located(self.source, line, self.locate(line) if self.locate else None, message)
            for line, message in sorted(self.notes, key=lambda note: note[0])
        ]

    def run(self, webinar_id: str | None) -> ImportResult:
        blocks = _blocks(self.lines)
        start = self._find_table(blocks)
        day, title = self._header(blocks[:start], blocks[start].line)
        rows, after = self._tables(blocks, start)
        rest = self._rest(blocks[after].line if after < len(blocks) else len(self.lines) + 1)
        people, cell_people = self._people(rows)
        self._collect_spellings(people, rest)
        for person in people:
            person.id = _unique(slugify(_best_spelling(person)), {p.id for p in people})
        webinar = Webinar(id=webinar_id or day, title=title, date=day)
        webinar.speakers = [
            Speaker(p.id, _best_spelling(p), p.as_written, p.role, p.organisation) for p in people
        ]
        webinar.chapters = self._chapters(rows, cell_people, people)
        webinar.questions = self._questions(rest.questions, people, webinar)
        webinar.themes = list(rest.themes.values())
        webinar.resources = self._resources(rest.resources)
        webinar.contacts = self._contacts(rest, people, webinar)
        self._link_themes(webinar)
        self._check_organisations(rows, cell_people, people, webinar)
        return ImportResult(webinar, self.warnings())

    # header and running order

    def _find_table(self, blocks: list[_Block]) -> int:
        """Index of the first "Temporalité" block, before any Q&A, theme or contact."""
        for i, block in enumerate(blocks):
            kind = _kind(block.first)
            if kind == "table":
                return i
            if kind in ("bullet", "answer", "theme", "contacts"):
                raise self.error(
                    block.line,
                    "attendu : une ligne « Temporalité » ouvrant le déroulé, "
                    f"trouvé « {_clip(block.first)} »",
                )
        raise self.error(
            max(len(self.lines), 1),
            "attendu : une ligne « Temporalité » ouvrant le déroulé, trouvé la fin du document",
        )

    def _header(self, blocks: list[_Block], table_line: int) -> tuple[str, str]:
        """ISO date and title from the lines before the running order."""
        day = title = None
        for block in blocks:
            for offset, line in enumerate(block.lines):
                day = day or self._date(_plain(line), block.line + offset)
            if title is None and _plain(block.first).startswith("«"):
                title = _plain(_join(block.lines)).strip("«» \u00a0\u202f")
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

    def _tables(self, blocks: list[_Block], i: int) -> tuple[list[_Row], int]:
        rows: list[_Row] = []
        while i < len(blocks) and _kind(blocks[i].first) == "table":
            table, i = self._table(blocks, i)
            rows.extend(table)
        for previous, row in zip(rows, rows[1:]):
            if row.start <= previous.start:
                raise self.error(
                    row.line,
                    f"temps « {row.time} » pas après « {previous.time} » ; "
                    "attendu : des temps strictement croissants",
                )
        return rows, i

    def _table(self, blocks: list[_Block], i: int) -> tuple[list[_Row], int]:
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
            _Row(no, raw, seconds, _plain(_join(s.lines)), _plain(_join(c.lines)), s.line)
            for (no, raw, seconds), s, c in zip(times, speakers, contents)
        ]
        return rows, i

    def _times(self, blocks: list[_Block], i: int) -> tuple[list[tuple[int, str, int]], int]:
        """The time column, up to the "Intervenant" line; one time per line."""
        times = []
        while i < len(blocks) and not _is_column(blocks[i].first, "intervenant"):
            for offset, line in enumerate(blocks[i].lines):
                no, raw = blocks[i].line + offset, _plain(line)
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
                f"temps illisible « {_clip(raw)} » ({exc.reason.split(' (')[0]}) ; attendu : "
                "un temps comme 6'05 ou 1'10'00, ou la ligne « Intervenant »",
            ) from None

    def _column(
        self, blocks: list[_Block], i: int, until: str | None, expected: str
    ) -> tuple[list[_Block], int]:
        """Cells up to a column header (``until``) or, when None, up to the next section."""
        cells = []
        while i < len(blocks):
            block = blocks[i]
            if until and _is_column(block.first, until):
                return cells, i + 1
            if _kind(block.first) is not None:
                break
            cells.append(block)
            i += 1
        if until:
            where = blocks[i].line if i < len(blocks) else len(self.lines)
            raise self.error(where, f"attendu : la ligne {expected} du déroulé")
        return cells, i

    # Q&A, resources, contacts

    def _rest(self, first_line: int) -> _Rest:
        rest = _Rest()
        for no in range(first_line, len(self.lines) + 1):
            line = self.lines[no - 1].strip()
            if not line:
                rest.blank = True
                continue
            self._rest_line(rest, no, line)
            rest.blank = False
        return rest

    def _rest_line(self, rest: _Rest, no: int, line: str) -> None:
        kind = _kind(line)
        if kind == "contacts":
            rest.part, rest.theme = "contacts", None
        elif kind == "theme":
            m = _THEME.match(_plain(line))
            rest.part = "contacts" if rest.part == "contacts" else "resources"
            rest.theme = m["num"]
            rest.themes.setdefault(m["num"], Theme(m["num"], _plain(m["title"])))
        elif kind == "heading":
            pass  # section titles such as « QUESTIONS / RÉPONSES » carry no data
        elif rest.part == "qa":
            self._qa_line(rest, no, line, kind)
        else:
            self._item_line(rest, no, line, kind)

    def _qa_line(self, rest: _Rest, no: int, line: str, kind: str | None) -> None:
        q = rest.questions[-1] if rest.questions else None
        body = m["body"] if (m := _BULLET.match(line)) else line
        # a plain bullet inside an answer is part of that answer, not a new question
        if kind == "bullet" and (body.startswith("**") or not (q and q.answered_by)):
            rest.questions.append(_Q(no, _plain(body)))
        elif kind == "answer" and q is not None and not q.answered_by:
            m = _ANSWER.match(line.replace("**", ""))
            q.answered_by, q.answer_line = m["name"].strip(), no
            if m["rest"]:
                q.paragraphs.append([m["rest"]])
        elif q is None:
            self.warn(no, f"ligne ignorée, attendu : une question « - **…** » : « {_clip(line)} »")
        elif not q.answered_by:
            q.text = _join([q.text, _plain(line)])
        elif kind == "bullet" or kind == "answer" or rest.blank or not q.paragraphs:
            q.paragraphs.append([_plain(line)])
        else:
            q.paragraphs[-1].append(_plain(line))

    def _item_line(self, rest: _Rest, no: int, line: str, kind: str | None) -> None:
        items = rest.contacts if rest.part == "contacts" else rest.resources
        if rest.theme is None:
            self.warn(no, f"ligne ignorée, attendu : un thème comme « I. … » : « {_clip(line)} »")
        elif kind == "bullet":
            items.append(_Item(no, rest.theme, _BULLET.match(line)["body"]))
        elif items and not rest.blank and items[-1].theme == rest.theme:
            items[-1].text = _join([items[-1].text, line])
        else:
            self.warn(no, f"ligne ignorée, attendu : une puce « - » : « {_clip(line)} »")

    # building the webinar

    def _people(self, rows: list[_Row]) -> tuple[list[_Person], list[list[int]]]:
        """Distinct speakers, and for each row the indexes of its speakers."""
        people: list[_Person] = []
        per_row: list[list[int]] = []
        for row in rows:
            parts = _split_cell(row.speaker)
            if parts is None:
                self.warn(row.line, f"intervenant sans nom reconnu : « {_clip(row.speaker)} »")
                per_row.append([])
                continue
            key = fold(parts[0])
            index = next((i for i, p in enumerate(people) if fold(p.as_written) == key), None)
            if index is None:
                people.append(_Person(*parts))
                index = len(people) - 1
            per_row.append([index])
        return people, per_row

    def _collect_spellings(self, people: list[_Person], rest: _Rest) -> None:
        """Names written elsewhere with the same letters (accents, case) as a speaker's."""
        names = [q.answered_by for q in rest.questions if q.answered_by]
        names += [w for item in rest.contacts for _, w in _mentions(item.text, people)]
        for name in names:
            for person in people:
                if fold(name) == fold(person.as_written) and name not in person.spellings:
                    person.spellings.append(name)

    def _chapters(
        self, rows: list[_Row], cell_people: list[list[int]], people: list[_Person]
    ) -> list[Chapter]:
        """One chapter per row, titled from its content (see ``titles``), ids from titles."""
        chapters: list[Chapter] = []
        for n, (row, indexes) in enumerate(zip(rows, cell_people), 1):
            organisation = people[indexes[0]].organisation if indexes else ""
            title = short_title(row.content, organisation=organisation, label=row.label)
            if not title:
                title = row.label or f"Chapitre {n}"
            taken = {c.id for c in chapters}
            chapter_id = title_id(title, taken, fallback=f"chapitre-{n}")
            ids = [people[i].id for i in indexes]
            chapters.append(Chapter(chapter_id, row.start, title, row.content, ids))
        return chapters

    def _questions(self, found: list[_Q], people: list[_Person], w: Webinar) -> list[Question]:
        questions = []
        for n, q in enumerate(found, 1):
            question = Question(f"q{n}", q.text, "\n\n".join(_join(p) for p in q.paragraphs))
            question.answered_by = q.answered_by
            if not q.answered_by:
                self.warn(q.line, "question sans « Réponse de … » : gardée sans intervenant")
            elif (index := _match(re.split(r"[,(]", q.answered_by)[0], people)) is None:
                self.warn(
                    q.answer_line,
                    f"réponse de « {q.answered_by} » : aucun intervenant du déroulé ne porte "
                    "ce nom ; question gardée sans intervenant ni chapitre",
                )
            else:
                question.speaker = people[index].id
                speaker = w.speakers[index]
                if fold(q.answered_by) != fold(people[index].as_written):
                    # accents and case are not worth a word; another letter is
                    self.warn(
                        q.answer_line,
                        f"réponse de {q.answered_by} rattachée à {speaker.name}",
                    )
                first = w.chapters_of(question.speaker)
                question.chapter = first[0].id if first else None
                if not first:
                    self.warn(
                        q.answer_line,
                        f"réponse de {q.answered_by} : {speaker.name} n'a pas de chapitre ; "
                        "question gardée sans chapitre",
                    )
            questions.append(question)
        return questions

    def _resources(self, items: list[_Item]) -> list[Resource]:
        """A resource per bullet: its first bold words (or link) name it, its link is its url."""
        resources = []
        for n, item in enumerate(items, 1):
            bold = _BOLD.findall(item.text)
            links = self._usable_links(item)
            text = _plain(item.text)
            if bold:
                title = _plain(bold[0])
            elif links and _MD_LINKED.search(item.text):
                title = links[0][0]
            else:
                title = _shorten(text)
            # the link on the name, else the bullet's first one
            url = next((u for t, u in links if fold(t) == fold(title)), None)
            url = url or next((u for t, u in links if fold(title) in fold(t)), None)
            url = url or (links[0][1] if links else None)
            resources.append(Resource(f"r{n}", item.theme, title, text, url))
            if url is None:
                self.warn(
                    item.line,
                    f"ressource « {_clip(title, 60)} » sans adresse : ajoutez son url dans "
                    "webinar.yaml",
                )
        return resources

    def _usable_links(self, item: _Item) -> list[tuple[str, str]]:
        """The item's links the data file may hold; any other is named in a warning."""
        usable = []
        for text, url in _links(item.text):
            if _usable(url):
                usable.append((text, url))
            else:
                self.warn(
                    item.line,
                    f"lien « {_clip(text)} » ignoré : seules les adresses http, https et mailto "
                    f"sont gardées (« {_clip(url)} »)",
                )
        return usable

    def _contacts(self, rest: _Rest, people: list[_Person], w: Webinar) -> list[Contact]:
        """Contacts from bullets with addresses or links, then every stray address."""
        contacts = []
        for item in rest.contacts:
            if _EMAIL.search(item.text) or _BOLD.search(item.text) or _links(item.text):
                contacts.append(self._contact(len(contacts) + 1, item, people, w))
        kept = {e for c in contacts for e in c.emails}
        themes = {i.line: i.theme for i in rest.resources + rest.contacts}
        for no, line in enumerate(self.lines, 1):
            missing = [e for e in dict.fromkeys(_EMAIL.findall(line)) if e not in kept]
            if missing:
                # every address must survive: one outside CONTACTS becomes a contact too
                item = _Item(no, themes.get(no, ""), _BULLET.sub(r"\g<body>", line.strip()))
                contact = self._contact(len(contacts) + 1, item, people, w)
                contact.emails = missing
                contacts.append(contact)
                kept.update(missing)
                self.warn(no, f"adresse hors des contacts, gardée comme contact : {missing[0]}")
        return contacts

    def _contact(self, n: int, item: _Item, people: list[_Person], w: Webinar) -> Contact:
        emails = list(dict.fromkeys(_EMAIL.findall(item.text)))
        found = []
        for address in emails:
            if (owner := _email_owner(address, people)) is not None:
                index, distance, spelt = owner
                found.append(index)
                speaker = w.speakers[index]
                if address not in speaker.emails:
                    speaker.emails.append(address)
                if distance:
                    self._spelt_otherwise(item.line, people[index].as_written, spelt, address)
        for index, written in _mentions(item.text, people):
            found.append(index)
            if fold(written) != fold(people[index].as_written):
                self.warn(
                    item.line, f"contact : « {written} » rattaché à {w.speakers[index].name}"
                )
            for address in emails:
                if (match := _address_match(written, address)) and match[0]:
                    self._spelt_otherwise(item.line, written, match[1], address)
        speakers = list(dict.fromkeys(people[i].id for i in found))
        url = next((u for _, u in self._usable_links(item) if not u.startswith("mailto:")), None)
        return Contact(f"c{n}", item.theme, _plain(item.text), emails, speakers, url)

    def _spelt_otherwise(self, line: int, name: str, spelt: str, address: str) -> None:
        self.warn(line, f"nom « {display_name(name)} » écrit « {spelt} » dans l'adresse {address}")

    def _check_organisations(
        self, rows: list[_Row], cell_people: list[list[int]], people: list[_Person], w: Webinar
    ) -> None:
        """A warning for each organisation that its speaker's addresses spell otherwise."""
        lines = {}
        for row, indexes in zip(rows, cell_people):
            for i in indexes:
                lines.setdefault(i, row.speaker_line or row.line)
        for i, (person, speaker) in enumerate(zip(people, w.speakers)):
            if not person.organisation:
                continue
            addresses = list(speaker.emails)
            for contact in w.contacts:
                if speaker.id in contact.speakers:
                    addresses += contact.emails + ([contact.url] if contact.url else [])
            addresses = list(dict.fromkeys(addresses))
            labels = list(dict.fromkeys(_domain_label(a) for a in addresses))
            spelt = _organisation_spelling(person.organisation, labels)
            if spelt:
                shown = [a for a in addresses if spelt in fold(_domain_label(a)).replace(" ", "")]
                self.warn(
                    lines.get(i, 0),
                    f"organisation « {person.organisation} » écrite « {spelt} » dans ses "
                    f"adresses ({', '.join(shown)})",
                )

    def _link_themes(self, w: Webinar) -> None:
        """A theme's chapters are those of the speakers in its contacts."""
        for theme in w.themes:
            speakers = {s for c in w.contacts_in(theme.id) for s in c.speakers}
            theme.chapters = [c.id for c in w.chapters if speakers & set(c.speakers)]


def _unique(slug: str, taken: set[str]) -> str:
    """A speaker id not yet used: two people may share a name."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
