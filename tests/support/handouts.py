"""Handouts built for the tests: the 4 May 2021 one as its author's Word file (python-docx,
hyperlinks included: python-docx has no high-level call for those, ``add_hyperlink`` adds the
relationship and the ``w:hyperlink``), and as another date's text."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .webinar import PROGRAMME

# Addresses given to the handout's resources (made up, on reserved example domains).
LINKS = {
    "rapport sur les coopérations des SIAE en Île-de-France": "https://grafie.example.org/rapport-2019.pdf",
    "annuaire": "https://grafie.example.org/annuaire",
    "ce lien": "https://grafie.example.org/aide-fiche",
    "Mode d'emploi Création d'activités d'utilité sociale": "https://avise.example.org/mode-emploi-creation",
    "Mode d'emploi : L'innovation sociale": "https://avise.example.org/innovation (2020)",
    "formulaire contact": "https://grafie.example.org/contact",
}  # fmt: skip
BOLD = re.compile(r"\*\*(.+?)\*\*")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def add_hyperlink(paragraph, text: str, url: str, *, bold: bool = False) -> None:
    """A real Word hyperlink: an external relationship and a w:hyperlink holding one run."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    if bold:
        properties.append(OxmlElement("w:b"))
    run.append(properties)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_rich(paragraph, text: str, links: dict[str, str]) -> None:
    """``**bold**`` as bold runs (linked when ``links`` names them), addresses as mailto links."""
    for i, piece in enumerate(BOLD.split(text)):
        if i % 2:  # a bold piece
            if piece in links:
                add_hyperlink(paragraph, piece, links[piece], bold=True)
            else:
                paragraph.add_run(piece).bold = True
            continue
        last = 0
        for m in ADDRESS.finditer(piece):
            paragraph.add_run(piece[last : m.start()])
            add_hyperlink(paragraph, m.group(), f"mailto:{m.group()}")
            last = m.end()
        paragraph.add_run(piece[last:])


def running_order(lines: list[str], i: int):
    """(rows, index after) of one Temporalité / Intervenant / Contenu table of the text."""
    columns: list[list[str]] = [[], [], []]
    column, cell = 0, []
    i += 1
    while i < len(lines):
        line = lines[i].strip()
        if line in ("Intervenant", "Contenu"):
            column += 1
        elif line.startswith(("- ", "Temporalité")):
            break
        elif column == 0 and line:
            columns[0].append(line)
        elif line:
            cell.append(line)
        if (not line or i + 1 == len(lines) or lines[i + 1].strip() in ("Contenu",)) and cell:
            columns[column].append("\n".join(cell))
            cell = []
        i += 1
    if cell:
        columns[column].append("\n".join(cell))
    return list(zip(*columns)), i


def may_handout(path: Path, links: dict[str, str] = LINKS) -> Path:
    """The 4 May 2021 handout as its author's Word file: tables, bullets, bold, links."""
    lines = PROGRAMME.read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "Temporalité":
            rows, i = running_order(lines, i)
            table = document.add_table(rows=1, cols=3)
            for cell, head in zip(table.rows[0].cells, ("Temporalité", "Intervenant", "Contenu")):
                cell.paragraphs[0].add_run(head).bold = True
            for row in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    # the speaker's cell as its author typed it: one line per paragraph
                    first, *more = text.split("\n")
                    cell.paragraphs[0].add_run(first)
                    for extra in more:
                        cell.add_paragraph(extra)
            continue
        if line.startswith(" - "):
            add_rich(document.add_paragraph(style="List Bullet 2"), line[3:], links)
        elif line.startswith("- "):
            add_rich(document.add_paragraph(style="List Bullet"), line[2:], links)
        elif line.strip():
            add_rich(document.add_paragraph(), line.strip(), links)
        i += 1
    document.save(path)
    return path


SHARED = Path("/work/shared/programme-2021-05-04.txt")
# the 4 May handout as uploaded: the shared copy when there is one, else the committed one
UPLOADED = SHARED if SHARED.is_file() else PROGRAMME


def june_programme() -> bytes:
    """The 4 May handout, held on 8 June: its default id is then a free one."""
    text = UPLOADED.read_text(encoding="utf-8")
    assert "4 mai 2021" in text
    return text.replace("4 mai 2021", "8 juin 2021").encode("utf-8")
