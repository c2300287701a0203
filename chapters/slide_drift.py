"""The programme against the slides found in the recording: where each chapter really begins.

A programme's times are planned times; the slide changes (``flask slides``) say where each part
begins. For each chapter, the slide change nearest its programme start within the search window
(chapters.drift.search_window) is proposed, a slide whose words name the chapter (its title, one
of its speakers) first: a chapter usually opens on its own title slide, while the slide nearest
in time may be one more slide of the chapter before. With captions too, the captions' finding
(a speaker announced or heard) is kept and moved to a slide change this close to it, since the
slide marks the boundary to the second where the words only come near it.
"""

from __future__ import annotations

import math

from .drift import VOICE, Finding, Window, find_chapters, search_window
from .model import Webinar, fold
from .slides import Slide, Slides
from .spellings import has_phrase, speaker_names
from .timecode import to_clock
from .transcript import Cue

SLIDE = "slide"
SNAP = 20.0  # seconds between a caption finding and a slide change it moves to
TITLE_SHARE = 0.6  # of the title's words on a slide for it to name the chapter
EXCERPT = 48  # characters of a slide's words in the report


def _excerpt(slide: Slide) -> str:
    words = " ".join((slide.text or "").split())
    if len(words) > EXCERPT:
        words = words[: EXCERPT - 1].rsplit(" ", 1)[0] + "…"
    return f"« {words} »" if words else ""


def _names_chapter(slide: Slide, webinar: Webinar, index: int) -> bool:
    """Whether the slide's words name the chapter: its title, or one of its speakers."""
    text = fold(slide.text or "")
    if not text:
        return False
    chapter = webinar.chapters[index]
    # most of the title's words (OCR misreads one now and then; short words say little)
    words = [w for w in fold(chapter.title).split() if len(w) >= 4]
    read = set(text.split())
    if words and sum(w in read for w in words) >= max(1, math.ceil(TITLE_SHARE * len(words))):
        return True
    speakers = webinar.speakers_of(chapter)
    return any(has_phrase(text, n) for t in speaker_names(webinar, speakers) for n in t.names)


def find_by_slides(webinar: Webinar, slides: Slides, window: Window = Window()) -> list[Finding]:
    """Every chapter, in the data file's order, with the slide change proposed for its start."""
    findings = []
    for index, chapter in enumerate(webinar.chapters):
        low, high = search_window(webinar, index, window)
        finding = Finding(index + 1, chapter, webinar.speakers_of(chapter), (low, high))
        near = [s for s in slides.slides if low <= s.start <= high]
        named = [s for s in near if _names_chapter(s, webinar, index)]
        pool = named or near
        if pool:
            best = min(pool, key=lambda s: (abs(s.start - chapter.start), s.start))
            finding.found = float(math.floor(best.start))
            finding.how = SLIDE
            finding.who = " ".join(p for p in ("diapositive", _excerpt(best)) if p)
            finding.why = (
                "la diapositive nomme le chapitre" if named else "changement de diapositive le plus proche"
            )
        findings.append(finding)
    return findings


def snap_to_slides(findings: list[Finding], slides: Slides, by_slides: list[Finding]) -> list[Finding]:
    """Caption findings moved to a slide change within SNAP seconds; where the captions found
    nothing, the slides' own proposal."""
    starts = [s.start for s in slides.slides]
    out = []
    for heard, seen in zip(findings, by_slides):
        if heard.found is None:
            out.append(seen)
            continue
        near = [t for t in starts if abs(t - heard.found) <= SNAP]
        if near:
            change = min(near, key=lambda t: abs(t - heard.found))
            if math.floor(change) != heard.found:
                heard.why = f"calé sur le changement de diapositive à {to_clock(change)}"
                heard.found = float(math.floor(change))
        out.append(heard)
    return out


def find_starts(webinar: Webinar, cues: list[Cue] | None, slides: Slides | None,
                window: Window = Window()) -> list[Finding]:
    """The findings from captions, slides, or both (at least one of them given)."""
    if slides is None:
        return find_chapters(webinar, cues or [], window)
    by_slides = find_by_slides(webinar, slides, window)
    if cues is None:
        return by_slides
    return snap_to_slides(find_chapters(webinar, cues, window), slides, by_slides)


def proposal_text(finding: Finding) -> str:
    """What the editor says beside a start: ``Diapositive à 7:12``, ``Florence Oulès annoncée à
    7:10 (calé sur …)``; how far from the programme follows in the page."""
    at = to_clock(finding.found)
    if finding.how == SLIDE:
        return f"Diapositive à {at}"
    verb = "prend la parole" if finding.how == VOICE else "annoncé"
    if finding.why and finding.cue:  # snapped to a slide change: both moments
        return f"{finding.who} {verb} à {to_clock(math.floor(finding.cue.start))}, diapositive à {at}"
    return f"{finding.who} {verb} à {at}"
