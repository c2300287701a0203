"""The podcast feeds: ``/w/<id>/podcast.xml`` (one webinar's episode) and ``/podcast.xml``
(every listed webinar with an audio edition, newest first). What they say is
player/content/podcast.py; a webinar without an audio edition has no feed (a French 404 page),
never an item without its audio."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from player.content.catalogue import get_webinar
from player.content.podcast import episode_channel, site_channel
from player.content.podcast_xml import MIMETYPE, to_rss
from player.site.headers import shared_with_any_origin

bp = Blueprint("podcast", __name__)

NO_EDITION = (
    "Ce webinaire n'a pas d'édition audio : pas de podcast. Elle est faite pour un "
    "enregistrement hébergé par ce site, pas pour une vidéo lue depuis un autre site."
)
NO_EPISODE = "Aucun webinaire n'a encore d'édition audio : le podcast n'a pas d'épisode."


def _feed(channel) -> Response:
    response = Response(to_rss(channel), mimetype=MIMETYPE)
    response.headers["Content-Type"] = f"{MIMETYPE}; charset=utf-8"
    return shared_with_any_origin(response)


@bp.get("/w/<wid>/podcast.xml")
def episode_feed(wid: str):
    channel = episode_channel(get_webinar(wid))
    if channel is None:
        abort(404, NO_EDITION)
    return _feed(channel)


@bp.get("/podcast.xml")
def site_feed():
    channel = site_channel()
    if channel is None:
        abort(404, NO_EPISODE)
    return _feed(channel)
