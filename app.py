"""Application factory: ``flask --app app run``."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app. Settings, each overriding the one before: the defaults below, the
    instance folder's ``config.py``, ``PLAYER_*`` environment variables (``PLAYER_WEBINARS_DIR``,
    ``PLAYER_DEFAULT_WEBINAR``, ``PLAYER_PUBLIC_BASE_URL``, ``PLAYER_PROXY_FIX``...), then
    ``test_config`` (tests point WEBINARS_DIR elsewhere). The instance folder (settings, search
    index, organisers' accounts) is ``instance_path``, else ``PLAYER_INSTANCE_PATH``, else
    ``instance/`` beside this file."""
    instance_path = instance_path or os.environ.get("PLAYER_INSTANCE_PATH") or None
    # static files are served by player/assets.py, under a versioned path
    app = Flask(
        __name__, instance_relative_config=True, instance_path=instance_path, static_folder=None
    )
    app.config.from_mapping(
        WEBINARS_DIR=str(ROOT / "webinars"),
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
    # (player/catalogue.py home_webinar_id); the commands default to the built-in one either way
    # (kept when given: an app made from another's settings, as the export's, says what it said)
    app.config.setdefault("DEFAULT_WEBINAR_CHOSEN", "DEFAULT_WEBINAR" in app.config)
    app.config.setdefault("DEFAULT_WEBINAR", "2021-05-04")

    from player import commands, views, web

    # first: its after_request handler must run last, on the finished answer (see install)
    from player import page_cache  # pages answered again from memory until their files change
    page_cache.install(app)
    web.install(app)
    from player import auth  # organisers' sign-in, session, CSRF (before delivery: see install)
    auth.install(app)
    from player import assets  # static files: versioned, a year in caches, precompressed
    assets.install(app, ROOT / "static")
    from player import delivery  # revalidation (ETag, 304) and gzip of text
    delivery.install(app)
    app.register_blueprint(views.bp)
    from player import transcript_views  # the transcript and the downloads
    app.register_blueprint(transcript_views.bp)
    from player import search_views  # search in one webinar and across all of them
    app.register_blueprint(search_views.bp)
    from player import share_views  # share cards, the embeddable player and oEmbed
    app.register_blueprint(share_views.bp)
    from player import fragment_views  # fragments at .html addresses, the search index as JSON
    app.register_blueprint(fragment_views.bp)
    from player import editor_views  # organisers: /w/<id>/modifier, the editor in the browser
    app.register_blueprint(editor_views.bp)
    from player import upload_views  # organisers: /nouveau (a handout) and /w/<id>/enregistrement
    app.register_blueprint(upload_views.bp)
    from player import catalogue_views  # / and /w/: the list of webinars (or the only one)
    app.register_blueprint(catalogue_views.bp)
    commands.register(app)
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
