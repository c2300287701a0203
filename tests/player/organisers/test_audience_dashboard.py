"""The organisers' audience dashboard (/w/<id>/audience): closed without sign-in, its numbers
those the store folded in from real beacons, its CSV the same as its tables, its period links
and dates, its SVG charts well-formed and described, the public curve's setting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from chapters.audience import shape_of
from chapters.store import load_webinar
from chapters.wording import french_date
from player.content.audience_period import today_utc
from tests.support.audience import View, csv_rows, number, page_tables, record_views, store_of
from tests.support.html import dom
from tests.support.organisers import session_csrf, text
from tests.support.organisers import app, client, instance, organiser  # noqa: F401 (fixtures)
from tests.support.webinar import WID

PAGE = f"/w/{WID}/audience"
SVG = "{http://www.w3.org/2000/svg}"
TABLES = ("jours", "retention", "chapitres", "questions", "ressources", "intervenants", "recherches")


def views_of_the_week():
    """Three views today and one ten days ago (its search said once: never shown)."""
    return [
        View("a", [(0, 400), (100, 150)], [("chapter", "relocalisations"), ("question", "q2"),
                                           ("search", "Logement   SOCIAL")]),
        View("b", [(0, 200)], [("speaker", "florence-oules"), ("resource", "r1"),
                               ("search", "logement social")]),
        View("c", [(1445, 2425)], [("search", "logement social"), ("question", "q2")]),
        View("d", [(0, 365)], [("search", "jardin partagé")], day=today_utc() - timedelta(days=10)),
    ]


@pytest.fixture
def recorded_views(app, webinars_dir):
    webinar = load_webinar(webinars_dir / WID)
    return record_views(app.instance_path, webinar, views_of_the_week()), webinar


def summary(page: str) -> str:
    """The line that gives the period and its views."""
    return " ".join(dom(page).one(id="audience-resume").text().split())


def rows_by_first(table: list[list[str]]) -> dict[str, list]:
    """A table's rows (header left out) by their first cell, the numbers read."""
    return {row[0]: [number(cell) for cell in row[1:]] for row in table[1:]}


def test_closed_without_a_session(client):
    for path in (PAGE, PAGE + "?periode=7", PAGE + "/chapitres.csv"):
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/connexion?suivant=")
    assert client.post(PAGE + "/courbe", data={"courbe": "non"}).status_code == 401


def test_empty_state_in_french(organiser):
    answer = organiser.get(PAGE)
    page = text(answer)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"
    assert "Aucune vue mesurée pour l'instant" in page
    assert "<svg" not in page and "aud-table" not in page


def test_numbers_are_what_was_recorded(organiser, recorded_views):
    store, webinar = recorded_views
    page = text(organiser.get(PAGE + "?periode=7"))
    assert re.search(r": 3 vues \(4 depuis le début", summary(page)), summary(page)
    tables = page_tables(page)
    assert set(tables) == set(TABLES)
    chapters = {row[1]: [number(c) for c in row[3:]] for row in tables["chapitres"][1:]}
    # views, at 80 %, share at 80 %, replays, opened in the list
    assert chapters["Ouverture : le programme et les intervenants"] == [2, 1, 50, 1, 0]
    relocalisations = next(t for t in chapters if t.startswith("Relocalisations"))
    assert chapters[relocalisations] == [1, 0, 0, 0, 1]
    capa = next(t for t in chapters if t.startswith("Capa'Cité"))
    assert chapters[capa] == [1, 1, 100, 0, 0]
    assert len(chapters) == len(webinar.chapters)
    q2 = webinar.question("q2").text
    assert [(row[0][:30], number(row[1])) for row in tables["questions"][1:]] == [(q2[:30], 2)]
    assert rows_by_first(tables["ressources"]) == {webinar.resources[0].title: [1]}
    assert rows_by_first(tables["intervenants"]) == {"Florence Oulès": [1]}
    assert rows_by_first(tables["recherches"]) == {"logement social": [3]}  # not "jardin partagé"
    days = tables["jours"][1:]
    assert len(days) == 7 and [number(n) for _, n in days] == [0] * 6 + [3]
    retention = rows_by_first(tables["retention"])
    assert len(retention) == 105  # one row a minute over 1 h 45
    assert retention["0:00"] == [2, 66.7, 0] and retention["2:00"] == [2, 66.7, 1]
    assert retention["25:00"] == [1, 33.3, 0] and retention["1:00:00"] == [0, 0, 0]
    # and every row of every table is the store's report, read again
    report = store.report(WID, today_utc() - timedelta(days=6), today_utc(), shape_of(webinar))
    assert report.views == 3
    assert [number(r[1]) for r in tables["retention"][1:]] == list(report.reached[::60])
    assert [[number(c) for c in r[3:5]] + [number(r[6])] for r in tables["chapitres"][1:]] == [
        [c.started, c.watched, c.replayed] for c in report.chapters]


