"""Pairing two chapter lists: the data file's with a pasted list, the programme's with a site's.

Chapters are given as ``(start, title)``. Titles equal but for case and accents (``fold``) pair
first, keeping the lists' order; what is left between two such pairs is paired in order by
likeness (titles alike, starts close), each pair worth at least PAIR_SCORE; the rest stands
alone, as missing from one list or the other.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .model import fold

__all__ = ["PAIR_SCORE", "Mark", "likeness", "pair_chapters"]

PAIR_SCORE = 0.5  # two chapters this alike are the same chapter

Mark = tuple[float, str]  # (start in seconds, title)


def likeness(a: Mark, b: Mark) -> float:
    """How much two chapters look alike: their titles' likeness (0 to 1) plus 1 for the same
    start, 0.5 for starts at most two minutes apart."""
    x, y = fold(a[1]), fold(b[1])
    alike = difflib.SequenceMatcher(None, x, y).ratio()
    if x and y and (x.startswith(y) or y.startswith(x)):
        alike = max(alike, 0.8)  # "Capa'Cité" for "Capa'Cité, chantier d'insertion…"
    gap = abs(a[0] - b[0])
    return alike + (1.0 if gap < 1 else 0.5 if gap <= 120 else 0.0)


def pair_chapters(
    old: Sequence[Mark], new: Sequence[Mark], *, same_count_in_order: bool = False
) -> list[tuple[int | None, int | None]]:
    """Pairs of indexes ``(old, new)`` in the lists' order; None on the side a chapter lacks.

    ``same_count_in_order``: lists of the same length are paired in order, whatever they say
    (a site's list of the programme's chapters, retitled).
    """
    if same_count_in_order and len(old) == len(new):
        return [(i, i) for i in range(len(old))]
    matcher = difflib.SequenceMatcher(
        None, [fold(t) for _, t in old], [fold(t) for _, t in new], autojunk=False
    )
    pairs: list[tuple[int | None, int | None]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(range(a0, a1), range(b0, b1))
        else:
            pairs += _align(old, new, range(a0, a1), range(b0, b1))
    return pairs


def _align(
    old: Sequence[Mark], new: Sequence[Mark], olds: range, news: range
) -> list[tuple[int | None, int | None]]:
    """Pairs in order between two stretches that look most alike; the others stand alone."""
    n, m = len(olds), len(news)

    def score(i: int, j: int) -> float:
        return likeness(old[olds[i]], new[news[j]])

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(i, j)
            paired = s + best[i + 1][j + 1] if s >= PAIR_SCORE else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        s = score(i, j)
        if s >= PAIR_SCORE and best[i][j] == s + best[i + 1][j + 1]:
            out.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((olds[i], None))
            i += 1
        else:
            out.append((None, news[j]))
            j += 1
    out += [(olds[k], None) for k in range(i, n)] + [(None, news[k]) for k in range(j, m)]
    return out
