"""The platform's chapter list against the programme's, in French lines for the organiser
(paired by chapters/matching.py, the one chapter-list matcher)."""

from __future__ import annotations

from chapters.matching import pair_chapters
from chapters.model import fold
from chapters.timecode import to_clock

__all__ = ["compare_chapters"]


def compare_chapters(
    programme: list[tuple[str, float]],
    platform: list[tuple[float, str]],
    tolerance: float = 1.0,
    *,
    label: str = "plateforme",
) -> list[str]:
    """French lines where the platform's chapters differ from the programme's.

    Same count: matched by order. Otherwise by title and start; the unmatched are reported as
    missing.
    ``label`` names the platform in the lines (e.g. "YouTube").
    """
    programme = sorted(programme, key=lambda c: c[1])
    platform = sorted(platform, key=lambda c: c[0])
    pairs = pair_chapters([(s, t) for t, s in programme], platform, same_count_in_order=True)
    lines = []
    for i, j in sorted(pairs, key=lambda p: programme[p[0]][1] if p[0] is not None else platform[p[1]][0]):
        if j is None:
            title, start = programme[i]
            lines.append(f"{title} : programme {to_clock(start)}, absent sur {label}")
        elif i is None:
            start, title = platform[j]
            lines.append(f"{title} : absent du programme, {label} {to_clock(start)}")
        else:
            (title, p_start), (q_start, q_title) = programme[i], platform[j]
            if abs(p_start - q_start) > tolerance:
                named = "" if fold(title) == fold(q_title) else f" (« {q_title} »)"
                lines.append(f"{title} : programme {to_clock(p_start)}, {label} {to_clock(q_start)}{named}")
    return lines
