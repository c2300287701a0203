"""The audience's messages: one chat message or Q&A question, as the pages and the editor see it.

Names and texts are cleaned when read: no e-mail address is ever kept (Zoom's Q&A report has a
column of them, and people paste theirs into the chat), so none can reach a viewer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from chapters.names import CONTROL, EMAIL

SOURCES = ("zoom-chat", "youtube", "zoom-qa")
SOURCE_NAMES = {"zoom-chat": "discussion Zoom", "youtube": "discussion YouTube", "zoom-qa": "questions-réponses Zoom"}
TEXT_MAX = 4000  # characters kept of one message (a pasted article is cut)
NAME_MAX = 80
ANONYMOUS = "Anonyme"
EMAIL_GONE = "[adresse retirée]"


class ChatError(ValueError):
    """A chat file refused: one French line, ``file:line: ...``."""


@dataclass(frozen=True)
class Message:
    """One message, ``time`` seconds from the recording's start."""

    id: str
    time: float
    author: str
    text: str
    source: str
    question: bool = False
    hidden: bool = False  # hidden from viewers by the organiser
    marked: bool = False  # ``question`` set by the organiser: a re-import keeps it
    answer: str | None = None  # Q&A report: the written answer
    answerer: str | None = None
    answer_time: float | None = None  # Q&A report: when it was answered (in writing or live)
    answer_at: float | None = None  # where the recording answers it (chapters/chat/answers.py)
    answer_how: str | None = None  # what found that moment, in French
    answer_confirmed: bool = False  # the organiser confirmed or corrected it: never recomputed


def clean_name(name: str) -> str:
    """A display name without any e-mail address (``Jane (jane@x.org)`` → ``Jane``)."""
    name = CONTROL.sub("", EMAIL.sub("", name))
    name = re.sub(r"[(<\[]\s*[)>\]]", "", name)  # the brackets an address stood in
    name = " ".join(name.split()).strip(" :;,-")
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX - 1] + "…"
    return name or ANONYMOUS


def clean_text(text: str) -> str:
    """A message's text: addresses replaced, control characters out, spaces tidied, cut."""
    text = CONTROL.sub("", EMAIL.sub(EMAIL_GONE, text.replace("\r", "")))
    text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1] + "…"
    return text


def is_question(text: str) -> bool:
    return "?" in text


def message_id(source: str, time: float, author: str, text: str) -> str:
    """Stable across re-imports of the same file: the same message gets the same id."""
    key = f"{source}\x1f{round(time, 3)}\x1f{author}\x1f{text}".encode("utf-8")
    return "m" + hashlib.sha256(key).hexdigest()[:16]


def make_message(source: str, time: float, author: str, text: str, *, question: bool | None = None,
                 answer: str | None = None, answerer: str | None = None,
                 answer_time: float | None = None) -> Message:
    """A message from what a file says: names and texts cleaned, its id made from them."""
    author, text = clean_name(author), clean_text(text)
    return Message(
        id=message_id(source, time, author, text), time=round(float(time), 3), author=author,
        text=text, source=source, question=is_question(text) if question is None else question,
        answer=clean_text(answer) if answer else None,
        answerer=clean_name(answerer) if answerer else None, answer_time=answer_time,
    )
