"""What the importer's tests share: the built-in webinar's programme as text, and what a readable
chapter title must not end on."""

from __future__ import annotations

import re

from tests.support.webinar import PROGRAMME

# A title must not end on a word that announces something cut off.
DANGLING = {
    "d", "de", "du", "des", "la", "le", "les", "l", "une", "un", "et", "ou", "à", "au", "aux",
    "en", "dans", "sur", "par", "pour", "avec", "sa", "son", "ses", "qui", "que",
}  # fmt: skip


def may_text() -> str:
    """The programme of 4 May 2021 (the built-in webinar's), as the organiser wrote it."""
    return PROGRAMME.read_text(encoding="utf-8")


def ends_cleanly(title: str) -> bool:
    """No dangling article or preposition at the end, no word cut short."""
    last = re.split(r"[\s'’]", title.rstrip(" »\"?!."))[-1].lower()
    return bool(last) and last not in DANGLING and not title.endswith(("…", "-", ",", ":"))
