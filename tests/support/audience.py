"""Helpers for the audience dashboard's tests: beacons recorded with the real store (as the
endpoint would fold them in), and the dashboard's tables read back from its HTML and its CSV.

    record_views(instance, webinar, [View("a", [(0, 400)], opened=[("search", "x")])])
    tables = page_tables(html)      # {"chapitres": [["1", "Ouverture…", …], …], …}
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from chapters.audience import AudienceStore, parse_beacon, shape_of
from player.content.audience_period import today_utc
from tests.support.html import dom

STORE_FILE = "audience.sqlite"


@dataclass
class View:
    """One page view: what it played (ranges, in the order played), what it opened, its day."""

    name: str
    played: list[tuple[float, float]]
    opened: list[tuple[str, str]] = field(default_factory=list)
    day: date | None = None  # today (UTC) when None

    @property
    def id(self) -> str:
        return (self.name + "_" * 22)[:22]


def store_of(instance: Path) -> AudienceStore:
    return AudienceStore(Path(instance) / STORE_FILE)


def record_views(instance: Path, webinar, views: list[View], now: float | None = None) -> AudienceStore:
    """Fold each view in as a page sends it: a first beacon with what was opened, then one
    beacon per played range, ten minutes apart (so the store's bound on played seconds by
    wall time never clips them), the last one final. Returns the store."""
    store = store_of(instance)
    shape = shape_of(webinar)
    start = time.time() if now is None else now
    for n, view in enumerate(views):
        beacons = [([], [list(o) for o in view.opened])] + [([[a, b]], []) for a, b in view.played]
        for seq, (played, opened) in enumerate(beacons):
            body = {"v": 1, "w": webinar.id, "view": view.id, "seq": seq, "played": played,
                    "opened": opened, "final": seq == len(beacons) - 1}
            store.record(parse_beacon(json.dumps(body).encode()), shape,
                         day=view.day or today_utc(), now=start + n + 600 * seq)
    return store


def _cells(row) -> list[str]:
    return [" ".join(cell.text().split()) for cell in row.children
            if not isinstance(cell, str) and cell.tag in ("th", "td")]


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """Each dashboard table of the page (by its CSV name): its header row, then its rows, as
    the text of their cells."""
    found = {}
    for table in dom(html).all("table", cls="aud-table"):
        rows = [_cells(tr) for tr in table.all("tr")]
        found[table.attrs["data-table"]] = rows
    return found


def number(text: str) -> float | str:
    """``1 234`` -> 1234, ``45,5 %`` -> 45.5; other text as it is."""
    bare = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").removesuffix("%")
    try:
        return float(bare.replace(",", "."))
    except ValueError:
        return text


def csv_rows(body: bytes) -> list[list[str]]:
    """A CSV download's rows: UTF-8 after its BOM, ``;`` between fields."""
    assert body.startswith("\ufeff".encode()), "no BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:]), delimiter=";"))
