"""Where in the recording a question from the audience is answered, found in the captions.

After the question's time (at most ``BOUND`` later), each cue is scored by what it says:
- the asker's name read out (a first or last name of three letters or more, folded, that is
  not one of the speakers' own names: "Jane demandait…");
- a phrase that takes up a question ("pour répondre à", "question de", "dans le chat"…);
- the question's key words (folded, common words out, four letters or more) heard in the cues of
  the next ``WORDS_WINDOW`` seconds.
The best cue above ``THRESHOLD`` is the answer's moment (earlier ones win a tie, and a little
is taken off for each minute waited); ``how`` says in French what found it. A Zoom Q&A row
answered live says when it was marked answered: the spoken answer is looked for around then.

An organiser's confirmed or corrected time (``answer_confirmed``) is never recomputed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from chapters.chat.model import ANONYMOUS, Message
from chapters.model import Webinar, fold
from chapters.spellings import has_phrase
from chapters.transcript import Cue

__all__ = ["Found", "NAME", "PHRASE", "WORDS", "ORGANISER", "NONE_CONFIRMED", "find_answer",
           "find_answers", "speaker_words", "key_words", "confirm", "reopen"]

BOUND = 30 * 60.0  # seconds after the question within which its answer is looked for
WORDS_WINDOW = 45.0  # seconds of speech in which the question's key words are counted
LIVE_BEFORE = 120.0  # a Q&A row answered live: its spoken answer starts at most this before…
LIVE_AFTER = 600.0  # …and at most this after the time it was marked answered

NAME_SCORE = 3.0
PHRASE_SCORE = 1.5
WORDS_SCORE = 4.0  # times the share of the question's key words heard
THRESHOLD = 2.5
WAIT_COST = 0.01  # taken off per minute between the question and the cue

NAME = "nom de la personne lu"
PHRASE = "question reprise à l'oral"
WORDS = "mots de la question"
ORGANISER = "moment confirmé par l'organisateur"
NONE_CONFIRMED = "aucune réponse selon l'organisateur"

# Phrases (folded) that take up a question from the audience.
_TAKE_UP = re.compile(
    r"\b(?:pour repondre a|pour (?:y )?repondre|je reponds|on repond|question de|question sur|"
    r"une question|la question|des questions|vos questions|dans le chat|sur le chat|"
    r"quelqu un (?:demande|nous demande|a demande|pose)|on nous demande|vous demandez|"
    r"demande si|demandait|nous demande)\b"
)

# Folded words of four letters or more too common to tie a question to its answer.
_COMMON = frozenset(
    """alors aussi autre autres avant avec avez avoir beaucoup bien bonjour cela celle celles
    celui cest cette ceux chez comme comment dans depuis donc dont elle elles encore entre
    estce etait etre fait faire faut leur leurs mais merci meme moins notre nous parce
    pendant peut peuvent peux plus pour pourquoi pourriez pouvez pouvons quand quel quelle
    quelles quels question questions reponse reponses sans sera serait sont sous suis tous
    tout toute toutes tres trop votre vous vraiment voila vos quoi ainsi avait avons deja
    dire doit donne etes exemple existe fois peut etre possible savoir sujet chose choses
    quelqu quelque quelques rien tant cela ceci celle lequel laquelle lesquels lesquelles
    entre vers juste intervenant intervenante intervenants webinaire""".split()
)


@dataclass(frozen=True)
class Found:
    at: float  # seconds: the start of the cue where the answer begins
    how: str  # what found it, in French ("nom de la personne lu, mots de la question")
    score: float


def speaker_words(webinar: Webinar) -> frozenset[str]:
    """The folded words of every speaker's names: never taken for the asker's name."""
    words: set[str] = set()
    for speaker in webinar.speakers:
        words.update(fold(speaker.name).split())
        words.update(fold(speaker.name_as_written).split())
    for question in webinar.questions:
        words.update(fold(question.answered_by).split())
    return frozenset(words)


def _stem(word: str) -> str:
    """Close forms of a word alike: plurals, and six letters of a long word (financer/financement)."""
    return word[:6] if len(word) >= 7 else word.rstrip("sx") or word


def key_words(text: str) -> set[str]:
    """A text's words that say what it is about: folded, four letters or more, common ones out."""
    return {_stem(w) for w in fold(text).split() if len(w) >= 4 and w not in _COMMON and not w.isdigit()}


