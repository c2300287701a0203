"""Every template global, filter and context value, registered in one place.

It names helpers of every layer (site, content, organisers), so it sits at the top beside the
factory: a module of a lower layer registering its own globals would hide them from a reader
and let registration order matter.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from jinja2 import pass_context

from chapters import timecode
from chapters.wording import french_date
from player.content import cards
from player.content.catalogue import has_recording, thumbnail_urls
from player.content.downloads import downloads, recording_download
from player.content.podcast import feed_url
from player.content.search import search_index_urls
from player.content.slides import has_slides
from player.content.discussion import audience_questions, has_discussion
from player.content.transcripts import has_transcript
from player.organisers.auth import csrf_token, organiser_on_public_page
from player.site.assets import HTMX
from player.site.inline_style import STYLE
from player.site.links import safe_url, with_contact_links, with_email_links, with_links
from player.site.urls import absolute, media_base, media_url, moment_url

FILTERS = {
    "clock": timecode.to_clock,
    "compact": timecode.to_compact,
    "french_date": french_date,
    "host": lambda url: urlsplit(url).netloc or url,
}


@pass_context
def page_card(context):
    """The page's share card, for templates/partials/_meta.html."""
    return cards.page_card(context)


GLOBALS = {
    # links in the data's text, and addresses of this site
    "safe_url": safe_url,
    "with_email_links": with_email_links,
    "with_contact_links": with_contact_links,
    "with_links": with_links,
    "moment_url": moment_url,
    "media_url": media_url,
    "media_base": media_base,
    "absolute_url": absolute,
    # what the page holds and links to
    "thumbnail_urls": thumbnail_urls,
    "has_recording": has_recording,
    "has_transcript": has_transcript,
    "has_slides": has_slides,
    "has_discussion": has_discussion,
    "audience_questions": audience_questions,
    "downloads": downloads,
    "recording_download": recording_download,
    "podcast_feed": feed_url,
    "search_index_urls": search_index_urls,
    "page_card": page_card,
    # assets and the organisers' form token
    "htmx_path": HTMX,
    "inline_css": STYLE.css,
    "csrf_token": csrf_token,
    "organiser_on_public_page": organiser_on_public_page,
}


def _page_context() -> dict:
    if current_app.config.get("STATIC_EXPORT") and not current_app.config.get("PUBLIC_BASE_URL"):
        root = ""  # an export for no known address (copy.js completes it)
    else:
        root = request.host_url.rstrip("/")
    # the embeddable player renders watch.html with this flag (player/pages/share.py embed)
    return {"request_root": root, "compact": g.get("compact_player", False)}


def install(app: Flask) -> None:
    """Register every filter, global and context value on the app's templates."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.context_processor(_page_context)
