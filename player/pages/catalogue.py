"""The front door: ``/`` and ``/w/``.

``/`` plays the webinar the settings name (``DEFAULT_WEBINAR``, when set and readable), else the
only webinar there is; otherwise, and always at ``/w/``, it lists them all as cards, newest
first (player/content/catalogue.py ``all_webinars``). A webinar whose data file cannot be read is shown
as unavailable and logged; an empty data folder says so, and how to import one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, url_for

from chapters.model import Webinar
from player.media import card_images
from player.pages.player_page import watch_page
from player.content.catalogue import (
    get_webinar,
    Entry,
    all_webinars,
    home_webinar_id,
    webinar_folder,
)
from chapters.wording import duration_text, speaker_names
from player.content.cards import clip
from player.media.thumbnails import HEIGHT as THUMB_HEIGHT
from player.media.thumbnails import WIDTH as THUMB_WIDTH
from player.media.thumbnails import chapter_thumbnails
from chapters.wording import french_date
from player.site.urls import media_url

bp = Blueprint("catalogue", __name__)


@dataclass
class Picture:
    src: str
    width: int
    height: int


@dataclass
class Card:
    """What one card of the list shows; ``href`` None for a webinar that cannot be read."""

    id: str
    title: str = ""
    date: str = ""  # ISO, for <time datetime>
    date_text: str = ""
    duration: str = ""
    chapters: int = 0
    speakers: str = ""
    href: str | None = None
    picture: Picture | None = None


def picture_of(webinar: Webinar) -> Picture | None:
    """The webinar's share card when made (title and date over its first frame, crisp at any
    card size), else its first chapter's thumbnail, else None (the page draws a placeholder)."""
    folder = webinar_folder(webinar.id) / "media"
    name = card_images.card_name(None)
    if (folder / name).is_file():
        return Picture(media_url(webinar.id, name), card_images.WIDTH, card_images.HEIGHT)
    thumbs = chapter_thumbnails(webinar, folder)
    first = min(webinar.chapters, key=lambda c: c.start, default=None)
    if first is not None and first.id in thumbs:
        return Picture(media_url(webinar.id, thumbs[first.id]), THUMB_WIDTH, THUMB_HEIGHT)
    return None


def card_of(entry: Entry) -> Card:
    webinar = entry.webinar
    if webinar is None:
        return Card(id=entry.id)
    duration = webinar.duration
    if duration is None and webinar.chapters:  # no recording yet: the last chapter's end
        duration = max((webinar.chapter_end(c) or 0) for c in webinar.chapters) or None
    return Card(
        id=webinar.id,
        title=webinar.title,
        date=webinar.date,
        date_text=french_date(webinar.date),
        duration=duration_text(duration),
        chapters=len(webinar.chapters),
        speakers=speaker_names(webinar),
        href=url_for("watch.watch", wid=webinar.id),
        picture=picture_of(webinar),
    )


def _listing(entries: list[Entry], *, canonical: str) -> Response:
    cards = [card_of(e) for e in entries]
    readable = [c for c in cards if c.href]
    if readable:
        count = len(readable)
        latest = readable[0]
        description = (
            f"{count} webinaire{'s' if count > 1 else ''} enregistré{'s' if count > 1 else ''}, "
            f"chapitre par chapitre, du plus récent au plus ancien : « {latest.title} » "
            f"({latest.date_text})"
            + (", " + ", ".join(f"« {c.title} »" for c in readable[1:]) if count > 1 else "")
        )
    else:
        description = "Aucun webinaire n'est encore publié ici."
    meta = {"title": "Webinaires", "description": clip(description), "canonical": canonical}
    html = render_template("catalogue.html", cards=cards, readable=len(readable), meta=meta)
    return Response(html)


@bp.get("/")
def home():
    """The webinar the settings name, or the only one; else the list."""
    entries = all_webinars()
    wid = home_webinar_id(entries)
    if wid is not None:
        return watch_page(get_webinar(wid))
    return _listing(entries, canonical=url_for("catalogue.home"))


@bp.get("/w/")
def index():
    """Every webinar, always (the same list as ``/`` when ``/`` lists them)."""
    entries = all_webinars()
    # one address per content: /w/ names / as its canonical when / shows this same list
    home = home_webinar_id(entries) is None
    return _listing(entries, canonical=url_for("catalogue.home" if home else "catalogue.index"))
