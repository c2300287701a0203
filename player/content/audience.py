"""The app's audience store and what pages ask of it: the store in the instance folder (made
once per app), the shape of a webinar's recording, and the "most replayed" curve viewers may
see (None when the settings, the organiser or too few views say no)."""

from __future__ import annotations

import time
from pathlib import Path

from flask import current_app

from chapters.audience import AudienceError, AudienceStore, Shape, shape_of
from chapters.audience.store import FILE_NAME
from chapters.bounded import BoundedCache
from chapters.model import Webinar

_KEY = "audience_store"
_shapes = BoundedCache(256, name="audience: recordings' shapes")
_curves = BoundedCache(256, name="audience: most replayed curves")
CURVE_SECONDS = 300.0


def store() -> AudienceStore:
    """The app's store: ``<instance>/audience.sqlite`` (opened on first use)."""
    app = current_app
    found = app.extensions.get(_KEY)
    if found is None:
        found = app.extensions[_KEY] = AudienceStore(
            Path(app.instance_path) / FILE_NAME,
            retention_days=int(app.config.get("AUDIENCE_RETENTION_DAYS", 400)))
    return found


def shape(webinar: Webinar) -> Shape | None:
    """What the store knows of the webinar's recording; None without a duration. Kept while
    the catalogue hands out the same webinar (until its data file changes): a beacon then
    does not make it again."""
    kept = _shapes.get(webinar.id)
    if kept is not None and kept[0] is webinar:
        return kept[1]
    made = shape_of(webinar)
    _shapes.put(webinar.id, (webinar, made))
    return made


def public_curve(webinar: Webinar, bins: int = 100) -> tuple[float, ...] | None:
    """The "most replayed" curve for viewers, or None: collecting off, the organiser's setting
    off, fewer than AUDIENCE_PUBLIC_MIN_VIEWS views, no duration, or the file unusable (logged:
    a page never fails for it). Kept CURVE_SECONDS in memory: over a year of days it costs tens
    of milliseconds, and it moves slowly."""
    config = current_app.config
    known = shape(webinar)
    if not config.get("AUDIENCE", True) or known is None:
        return None
    min_views = int(config.get("AUDIENCE_PUBLIC_MIN_VIEWS", 50))
    key = (current_app.instance_path, webinar.id, known, bins, min_views)
    kept = _curves.get(key)
    if kept is not None and time.monotonic() - kept[0] < CURVE_SECONDS:
        return kept[1]
    try:
        curve = None
        if store().public_curve_enabled(webinar.id):
            curve = store().most_replayed(webinar.id, known, bins, min_views=min_views)
    except AudienceError as error:
        current_app.logger.error("%s", error)
        return None
    _curves.put(key, (time.monotonic(), curve))
    return curve


def set_public_curve(webinar_id: str, on: bool) -> None:
    """The organiser's setting: viewers see the "most replayed" curve or not (at once in this
    process; the others' kept curves last CURVE_SECONDS at most)."""
    store().set_public_curve(webinar_id, on)
    for key in _curves.keys():
        if key[1] == webinar_id:
            _curves.put(key, (float("-inf"), None))
