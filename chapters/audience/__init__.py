"""The audience measurement (issue 18): beacons read and bounded (``beacon.py``), the recording's
shape (``shape.py``), each view folded into per-day aggregates in SQLite (``viewing.py``,
``store.py``, ``histogram.py``), read back as a report (``report.py``), connections limited in
memory (``rate.py``). Plain Python: the endpoint is player/pages/audience.py."""

from chapters.audience.beacon import Beacon, BeaconError, normalise_search, parse_beacon
from chapters.audience.report import ChapterCount, Report
from chapters.audience.shape import Shape, shape_of
from chapters.audience.store import AudienceError, AudienceStore

__all__ = [
    "AudienceError",
    "AudienceStore",
    "Beacon",
    "BeaconError",
    "ChapterCount",
    "Report",
    "Shape",
    "normalise_search",
    "parse_beacon",
    "shape_of",
]
