"""The names a chapter's speakers may be heard under in the captions: the programme's spellings
(name, name as written, a distinctive last name, the questions' ``answered_by``) and their
organisations, all folded (``fold``), for ``drift`` to look for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Chapter, Speaker, Webinar, fold

# Words too common to identify an organisation alone.
COMMON = frozenset(
    """la le les de du des l d et en au aux un une pour sur avec par a
    centre espoir fondation armee salut refuge conseil regional regionale region france ile
    association federation reseau entreprise entreprises insertion chantier chantiers maison
    economie sociale social solidaire national nationale departement ville groupe direction
    service mission ouverture introduction conclusion cloture questions reponses programme
    task force projet projets activite activites besoins active""".split()
)
_REGION = re.compile(r"\s*(?:\bile de france|\bidf)$")


def has_phrase(haystack: str, phrase: str) -> bool:
    """Whole-word containment of a folded phrase in a folded text."""
    return bool(phrase) and f" {phrase} " in f" {haystack} "


@dataclass
class Target:
    speaker: Speaker
    names: list[str] = field(default_factory=list)  # folded


def speaker_names(webinar: Webinar, speakers: list[Speaker]) -> list[Target]:
    """Each speaker's folded names: full names, programme spellings, a distinctive last name."""
    out = []
    for speaker in speakers:
        # a last name that is also a word of someone else's name identifies no one
        others = {w for s in webinar.speakers if s.id != speaker.id for w in fold(s.name).split()}
        others |= set(fold(speaker.name).split()[:-1])
        spellings = [speaker.name, speaker.name_as_written]
        spellings += [q.answered_by for q in webinar.questions_of(speaker.id) if q.answered_by]
        names: list[str] = []
        for spelling in spellings:
            folded = fold(spelling)
            if folded and folded not in names:
                names.append(folded)
            words = folded.split()
            last = words[-1] if len(words) > 1 else ""
            distinctive = len(last) >= 4 and last not in COMMON and last not in others
            if distinctive and last not in names:
                names.append(last)
        out.append(Target(speaker, names))
    return out


def chapter_organisations(chapter: Chapter, speakers: list[Speaker]) -> list[tuple[str, str]]:
    """(folded, as written) names of the chapter's organisations and their significant words."""
    found: dict[str, str] = {}

    def add(written: str) -> None:
        written = written.strip(" .,;:'\"«»")
        folded = _REGION.sub("", fold(written)).strip()
        # a phrase of two words or more is specific enough ("conseil regional"); a word alone
        # must not be a common one
        if folded and (" " in folded or folded not in COMMON):
            found.setdefault(folded, written)

    for speaker in speakers:
        organisation = re.sub(r"\([^)]*\)", " ", speaker.organisation)
        for part in re.split(r"\s+[-–—]\s+|[,;/]", organisation):
            add(part)
            for word in part.split():
                bare = word.strip(" .,;:'\"«»()")
                acronym = bare.isupper() and len(bare) >= 3  # GRAFIE, CNLRQ
                if acronym or (len(fold(bare)) >= 5 and " " not in fold(bare)):
                    add(bare)
    label = re.split(r"\s+:\s*|,\s+|\s+[-–—]\s+", chapter.title)[0]
    if label != chapter.title and len(label.split()) <= 4:
        add(label)
    for word in re.findall(r"[A-Z][A-Z0-9]{2,}", chapter.title):
        add(word)
    # longest first, so "France Active" is reported rather than a word of it
    return sorted(found.items(), key=lambda item: -len(item[0]))
