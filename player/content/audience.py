"""The app's audience store and what pages ask of it: the store in the instance folder (made
once per app), the shape of a webinar's recording, and the "most replayed" curve viewers may
see (None when the settings, the organiser or too few views say no)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from chapters.audience import AudienceError, AudienceStore, Shape, shape_of
from chapters.audience.store import FILE_NAME
from chapters.model import Webinar

_KEY = "audience_store"


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
    """What the store knows of the webinar's recording; None without a duration."""
    return shape_of(webinar)


def public_curve(webinar: Webinar, bins: int = 100) -> tuple[float, ...] | None:
    """The "most replayed" curve for viewers, or None: collecting off, the organiser's setting
    off, fewer than AUDIENCE_PUBLIC_MIN_VIEWS views, no duration, or the file unusable (logged:
    a page never fails for it)."""
    config = current_app.config
    known = shape_of(webinar)
    if not config.get("AUDIENCE", True) or known is None:
        return None
    try:
        if not store().public_curve_enabled(webinar.id):
            return None
        return store().most_replayed(webinar.id, known, bins,
                                     min_views=int(config.get("AUDIENCE_PUBLIC_MIN_VIEWS", 50)))
    except AudienceError as error:
        current_app.logger.error("%s", error)
        return None
