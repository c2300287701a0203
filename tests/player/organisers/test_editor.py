"""The organisers' editor, /w/<id>/modifier: closed without a session, CSRF, saving through the
store's validation, history, undo, 409 on a stale version, the pasted chapter list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chapters import edits
from chapters.store import load_webinar
from tests.support.organisers import session_csrf
from tests.support.organisers import app, client, instance, organiser  # noqa: F401 (fixtures)

# pages of the built-in webinar with its recording in place (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("recorded")

WID = "2021-05-04"
EDIT = f"/w/{WID}/modifier"


@pytest.fixture
def folder(webinars_dir: Path) -> Path:
    return webinars_dir / WID


def _form(client) -> dict[str, list[str]]:
    """The editor's form as the page gives it (values, version, token), ready to post."""
    html = client.get(EDIT).get_data(as_text=True)
    version = re.search(r'name="version" value="([0-9a-f]{64})"', html)[1]
    values = edits.form_values(load_webinar(Path(client.application.config["WEBINARS_DIR"]) / WID))
    return {**values, "version": [version], "csrf_token": [session_csrf(client)]}


def test_closed_without_a_session(client):
    page = client.get(EDIT)
    assert page.status_code == 302
    assert "/connexion?suivant=" in page.headers["Location"]
    for path in (EDIT, EDIT + "/liste", EDIT + "/annuler"):
        assert client.post(path, data={"version": "x"}).status_code == 401


def test_post_without_csrf_token_is_refused(organiser, folder):
    before = (folder / "webinar.yaml").read_bytes()
    form = _form(organiser)
    del form["csrf_token"]
    form["chapters.capa-cite.start"] = ["25:00"]
    assert organiser.post(EDIT, data=form).status_code == 403
    assert (folder / "webinar.yaml").read_bytes() == before


def test_page_is_private_and_plays_the_recording(organiser, static_url):
    page = organiser.get(EDIT)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    html = page.get_data(as_text=True)
    assert 'id="lecteur"' in html and 'id="scrubber"' in html  # the watch page's player
    assert static_url("js/editor.js") in html
    assert 'value="24:05"' in html  # chapter 3's start, as a clock
    for href in ("/chapitres.vtt", "/chapitres-youtube.txt", "/chapitres.json", "/chapitres-ffmetadata.txt"):
        assert f'href="/w/{WID}{href}"' in html


def test_watch_page_has_no_editor(client, static_url):
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert f"/w/{WID}/modifier" not in html and static_url("js/editor.js") not in html


def test_save_start_in_programme_notation(organiser, folder):
    before = (folder / "webinar.yaml").read_bytes()
    assert "25:10" not in organiser.get(f"/w/{WID}").get_data(as_text=True)  # cached page first
    form = _form(organiser)
    form["chapters.capa-cite.start"] = ["25'10"]
    answer = organiser.post(EDIT, data=form)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("?fait=enregistre")
    assert load_webinar(folder).chapter("capa-cite").start == 25 * 60 + 10
    kept = edits.history_files(folder)
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert 'start: "25:10"' in (folder / "webinar.yaml").read_text()
    # the watch page follows at once (the page cache keys on the data file's stamp)
    watch = organiser.application.test_client().get(f"/w/{WID}").get_data(as_text=True)
    assert ">25:10<" in watch and ">24:05<" not in watch
    assert "Modifications enregistrées" in organiser.get(answer.headers["Location"]).get_data(as_text=True)


def test_validation_errors_inline_in_french_and_file_unchanged(organiser, folder):
    before = (folder / "webinar.yaml").read_bytes()
    form = _form(organiser)
    form["chapters.capa-cite.start"] = ["24'99"]
    form["chapters.relocalisations.title"] = [""]
    form["resources." + load_webinar(folder).resources[0].id + ".url"] = ["ftp://exemple.org"]
    form["chapters.france-active.title"] = ["Un titre modifié mais gardé"]
    answer = organiser.post(EDIT, data=form)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert (folder / "webinar.yaml").read_bytes() == before
    assert not edits.history_files(folder)
    assert 'id="f-chapters-capa-cite-start-erreur">temps illisible &#34;24&#39;99&#34; : les secondes doivent être inférieures à 60' in html
    assert 'id="f-chapters-relocalisations-title-erreur">le texte est vide' in html
    assert "adresse &#34;ftp://exemple.org&#34; invalide" in html
    assert 'aria-invalid="true"' in html
    # what was typed stays in the form
    assert 'value="24&#39;99"' in html and 'value="Un titre modifié mais gardé"' in html
    assert "3 champs à corriger" in html


def test_add_and_remove_chapters(organiser, folder):
    form = _form(organiser)
    form["chapters._new.title"] = ["Pause et questions"]
    form["chapters._new.start"] = ["1h20m"]
    form["chapters.fleurs-d-halage.remove"] = ["1"]
    assert organiser.post(EDIT, data=form).status_code == 303
    webinar = load_webinar(folder)
    ids = [c.id for c in webinar.chapters]
    assert "fleurs-d-halage" not in ids
    added = webinar.chapter("pause-et-questions")
    assert added.start == 4800 and ids.index("pause-et-questions") == len(ids) - 2  # in time order
    assert all("fleurs-d-halage" not in t.chapters for t in webinar.themes)


