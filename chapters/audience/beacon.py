"""A beacon from the watch page, read and bounded before anything is counted.

The page sends JSON (``navigator.sendBeacon``) describing what was played and opened since its
previous beacon: see docs in ARCHITECTURE.md and the contract (``parse_beacon``). Anything not in
that form raises ``BeaconError`` with a French one-line message (the endpoint's 400)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from chapters.names import ID, ID_MAX, WEBINAR_ID

VERSION = 1
MAX_BYTES = 8 * 1024  # a larger body is refused (413) before it is read further
MAX_RANGES = 200  # played ranges in one beacon
MAX_OPENED = 50  # opened items in one beacon
MAX_SEQ = 4095  # a view sends at most this many beacons (one every few minutes: days of play)
MAX_SECONDS = 48 * 3600.0  # no recording is longer; a time beyond is not the format
SEARCH_CHARS = 60  # a search term is cut to this many characters
SEARCH_WORDS = 12  # and this many words
SEARCH_RAW = 500  # characters sent for one term at most (before normalising)
KINDS = ("chapter", "speaker", "question", "resource", "search")

VIEW_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_SPACES = re.compile(r"\s+")


class BeaconError(ValueError):
    """The body is not a beacon; the message is French, one line."""


@dataclass(frozen=True)
class Beacon:
    """A beacon in bounds: times rounded to 0.1 s, each range with start <= end, search terms
    normalised (``normalise_search``)."""

    webinar: str
    view: str
    seq: int
    played: tuple[tuple[float, float], ...] = ()
    opened: tuple[tuple[str, str], ...] = ()
    final: bool = False


def normalise_search(text: str) -> str:
    """A search term as it is counted: case folded, spaces collapsed, at most 12 words and 60
    characters (empty when nothing is left)."""
    words = _SPACES.sub(" ", text.casefold()).strip().split(" ")[:SEARCH_WORDS]
    return " ".join(words)[:SEARCH_CHARS].strip()


def parse_beacon(raw: bytes) -> Beacon:
    """The beacon in ``raw`` (UTF-8 JSON), or ``BeaconError`` saying in French what is wrong."""
    if len(raw) > MAX_BYTES:
        raise BeaconError(f"balise trop grande (plus de {MAX_BYTES} octets)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BeaconError("balise illisible : JSON en UTF-8 attendu") from None
    if not isinstance(data, dict):
        raise BeaconError("balise illisible : un objet JSON est attendu")
    if data.get("v") != VERSION or isinstance(data.get("v"), bool):
        raise BeaconError(f"balise : version « v » {VERSION} attendue")
    webinar = data.get("w")
    if not isinstance(webinar, str) or not WEBINAR_ID.fullmatch(webinar):
        raise BeaconError("balise : identifiant de webinaire « w » invalide")
    view = data.get("view")
    if not isinstance(view, str) or not VIEW_ID.fullmatch(view):
        raise BeaconError("balise : identifiant de visionnage « view » invalide (22 caractères)")
    seq = data.get("seq")
    if not _is_int(seq) or not 0 <= seq <= MAX_SEQ:
        raise BeaconError(f"balise : numéro « seq » entre 0 et {MAX_SEQ} attendu")
    final = data.get("final", False)
    if not isinstance(final, bool):
        raise BeaconError("balise : « final » doit valoir true ou false")
    return Beacon(webinar, view, seq, _played(data.get("played", [])),
                  _opened(data.get("opened", [])), final)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BeaconError("balise : « played » doit contenir des nombres de secondes")
    if not 0 <= value <= MAX_SECONDS:
        raise BeaconError("balise : un temps de « played » sort des limites (0 à 48 h)")
    return round(float(value), 1)


def _played(ranges) -> tuple[tuple[float, float], ...]:
    if not isinstance(ranges, list):
        raise BeaconError("balise : « played » doit être une liste de plages [début, fin]")
    if len(ranges) > MAX_RANGES:
        raise BeaconError(f"balise : plus de {MAX_RANGES} plages dans « played »")
    found = []
    for item in ranges:
        if not isinstance(item, list) or len(item) != 2:
            raise BeaconError("balise : chaque plage de « played » est [début, fin]")
        start, end = _time(item[0]), _time(item[1])
        if end < start:
            raise BeaconError("balise : une plage de « played » finit avant de commencer")
        found.append((start, end))
    return tuple(found)


def _opened(items) -> tuple[tuple[str, str], ...]:
    if not isinstance(items, list):
        raise BeaconError("balise : « opened » doit être une liste de paires [type, id]")
    if len(items) > MAX_OPENED:
        raise BeaconError(f"balise : plus de {MAX_OPENED} éléments dans « opened »")
    found = []
    for item in items:
        if (not isinstance(item, list) or len(item) != 2 or item[0] not in KINDS
                or not isinstance(item[1], str)):
            raise BeaconError("balise : chaque élément de « opened » est [type, id] avec un type "
                              "parmi " + ", ".join(KINDS))
        kind, name = item
        if kind == "search":
            if len(name) > SEARCH_RAW:
                raise BeaconError(f"balise : recherche de plus de {SEARCH_RAW} caractères")
            name = normalise_search(name)
            if name:
                found.append((kind, name))
        elif len(name) <= ID_MAX and ID.fullmatch(name):
            found.append((kind, name))
        else:
            raise BeaconError("balise : identifiant invalide dans « opened »")
    return tuple(found)
