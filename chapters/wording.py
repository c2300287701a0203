"""French words shared by the pages and the cards: dates, durations, file sizes, lists of speakers."""

from __future__ import annotations

from .model import Webinar

__all__ = [
    "MONTHS",
    "french_date",
    "duration_text",
    "file_size",
    "names_text",
    "speakers_by_appearance",
    "speaker_names",
]

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def french_date(iso: str) -> str:
    """``2021-05-04`` -> ``4 mai 2021`` (the text as given when it is not an ISO date)."""
    try:
        year, month, day = (int(part) for part in str(iso).split("-"))
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return str(iso)


def duration_text(seconds: float | None) -> str:
    """``6300`` -> ``1 h 45``, ``3900`` -> ``1 h 05``, ``7200`` -> ``2 h``, ``2700`` -> ``45 min``."""
    if not seconds or seconds <= 0:
        return ""
    minutes = max(1, round(seconds / 60))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def file_size(size: int) -> str:
    """A file's size as French readers write it, in decimal units: ``850 Ko``, ``3,2 Mo``,
    ``12 Mo``, ``1,4 Go`` (one decimal below ten, none above; never "0 Ko"), the number held to
    its unit by a no-break space."""
    value = max(size / 1000, 1)
    for unit in ("Ko", "Mo", "Go", "To"):
        shown = round(value, 1) if value < 9.95 else round(value)
        if shown < 1000 or unit == "To":
            break
        value /= 1000
    return f"{shown:g}\u00a0{unit}".replace(".", ",")


def speakers_by_appearance(webinar: Webinar, *, all_speakers: bool = False) -> list[str]:
    """The speakers' names in the order they first speak (chapters by start), each once;
    ``all_speakers`` adds those who have no chapter, last."""
    names: list[str] = []
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        for speaker in webinar.speakers_of(chapter):
            if speaker.name not in names:
                names.append(speaker.name)
    if all_speakers:
        names += [s.name for s in webinar.speakers if s.name not in names]
    return names


def names_text(names: list[str], shown: int = 3) -> str:
    """All the names up to ``shown`` + 1 (``Ana, Ben et Cléo``), else the first ``shown`` and
    "et N autres" (``Ana, Ben, Cléo et 4 autres``); "" for none."""
    if len(names) > shown + 1:
        return f"{', '.join(names[:shown])} et {len(names) - shown} autres"
    if len(names) > 1:
        return f"{', '.join(names[:-1])} et {names[-1]}"
    return names[0] if names else ""


def speaker_names(webinar: Webinar, shown: int = 3) -> str:
    """Every speaker in order of appearance, those without a chapter last, as ``names_text``."""
    return names_text(speakers_by_appearance(webinar, all_speakers=True), shown)
