"""The application factory: settings, then each area's blueprints, hooks and commands.

``app.py`` at the top of the tree hands ``create_app`` on, for ``flask --app app`` and gunicorn."""

from __future__ import annotations

import os

from flask import Flask

from player import templating
from player.cli import audio as cli_audio
from player.cli import cards as cli_cards
from player.cli import cleanup as cli_cleanup
from player.cli import discussion as cli_discussion
from player.cli import common as cli_common
from player.cli import drift as cli_drift
from player.cli import export as cli_export
from player.cli import organisers as cli_organisers
from player.cli import programme as cli_programme
from player.cli import recording as cli_recording
from player.cli import search as cli_search
from player.cli import slides as cli_slides
from player.content import leftovers
from player.content.handouts import IMPORT_SECONDS
from player.organisers import audience as dashboard, auth, discussion, editor, upload
from player.pages import (audience, catalogue, discussion as chat_pages, fragments, podcast, privacy, search,
                          share, slides, transcript, watch)
from player.paths import ROOT, STATIC, TEMPLATES, WEBINARS
from player.site import assets, delivery, errors, headers, page_cache



def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app. Settings, each overriding the one before: the defaults below, the
    instance folder's ``config.py``, ``PLAYER_*`` environment variables (``PLAYER_WEBINARS_DIR``,
    ``PLAYER_DEFAULT_WEBINAR``, ``PLAYER_PUBLIC_BASE_URL``, ``PLAYER_PROXY_FIX``...), then
    ``test_config`` (tests point WEBINARS_DIR elsewhere). The instance folder (settings, search
    index, organisers' accounts) is ``instance_path``, else ``PLAYER_INSTANCE_PATH``, else
    ``instance/`` beside this file."""
    instance_path = instance_path or os.environ.get("PLAYER_INSTANCE_PATH") or None
    # static files are served by player/site/assets.py, under a versioned path
    # named "app" and rooted at the project's folder, as when this lived in app.py: templates/,
    # instance/ and the logger's name are where they were
    app = Flask(
        "app", root_path=str(ROOT), template_folder=str(TEMPLATES),
        instance_relative_config=True, instance_path=instance_path, static_folder=None,
    )
    app.config.from_mapping(
        WEBINARS_DIR=str(WEBINARS),
        # The video sites' player APIs, loaded only after the viewer agrees to the embed.
        # PeerTube's (AGPL) is not shipped: put its build/player.min.js at this path to use it.
        EMBED_API_SCRIPTS={
            "youtube": "https://www.youtube.com/iframe_api",
            "vimeo": "https://player.vimeo.com/api/player.js",
            "peertube": "/static/vendor/peertube-embed-api.min.js",
        },
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PLAYER")
    if test_config is not None:
        app.config.from_mapping(test_config)
    # "/" plays DEFAULT_WEBINAR only when the settings name it, else the only webinar or the list
    # (player/content/catalogue.py home_webinar_id); the commands default to the built-in one either way
    # (kept when given: an app made from another's settings, as the export's, says what it said)
    app.config.setdefault("DEFAULT_WEBINAR_CHOSEN", "DEFAULT_WEBINAR" in app.config)
    app.config.setdefault("DEFAULT_WEBINAR", "2021-05-04")
    # a handout's import runs in a child process stopped after this many seconds
    app.config.setdefault("IMPORT_SECONDS", IMPORT_SECONDS)
    # the audience measurement (README, "Mesure d'audience"): collect at all; days kept; the
    # address the static export and the embed send to (unset: they send nothing); the origins
    # allowed to send (CORS); views before viewers see "most replayed"; per connection limits
    app.config.setdefault("AUDIENCE", True)
    app.config.setdefault("AUDIENCE_RETENTION_DAYS", 400)
    app.config.setdefault("AUDIENCE_COLLECT_URL", None)
    app.config.setdefault("AUDIENCE_ALLOWED_ORIGINS", [])
    app.config.setdefault("AUDIENCE_PUBLIC_MIN_VIEWS", 50)
    app.config.setdefault("AUDIENCE_RATE", {"beacons_per_minute": 30, "views_per_hour": 10})
    leftovers.install(app)  # temporary files a killed process left, over an hour old, removed

    # the order matters: the page cache's after_request handler must run last, on the finished
    # answer, and sign-in's before delivery's (see each install)
    page_cache.install(app)  # pages answered again from memory until their files change
    errors.install(app)  # error pages in French
    headers.install(app)  # security headers, CSP
    templating.install(app)  # every template global and filter
    auth.install(app)  # organisers' sign-in, session, CSRF
    assets.install(app, STATIC)  # static files: versioned, a year in caches, precompressed
    delivery.install(app)  # revalidation (ETag, 304) and gzip of text
    for blueprint in (
        watch.bp,  # the watch page and the pages around it
        transcript.bp,  # the transcript and the downloads
        slides.bp,  # the recording's slides: their page, the tab, the deck as a PDF
        chat_pages.bp,  # /w/<id>/discussion: the audience's chat, page and tab
        audience.bp,  # POST /audience/beacon: what viewers played and opened, as sums
        privacy.bp,  # /mesure-d-audience: what the audience measure counts, for viewers
        search.bp,  # search in one webinar and across all of them
        share.bp,  # share cards, the embeddable player and oEmbed
        fragments.bp,  # fragments at .html addresses, the search index as JSON
        podcast.bp,  # /podcast.xml and /w/<id>/podcast.xml: the audio editions as podcasts
        editor.bp,  # organisers: /w/<id>/modifier, the editor in the browser
        upload.bp,  # organisers: /nouveau (a handout) and /w/<id>/enregistrement
        discussion.bp,  # organisers: /w/<id>/discussion/… (the audience's chat imported, reviewed)
        dashboard.bp,  # organisers: /w/<id>/audience, what the audience watched (charts, CSV)
        catalogue.bp,  # / and /w/: the list of webinars (or the only one)
    ):
        app.register_blueprint(blueprint)
    for commands in (cli_programme, cli_recording, cli_drift, cli_search, cli_cards, cli_export,
                     cli_organisers, cli_cleanup, cli_discussion, cli_slides, cli_audio):
        commands.init_app(app)
    cli_common.french_cli(app)  # flask's own words, where it asks the app before printing them
    # the static export builds an app of its own with these settings (player/cli/export.py)
    app.extensions["app_factory"] = create_app
    # outermost, so the page cache's middleware sees the client's scheme and host
    _trust_proxy(app, app.config.get("PROXY_FIX"))
    return app


def _trust_proxy(app: Flask, setting) -> None:
    """Believe X-Forwarded-For/-Proto/-Host only behind a proxy the settings name: PROXY_FIX is
    the number of proxies in front (``PLAYER_PROXY_FIX=1``) or a mapping such as
    ``{"x_for": 1, "x_proto": 1, "x_host": 0}``; unset, 0 or false, the headers are ignored."""
    if not setting:
        return
    from werkzeug.middleware.proxy_fix import ProxyFix

    if isinstance(setting, dict):
        counts = {key: int(setting.get(key, 0)) for key in ("x_for", "x_proto", "x_host")}
    else:
        hops = 1 if setting is True else int(setting)
        counts = {"x_for": hops, "x_proto": hops, "x_host": hops}
    app.wsgi_app = ProxyFix(app.wsgi_app, **counts)
