"""Sharing outside the site: card pictures, the embeddable player and its oEmbed answer.

- ``/w/<id>/carte.jpg``, ``/w/<id>/chapitres/<cid>/carte.jpg``: the share cards made by the
  recording commands (player/media/card_images.py), or the generic card while there is none.
- ``/w/<id>/integrer``: the watch page, compact (no site header or footer), the only page other
  origins may frame.
- ``/oembed?url=…&format=json``: the iframe of the embeddable player for any page address of
  this site, starting where that address starts.
"""

from __future__ import annotations

import json
import math
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Blueprint, Response, current_app, g, request, send_file, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from chapters import timecode
from chapters.model import Chapter, Webinar
from chapters.store import StoreError
from player.site import media_files
from player.site.urls import absolute, base_url, route_path
from player.media import card_images
from player.content import cards
from player.pages.player_page import embed_of, found, page_csp, watch_page
from player.content.catalogue import get_webinar, home_webinar_id, webinar_folder

bp = Blueprint("share", __name__)

FRAME_WIDTH, FRAME_HEIGHT = 800, 450  # 16:9, the iframe's size when the consumer sets no limit
# Addresses of files, not pages: nothing to embed.
NOT_PAGES = {"watch.media_file", "watch.chapters_track", "share.webinar_card", "share.chapter_card"}


# --- card pictures ------------------------------------------------------------------------


def _card(wid: str, chapter: Chapter | None) -> Response:
    folder = webinar_folder(wid) / "media"
    name = card_images.card_name(chapter)
    if (folder / name).is_file():
        return media_files.send_media(folder, name)
    # embedded or linked recording, or cards not made yet: og:image still shows a picture
    return send_file(card_images.DEFAULT_CARD, mimetype="image/jpeg", conditional=True)


@bp.get("/w/<wid>/carte.jpg")
def webinar_card(wid: str):
    get_webinar(wid)  # 404 for an unknown webinar
    return _card(wid, None)


@bp.get("/w/<wid>/chapitres/<cid>/carte.jpg")
def chapter_card(wid: str, cid: str):
    webinar = get_webinar(wid)
    chapter = found(webinar.chapter(cid), f"Aucun chapitre « {cid} »")
    return _card(wid, chapter)


# --- the embeddable player ----------------------------------------------------------------


@bp.get("/w/<wid>/integrer")
def embed(wid: str):
    """The watch page for an <iframe> on another site: same modules, compact layout."""
    webinar = get_webinar(wid)
    g.compact_player = True
    # the watch page's own rendering, so the embed keeps every panel and module it gains
    response = watch_page(webinar)
    response.headers["Content-Security-Policy"] = page_csp(
        webinar, embed_of(webinar), framed=True
    )
    return response


