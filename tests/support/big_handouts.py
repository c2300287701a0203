"""Big handouts for the bounded-work tests and benches: a programme-like text of a given size
(times, speakers with roles and organisations, long wrapped questions and answers, resources
and contacts with addresses), and a small ``.docx`` whose ``document.xml`` unpacks to many
megabytes (written as a zip directly: python-docx would take minutes to build it)."""

from __future__ import annotations

import zipfile
from pathlib import Path

_FIRST = ["Dominique", "Florence", "Cédric", "Nicolas", "Amélie", "Karim", "Sophie", "Julien",
          "Hélène", "Mathieu", "Claire", "Yacine", "Léa", "Thomas", "Inès", "Bruno"]
_LAST = ["DASSO", "OULES", "HERVE", "AUZIERE", "MARTIN", "BENALI", "LEROY", "GARNIER",
         "FAURE", "CHEVALIER", "ROUSSEL", "MERCIER", "BLANC", "GUERIN", "MULLER", "HENRY"]
_ORGS = ["GRAFIE", "Coorace Île-de-France", "France Active", "Régie de Quartier", "Fleurs d'Halage",
         "Conseil Régional Île-de-France", "Avise", "Cité de Refuge"]
_WORDS = ("présentation du programme régional des relocalisations industrielles et des "
          "partenariats entre entreprises et structures inclusives de l'économie sociale et "
          "solidaire sur le territoire francilien avec les acteurs de l'insertion").split()


def _sentence(n: int, length: int) -> str:
    return " ".join(_WORDS[(n + k) % len(_WORDS)] for k in range(length))


def _person(n: int) -> tuple[str, str, str]:
    first, last = _FIRST[n % len(_FIRST)], _LAST[(n // len(_FIRST)) % len(_LAST)]
    suffix = "" if n < len(_FIRST) * len(_LAST) else f"-{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}"
    return first, last + suffix.upper(), _ORGS[n % len(_ORGS)]


def big_programme(size: int = 1_000_000, rows: int = 200, wrapped: int = 2000) -> str:
    """A programme text of about ``size`` characters that the importer reads.

    ``rows`` running-order rows (one speaker each, distinct people), then questions answered
    by them, one question of ``wrapped`` short wrapped lines (hyphen-cut words included),
    resources and contacts under themes, repeated until the text is ``size`` long.
    """
    out = ["Webinaire du 4 mai 2021", "", "« Un très grand programme de test »", "",
           "DÉROULÉ DU WEBINAIRE", "", "Temporalité", ""]
    out += [f"{1 + n // 60}'{n % 60:02d}'00" if n >= 60 else f"{n}'05" for n in range(rows)]
    out += ["", "Intervenant", ""]
    for n in range(rows):
        first, last, org = _person(n)
        out += [f"{first} {last},", "chargé de mission Inter-", f"Réseau de {org}", ""]
    out += ["Contenu", ""]
    for n in range(rows):
        out += [_sentence(n, 6), _sentence(n + 3, 7), ""]
    out += ["QUESTIONS / RÉPONSES", ""]
    # one question wrapped over very many lines, words cut by hyphens
    out.append("- **Une question très longue")
    out += [f"{_sentence(k, 4)} inter-" if k % 3 == 0 else f"réseau {_sentence(k, 3)}"
            for k in range(wrapped)]
    out[-1] += " ?**"
    first, last, _ = _person(0)
    out += [f"Réponse de {first} {last} : oui.", ""]
    text_size = sum(len(line) + 1 for line in out)
    blocks: list[str] = []
    n = 0
    while text_size < size * 2 // 3:
        first, last, _ = _person(n % rows)
        block = [f"- **Question {n} sur {_sentence(n, 5)} ?**",
                 f"Réponse de {first} {last} : {_sentence(n, 8)}", _sentence(n + 1, 9),
                 _sentence(n + 2, 9), ""]
        blocks += block
        text_size += sum(len(line) + 1 for line in block)
        n += 1
    out += blocks
    theme, n = 0, 0
    while text_size < size:
        if n % 50 == 0:
            theme += 1
            out += [f"{_roman(theme)}. Thème numéro {theme} {_sentence(theme, 3)}", ""]
        first, last, org = _person(n % rows)
        mail = f"{first.lower()}.{last.lower()}@example.org"
        block = [f"- **Ressource {n}** : {_sentence(n, 6)} https://example.org/r/{n}",
                 _sentence(n + 4, 6), f"- {first} {last}, {org} : {mail}", ""]
        out += block
        text_size += sum(len(line) + 1 for line in block)
        n += 1
    out += ["CONTACTS", ""]
    for n in range(min(rows, 100)):
        first, last, org = _person(n)
        out += [f"- {first} {last}, {org}, {first.lower()}.{last.lower()}@example.org"]
    return "\n".join(out) + "\n"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def bomb_docx(path: Path, unpacked: int = 10_000_000) -> Path:
    """A valid ``.docx`` of a few dozen KB whose ``document.xml`` unpacks to ``unpacked`` bytes
    of short paragraphs, as the attacker's was."""
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body>")
    tail = "</w:body></w:document>"
    paragraph = "<w:p><w:r><w:t>Webinaire du 4 mai 2021</w:t></w:r></w:p>"
    count = max(1, (unpacked - len(head) - len(tail)) // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        with package.open("word/document.xml", "w") as member:
            member.write(head.encode())
            chunk = (paragraph * 1000).encode()
            for _ in range(count // 1000):
                member.write(chunk)
            member.write((paragraph * (count % 1000)).encode())
            member.write(tail.encode())
    return path
