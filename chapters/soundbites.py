"""A podcast episode's soundbites: where each question of the audience is answered, as a span
of the recording (Podcasting 2.0 ``podcast:soundbite``: a start, a duration, a title).

Only chat and Q&A questions have a moment of their own (``Message.answer_at``, found in the
captions by ``chapters/chat/answers.py`` or set by the organiser); the programme's questions
have none, so they give no soundbite. The answer's end is not known: the span runs to the next
answer or chapter start, kept between ``MIN_SECONDS`` and ``MAX_SECONDS`` (the namespace's
recommended bounds), and always inside the recording.
"""

from __future__ import annotations

from dataclasses import dataclass

from chapters.chat.model import Message
from chapters.programme.text import shorten

MIN_SECONDS = 15.0
MAX_SECONDS = 120.0
TITLE_MAX = 128  # characters: the namespace's limit for a soundbite's title


@dataclass(frozen=True)
class Soundbite:
    start: float  # seconds
    duration: float  # seconds
    title: str  # the question, on one line
    question: str  # the message's id


def soundbites(questions: list[Message], duration: float, boundaries: list[float] = ()) -> list[Soundbite]:
    """One soundbite per question answered inside a recording of ``duration`` seconds, in order
    of time. ``boundaries``: other moments an answer cannot run past (the chapters' starts).
    A question answered less than ``MIN_SECONDS`` before the end gives none."""
    answers = sorted({m.answer_at for m in questions if m.question and m.answer_at is not None})
    stops = sorted(set(answers) | set(boundaries) | {duration})
    found = []
    for message in sorted(questions, key=lambda m: (m.answer_at or 0.0, m.time, m.id)):
        start = message.answer_at
        if not message.question or start is None or start < 0 or start + MIN_SECONDS > duration:
            continue
        following = next((s for s in stops if s > start), duration)
        length = min(max(following - start, MIN_SECONDS), MAX_SECONDS, duration - start)
        title = shorten(" ".join(message.text.split()), TITLE_MAX)
        found.append(Soundbite(round(start, 3), round(length, 3), title, message.id))
    return found