def _asker_names(author: str, speakers: frozenset[str]) -> list[str]:
    if author == ANONYMOUS:
        return []
    return [w for w in dict.fromkeys(fold(author).split())
            if len(w) >= 3 and not w.isdigit() and w not in speakers and w not in _COMMON]


@dataclass(frozen=True)
class _Heard:
    start: float
    text: str  # folded
    stems: frozenset[str]


def _heard(cues: list[Cue]) -> list[_Heard]:
    return [_Heard(c.start, fold(c.text), frozenset(_stem(w) for w in fold(c.text).split()))
            for c in sorted(cues, key=lambda c: c.start)]


def _span(question: Message, duration: float | None) -> tuple[float, float]:
    low, high = question.time, question.time + BOUND
    live = question.source == "zoom-qa" and not question.answer and question.answer_time is not None
    if live and question.answer_time >= question.time:
        low = max(low, question.answer_time - LIVE_BEFORE)
        high = question.answer_time + LIVE_AFTER
    return low, high if duration is None else min(high, duration)


def _find(question: Message, heard: list[_Heard], starts: list[float], speakers: frozenset[str],
          duration: float | None = None) -> Found | None:
    names = _asker_names(question.author, speakers)
    keys = key_words(question.text)
    low, high = _span(question, duration)
    best: Found | None = None
    first = bisect.bisect_right(starts, low)
    for i in range(first, len(heard)):
        cue = heard[i]
        if cue.start > high:
            break
        score, hows = 0.0, []
        if any(has_phrase(cue.text, n) for n in names):
            score, hows = score + NAME_SCORE, hows + [NAME]
        if _TAKE_UP.search(cue.text):
            score, hows = score + PHRASE_SCORE, hows + [PHRASE]
        if keys and keys & cue.stems:  # the answer starts where its words start
            said: set[str] = set()
            for later in heard[i:]:
                if later.start > cue.start + WORDS_WINDOW:
                    break
                said |= keys & later.stems
            if len(said) >= min(2, len(keys)):
                score, hows = score + WORDS_SCORE * len(said) / len(keys), hows + [WORDS]
        score -= WAIT_COST * (cue.start - question.time) / 60
        if score >= THRESHOLD and (best is None or score > best.score + 1e-9):
            best = Found(round(cue.start, 3), ", ".join(hows), round(score, 3))
    return best


def find_answer(question: Message, cues: list[Cue], speakers: frozenset[str] = frozenset(),
                duration: float | None = None) -> Found | None:
    """The moment ``question`` is answered in ``cues``, or None when nothing says so enough."""
    heard = _heard(cues)
    return _find(question, heard, [h.start for h in heard], speakers, duration)


def find_answers(messages: list[Message], cues: list[Cue], speakers: frozenset[str] = frozenset(),
                 duration: float | None = None) -> tuple[list[Message], int]:
    """Every question's answer looked for again, but for those the organiser confirmed or
    corrected. Returns the messages and how many questions have an answer's moment now."""
    heard = _heard(cues)
    starts = [h.start for h in heard]
    out, found = [], 0
    for message in messages:
        if message.question and not message.answer_confirmed:
            hit = _find(message, heard, starts, speakers, duration)
            message = replace(message, answer_at=hit.at if hit else None, answer_how=hit.how if hit else None)
        found += message.question and message.answer_at is not None
        out.append(message)
    return out, found


def confirm(message: Message, at: float | None) -> Message:
    """The organiser's word on a question's answer: at ``at`` seconds, or none (``None``)."""
    if at is None:
        return replace(message, answer_at=None, answer_how=NONE_CONFIRMED, answer_confirmed=True)
    how = message.answer_how if message.answer_at == at and message.answer_how else ORGANISER
    if how != ORGANISER and not how.endswith(" (confirmé)"):
        how += " (confirmé)"
    return replace(message, answer_at=round(float(at), 3), answer_how=how, answer_confirmed=True)


def reopen(message: Message) -> Message:
    """The organiser's word taken back: the answer is looked for again at the next search."""
    return replace(message, answer_confirmed=False, answer_at=None, answer_how=None)
