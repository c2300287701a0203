"""What viewers' pages hold of the audience measure: the address a page's beacons go to (or none),
and what is given back once a webinar has enough views: the "most replayed" curve as an SVG path
and the chapters most watched (marked "les plus regardés" in the chapter list)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timezone

from flask import current_app, url_for

from chapters.audience import AudienceError
from chapters.bounded import BoundedCache
from chapters.model import Webinar
from player.content import audience
from player.site.urls import origin_of

TOP_CHAPTERS = 3  # chapters marked "les plus regardés"
CURVE_HEIGHT = 20  # the curve's viewBox is 0 0 <bins> CURVE_HEIGHT
_tops = BoundedCache(256, name="audience: most watched chapters")


@dataclass(frozen=True)
class ViewerMarks:
    """The curve's path (viewBox ``0 0 bins CURVE_HEIGHT``, or None) and the ids of the chapters
    most watched (empty below the threshold)."""

    path: str | None = None
    bins: int = 0
    top: frozenset[str] = frozenset()


def collect_url(*, compact: bool) -> str | None:
    """Where this page's beacons go: the app's own ``/audience/beacon`` on the watch page;
    in the embeddable player and the static export only AUDIENCE_COLLECT_URL; None when
    collecting is off (the page then does not load audience.js at all)."""
    config = current_app.config
    if not config.get("AUDIENCE", True):
        return None
    if compact or config.get("STATIC_EXPORT"):
        url = str(config.get("AUDIENCE_COLLECT_URL") or "")
        # an address of this site ("/audience/beacon") or a plain http(s) one, nothing else
        return url if (url.startswith("/") and not url.startswith("//")) or origin_of(url) else None
    return url_for("beacon.beacon")


def curve_path(values: tuple[float, ...]) -> str:
    """A closed area under ``values`` (each in [0, 1], one per unit of x), its base at the
    bottom of a ``CURVE_HEIGHT`` high box: what the template draws over the timeline."""
    points = " ".join(f"L{i + 0.5:g} {CURVE_HEIGHT - v * CURVE_HEIGHT:.1f}" for i, v in enumerate(values))
    return f"M0 {CURVE_HEIGHT} {points} L{len(values)} {CURVE_HEIGHT}Z"


def viewer_marks(webinar: Webinar, bins: int = 100) -> ViewerMarks:
    """What the watch page shows viewers of the audience: nothing below the settings' threshold
    or when the organiser turned it off (player.content.audience.public_curve says which)."""
    curve = audience.public_curve(webinar, bins)
    if not curve:
        return ViewerMarks()
    return ViewerMarks(curve_path(curve), len(curve), _top_chapters(webinar))


def _top_chapters(webinar: Webinar) -> frozenset[str]:
    """The TOP_CHAPTERS chapters watched to 80 % by the most views over every day kept (kept
    CURVE_SECONDS, as the curve is: a report over a year costs milliseconds)."""
    shape = audience.shape(webinar)
    key = (current_app.instance_path, webinar.id, shape)
    kept = _tops.get(key)
    if kept is not None and time.monotonic() - kept[0] < audience.CURVE_SECONDS:
        return kept[1]
    today = datetime.now(timezone.utc).date()
    days = int(current_app.config.get("AUDIENCE_RETENTION_DAYS", 400))
    try:
        report = audience.store().report(webinar.id, date.fromordinal(today.toordinal() - days), today, shape)
    except AudienceError as error:
        current_app.logger.error("%s", error)
        return frozenset()
    ranked = sorted((c for c in report.chapters if c.watched > 0), key=lambda c: -c.watched)
    top = frozenset(c.id for c in ranked[:TOP_CHAPTERS])
    _tops.put(key, (time.monotonic(), top))
    return top
