"""The webinar's structure: chapters, speakers, questions, resources, contacts.

Plain dataclasses, shared by the importer, the data file, the exports and the player.
Links between objects are by id, so the structure serialises to YAML/JSON as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "Speaker",
    "Chapter",
    "Question",
    "Theme",
    "Resource",
    "Contact",
    "Recording",
    "Note",
    "Webinar",
    "slugify",
    "display_name",
    "fold",
]

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")

# The video sites whose own player the page can embed, with their names for people.
DEMO_FILE = "demo.mp4"  # the stand-in's file when the data file names none

PLATFORM_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "peertube": "PeerTube"}


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed: the key for tolerant comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", bare.casefold()).strip()


def slugify(text: str, max_length: int = 48) -> str:
    """An id usable in a URL: ``Cédric HERVE`` -> ``cedric-herve``."""
    slug = fold(text).replace(" ", "-")[:max_length].strip("-")
    return slug or "x"


def display_name(written: str) -> str:
    """Normal case for a name written in capitals: ``Cédric HERVE`` -> ``Cédric Herve``.

    Words already in mixed case are kept; all-caps words are title-cased, hyphens kept.
    """

    def word(w: str) -> str:
        if w.isupper() and len(w) > 1:
            return "-".join(part.capitalize() for part in w.split("-"))
        return w

    return " ".join(word(w) for w in written.split())


@dataclass
class Speaker:
    id: str
    name: str  # display name in normal case, e.g. "Cédric Hervé"
    name_as_written: str = ""  # as in the document, e.g. "Cédric HERVE"
    role: str = ""
    organisation: str = ""
    emails: list[str] = field(default_factory=list)


@dataclass
class Chapter:
    id: str
    start: float  # seconds from the start of the recording
    title: str  # short, at most 70 characters
    summary: str = ""  # the programme's full text
    speakers: list[str] = field(default_factory=list)  # Speaker ids
    end: float | None = None  # filled by Webinar.chapter_end when not set


@dataclass
class Question:
    id: str
    text: str
    answer: str = ""
    answered_by: str = ""  # the name as written in the document
    speaker: str | None = None  # Speaker id, None when the name matched nobody
    chapter: str | None = None  # Chapter id of the answering speaker's segment


@dataclass
class Theme:
    id: str  # "I", "II", "III"
    title: str
    chapters: list[str] = field(default_factory=list)


@dataclass
class Resource:
    id: str
    theme: str  # Theme id
    title: str  # the text that was a link in the original document
    text: str = ""  # the full sentence around it
    url: str | None = None  # lost in the programme; the organiser may add it


@dataclass
class Contact:
    id: str
    theme: str
    text: str
    emails: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # Speaker ids mentioned
    url: str | None = None


@dataclass
class Recording:
    """Where the recording comes from.

    kind: ``demo`` (generated stand-in), ``file`` (in the webinar's media folder),
    ``link`` (direct media URL) or ``embed`` (a video site's player).
    """

    kind: str = "demo"
    src: str = ""  # file name for demo/file, URL for link/embed
    duration: float | None = None
    duration_assumed: bool = False  # True until a real recording gives its duration
    platform: str | None = None  # youtube, vimeo, peertube for embeds
    embed_id: str | None = None
    title: str | None = None
    page_url: str | None = None  # the recording's page on its site, for a plain link
    captions: list[dict] = field(default_factory=list)  # {"lang", "label", "file"}

    @property
    def file_name(self) -> str | None:
        """The recording's file in the webinar's ``media/`` folder; None when it plays from
        elsewhere (a link, a video site's player)."""
        if self.kind in ("link", "embed"):
            return None
        return self.src or DEMO_FILE


@dataclass
class Note:
    """A remark for the organisers about one field, e.g. the importer's about the source
    document ("lien non fourni dans le programme"): shown in the editor, never on public pages.

    ``field`` is the editor's name for it: ``speakers.<id>.organisation``, ``resources.<id>.url``,
    ``chapters.<id>.title`` or a top-level key such as ``title``.
    """

    field: str
    text: str


@dataclass
class Webinar:
    id: str
    title: str
    date: str  # ISO date, e.g. "2021-05-04"
    organiser: str = ""  # who held it, e.g. "GRAFIE": the author named to link previews
    recording: Recording = field(default_factory=Recording)
    chapters: list[Chapter] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # for the organisers only

    # Lookups by id; small lists, so a linear search keeps the objects plain.
    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def speaker(self, speaker_id: str) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def duration(self) -> float | None:
        return self.recording.duration

    def chapter_end(self, chapter: Chapter) -> float | None:
        """Where a chapter ends: its own end, the next chapter's start, or the recording's end."""
        if chapter.end is not None:
            return chapter.end
        later = [c.start for c in self.chapters if c.start > chapter.start]
        if later:
            return min(later)
        return self.duration

    def chapter_at(self, seconds: float) -> Chapter | None:
        """The chapter playing at a given time."""
        current = None
        for c in sorted(self.chapters, key=lambda c: c.start):
            if c.start <= seconds:
                current = c
        return current

    def speakers_of(self, chapter: Chapter) -> list[Speaker]:
        return [s for sid in chapter.speakers if (s := self.speaker(sid)) is not None]

    def chapters_of(self, speaker_id: str) -> list[Chapter]:
        return [c for c in self.chapters if speaker_id in c.speakers]

    def questions_of(self, speaker_id: str) -> list[Question]:
        return [q for q in self.questions if q.speaker == speaker_id]

    def questions_in(self, chapter_id: str) -> list[Question]:
        return [q for q in self.questions if q.chapter == chapter_id]

    def themes_of(self, chapter: Chapter) -> list[Theme]:
        return [t for t in self.themes if chapter.id in t.chapters]

    def resources_in(self, theme_id: str) -> list[Resource]:
        return [r for r in self.resources if r.theme == theme_id]

    def contacts_in(self, theme_id: str) -> list[Contact]:
        return [c for c in self.contacts if c.theme == theme_id]

    def notes_on(self, field_name: str) -> list[str]:
        """The organisers' notes about one field (the editor's name for it)."""
        return [n.text for n in self.notes if n.field == field_name]
