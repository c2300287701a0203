"""The stand-in's slides: what each one says and when it shows (pure, no ffmpeg).

Each chapter span shows a deck made from the webinar's own data: first the chapter's title with
its speakers and the start of its summary, then (for a long chapter) the rest of the summary,
its questions, its theme's resources. ``demo_slide_times`` is the truth the detector
(player/media/slides.py) is tested and measured against.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from chapters.model import Chapter, Webinar

FPS = 2  # the stand-in's frame rate (demo.FPS): a slide shows from the first frame at its start
# A chapter of at least this many seconds gets a second slide, then a third.
SECOND_SLIDE, THIRD_SLIDE = 120.0, 480.0
LINE_WIDTH = 44  # characters of a body line at the body's font size
MAX_LINES = 5  # body lines on one slide
TITLE_WIDTH, TITLE_LINES = 36, 2


@dataclass(frozen=True)
class DemoSlide:
    start: float  # seconds, on the stand-in's frame grid
    end: float
    heading: str  # small line above the title: "Chapitre 2 / 7"
    title: str  # wrapped, at most TITLE_LINES lines
    lines: tuple[str, ...]  # the body, at most MAX_LINES lines


def _wrap(text: str, width: int = LINE_WIDTH) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width)


def _pages(webinar: Webinar, chapter: Chapter) -> list[list[str]]:
    """The body of each slide the chapter could show, most important first."""
    names = ", ".join(s.name for s in webinar.speakers_of(chapter))
    summary = _wrap(chapter.summary)
    first = (_wrap(f"Avec {names}") if names else []) + summary
    pages = [first[:MAX_LINES]]
    if len(first) > MAX_LINES:
        pages.append(first[MAX_LINES : MAX_LINES * 2])
    questions = []
    for question in webinar.questions_in(chapter.id):
        questions += _wrap(f"Question : {question.text}")
    if questions:
        pages.append(questions[:MAX_LINES])
    resources = []
    for theme in webinar.themes_of(chapter):
        resources += _wrap(f"Thème {theme.id} : {theme.title}")
        for resource in webinar.resources_in(theme.id):
            resources += _wrap(f"Ressource : {resource.title}")
    if resources:
        pages.append(resources[:MAX_LINES])
    # Always something different to turn to in a long chapter, even with a bare programme.
    pages.append(["Échanges avec les participants", *(_wrap(names) if names else [])][:MAX_LINES])
    return pages[:1] + [page for page in pages[1:] if page]  # the first may be the title alone


def _on_grid(seconds: float) -> float:
    """The time of the first frame at or after ``seconds``."""
    return math.ceil(seconds * FPS - 1e-6) / FPS


def demo_slides(webinar: Webinar, duration: float) -> list[DemoSlide]:
    """Every slide of the stand-in, in order; consecutive slides always differ."""
    ordered = sorted(webinar.chapters, key=lambda c: c.start)
    slides: list[DemoSlide] = []
    for i, chapter in enumerate(ordered):
        end = min(webinar.chapter_end(chapter) or duration, duration)
        length = end - chapter.start
        count = 1 + (length >= SECOND_SLIDE) + (length >= THIRD_SLIDE)
        pages = _pages(webinar, chapter)[:count]
        title = "\n".join(_wrap(chapter.title, TITLE_WIDTH)[:TITLE_LINES]) or " "
        heading = f"Chapitre {i + 1} / {len(ordered)}"
        for j, lines in enumerate(pages):
            start = _on_grid(chapter.start + j * length / len(pages))
            stop = _on_grid(chapter.start + (j + 1) * length / len(pages))
            if j == len(pages) - 1:
                stop = end
            if stop <= start:
                continue
            slides.append(DemoSlide(start, stop, heading, title, tuple(lines)))
    return slides


def demo_slide_times(webinar: Webinar, duration: float) -> list[float]:
    """When each of the stand-in's slides first shows (the first at 0 when a chapter starts
    there); the truth for the detector's tests and bench."""
    times = []
    for slide in demo_slides(webinar, duration):
        start = _on_grid(slide.start)
        if start < duration and (not times or start > times[-1]):
            times.append(start)
    return times
