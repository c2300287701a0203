"""Text helpers of the programme importer: links, bold markers, wrapped lines, what a line opens."""

from __future__ import annotations

import re

from ..model import ALLOWED_SCHEMES, fold
from ..names import TITLE_MAX

BULLET = re.compile(r"^\s*[-–•*+]\s+(?P<body>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BARE_URL = re.compile(r"(?<![\w/])https?://[^\s<>()\[\]«»\"]+[^\s<>()\[\]«»\".,;:!?]")
THEME = re.compile(r"^(?P<num>[IVX]+)\s*[.)]\s+(?P<title>\S.*)$")
# the name runs to the first colon (spaces around it stripped by the reader): a lazy name
# followed by \s* would backtrack cubically on a line of spaces
ANSWER = re.compile(r"^Réponse\s+(?:de\s+|d['’]\s*)(?P<name>[^:]+):\s*(?P<rest>.*)$", re.IGNORECASE)
_CUT_WORD = re.compile(r"\w-")


def unlink(text: str) -> str:
    """Markdown links replaced by their text."""
    return _LINK.sub(lambda m: m["text"], text)


def plain(text: str) -> str:
    """Text without bold markers or link addresses, whitespace collapsed."""
    return " ".join(unlink(text).replace("**", "").split())


def find_links(text: str) -> list[tuple[str, str]]:
    """(text, address) of every link in a line: Markdown ``[text](address)``, then bare ones."""
    found = [(plain(m["text"]), m["url"]) for m in _LINK.finditer(text)]
    found += [(m.group(), m.group()) for m in _BARE_URL.finditer(_LINK.sub(" ", text))]
    return found


def is_usable(url: str) -> bool:
    """The only links the data file (and so the page) may hold: http, https, mailto."""
    return url.lower().startswith(ALLOWED_SCHEMES) and url.lower() not in ALLOWED_SCHEMES


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines; a word cut by a hyphen ("Inter-" / "Réseau") stays one word.

    Linear: only the last two characters joined so far decide how the next line is joined.
    """
    pieces: list[str] = []
    tail = ""
    for line in (s.strip() for s in lines):
        if not line:
            continue
        if not (_CUT_WORD.fullmatch(tail) and line[:1].isalpha()) and pieces:
            line = f" {line}"
        pieces.append(line)
        tail = (tail + line)[-2:]
    return "".join(pieces)


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    """At most ``limit`` characters, cut at a word boundary with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–«(\"'") + "…"


def clip(text: str, limit: int = 40) -> str:
    return shorten(plain(text), limit)


def line_kind(line: str) -> str | None:
    """What a line opens: table, bullet, answer, theme, contacts, heading, or nothing."""
    line = line.strip()
    folded = fold(line) if len(line) <= 40 else ""  # only short lines are "Temporalité", "Contacts"
    if folded == "temporalite":
        return "table"
    if BULLET.match(line):
        return "bullet"
    if ANSWER.match(line.replace("**", "")):
        return "answer"
    if THEME.match(plain(line)):
        return "theme"
    if folded == "contacts":
        return "contacts"
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return "heading"
    return None


def is_column(line: str, word: str) -> bool:
    """A column header such as "Intervenant", "Intervenants" or "Contenu"."""
    words = fold(line).split()
    return bool(words) and words[0].startswith(word) and len(plain(line)) <= len(word) + 6
