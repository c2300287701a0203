"""The platform's chapter list against the programme's, in French lines for the organiser.

To be replaced by chapters/matching.py, the one matcher, once it lands.
"""

from __future__ import annotations

import difflib

from chapters.model import fold
from chapters.timecode import to_clock

__all__ = ["compare_chapters"]


def _similarity(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def _match_by_title(
    programme: list[tuple[str, float]], platform: list[tuple[float, str]]
) -> list[tuple[int | None, int | None]]:
    """Pairs of indexes (programme, platform), best titles first; None where unmatched."""
    scores = sorted(
        ((_similarity(p[0], q[1]), i, j) for i, p in enumerate(programme) for j, q in enumerate(platform)),
        reverse=True,
    )
    pairs, used_p, used_q = [], set(), set()
    for score, i, j in scores:
        if score < 0.6 or i in used_p or j in used_q:
            continue
        pairs.append((i, j))
        used_p.add(i)
        used_q.add(j)
    pairs += [(i, None) for i in range(len(programme)) if i not in used_p]
    pairs += [(None, j) for j in range(len(platform)) if j not in used_q]
    return pairs


def compare_chapters(
    programme: list[tuple[str, float]],
    platform: list[tuple[float, str]],
    tolerance: float = 1.0,
    *,
    label: str = "plateforme",
) -> list[str]:
    """French lines where the platform's chapters differ from the programme's.

    Same count: matched by order. Otherwise by title; the unmatched are reported as missing.
    ``label`` names the platform in the lines (e.g. "YouTube").
    """
    programme = sorted(programme, key=lambda c: c[1])
    platform = sorted(platform, key=lambda c: c[0])
    if len(programme) == len(platform):
        pairs = list(zip(range(len(programme)), range(len(platform)), strict=True))
    else:
        pairs = _match_by_title(programme, platform)
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
