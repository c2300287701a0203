"""Find and load webinars from the data folder, cached until their file changes; the list of
them all (``all_webinars``) and which one ``/`` plays (``home_webinar_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app

from chapters.files import StampCache
from chapters.model import Webinar
from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.store import StoreError, list_webinars, load_webinar
from player.media.demo import DEMO_FILE
from player.media.thumbnails import chapter_thumbnails
from player.site.urls import media_url

CACHED_WEBINARS = 256  # data files kept parsed; more webinars than that are read again in turn
_cache = StampCache(CACHED_WEBINARS, name="catalogue: webinars read")


def webinar_folder(wid: str) -> Path:
    """The folder of a webinar; 404 for an id that cannot name one."""
    if not WEBINAR_ID.fullmatch(wid):
        abort(404, f"Aucun webinaire « {wid} ».")
    return Path(current_app.config["WEBINARS_DIR"]) / wid


def get_webinar(wid: str) -> Webinar:
    """Load a webinar, or 404; a broken data file raises StoreError (rendered as a 503 page)."""
    folder = webinar_folder(wid)
    data = folder / DATA_FILE
    try:
        stamp = data.stat().st_mtime_ns
    except FileNotFoundError:
        abort(404, f"Aucun webinaire « {wid} ».")
    return _load(folder, stamp)


def _load(folder: Path, stamp: int) -> Webinar:
    """The webinar of ``folder`` as its data file was at ``stamp``; StoreError if unreadable."""
    return _cache.get(folder / DATA_FILE, stamp, lambda: load_webinar(folder))


@dataclass
class Entry:
    """One webinar of the list: loaded, or ``webinar`` None when its data file cannot be read."""

    id: str
    webinar: Webinar | None = None
    problem: str = ""  # the data file's error, for the log (viewers are told it is unavailable)


def all_webinars() -> list[Entry]:
    """Every folder of the data folder holding a data file: those that load, newest first (by
    ``date``, then title), then those that do not, by id. A broken one is logged, never raised."""
    root = Path(current_app.config["WEBINARS_DIR"])
    loaded: list[Entry] = []
    broken: list[Entry] = []
    for wid in listed_ids(root):
        if not WEBINAR_ID.fullmatch(wid):
            continue  # a folder no address can name (spaces, dots...): not a webinar of the site
        folder = root / wid
        try:
            loaded.append(Entry(wid, _load(folder, (folder / DATA_FILE).stat().st_mtime_ns)))
        except (StoreError, OSError) as error:
            current_app.logger.error("liste des webinaires : %s indisponible : %s", wid, error)
            broken.append(Entry(wid, problem=str(error)))
    loaded.sort(key=lambda e: (e.webinar.title.casefold(), e.id))
    loaded.sort(key=lambda e: e.webinar.date, reverse=True)  # stable: same date stays by title
    return loaded + sorted(broken, key=lambda e: e.id)


def listed_ids(root: Path) -> list[str]:
    """The webinars the site lists: every one of the data folder, but those the static export
    leaves out (``EXPORT_LEFT_OUT``, set by player/content/static_export.py while it works)."""
    left_out = current_app.config.get("EXPORT_LEFT_OUT") or ()
    return [wid for wid in list_webinars(root) if wid not in left_out]


def has_recording(webinar: Webinar) -> bool:
    """Whether the recording can be played: always for a link or a video site's player; for a
    file of ``media/`` (the stand-in included), when the file is there. A webinar just imported
    has none yet: its pages then name no recording file."""
    rec = webinar.recording
    if rec.kind in ("link", "embed"):
        return True
    name = rec.src or DEMO_FILE
    folder = webinar_folder(webinar.id) / "media"
    return (folder / name).is_file()


def names_media(webinar: Webinar, name: str | None = None) -> bool:
    """Whether pages may name a file of the webinar's ``media/`` (the recording when ``name`` is
    None). The static export names only files that are there, so that it never writes a link to
    a missing file (a webinar just imported has no recording yet); the server names them as the
    data file says."""
    if not current_app.config.get("STATIC_EXPORT"):
        return True
    if name is None:
        return has_recording(webinar)
    return (webinar_folder(webinar.id) / "media" / name).is_file()


def home_webinar_id(entries: list[Entry] | None = None) -> str | None:
    """The webinar ``/`` plays, or None for the list. The one the settings name
    (``DEFAULT_WEBINAR`` set in ``instance/config.py``, ``PLAYER_DEFAULT_WEBINAR``) when it is
    there and loads; else the only webinar, when there is exactly one and it loads."""
    entries = all_webinars() if entries is None else entries
    config = current_app.config
    chosen = config.get("DEFAULT_WEBINAR") if config.get("DEFAULT_WEBINAR_CHOSEN") else None
    if chosen:
        if any(e.id == chosen and e.webinar for e in entries):
            return chosen
        current_app.logger.warning(
            "DEFAULT_WEBINAR « %s » absent ou illisible : / montre la liste des webinaires", chosen
        )
    if len(entries) == 1 and entries[0].webinar is not None:
        return entries[0].id
    return None


def thumbnail_urls(webinar: Webinar) -> dict[str, str]:
    """Chapter id -> URL of its thumbnail, for the chapters that have one."""
    found = chapter_thumbnails(webinar, webinar_folder(webinar.id) / "media")
    return {cid: media_url(webinar.id, name) for cid, name in found.items()}

