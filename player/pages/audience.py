"""``POST /audience/beacon``: the watch page's beacons (what was played and opened), one address
for every webinar so a static export or an embed host can point at it.

The answer never tells whether the beacon was counted: 204 for every beacon in form (a bot, a
``Sec-GPC: 1`` or ``DNT: 1`` request, a connection past its limits, an unknown webinar, a
recording without a duration, collecting turned off, an unusable file are all the same), 400 in
French for a body not in form, 413 above 8 KB. No cookie is read or set, nothing is cached, the
address only counts beacons in memory (chapters/audience/rate.py). CORS only for the origins in
AUDIENCE_ALLOWED_ORIGINS."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from chapters.audience import AudienceError, Beacon, BeaconError, parse_beacon
from chapters.audience.beacon import MAX_BYTES
from chapters.audience.rate import BEACONS_PER_MINUTE, VIEWS_PER_HOUR, RateLimit
from chapters.store import StoreError
from player.content import audience
from player.content.catalogue import get_webinar

bp = Blueprint("beacon", __name__)

BOTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|preview|curl|wget|python-requests|"
    r"headlesschrome|httpclient|go-http-client|java/|libwww|scrapy|phantomjs|lighthouse|"
    r"externalhit|monitor|fetch", re.IGNORECASE)
TYPES = ("text/plain", "application/json", "")
_LIMIT_KEY = "audience_rate"


def beacon():
    """Read a beacon and count it when it may be (see the module)."""
    if request.method == "OPTIONS":
        return _cors(_plain(204))
    if (request.content_length or 0) > MAX_BYTES:
        return _plain(413, f"Balise trop grande : {MAX_BYTES} octets au plus.")
    if request.mimetype not in TYPES:
        return _plain(400, "Balise refusée : type de contenu text/plain ou application/json attendu.")
    raw = request.stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return _plain(413, f"Balise trop grande : {MAX_BYTES} octets au plus.")
    try:
        parsed = parse_beacon(raw)
    except BeaconError as error:
        text = str(error)
        return _plain(400, f"{text[:1].upper()}{text[1:]}.")
    _count(parsed)
    return _cors(_plain(204))


# the beacon carries no session, hence no CSRF token: it changes nothing but sums
beacon.csrf_exempt = True
bp.add_url_rule("/audience/beacon", view_func=beacon, methods=["POST", "OPTIONS"],
                provide_automatic_options=False)


def _count(parsed: Beacon) -> None:
    config = current_app.config
    headers = request.headers
    if not config.get("AUDIENCE", True):
        return
    if headers.get("Sec-GPC", "").strip() == "1" or headers.get("DNT", "").strip() == "1":
        return
    agent = headers.get("User-Agent", "")
    if not agent or BOTS.search(agent):
        return
    if not _limits().allow(request.remote_addr or "?", parsed.view, time.monotonic()):
        return
    try:
        webinar = get_webinar(parsed.webinar)
    except (HTTPException, StoreError):
        return  # unknown or unreadable: the same answer as any other
    shape = audience.shape(webinar)
    if shape is None:
        return
    try:
        audience.store().record(parsed, shape, day=datetime.now(timezone.utc).date(), now=time.time())
    except AudienceError as error:
        current_app.logger.error("%s", error)  # collecting never breaks a page


def _limits() -> RateLimit:
    found = current_app.extensions.get(_LIMIT_KEY)
    if found is None:
        rate = current_app.config.get("AUDIENCE_RATE") or {}
        found = current_app.extensions[_LIMIT_KEY] = RateLimit(
            int(rate.get("beacons_per_minute", BEACONS_PER_MINUTE)),
            int(rate.get("views_per_hour", VIEWS_PER_HOUR)))
    return found


def _plain(status: int, text: str = "") -> Response:
    response = Response(text + "\n" if text else b"", status=status,
                        mimetype="text/plain" if text else None)
    if not text:
        del response.headers["Content-Type"]
    response.headers["Cache-Control"] = "no-store"
    return response


def _cors(response: Response) -> Response:
    origin = request.headers.get("Origin")
    response.headers["Vary"] = "Origin"
    if origin and origin in (current_app.config.get("AUDIENCE_ALLOWED_ORIGINS") or ()):
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "POST"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response