# --- oEmbed -------------------------------------------------------------------------------


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _json(data: dict, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def _size(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) <= 0:
        raise OEmbedError(400, f"{name} « {raw} » invalide : un nombre entier de pixels est attendu.")
    return int(raw)


def frame_size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The iframe's size: FRAME_WIDTH x FRAME_HEIGHT, shrunk in 16:9 to fit the limits."""
    width, height = FRAME_WIDTH, FRAME_HEIGHT
    if maxwidth is not None and maxwidth < width:
        width, height = maxwidth, math.floor(maxwidth * 9 / 16)
    if maxheight is not None and maxheight < height:
        width, height = math.floor(maxheight * 16 / 9), maxheight
    return max(width, 1), max(height, 1)


def _our_hosts() -> set[str]:
    hosts = {request.host.lower(), urlsplit(base_url()).netloc.lower()}
    return {h for h in hosts if h}


def _time_of(parts) -> str | None:
    """The ``t`` of the address (query, else media fragment) as a compact start[,end]."""
    raw = (parse_qs(parts.query).get("t") or [None])[0]
    if not raw:
        # a media fragment, read as W3C Media Fragments 1.0 says: an invalid one is ignored
        span = timecode.media_fragment(parts.fragment)
        return timecode.link_span(*span) if span else None
    try:
        start, end = timecode.parse_range(raw)
    except timecode.TimecodeError:
        return None  # the page itself would start at 0: so does the iframe
    return timecode.link_span(start, end)


def _resolve(url: str) -> tuple[Webinar, Chapter | None, str | None]:
    """The webinar, chapter and start time an address of this site shows; OEmbedError else."""
    unknown = f"Adresse inconnue : {url} n'est pas une page de ce site."
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in _our_hosts():
        raise OEmbedError(404, unknown)
    path = route_path(url.strip())  # a site hosted under a path: that path taken off
    if path is None:
        raise OEmbedError(404, unknown)
    try:
        endpoint, args = current_app.url_map.bind(parts.netloc).match(path, "GET")
    except (HTTPException, RequestRedirect):
        raise OEmbedError(404, unknown) from None
    if endpoint == "catalogue.home":  # "/" is a webinar's page, or the list of them (no embed)
        home = home_webinar_id()
        args = {"wid": home} if home else {}
    if "wid" not in args or endpoint in NOT_PAGES:
        raise OEmbedError(404, unknown)
    wid = args["wid"]
    try:
        webinar = get_webinar(wid)
    except HTTPException:
        raise OEmbedError(404, f"Aucun webinaire « {wid} » sur ce site.") from None
    except StoreError as error:
        raise OEmbedError(503, f"Données du webinaire illisibles : {error}") from None

    chapter = None
    start = _time_of(parts)
    if endpoint == "watch.chapter":
        chapter = webinar.chapter(args["cid"])
        if chapter is None:
            raise OEmbedError(404, f"Aucun chapitre « {args['cid']} » dans ce webinaire.")
    elif endpoint == "watch.speaker":
        if webinar.speaker(args["sid"]) is None:
            raise OEmbedError(404, f"Aucun intervenant « {args['sid']} » dans ce webinaire.")
        segments = webinar.chapters_of(args["sid"])
        chapter = segments[0] if segments else None  # the player opens on their segment
    elif endpoint == "watch.question":
        question = webinar.question(args["qid"])
        if question is None:
            raise OEmbedError(404, f"Aucune question « {args['qid']} » dans ce webinaire.")
        chapter = webinar.chapter(question.chapter) if question.chapter else None
    if start is None and chapter is not None:
        start = timecode.link_span(chapter.start, webinar.chapter_end(chapter), within=True)
    return webinar, chapter, start


@bp.get("/oembed")
def oembed():
    """oEmbed 1.0 (https://oembed.com): type video, the embeddable player as an iframe."""
    try:
        if request.args.get("format", "json") != "json":
            raise OEmbedError(501, "Seul le format json est proposé (format=json).")
        url = request.args.get("url", "")
        if not url.strip():
            raise OEmbedError(400, "Paramètre « url » manquant : l'adresse d'une page de ce site.")
        maxwidth, maxheight = _size("maxwidth"), _size("maxheight")
        webinar, chapter, start = _resolve(url)
    except OEmbedError as error:
        return _json({"error": error.message}, error.status)

    width, height = frame_size(maxwidth, maxheight)
    src = absolute(url_for("share.embed", wid=webinar.id))
    if start:
        src += "?" + urlencode({"t": start}).replace("%2C", ",")
    title = cards.chapter_heading(webinar, chapter) if chapter else webinar.title
    html = (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" '
        f'title="{escape("Lecteur vidéo : " + title)}" '
        'allow="fullscreen; picture-in-picture" loading="lazy"></iframe>'
    )
    data = {
        "version": "1.0",
        "type": "video",
        "provider_name": current_app.config.get("SITE_NAME", cards.SITE_NAME),
        "provider_url": base_url() + "/",
        "title": title,
    }
    if webinar.organiser:
        data["author_name"] = webinar.organiser
    data.update(
        html=html,
        width=width,
        height=height,
        thumbnail_url=cards.card_url(webinar, chapter),
        thumbnail_width=card_images.WIDTH,
        thumbnail_height=card_images.HEIGHT,
        cache_age=3600,
    )
    return _json(data)
