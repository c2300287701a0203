"""A webinar's discussion: a chat file imported into it (the command and the recording page
share this), and the messages viewers may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chapters.chat import (
    ChatError, DiscussionError, Message, import_messages, read_chat, read_discussion, visible,
)
from chapters.chat.store import discussion_path
from chapters.model import Webinar
from player.content.catalogue import webinar_folder

__all__ = ["Imported", "ImportRefused", "import_chat", "shown_messages", "has_discussion"]


class ImportRefused(ValueError):
    """The file was refused (one French line naming it); the discussion is left as it was."""


@dataclass
class Imported:
    read: int  # messages read from the file
    added: int  # of them, new to the discussion
    total: int  # messages in the discussion now
    questions: int  # questions among those read
    warnings: list[str] = field(default_factory=list)


def known_duration(webinar: Webinar) -> float | None:
    """The recording's length when a real recording gave it (not the programme's guess)."""
    recording = webinar.recording
    return None if recording.duration_assumed else recording.duration


def import_chat(webinar: Webinar, folder: Path, path: Path, shown: str | None = None) -> Imported:
    """Read ``path`` (any layout) and merge its messages into ``folder``'s discussion."""
    try:
        messages, warnings = read_chat(path, duration=known_duration(webinar), shown=shown)
        added, total = import_messages(folder, messages)
    except (ChatError, DiscussionError) as error:
        raise ImportRefused(str(error)) from None
    except OSError as error:
        raise ImportRefused(f"{folder} : écriture impossible ({error.strerror})") from None
    return Imported(read=len(messages), added=added, total=total,
                    questions=sum(m.question for m in messages), warnings=warnings)


def shown_messages(folder: Path) -> list[Message]:
    """The messages viewers may see (none when the file is missing or broken)."""
    try:
        return visible(read_discussion(folder))
    except DiscussionError:
        return []


def has_discussion(webinar: Webinar) -> bool:
    """Whether the watch page offers a "Discussion" tab: a discussion was imported."""
    return discussion_path(webinar_folder(webinar.id)).is_file()
