"""A webinar's discussion: a chat file imported into it (the command and the recording page
share this), the questions' answers looked for in the captions, and what viewers may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chapters.chat import (
    ChatError, DiscussionError, Message, import_messages, read_chat, read_discussion, visible,
)
from chapters.chat.answers import find_answers, speaker_words
from chapters.chat.store import discussion_path, write_discussion
from chapters.model import Chapter, Webinar
from player.content.catalogue import webinar_folder
from player.content.transcripts import load_transcript

__all__ = ["Imported", "ImportRefused", "import_chat", "shown_messages", "has_discussion",
           "look_for_answers", "audience_questions"]


class ImportRefused(ValueError):
    """The file was refused (one French line naming it); the discussion is left as it was."""


@dataclass
class Imported:
    read: int  # messages read from the file
    added: int  # of them, new to the discussion
    total: int  # messages in the discussion now
    questions: int  # questions among those read
    warnings: list[str] = field(default_factory=list)
    answered: int | None = None  # questions of the discussion whose answer has a moment; None: no captions


def known_duration(webinar: Webinar) -> float | None:
    """The recording's length when a real recording gave it (not the programme's guess)."""
    recording = webinar.recording
    return None if recording.duration_assumed else recording.duration


def import_chat(webinar: Webinar, folder: Path, path: Path, shown: str | None = None) -> Imported:
    """Read ``path`` (any layout) and merge its messages into ``folder``'s discussion."""
    try:
        messages, warnings = read_chat(path, duration=known_duration(webinar), shown=shown)
        added, total = import_messages(folder, messages)
        answered = look_for_answers(webinar, folder)
    except (ChatError, DiscussionError) as error:
        raise ImportRefused(str(error)) from None
    except OSError as error:
        raise ImportRefused(f"{folder} : écriture impossible ({error.strerror})") from None
    return Imported(read=len(messages), added=added, total=total,
                    questions=sum(m.question for m in messages), warnings=warnings,
                    answered=answered)


def look_for_answers(webinar: Webinar, folder: Path) -> int | None:
    """Each question's answer looked for again in the captions (chapters/chat/answers.py), but
    those the organiser confirmed or corrected. Returns how many questions have an answer's
    moment, or None when the recording has no readable captions (nothing is changed then).
    Raises ``DiscussionError`` for a broken discussion file, ``OSError`` when it cannot be written."""
    cues = load_transcript(webinar).cues
    if not cues:
        return None
    messages = read_discussion(folder)
    updated, found = find_answers(messages, cues, speaker_words(webinar), known_duration(webinar))
    if updated != messages:
        write_discussion(folder, updated)
    return found


def shown_messages(folder: Path) -> list[Message]:
    """The messages viewers may see (none when the file is missing or broken)."""
    try:
        return visible(read_discussion(folder))
    except DiscussionError:
        return []


def audience_questions(webinar: Webinar, chapter: Chapter | None = None) -> list[Message]:
    """The questions viewers may see, in order of time; with ``chapter``, those asked during it
    or answered in it."""
    questions = [m for m in shown_messages(webinar_folder(webinar.id)) if m.question]
    if chapter is None:
        return questions
    end = webinar.chapter_end(chapter)

    def inside(t: float | None) -> bool:
        return t is not None and chapter.start <= t and (end is None or t < end)

    return [m for m in questions if inside(m.time) or inside(m.answer_at)]


def has_discussion(webinar: Webinar) -> bool:
    """Whether the watch page offers a "Discussion" tab: a discussion was imported."""
    return discussion_path(webinar_folder(webinar.id)).is_file()
