"""Find and load webinars from the data folder, cached until their file changes."""

from __future__ import annotations

from pathlib import Path
from threading import Lock

from flask import abort, current_app

from chapters.model import Webinar
from chapters.names import DATA_FILE, WEBINAR_ID
from chapters.store import load_webinar

_cache: dict[Path, tuple[int, Webinar]] = {}
_lock = Lock()


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
    with _lock:
        cached = _cache.get(data)
        if cached and cached[0] == stamp:
            return cached[1]
    webinar = load_webinar(folder)
    with _lock:
        _cache[data] = (stamp, webinar)
    return webinar
