"""The audience dashboard, for signed-in organisers: ``/w/<id>/audience`` (views per day, the
retention curve over the recording with its chapters, the tables), each table as a CSV at
``/w/<id>/audience/<table>.csv`` for the same period, and the setting that turns off the
viewers' "most replayed" curve (``POST /w/<id>/audience/courbe``).

Thin views: the counts come from the store (chapters/audience), the tables and the charts'
geometry from player/content/audience_tables.py and audience_charts.py, the period from
audience_period.py.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request, url_for

from chapters.audience import AudienceError
from player.content.audience import shape, store as audience_store
from player.content.audience_charts import charts_for
from player.content.audience_period import ALL, LABELS, PeriodError, choose_period, today_utc
from player.content.audience_tables import build_tables
from player.content.catalogue import get_webinar
from player.organisers.auth import organiser_required
from player.site.urls import redirect_to

bp = Blueprint("audience_dashboard", __name__)

UNAVAILABLE = "Les chiffres d'audience ne peuvent pas être lus pour l'instant : réessayez dans un moment."
DONE = {
    "courbe-oui": "Les visiteurs verront la courbe des passages les plus revus (dès qu'il y aura assez de vues).",
    "courbe-non": "La courbe des passages les plus revus n'est plus montrée aux visiteurs.",
}


def _retention_days() -> int:
    return int(current_app.config.get("AUDIENCE_RETENTION_DAYS", 400))


@bp.errorhandler(AudienceError)
def _unavailable(error: AudienceError):
    """The store's file cannot be read: a French 503 (the log names the file, the page not)."""
    current_app.logger.error("%s", error)
    page = render_template("organisers/refused.html", status=503,
                           title="Mesure d'audience indisponible", message=UNAVAILABLE)
    response = make_response(page, 503)
    response.headers["Retry-After"] = "60"
    return response


def _links(wid: str, chosen: str | None) -> list[dict]:
    return [{"label": label, "url": url_for(".page", wid=wid, periode=key), "current": key == chosen}
            for key, label in LABELS.items()]


def _render(webinar, status: int, period=None, **context) -> Response:
    store = audience_store()
    page = render_template(
        "organisers/audience.html", webinar=webinar, period=period,
        links=_links(webinar.id, period.choice if period else None),
        curve_on=store.public_curve_enabled(webinar.id),
        min_views=current_app.config.get("AUDIENCE_PUBLIC_MIN_VIEWS", 50),
        views_ever=store.views(webinar.id), done=DONE.get(request.args.get("fait", "")),
        **context,
    )
    return make_response(page, status)


def _report(webinar):
    """The period asked, and the report and tables for it (None without a known duration);
    PeriodError for a period the page cannot show."""
    period = choose_period(request.args, today_utc(), _retention_days())
    known = shape(webinar)
    if known is None:
        return period, None, None
    report = audience_store().report(webinar.id, period.first, period.last, known)
    return period, report, build_tables(webinar, report, all_days=period.choice == ALL)


@bp.get("/w/<wid>/audience")
@organiser_required
def page(wid: str):
    webinar = get_webinar(wid)
    try:
        period, report, tables = _report(webinar)
    except PeriodError as error:
        return _render(webinar, 400, error=str(error))
    charts = charts_for(webinar, tables, report) if report is not None and report.views else None
    return _render(webinar, 200, period=period, report=report, tables=tables, charts=charts,
                   csv_query=period.query)


@bp.get("/w/<wid>/audience/<name>.csv")
@organiser_required
def table_csv(wid: str, name: str):
    webinar = get_webinar(wid)
    try:
        period, report, tables = _report(webinar)
    except PeriodError as error:
        return Response(str(error) + "\n", 400, mimetype="text/plain")
    if tables is None or name not in tables:
        abort(404, f"Aucun tableau « {name} » pour ce webinaire.")
    filename = f"audience-{wid}-{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    response = Response(tables[name].csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/w/<wid>/audience/courbe")
@organiser_required
def public_curve(wid: str):
    get_webinar(wid)  # 404 for an unknown webinar
    on = request.form.get("courbe") == "oui"
    audience_store().set_public_curve(wid, on)
    back = {k: v for k, v in request.form.items() if k in ("periode", "du", "au") and v}
    return redirect_to(url_for(".page", wid=wid, fait="courbe-oui" if on else "courbe-non", **back)
                       + "#reglage-courbe", 303)