def test_each_csv_is_its_table(organiser, recorded_views):
    for query in ("?periode=7", "?periode=30", f"?du={(today_utc() - timedelta(days=12)).isoformat()}"):
        tables = page_tables(text(organiser.get(PAGE + query)))
        assert set(tables) == set(TABLES)
        for name, rows in tables.items():
            answer = organiser.get(f"{PAGE}/{name}.csv{query}")
            assert answer.status_code == 200, (name, query)
            assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
            disposition = answer.headers["Content-Disposition"]
            assert disposition.startswith("attachment;") and f"-{name}-" in disposition
            found = csv_rows(answer.get_data())
            assert found[0] == rows[0], name  # the same headers
            assert len(found) == len(rows), name
            for shown, written in zip(rows[1:], found[1:]):
                for a, b in zip(shown, written):
                    if isinstance(number(a), float):
                        assert number(a) == number(b), (name, shown, written)
            assert all(len(r) == len(rows[0]) for r in found), name


def test_csv_days_are_iso_and_text_is_kept(organiser, recorded_views):
    rows = csv_rows(organiser.get(f"{PAGE}/jours.csv?periode=7").get_data())
    assert rows[-1] == [today_utc().isoformat(), "3"]
    chapters = csv_rows(organiser.get(f"{PAGE}/chapitres.csv?periode=7").get_data())
    assert chapters[1][:4] == ["1", "Ouverture : le programme et les intervenants", "0:00", "2"]
    assert chapters[1][5] == "50"  # the share, a French decimal (45,5) when it has one
    assert organiser.get(f"{PAGE}/inconnu.csv").status_code == 404


def test_period_links_and_dates(organiser, recorded_views):
    page = text(organiser.get(PAGE))
    links = {a.text().strip(): a.attrs for a in dom(page).one("nav", cls="aud-periods").all("a")}
    assert list(links) == ["7 jours", "30 jours", "90 jours", "Tout"]
    assert links["30 jours"].get("aria-current") == "page"  # the default
    assert links["7 jours"]["href"] == PAGE + "?periode=7"
    assert ": 4 vues." in summary(page)  # the view of ten days ago is in the last 30 days
    week = text(organiser.get(links["7 jours"]["href"]))
    assert dom(week).one("a", href=PAGE + "?periode=7").attrs.get("aria-current") == "page"
    assert summary(week).startswith("Du ") and ": 3 vues (4 depuis" in summary(week)
    everything = page_tables(text(organiser.get(PAGE + "?periode=tout")))
    assert len(everything["jours"]) - 1 == 11  # from the first day with a view to today
    ten_days_ago = (today_utc() - timedelta(days=10)).isoformat()
    one_day = text(organiser.get(f"{PAGE}?du={ten_days_ago}&au={ten_days_ago}"))
    assert summary(one_day).startswith("Le ") and ": 1 vue (4 depuis" in summary(one_day)
    assert "recherches" not in page_tables(one_day)  # "jardin partagé": once, never shown
    assert "Aucune recherche faite au moins 3 fois sur cette période." in one_day
    # the CSV links keep the period
    csv_links = [a.attrs["href"] for a in dom(one_day).all("a") if ".csv" in a.attrs.get("href", "")]
    assert csv_links and all(f"du={ten_days_ago}" in h and f"au={ten_days_ago}" in h for h in csv_links)


@pytest.mark.parametrize("query, said", [
    ("?du=2026-13-01", "n'existe pas dans le calendrier"),
    ("?du=hier", "illisible"),
    ("?du=2026-02-01&au=2026-01-01", "est après la date de fin"),
    ("?au=2026-01-01", "Donnez aussi la date de début"),
    ("?du=2020-01-01&au=2099-01-01", "dans le futur"),
    ("?periode=365", "Période « 365 » inconnue"),
])
def test_bad_dates_are_a_french_400(organiser, query, said):
    answer = organiser.get(PAGE + query)
    assert answer.status_code == 400
    alert = dom(text(answer)).one(role="alert")
    assert said in alert.text()
    assert "Traceback" not in text(answer)
    assert dom(text(answer)).all("nav", cls="aud-periods")  # the way to a good period is there
    plain = organiser.get(PAGE + "/jours.csv" + query)
    assert plain.status_code == 400 and said in plain.get_data(as_text=True)


