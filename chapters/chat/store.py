"""``webinars/<id>/discussion.json``: the audience's messages of one webinar, written atomically.

An import merges by message id: a message read again is not doubled, and keeps what the
organiser decided (hidden, marked or unmarked as a question).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from pathlib import Path

from chapters.chat.model import SOURCES, ChatError, Message
from chapters.files import read_versioned_json, write_atomic

FILE = "discussion.json"
FORMAT_VERSION = 1
_FIELDS = {f.name for f in fields(Message)}


class DiscussionError(ValueError):
    """A discussion file that cannot be read; the message is French and names the file."""


def discussion_path(folder: Path) -> Path:
    return Path(folder) / FILE


def read_discussion(folder: Path) -> list[Message]:
    """The messages kept for a webinar (none when there is no file), in order of time.

    Raises ``DiscussionError`` for a file that is there but broken.
    """
    path = discussion_path(folder)
    data = read_versioned_json(path, FORMAT_VERSION, DiscussionError, "fichier de la discussion")
    if data is None:
        return []
    try:
        messages = [_message(item) for item in data["messages"]]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DiscussionError(f"{path} : fichier de la discussion abîmé ({error})") from None
    return sorted(messages, key=lambda m: m.time)


def _message(item: dict) -> Message:
    if set(item) - _FIELDS:
        raise ValueError(f"champ inconnu : {sorted(set(item) - _FIELDS)[0]}")
    if item["source"] not in SOURCES:
        raise ValueError(f"source inconnue : {item['source']!r}")
    for key in ("id", "author", "text"):
        if not isinstance(item[key], str):
            raise ValueError(f"{key} n'est pas un texte")
    at = item.get("answer_at")
    if at is not None and (isinstance(at, bool) or not isinstance(at, (int, float)) or at < 0):
        raise ValueError("answer_at n'est pas un temps")
    return Message(**{**item, "time": float(item["time"])})


def write_discussion(folder: Path, messages: list[Message]) -> Path:
    data = {"version": FORMAT_VERSION,
            "messages": [asdict(m) for m in sorted(messages, key=lambda m: (m.time, m.id))]}
    return write_atomic(discussion_path(folder), json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def merge(kept: list[Message], read: list[Message]) -> tuple[list[Message], int]:
    """``kept`` with the messages of ``read`` it lacks; a message read again takes its new
    fields but keeps the organiser's choices and the answer's moment found or confirmed. Returns the list and how many were new."""
    by_id = {m.id: m for m in kept}
    added = 0
    for message in read:
        old = by_id.get(message.id)
        if old is None:
            added += 1
            by_id[message.id] = message
        else:
            by_id[message.id] = replace(message, hidden=old.hidden, marked=old.marked,
                                        question=old.question if old.marked else message.question,
                                        answer_at=old.answer_at, answer_how=old.answer_how,
                                        answer_confirmed=old.answer_confirmed)
    return list(by_id.values()), added


def import_messages(folder: Path, read: list[Message]) -> tuple[int, int]:
    """Merge ``read`` into the webinar's discussion file. Returns (new messages, total)."""
    merged, added = merge(read_discussion(folder), read)
    write_discussion(folder, merged)
    return added, len(merged)


def set_flags(folder: Path, message_id: str, *, hidden: bool | None = None,
              question: bool | None = None) -> Message:
    """Hide/show a message, or mark/unmark it as a question (the organiser's choice, kept)."""

    def change(message: Message) -> Message:
        if hidden is not None:
            message = replace(message, hidden=hidden)
        if question is not None:
            message = replace(message, question=question, marked=True)
        return message

    return update(folder, message_id, change)


def update(folder: Path, message_id: str, change) -> Message:
    """One message changed by ``change`` (a function of the message) and written back."""
    messages = read_discussion(folder)
    for i, message in enumerate(messages):
        if message.id == message_id:
            messages[i] = change(message)
            write_discussion(folder, messages)
            return messages[i]
    raise ChatError(f"{discussion_path(folder)} : aucun message « {message_id[:40]} »")


def visible(messages: list[Message]) -> list[Message]:
    """What viewers may see: the messages not hidden."""
    return [m for m in messages if not m.hidden]
