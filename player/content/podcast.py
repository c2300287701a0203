"""What the podcast feeds say: a webinar with an audio edition as an episode, and the channels
(``/w/<id>/podcast.xml``, one episode; ``/podcast.xml``, every listed webinar with an edition).

A webinar is an episode only when its audio edition (``chapters/audio_edition.py``) was made
from the recording now in place: an embedded or linked recording, or an edition gone stale, is
no episode at all, never an item without an enclosure. Every address is absolute (``cards``);
a static export for no known address (no ``--base-url``) offers no feed. The XML itself is
written by ``player/content/podcast_xml.py``.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from flask import current_app, g, has_request_context, url_for
from markupsafe import Markup

from chapters import exports
from chapters.audio_edition import AUDIO_DIR, AUDIO_FILE, COVER_FILE, Edition, EditionError
from chapters.audio_edition import audio_folder, of_recording, read_edition
from chapters.model import Speaker, Webinar, fold
from chapters.soundbites import Soundbite, soundbites
from chapters.timecode import to_hms
from chapters.wording import french_date
from player.content.cards import SITE_NAME, clip, held_at
from player.content.catalogue import all_webinars, webinar_folder
from player.content.discussion import audience_questions
from player.content.downloads import CHAPTER_FILES, TRANSCRIPT_FILES, download_url
from player.content.transcripts import has_transcript
from player.site.urls import absolute, base_url, media_url, moment_url

__all__ = ["Person", "Episode", "Channel", "edition_of", "feed_url", "site_feed_url", "episode",
           "episode_channel", "site_channel", "episode_guid", "CATEGORY"]

log = logging.getLogger(__name__)

# Apple's category list has no "social economy": a network of non-profit employers and
# integration enterprises is closest to Business › Non-Profit (settings may say otherwise).
CATEGORY = ("Business", "Non-Profit")
# The episodes' guids are UUIDv5 names in this project's namespace, made
# from the webinar's id and the PODCAST_GUID_SEED setting, never from an address, so that
# moving the site or exporting it elsewhere never makes apps download an episode again.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:webinar-companion:podcast-episode")
NAME_MAX = 128  # characters of a podcast:person (the namespace's limit)
SITE_DESCRIPTION = "Des webinaires enregistrés, chapitre par chapitre, à écouter."


@dataclass(frozen=True)
class Person:
    name: str  # "Dominique Dasso (GRAFIE)": the tag holds no other text
    role: str  # Podcasting 2.0 taxonomy, group "cast": "host" or "guest"
    href: str  # the speaker's page on this site


@dataclass
class Episode:
    webinar: Webinar
    edition: Edition
    guid: str
    published: datetime.datetime
    link: str  # the watch page
    audio: str  # the enclosure's address
    image: str  # the square cover
    description: str  # plain text, the chapters one a line
    html: Markup  # the same for content:encoded, with links to each moment
    chapters: str | None  # the Podcasting 2.0 JSON chapters' address
    transcripts: list[tuple[str, str]] = field(default_factory=list)  # (address, type)
    persons: list[Person] = field(default_factory=list)
    soundbites: list[Soundbite] = field(default_factory=list)


@dataclass
class Channel:
    title: str
    link: str
    description: str
    author: str
    self_url: str  # the feed's own address (atom:link rel="self")
    image: str
    owner_name: str
    owner_email: str | None  # PODCAST_OWNER_EMAIL; None: no itunes:owner at all
    category: tuple[str, str | None]
    episodes: list[Episode]


def edition_of(webinar: Webinar) -> Edition | None:
    """The webinar's audio edition when it matches the recording in place and has its cover;
    None otherwise (a broken edition file is logged, never shown to listeners)."""
    media = webinar_folder(webinar.id) / "media"
    try:
        edition = of_recording(read_edition(media), media, webinar.recording.file_name)
    except EditionError as error:
        log.warning("%s", error)
        return None
    if edition is not None and not (audio_folder(media) / COVER_FILE).is_file():
        log.warning("%s : couverture absente, pas d'épisode", audio_folder(media) / COVER_FILE)
        return None
    return edition


def feeds_offered() -> bool:
    """Feeds need absolute addresses: a static export with no base address has none."""
    return bool(base_url())


def feed_url(webinar: Webinar) -> str | None:
    """The absolute address of the webinar's one-episode feed; None without an edition.

    Kept for the request: the watch page asks twice (its head's alternate link, its menu), and
    the answer reads the edition's files."""
    # per request only: a command's app context lives on while editions are made
    known = g.setdefault("podcast_feed_urls", {}) if has_request_context() else {}
    if webinar.id not in known:
        offered = feeds_offered() and edition_of(webinar) is not None
        known[webinar.id] = absolute(url_for("podcast.episode_feed", wid=webinar.id)) if offered else None
    return known[webinar.id]


def site_feed_url() -> str:
    return absolute(url_for("podcast.site_feed"))


def episode_guid(wid: str) -> str:
    """The episode's guid: the same wherever the site is served from."""
    seed = str(current_app.config.get("PODCAST_GUID_SEED") or "")
    return str(uuid.uuid5(GUID_NAMESPACE, f"{seed}/{wid}"))


def _persons(webinar: Webinar) -> list[Person]:
    """Each speaker, in order of appearance: those of the organiser's own organisation host it
    (they open and chair it), the others are its guests."""
    seen: list[Speaker] = []
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        seen += [s for s in webinar.speakers_of(chapter) if s not in seen]
    seen += [s for s in webinar.speakers if s not in seen]
    host = fold(webinar.organiser) if webinar.organiser else None
    return [
        Person(
            name=clip(f"{s.name} ({s.organisation})" if s.organisation else s.name, NAME_MAX),
            role="host" if host and fold(s.organisation) == host else "guest",
            href=absolute(url_for("watch.speaker", wid=webinar.id, sid=s.id)),
        )
        for s in seen
    ]


def _lines(webinar: Webinar) -> list[tuple[float, str]]:
    out = []
    for chapter in sorted(webinar.chapters, key=lambda c: c.start):
        names = ", ".join(s.name for s in webinar.speakers_of(chapter))
        out.append((chapter.start, f"{chapter.title} — {names}" if names else chapter.title))
    return out


def _introduction(webinar: Webinar) -> str:
    by = f" organisé par {webinar.organiser}" if webinar.organiser else ""
    return f"Webinaire du {french_date(webinar.date)}{by} : {webinar.title}."


WATCH_IT = "avec la transcription et les ressources"


def _description(webinar: Webinar) -> str:
    """Plain text: the webinar, its chapters one a line (``HH:MM:SS Titre — Intervenant``, which
    apps turn into links), the watch page."""
    text = _introduction(webinar)
    lines = _lines(webinar)
    if lines:
        text += "\n\nChapitres :\n" + "\n".join(f"{to_hms(at)} {what}" for at, what in lines)
    watch = absolute(url_for("watch.watch", wid=webinar.id))
    return text + f"\n\nÀ regarder, {WATCH_IT} : {watch}"


def _html(webinar: Webinar) -> Markup:
    """The description as HTML (content:encoded): each chapter's time a link to its moment."""
    item = Markup('<li><a href="{}">{}</a> {}</li>')
    items = Markup("").join(
        item.format(absolute(moment_url(webinar.id, at)), to_hms(at), what) for at, what in _lines(webinar)
    )
    html = Markup("<p>{}</p>").format(_introduction(webinar))
    if items:
        html += Markup("<p>Chapitres :</p><ol>") + items + Markup("</ol>")
    watch = absolute(url_for("watch.watch", wid=webinar.id))
    return html + Markup('<p><a href="{}">Regarder le webinaire</a>, {}.</p>').format(watch, WATCH_IT)


def _chapters_url(webinar: Webinar) -> str | None:
    item = next(f for f in CHAPTER_FILES if f.fmt == "json")
    try:
        exports.FORMATS[item.fmt](webinar)
    except ValueError:  # chapters that format cannot hold: the menu says why, the feed names none
        return None
    return absolute(download_url(webinar, item, "chapters"))


def episode(webinar: Webinar) -> Episode | None:
    """The webinar as a podcast episode; None when it has no audio edition."""
    edition = edition_of(webinar)
    if edition is None or not feeds_offered():
        return None
    transcripts = []
    if has_transcript(webinar):
        transcripts = [(absolute(download_url(webinar, item, "transcript")), item.mimetype)
                       for item in TRANSCRIPT_FILES if item.fmt in ("vtt", "srt")]
    questions = audience_questions(webinar)
    return Episode(
        webinar=webinar,
        edition=edition,
        guid=episode_guid(webinar.id),
        published=held_at(webinar.date),
        link=absolute(url_for("watch.watch", wid=webinar.id)),
        audio=absolute(media_url(webinar.id, f"{AUDIO_DIR}/{AUDIO_FILE}")),
        image=absolute(media_url(webinar.id, f"{AUDIO_DIR}/{COVER_FILE}")),
        description=_description(webinar),
        html=_html(webinar),
        chapters=_chapters_url(webinar),
        transcripts=transcripts,
        persons=_persons(webinar),
        soundbites=soundbites(questions, edition.duration, [c.start for c in webinar.chapters]),
    )


def _setting(name: str, default: str) -> str:
    return str(current_app.config.get(name) or default)


def _channel(title: str, link: str, description: str, author: str, self_url: str,
             episodes: list[Episode]) -> Channel:
    config = current_app.config
    category = config.get("PODCAST_CATEGORY") or CATEGORY
    if isinstance(category, str):
        category = (category, None)
    return Channel(
        title=title, link=link, description=description, author=author, self_url=self_url,
        image=episodes[0].image,  # the newest episode's cover: the site has no other square one
        owner_name=_setting("PODCAST_OWNER_NAME", author),
        owner_email=config.get("PODCAST_OWNER_EMAIL") or None,
        category=(category[0], category[1] if len(category) > 1 else None),
        episodes=episodes,
    )


def episode_channel(webinar: Webinar) -> Channel | None:
    """The one-episode feed of a webinar; None without an audio edition."""
    item = episode(webinar)
    if item is None:
        return None
    site = _setting("SITE_NAME", SITE_NAME)
    return _channel(
        title=webinar.title, link=item.link, description=_introduction(webinar),
        author=_setting("PODCAST_AUTHOR", webinar.organiser or site),
        self_url=absolute(url_for("podcast.episode_feed", wid=webinar.id)), episodes=[item],
    )


def site_channel() -> Channel | None:
    """Every listed webinar with an audio edition, newest first; None when none has one."""
    items = [e for entry in all_webinars() if entry.webinar and (e := episode(entry.webinar))]
    if not items:
        return None
    site = _setting("SITE_NAME", SITE_NAME)
    return _channel(
        title=_setting("PODCAST_TITLE", site), link=absolute(url_for("catalogue.index")),
        description=_setting("PODCAST_DESCRIPTION", SITE_DESCRIPTION),
        author=_setting("PODCAST_AUTHOR", site), self_url=site_feed_url(), episodes=items,
    )
