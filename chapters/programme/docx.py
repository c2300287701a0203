"""Word handouts (``.docx``) turned into the lines the programme reader reads.

python-docx gives the body's paragraphs and tables in document order; each becomes what a text
copy of the same handout holds, so one reader serves both:

- a paragraph is a line followed by a blank line (a line break inside it, a new line);
- a list item starts with "- " (indented when nested), or "I. " / "1. " when Word numbers it;
- bold runs become ``**…**`` (the reader's resource names and questions), a hyperlink
  ``[text](address)``, so resources keep their links; the reader keeps only http, https and
  mailto addresses and names any other in a warning;
- a running-order table (first cell "Temporalité") becomes its columns one after the other, as
  a PDF copy lays them out; any other table, its cells in reading order.

``place(line)`` names where a line came from ("paragraphe 12", "tableau 1, ligne 3") for
messages, since the lines themselves are the importer's own.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from ..model import fold

__all__ = ["HandoutError", "Handout", "read_docx", "MAX_BYTES", "MAX_UNPACKED", "MAX_XML",
           "MAX_PARAGRAPHS"]

# A handout is a few pages; far larger files are refused before anything is unpacked: by the
# file's size, the package's unpacked size, each XML part's unpacked size and compression ratio
# (a zip bomb), and the number of paragraphs, counted by streaming document.xml.
MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024  # pictures included
MAX_XML = 4 * 1024 * 1024  # one XML part: a long handout's document.xml is under 1 Mo
MAX_RATIO = 100  # unpacked / packed, for a part above 1 Mo (Word's XML packs about 10:1)
MAX_PARAGRAPHS = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class HandoutError(ValueError):
    """A handout that cannot be read at all; ``str()`` is one French line naming the file."""


@dataclass
class Handout:
    """The handout as text lines, and where each line came from."""

    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def place(self, line: int) -> str:
        """Where 1-based ``line`` came from in the Word document."""
        if 1 <= line <= len(self.places):
            return self.places[line - 1]
        return "fin du document"

    def add(self, text: str, place: str) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            self.places.append(place)


def read_docx(path: str | Path) -> Handout:
    """Read a ``.docx`` handout; HandoutError when it is not one or is damaged."""
    path = Path(path)
    _check_package(path)
    import docx  # imported here: only .docx imports need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise HandoutError(f"{path} : ce n'est pas un document Word .docx lisible") from None
    except ValueError as error:
        if "content type" in str(error):
            raise HandoutError(
                f"{path} : ce n'est pas un document Word (un autre fichier Office ?)"
            ) from None
        raise HandoutError(f"{path} : document Word endommagé, illisible") from None
    except Exception:  # lxml, KeyError on a missing part: all mean a damaged file
        raise HandoutError(f"{path} : document Word endommagé, illisible") from None
    try:
        return _Renderer(document).render()
    except Exception:  # a part that parses but does not hold what Word writes
        raise HandoutError(f"{path} : document Word endommagé, illisible") from None


def _check_package(path: Path) -> None:
    """A zip file of reasonable size, before python-docx unpacks anything."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise HandoutError(
                f"{path} : document trop gros ({size // (1024 * 1024)} Mo, "
                f"{MAX_BYTES // (1024 * 1024)} Mo au plus)"
            )
        with zipfile.ZipFile(path) as package:
            _check_members(path, package.infolist())
            if "word/document.xml" in package.namelist():
                _check_paragraphs(path, package)
    except HandoutError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise HandoutError(f"{path} : ce n'est pas un document Word .docx lisible") from None
    except OSError as error:
        raise HandoutError(f"{path} : lecture impossible ({error.strerror or error})") from None


