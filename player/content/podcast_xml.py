"""A podcast channel (player/content/podcast.py) written as RSS 2.0 with the iTunes, Podcasting
2.0, Atom and content namespaces. ElementTree builds it, so every text and attribute taken from
the data is escaped by the writer, never by hand."""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET

from chapters.audio_edition import AUDIO_TYPE
from chapters.timecode import to_number
from player.content.podcast import Channel, Episode

NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
MIMETYPE = "application/rss+xml"
LANGUAGE = "fr"
GENERATOR = "Lecteur compagnon de webinaire"


def _tag(name: str) -> str:
    """``itunes:author`` -> ``{http://www.itunes.com/dtds/podcast-1.0.dtd}author``."""
    prefix, _, local = name.rpartition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if prefix else name


def _add(parent: ET.Element, name: str, value: str | None = None, /, **attrs: str) -> ET.Element:
    """A child element: ``value`` its text, ``attrs`` its attributes (``text`` one of them)."""
    element = ET.SubElement(parent, _tag(name), attrs)
    if value is not None:
        element.text = value
    return element


def _number(seconds: float) -> str:
    return str(to_number(seconds, 3))


def _item(channel: ET.Element, episode: Episode) -> None:
    item = _add(channel, "item")
    _add(item, "title", episode.webinar.title)
    _add(item, "guid", episode.guid, isPermaLink="false")
    _add(item, "pubDate", email.utils.format_datetime(episode.published))
    _add(item, "link", episode.link)
    _add(item, "description", episode.description)
    _add(item, "content:encoded", str(episode.html))
    _add(item, "enclosure", url=episode.audio, length=str(episode.edition.size), type=AUDIO_TYPE)
    _add(item, "itunes:duration", str(int(round(episode.edition.duration))))
    _add(item, "itunes:image", href=episode.image)
    _add(item, "itunes:explicit", "false")
    _add(item, "itunes:episodeType", "full")
    if episode.chapters:
        _add(item, "podcast:chapters", url=episode.chapters, type="application/json+chapters")
    for url, mimetype in episode.transcripts:
        _add(item, "podcast:transcript", url=url, type=mimetype, language=LANGUAGE, rel="captions")
    for person in episode.persons:
        _add(item, "podcast:person", person.name, role=person.role, group="cast", href=person.href)
    for bite in episode.soundbites:
        _add(item, "podcast:soundbite", bite.title,
             startTime=_number(bite.start), duration=_number(bite.duration))


def to_rss(channel: Channel) -> bytes:
    """The feed as UTF-8 XML, with its declaration."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    rss = ET.Element("rss", {"version": "2.0"})
    head = _add(rss, "channel")
    _add(head, "atom:link", href=channel.self_url, rel="self", type=MIMETYPE)
    _add(head, "title", channel.title)
    _add(head, "link", channel.link)
    _add(head, "language", LANGUAGE)
    _add(head, "description", channel.description)
    _add(head, "generator", GENERATOR)
    _add(head, "itunes:author", channel.author)
    if channel.owner_email:  # Apple and Spotify write to it to check who owns the feed
        owner = _add(head, "itunes:owner")
        _add(owner, "itunes:name", channel.owner_name)
        _add(owner, "itunes:email", channel.owner_email)
    _add(head, "itunes:image", href=channel.image)
    image = _add(head, "image")
    _add(image, "url", channel.image)
    _add(image, "title", channel.title)
    _add(image, "link", channel.link)
    main, sub = channel.category
    category = _add(head, "itunes:category", text=main)
    if sub:
        _add(category, "itunes:category", text=sub)
    _add(head, "itunes:explicit", "false")
    _add(head, "itunes:type", "episodic")
    for episode in channel.episodes:
        _item(head, episode)
    ET.indent(rss)  # an organiser opening the feed reads it; a few hundred bytes before gzip
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
