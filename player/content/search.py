"""The app's search index (chapters/search/ does the work) and, in the static export, the
addresses of the JSON indexes the pages search in the browser instead."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, url_for

from chapters.model import Webinar
from chapters.search import SearchIndex, default_index_name
from chapters.search.limits import BUDGET_SECONDS
from chapters.search.sources import indexed_messages, indexed_slides
from chapters.slides import Slide
from player.content.catalogue import listed_ids, webinar_folder


def search_index() -> SearchIndex:
    """The app's index: ``SEARCH_INDEX`` if set, else a file in the instance folder."""
    app = current_app
    index = app.extensions.get("search_index")
    if index is None:
        root = Path(app.config["WEBINARS_DIR"])
        path = app.config.get("SEARCH_INDEX") or Path(app.instance_path) / default_index_name(root)
        # SEARCH_SECONDS: SQLite time one search may take (0: no budget)
        budget = app.config.get("SEARCH_SECONDS", BUDGET_SECONDS) or None
        index = app.extensions["search_index"] = SearchIndex(path, root, budget)
    return index


def searched_messages(webinar: Webinar) -> tuple:
    """The audience's messages as the index has them (hidden ones are left out by the rows)."""
    return indexed_messages(webinar_folder(webinar.id))


def searched_slides(webinar: Webinar) -> tuple[Slide, ...]:
    """The slides of the webinar's recording as the index has them (none when the slides file
    is missing or broken: the search then holds the programme and the transcript)."""
    return indexed_slides(webinar_folder(webinar.id), webinar)[0]


def search_index_urls(webinar: Webinar | None) -> str:
    """The search indexes a page searches in the browser, space-separated: set only in the
    static export (``STATIC_EXPORT``), where no server answers ``/recherche?q=``. One webinar's,
    or every webinar's for the search across them."""
    if not current_app.config.get("STATIC_EXPORT"):
        return ""
    if webinar is not None:
        ids = [webinar.id]
    else:
        ids = listed_ids(Path(current_app.config["WEBINARS_DIR"]))
    return " ".join(url_for("fragments.search_index", wid=wid) for wid in ids)