def _mo(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " Mo"


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Sizes as the zip's directory states them (zipfile stops reading a member at its stated
    size, so they cannot lie about more)."""
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED:
        raise HandoutError(
            f"{path} : document trop gros une fois décompressé ({_mo(unpacked)}, "
            f"{_mo(MAX_UNPACKED)} au plus)"
        )
    for info in members:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        if info.file_size > MAX_XML:
            raise HandoutError(
                f"{path} : partie « {info.filename} » trop grosse une fois décompressée "
                f"({_mo(info.file_size)}, {_mo(MAX_XML)} au plus)"
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise HandoutError(
                f"{path} : partie « {info.filename} » anormalement compressée "
                f"({info.file_size // max(info.compress_size, 1)} pour 1, {MAX_RATIO} au plus)"
            )


def _check_paragraphs(path: Path, package: zipfile.ZipFile) -> None:
    """At most MAX_PARAGRAPHS ``<w:p>`` in document.xml, counted in chunks without parsing."""
    count, carry = 0, b""
    with package.open("word/document.xml") as member:
        while chunk := member.read(256 * 1024):
            data = carry + chunk
            count += data.count(b"<w:p>") + data.count(b"<w:p ")
            carry = data[-4:]  # shorter than a tag: one cut between chunks is counted once
            if count > MAX_PARAGRAPHS:
                raise HandoutError(
                    f"{path} : document trop long (plus de {MAX_PARAGRAPHS} paragraphes)"
                )


def _roman(n: int, upper: bool = True) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out if upper else out.lower()


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26)


class _Renderer:
    def __init__(self, document):
        self.document = document
        self.out = Handout()
        self.counters: dict[str, list[int]] = {}
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.paragraphs = 0
        self.tables = 0

    def render(self) -> Handout:
        from docx.table import Table

        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                self.tables += 1
                self._table(block)
            else:
                text = self._paragraph(block)
                if text.strip():
                    self.paragraphs += 1
                    self.out.add(text, f"paragraphe {self.paragraphs}")
                    self.out.add("", f"paragraphe {self.paragraphs}")
        return self.out

    # paragraphs

    def _paragraph(self, paragraph, *, plain: bool = False) -> str:
        body = self._runs(paragraph, plain=plain)
        if not body.strip():
            return ""
        return self._marker(paragraph) + body

    def _runs(self, paragraph, *, plain: bool) -> str:
        """The paragraph's runs with **bold** and [links](address)."""
        from docx.text.hyperlink import Hyperlink

        pieces: list[tuple[str, bool, str | None]] = []
        for item in paragraph.iter_inner_content():
            if isinstance(item, Hyperlink):
                url = (item.url or "").strip()
                for run in item.runs:
                    pieces.append((run.text, self._bold(run) and not plain, url or None))
            else:
                pieces.append((item.text, self._bold(item) and not plain, None))
        out = ""
        for url, group in groupby(pieces, key=lambda piece: piece[2]):
            inner = _bolded(list(group))
            out += _wrapped(inner, "[", f"]({_escape(url)})") if url and inner.strip() else inner
        return out.replace("\t", " ")

    @staticmethod
    def _bold(run) -> bool:
        if run.bold is not None:
            return bool(run.bold)
        style = run.style
        while style is not None:  # a character style such as "Strong"
            if style.font.bold is not None:
                return bool(style.font.bold)
            style = style.base_style
        return False

    def _marker(self, paragraph) -> str:
        """ "- ", "I. ", "1. " for a list item, "" otherwise."""
        num_id, level = self._numbering(paragraph)
        if num_id is None:
            return ""
        fmt, start = self._format(num_id, level)
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(0)
        del counts[level + 1 :]  # a deeper list starts again under each item
        counts[level] = counts[level] + 1 if counts[level] else start
        n = counts[level]
        indent = " " * level
        if fmt == "upperRoman":
            return f"{_roman(n)}. "
        if fmt == "lowerRoman":
            return f"{_roman(n, upper=False)}. "
        if fmt == "decimal":
            return f"{indent}{n}. "
        if fmt == "upperLetter":
            return f"{indent}{_letter(n).upper()}. "
        if fmt == "lowerLetter":
            return f"{indent}{_letter(n)}. "
        if fmt == "none":
            return ""
        return f"{indent}- "

    @staticmethod
    def _numbering(paragraph) -> tuple[str | None, int]:
        """(numbering id, level) from the paragraph or, failing that, its style."""
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        for ppr in candidates:
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is None or num_pr.numId is None:
                continue
            num_id = str(num_pr.numId.val)
            if num_id == "0":  # Word's "no numbering here"
                return None, 0
            level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return num_id, int(level)
        return None, 0

    def _format(self, num_id: str, level: int) -> tuple[str, int]:
        """(numFmt, start) of a list level; a bullet when the definition cannot be found."""
        key = (num_id, level)
        if key not in self.formats:
            self.formats[key] = self._find_format(num_id, level)
        return self.formats[key]

    def _find_format(self, num_id: str, level: int) -> tuple[str, int]:
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return "bullet", 1
        nums = numbering.findall(f"{_W}num")
        num = next((n for n in nums if n.get(f"{_W}numId") == num_id), None)
        if num is None:
            return "bullet", 1
        start = None
        for override in num.findall(f"{_W}lvlOverride"):
            if override.get(f"{_W}ilvl") == str(level):
                so = override.find(f"{_W}startOverride")
                if so is not None:
                    start = int(so.get(f"{_W}val", "1"))
        abstract = num.find(f"{_W}abstractNumId")
        abstract_id = abstract.get(f"{_W}val") if abstract is not None else None
        for definition in numbering.findall(f"{_W}abstractNum"):
            if definition.get(f"{_W}abstractNumId") != abstract_id:
                continue
            for lvl in definition.findall(f"{_W}lvl"):
                if lvl.get(f"{_W}ilvl") == str(level):
                    fmt = lvl.find(f"{_W}numFmt")
                    first = lvl.find(f"{_W}start")
                    value = int(first.get(f"{_W}val", "1")) if first is not None else 1
                    kind = fmt.get(f"{_W}val") if fmt is not None else "bullet"
                    return kind, start if start is not None else value
        return "bullet", 1

    # tables

    def _table(self, table) -> None:
        rows = [self._cells(row) for row in table.rows]
        rows = [row for row in rows if row]
        if not rows:
            return
        place = f"tableau {self.tables}"
        if fold(_cell_text(self, rows[0][0], plain=True)) == "temporalite":
            # the running order: its columns one after the other, cells as blocks
            width = max(len(row) for row in rows)
            for column in range(width):
                for r, row in enumerate(rows, 1):
                    if column < len(row):
                        text = _cell_text(self, row[column], plain=True)
                        if text.strip():
                            self.out.add(text, f"{place}, ligne {r}")
                            self.out.add("", f"{place}, ligne {r}")
            return
        for r, row in enumerate(rows, 1):
            for cell in row:
                for paragraph in cell.paragraphs:
                    text = self._paragraph(paragraph)
                    if text.strip():
                        self.out.add(text, f"{place}, ligne {r}")
                        self.out.add("", f"{place}, ligne {r}")

    @staticmethod
    def _cells(row) -> list:
        """A row's cells, each once (a merged cell is listed once per grid column)."""
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
        return cells


def _cell_text(renderer: _Renderer, cell, *, plain: bool) -> str:
    """A cell's paragraphs as consecutive lines: one block for the reader."""
    lines = [renderer._paragraph(p, plain=plain) for p in cell.paragraphs]
    return "\n".join(line for line in lines if line.strip())


def _bolded(pieces: list[tuple[str, bool, str | None]]) -> str:
    """Runs joined, each stretch of bold ones wrapped in ** (spaces kept outside)."""
    out = ""
    for bold, group in groupby(pieces, key=lambda piece: piece[1]):
        text = "".join(piece[0] for piece in group)
        out += _wrapped(text, "**", "**") if bold and text.strip() else text
    return out


def _wrapped(text: str, opening: str, closing: str) -> str:
    """``text`` stripped and put between ``opening`` and ``closing``, its outer spaces kept."""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{opening}{text.strip()}{closing}{trail}"


def _escape(url: str) -> str:
    """An address that cannot end the Markdown link early or hold a space."""
    return "".join(
        {" ": "%20", "(": "%28", ")": "%29", "\n": "", "\t": ""}.get(c, c) for c in url
    )
