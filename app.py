"""Application factory: ``flask --app app run``."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings (tests point WEBINARS_DIR elsewhere)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        WEBINARS_DIR=str(ROOT / "webinars"),
        DEFAULT_WEBINAR="2021-05-04",
        # The video sites' player APIs, loaded only after the viewer agrees to the embed.
        # PeerTube's (AGPL) is not shipped: put its build/player.min.js at this path to use it.
        EMBED_API_SCRIPTS={
            "youtube": "https://www.youtube.com/iframe_api",
            "vimeo": "https://player.vimeo.com/api/player.js",
            "peertube": "/static/vendor/peertube-embed-api.min.js",
        },
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    from player import commands, views, web

    web.install(app)
    app.register_blueprint(views.bp)
    from player import transcript_views  # the transcript and the downloads
    app.register_blueprint(transcript_views.bp)
    from player import search_views  # search in one webinar and across all of them
    app.register_blueprint(search_views.bp)
    from player import share_views  # share cards, the embeddable player and oEmbed
    app.register_blueprint(share_views.bp)
    commands.register(app)
    return app
