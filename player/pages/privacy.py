"""``/mesure-d-audience``: what the audience measure counts and never keeps, in plain French for
viewers (linked from every page's footer; written by the static export too)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from chapters.audience.report import SEARCH_SHOWN
from player.content.audience_public import TOP_CHAPTERS

bp = Blueprint("privacy", __name__)


@bp.get("/mesure-d-audience")
def audience():
    config = current_app.config
    exported = bool(config.get("STATIC_EXPORT"))
    return render_template(
        "privacy.html",
        collecting=bool(config.get("AUDIENCE", True)),
        # the static export (and the embeddable player) send nothing without a collecting address
        export_collects=bool(config.get("AUDIENCE_COLLECT_URL")),
        exported=exported,
        retention_days=int(config.get("AUDIENCE_RETENTION_DAYS", 400)),
        min_views=int(config.get("AUDIENCE_PUBLIC_MIN_VIEWS", 50)),
        search_min=SEARCH_SHOWN,
        top_chapters=TOP_CHAPTERS,
    )
