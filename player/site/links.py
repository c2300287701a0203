"""Links found in the data's text: only http, https and mailto addresses, e-mail addresses and
the handout's "à la fin de ce document" made into links, the words kept as written."""

from __future__ import annotations

import re

from chapters.model import ALLOWED_SCHEMES, fold
from chapters.names import EMAIL as _EMAIL


def safe_url(url: str | None) -> str | None:
    """The URL if it uses an allowed scheme (http, https, mailto), else None."""
    if url and url.strip().lower().startswith(ALLOWED_SCHEMES):
        return url.strip()
    return None


def with_email_links(text: str) -> list[tuple[str, str | None]]:
    """Split text into (piece, mailto or None) so templates link addresses with autoescape on."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for m in _EMAIL.finditer(text):
        address = m.group(0).rstrip(".")
        if m.start() > last:
            pieces.append((text[last : m.start()], None))
        pieces.append((address, f"mailto:{address}"))
        last = m.start() + len(address)
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


# The letters a folded phrase may be written with (any case; combining accents also allowed).
_LETTER_VARIANTS = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü"}


def _tolerant(words: str) -> str:
    """A pattern for these words in any case, accents optional, any white space between words."""
    out = []
    for char in words:
        if char.isspace():
            out.append(r"\s+")
        elif char.isalpha():
            base = fold(char) or char
            letters = _LETTER_VARIANTS.get(base, re.escape(base))
            out.append((f"[{letters}]" if len(letters) > 1 else letters) + "[\u0300-\u036f]*")
        else:
            out.append(re.escape(char))
    return "".join(out)


# "(adresses de contact à retrouver) à la fin de ce document": the organisers' pointer to the
# contacts listed under each theme; the longer phrase is linked whole when it is all there.
_CONTACTS_PHRASE = re.compile(
    r"(?<!\w)(?:"
    + _tolerant("adresse") + r"s?\s+" + _tolerant("de contact") + r"s?\s+"
    + _tolerant("à retrouver") + r"\s+)?"
    + _tolerant("à la fin de ce document")
    + r"(?!\w)",
    re.IGNORECASE,
)


def with_contact_links(text: str, href: str | None) -> list[tuple[str, str | None]]:
    """Split text into (piece, href or None), linking "à la fin de ce document" to ``href``.

    The words stay exactly as written; only where they point is added. No ``href``: no link.
    """
    if not href:
        return [(text, None)] if text else []
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for m in _CONTACTS_PHRASE.finditer(text):
        if m.start() > last:
            pieces.append((text[last : m.start()], None))
        pieces.append((m.group(0), href))
        last = m.end()
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces


def with_links(text: str, contacts_href: str | None = None) -> list[tuple[str, str | None]]:
    """Both splitters: the contacts phrase to ``contacts_href``, e-mail addresses to mailto."""
    pieces: list[tuple[str, str | None]] = []
    for piece, href in with_contact_links(text, contacts_href):
        pieces.extend([(piece, href)] if href else with_email_links(piece))
    return pieces
