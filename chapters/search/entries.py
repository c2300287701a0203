"""What is searched: one row (Entry) per chapter, speaker, question, resource, contact,
transcript cue, slide read and message of the audience, and the groups results are shown in."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Webinar

KINDS = ("chapitre", "intervenant", "question", "ressource", "contact", "transcription", "slide", "message")
TIMELINE_KINDS = ("transcription", "slide")  # every hit of these is marked on the timeline


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    kinds: tuple[str, ...]


GROUPS = (
    Group("chapitres", "Chapitres", ("chapitre",)),
    Group("intervenants", "Intervenants", ("intervenant",)),
    Group("questions", "Questions", ("question",)),
    Group("ressources", "Ressources et contacts", ("ressource", "contact")),
    Group("diapositives", "Diapositives", ("slide",)),
    Group("discussion", "Discussion", ("message",)),
    Group("transcription", "Transcription", ("transcription",)),
)
KEY_OF = {kind: g.key for g in GROUPS for kind in g.kinds}

# Private-use characters mark the matches in snippets: they cannot come from the data (removed
# from every indexed text), so only they become <mark>, and everything else stays text.
OPEN, CLOSE = "\ue000", "\ue001"
_MARKERS = str.maketrans("", "", OPEN + CLOSE)
ELLIPSIS = "…"

# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Entry:
    """One indexed row: what is searched (title, text) and what a result shows and opens."""

    kind: str
    ref: str  # the object's id (a cue's number for the transcript)
    title: str
    text: str
    start: float | None = None  # where the recording opens; None: nowhere
    end: float | None = None  # with start, a span
    context: str = ""  # shown, not searched: the chapter or theme it belongs to
    who: str = ""  # shown, not searched: speakers, the answerer, a cue's voice


def clean(text: str | None) -> str:
    """One line of NFC text without our markers (so a marker always comes from SQLite)."""
    return " ".join(unicodedata.normalize("NFC", text or "").translate(_MARKERS).split())


def entries_of(webinar: Webinar, cues: Iterable = (), slides: Iterable = (),
               messages: Iterable = ()) -> list[Entry]:
    """The rows of one webinar: its programme, the cues of its transcript, then the slides
    whose words were read (``chapters.slides.Slide``; "Diapositive N", N counting every slide,
    opening at its start), then the audience's messages viewers may see (``chapters.chat``;
    their author as title, opening at the moment written)."""
    w = webinar
    out: list[Entry] = []

    def add(kind, ref, title, text, start=None, end=None, context="", who=""):
        out.append(Entry(kind, ref, clean(title), clean(text), start, end, clean(context), clean(who)))

    for c in w.chapters:
        names = ", ".join(s.name for s in w.speakers_of(c))
        add("chapitre", c.id, c.title, c.summary, c.start, w.chapter_end(c), who=names)
    for s in w.speakers:
        segments = w.chapters_of(s.id)
        first = segments[0] if segments else None
        role = ", ".join(part for part in (s.role, s.organisation) if part)
        if first:
            add("intervenant", s.id, s.name, role, first.start, w.chapter_end(first), first.title)
        else:
            add("intervenant", s.id, s.name, role)
    for q in w.questions:
        chap = w.chapter(q.chapter) if q.chapter else None
        who = w.speaker(q.speaker).name if q.speaker and w.speaker(q.speaker) else q.answered_by
        if chap:
            add("question", q.id, q.text, q.answer, chap.start, w.chapter_end(chap), chap.title, who)
        else:
            add("question", q.id, q.text, q.answer, who=who)

    def theme_start(theme_id: str, speakers: list[str] = ()) -> tuple[float | None, str]:
        """The first chapter of the theme, or of the theme's chapters where these speak."""
        theme = w.theme(theme_id)
        chapters = [c for cid in (theme.chapters if theme else []) if (c := w.chapter(cid))]
        theirs = [c for c in chapters if set(c.speakers) & set(speakers)]
        first = min(theirs or chapters, key=lambda c: c.start, default=None)
        return (first.start if first else None), (theme.title if theme else "")

    for r in w.resources:
        start, theme = theme_start(r.theme)
        add("ressource", r.id, r.title, r.text, start, context=theme)
    for c in w.contacts:
        start, theme = theme_start(c.theme, c.speakers)
        names = ", ".join(s.name for sid in c.speakers if (s := w.speaker(sid)))
        add("contact", c.id, names or "Contact", c.text, start, context=theme)
    ordered = sorted(w.chapters, key=lambda c: c.start)
    starts = [c.start for c in ordered]

    def chapter_title(seconds: float) -> str:
        at = bisect.bisect_right(starts, seconds) - 1  # the chapter holding it, as chapter_at
        return ordered[at].title if at >= 0 else ""

    for i, cue in enumerate(cues):
        add("transcription", str(i), "", cue.text, cue.start, None, chapter_title(cue.start), cue.voice or "")
    for n, slide in enumerate(slides, 1):
        if slide.text and clean(slide.text):
            title = chapter_title(slide.start)
            add("slide", str(n), f"Diapositive {n}", slide.text, slide.start, None, title)
    for m in messages:
        if not m.hidden:
            add("message", m.id, m.author, m.text, m.time, None, chapter_title(m.time))
    return out