def test_charts_are_well_formed_svg_with_title_and_desc(organiser, recorded_views):
    page = organiser.get(PAGE + "?periode=7").get_data(as_text=True)
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
        assert title is not None and desc is not None and title.text and desc.text
        assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    days, retention = (ET.fromstring(s) for s in svgs)
    bars = days.findall(f"{SVG}g[@class='aud-bars']/{SVG}rect")
    assert len(bars) == 7 and bars[-1].find(SVG + "title").text.endswith(": 3 vues")
    assert "3 vues en tout" in days.find(SVG + "desc").text
    points = retention.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 105
    bands = retention.findall(f".//{SVG}g[@class='aud-bands']/{SVG}g")
    assert len(bands) == 7 and bands[2].find(SVG + "title").text.startswith("3. Capa'Cité")
    assert "66,7 % à 0:00" in retention.find(SVG + "desc").text
    assert " style=" not in page and "<style" not in page.split("</head>")[1]


def test_public_curve_setting(organiser, recorded_views):
    store, _ = recorded_views
    assert store.public_curve_enabled(WID)
    page = text(organiser.get(PAGE + "?periode=7"))
    assert dom(page).one(id="etat-courbe").text() == "montrée"
    refused = organiser.post(PAGE + "/courbe", data={"courbe": "non", "csrf_token": "faux"})
    assert refused.status_code == 403 and store_of(organiser.application.instance_path).public_curve_enabled(WID)
    off = organiser.post(PAGE + "/courbe", data={"courbe": "non", "periode": "7",
                                                "csrf_token": session_csrf(organiser)})
    assert off.status_code == 303
    assert off.headers["Location"] == PAGE + "?fait=courbe-non&periode=7#reglage-courbe"
    assert not store_of(organiser.application.instance_path).public_curve_enabled(WID)
    shown = text(organiser.get(off.headers["Location"]))
    assert "n'est plus montrée aux visiteurs" in shown
    assert dom(shown).one(id="etat-courbe").text() == "masquée"
    on = organiser.post(PAGE + "/courbe", data={"courbe": "oui", "csrf_token": session_csrf(organiser)})
    assert on.status_code == 303 and store_of(organiser.application.instance_path).public_curve_enabled(WID)


def test_organisers_find_the_dashboard(organiser):
    for path in ("/connexion", f"/w/{WID}/modifier", f"/w/{WID}/discussion/modifier"):
        links = [a.attrs["href"] for a in dom(text(organiser.get(path))).all("a")]
        assert PAGE in links, path


def test_an_unreadable_store_is_a_french_503(organiser):
    (Path(organiser.application.instance_path) / "audience.sqlite").mkdir(parents=True)  # not a file
    answer = organiser.get(PAGE)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "60"
    assert "Les chiffres d'audience ne peuvent pas être lus" in text(answer)
    assert "Traceback" not in text(answer)


def test_a_webinar_without_duration_says_so(organiser, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(re.sub(r"\n  duration: \d+\n  duration_assumed: true", "", data.read_text("utf-8")),
                    encoding="utf-8")
    assert "duration:" not in data.read_text("utf-8").split("chapters:")[0]
    answer = organiser.get(PAGE)
    assert answer.status_code == 200
    assert "la durée de son enregistrement n'est pas connue" in text(answer)
    assert organiser.get(PAGE + "/chapitres.csv").status_code == 404


def test_an_unknown_webinar_is_a_404(organiser):
    assert organiser.get("/w/nulle-part/audience").status_code == 404
    assert organiser.get("/w/nulle-part/audience/jours.csv").status_code == 404
    assert organiser.post("/w/nulle-part/audience/courbe", data={
        "courbe": "non", "csrf_token": session_csrf(organiser)}).status_code == 404


def test_everything_starts_at_the_first_day_with_a_view(organiser, recorded_views):
    page = organiser.get(PAGE + "?periode=tout").get_data(as_text=True)
    days = ET.fromstring(re.findall(r"<svg\b.*?</svg>", page, re.S)[0])
    first = today_utc() - timedelta(days=10)
    assert days.find(SVG + "title").text == f"Vues par jour, depuis le {french_date(first.isoformat())}"
    assert len(days.findall(f"{SVG}g[@class='aud-bars']/{SVG}rect")) == 11
