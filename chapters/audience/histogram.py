"""Per-second histograms as compact blobs: an array of uint32, little-endian, one per second.

Summing hundreds of days must stay fast (the dashboard opens in under 300 ms): each blob is read
as one big integer whose 32-bit lanes are the seconds, so Python adds them all in C. Lanes carry
into each other only past 2**32; ``sum_blobs`` checks the totals first and adds second by second
in that (unreal) case."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

LANE = 4  # bytes per second
LIMIT = 2**32


def empty(seconds: int) -> array:
    return array("I", bytes(LANE * seconds))


def load(blob: bytes | None, seconds: int) -> array:
    """A blob as an array of exactly ``seconds`` counts (cut or padded with zeros)."""
    values = array("I")
    if blob:
        values.frombytes(blob[: LANE * seconds])
        if sys.byteorder == "big":
            values.byteswap()
    if len(values) < seconds:
        values.extend(empty(seconds - len(values)))
    return values


def dump(values: array) -> bytes:
    """The blob of an array of counts."""
    if sys.byteorder == "big":
        values = array("I", values)
        values.byteswap()
    return values.tobytes()


def sum_blobs(rows: Iterable[tuple[bytes | None, int]], seconds: int) -> tuple[int, ...]:
    """Second by second, the sum of the blobs ``rows`` gives with their totals (the sum of each
    blob's counts), as ``seconds`` counts."""
    rows = [(blob, total) for blob, total in rows if blob]
    if sum(total for _, total in rows) < LIMIT:
        # no lane can reach 2**32, so no carry crosses into the next second
        whole = sum(int.from_bytes(blob[: LANE * seconds], "little") for blob, _ in rows)
        return tuple(load(whole.to_bytes(LANE * seconds, "little"), seconds))
    counts = [0] * seconds
    for blob, _ in rows:
        for second, value in enumerate(load(blob, seconds)):
            counts[second] += value
    return tuple(counts)