def test_stale_version_is_refused_with_what_changed(app, organiser, folder):
    stale = _form(organiser)
    fresh = dict(stale)
    fresh["chapters.capa-cite.title"] = ["Capa'Cité, titre changé par l'autre"]
    assert organiser.post(EDIT, data=fresh).status_code == 303
    current = (folder / "webinar.yaml").read_bytes()
    stale["chapters.regies-de-quartier.start"] = ["56:00"]
    answer = organiser.post(EDIT, data=stale)
    assert answer.status_code == 409
    assert (folder / "webinar.yaml").read_bytes() == current  # never merged
    html = answer.get_data(as_text=True)
    assert "Quelqu'un a enregistré une autre version" in html
    assert "titre : Capa&#39;Cité, chantier d&#39;insertion avec GERES Restauration → Capa&#39;Cité, titre changé par l&#39;autre" in html
    # the organiser's input kept, over the newer version (which the form now carries)
    assert 'value="56:00"' in html and 'value="Capa&#39;Cité, titre changé par l&#39;autre"' in html
    assert edits.version_of(current) in html


def test_stale_version_both_changed_is_marked(organiser, folder):
    stale = _form(organiser)
    fresh = dict(stale)
    fresh["chapters.capa-cite.start"] = ["24:30"]
    assert organiser.post(EDIT, data=fresh).status_code == 303
    stale["chapters.capa-cite.start"] = ["24:50"]
    html = organiser.post(EDIT, data=stale).get_data(as_text=True)
    assert 'value="24:50"' in html
    assert "Modifié entre-temps : « 24:30 »" in html


def test_undo_restores_and_keeps_the_undone_version(organiser, folder):
    original = (folder / "webinar.yaml").read_bytes()
    form = _form(organiser)
    form["chapters.capa-cite.start"] = ["25:00"]
    organiser.post(EDIT, data=form)
    changed = (folder / "webinar.yaml").read_bytes()
    stale = _form(organiser)["version"]
    undo = {"version": stale, "csrf_token": session_csrf(organiser)}
    answer = organiser.post(EDIT + "/annuler", data=undo)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("fait=annule")
    assert (folder / "webinar.yaml").read_bytes() == original
    assert not edits.history_files(folder)
    assert [p.read_bytes() for p in edits.history_files(folder, edits.UNDONE_DIR)] == [changed]
    assert ">24:05<" in organiser.application.test_client().get(f"/w/{WID}").get_data(as_text=True)
    # undoing again: nothing left; with the old version: 409
    assert organiser.post(EDIT + "/annuler", data=undo).status_code == 409
    fresh = {"version": _form(organiser)["version"], "csrf_token": session_csrf(organiser)}
    refused = organiser.post(EDIT + "/annuler", data=fresh)
    assert refused.status_code == 409 and "Rien à annuler" in refused.get_data(as_text=True)


def test_history_keeps_the_newest_20(organiser, folder):
    for second in range(23):
        form = _form(organiser)
        form["chapters.capa-cite.start"] = [f"25:{second:02d}"]
        assert organiser.post(EDIT, data=form).status_code == 303
    kept = edits.history_files(folder)
    assert len(kept) == edits.HISTORY_KEEP
    assert 'start: "25:21"' in kept[0].read_text()  # the newest previous version
    assert 'start: "25:02"' in kept[-1].read_text()


def test_pasted_list_preview_then_apply(organiser, folder):
    before = (folder / "webinar.yaml").read_bytes()
    listing = (
        "0:00 Ouverture\n6'05 Relocalisations industrielles et sous-traitants inclusifs\n"
        "24:30 Capa'Cité, chantier d'insertion avec GERES Restauration\n"
        "40:25 Task force IAE\n55:34 Les régies de quartier face aux besoins sociaux\n"
        "1:10:00 Fleurs d'Halage : diversifier les activités d'un chantier\n"
        "1:29:40 France Active : accompagner et financer les projets de l'ESS\n1:40:00 Conclusion\n"
    )
    form = {"version": _form(organiser)["version"], "csrf_token": session_csrf(organiser), "liste": listing}
    preview = organiser.post(EDIT + "/liste", data={**form, "action": "apercu"})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert (folder / "webinar.yaml").read_bytes() == before
    assert "nouveau début 24:05 → 24:30" in html
    assert "nouveau titre « Ouverture »" in html and "ajouté à 1:40:00 : « Conclusion »" in html
    assert "Règles YouTube respectées" in html and 'value="appliquer"' in html
    applied = organiser.post(EDIT + "/liste", data={**form, "action": "appliquer"})
    assert applied.status_code == 303
    webinar = load_webinar(folder)
    assert webinar.chapter("capa-cite").start == 24 * 60 + 30
    assert webinar.chapters[0].title == "Ouverture" and webinar.chapters[-1].title == "Conclusion"
    assert len(edits.history_files(folder)) == 1


def test_pasted_list_youtube_rules_in_french(organiser, folder):
    token = {"version": _form(organiser)["version"], "csrf_token": session_csrf(organiser)}
    cases = {
        "0:05 Début\n10:00 Milieu\n20:00 Fin": "YouTube demande que le premier chapitre commence à 0:00",
        "0:00 Début\n10:00 Fin": "YouTube demande au moins 3 chapitres ; ce webinaire en a 2",
        "0:00 Début\n0:05 Trop court\n20:00 Fin": "YouTube demande des chapitres d&#39;au moins 10 secondes",
    }
    for listing, message in cases.items():
        html = organiser.post(EDIT + "/liste", data={**token, "liste": listing, "action": "apercu"}).get_data(as_text=True)
        assert message in html, listing
    bad = organiser.post(EDIT + "/liste", data={**token, "liste": "bonjour\n0:00 Début\n9'99 Faux", "action": "apercu"})
    html = bad.get_data(as_text=True)
    assert "ligne 1 ignorée : elle ne commence pas par un temps" in html
    assert "ligne 3 ignorée : temps illisible" in html


def test_unknown_webinar_is_a_french_404(organiser):
    assert organiser.get("/w/inconnu/modifier").status_code == 404
