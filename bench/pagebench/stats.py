"""Medians, their lines in the printed tables, and how far a ratio moves with the luck of the
loads."""

from __future__ import annotations

import random
import statistics


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def series(marks: list[dict], key: str) -> list[float]:
    return [m[key] for m in marks if m.get(key) is not None]


def line(name: str, values: list[float], of: int | None = None) -> str:
    if not values:
        return f"  {name:<50}{'never':>9}"
    missing = f"  ({of - len(values)} of {of} never)" if of and len(values) < of else ""
    return (
        f"  {name:<50}{statistics.median(values):>9.1f}{min(values):>9.1f}{max(values):>9.1f}"
        + missing
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(top: list[float], bottom: list[float], rounds: int = 2000) -> str:
    """How far median(top) / median(bottom) moves with the luck of the loads: its 5th and 95th
    percentiles over resamples of each series (bootstrap, fixed seed, so a run reprints it)."""
    if not top or not bottom:
        return ""
    rng = random.Random(0)
    ratios = sorted(
        statistics.median(rng.choices(top, k=len(top)))
        / statistics.median(rng.choices(bottom, k=len(bottom)))
        for _ in range(rounds)
    )
    low, high = ratios[rounds // 20], ratios[rounds - rounds // 20 - 1]
    return f" [90 % of resamples: {low:.2f} to {high:.2f}]"
