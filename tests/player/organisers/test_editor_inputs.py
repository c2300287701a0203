"""The editor holds every field to the data file's rules for ids and texts, through the real
route (signed in, CSRF): a NUL or another control character next to its field, a forged chapter
row with an over-long id refused whole, and the file untouched."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from chapters import edits
from chapters.store import load_webinar
from tests.support.organisers import session_csrf
from tests.support.organisers import app, client, instance, organiser  # noqa: F401 (fixtures)

WID = "2021-05-04"
EDIT = f"/w/{WID}/modifier"


@pytest.fixture
def folder(webinars_dir: Path) -> Path:
    return webinars_dir / WID


def form_of(client, folder: Path) -> dict[str, list[str]]:
    html = client.get(EDIT).get_data(as_text=True)
    version = re.search(r'name="version" value="([0-9a-f]{64})"', html)[1]
    return {**edits.form_values(load_webinar(folder)), "version": [version],
            "csrf_token": [session_csrf(client)]}


def test_control_characters_are_refused_next_to_their_fields(organiser, folder):
    before = (folder / "webinar.yaml").read_bytes()
    webinar = load_webinar(folder)
    speaker, resource = webinar.speakers[0].id, webinar.resources[0].id
    form = form_of(organiser, folder)
    form["chapters.capa-cite.title"] = ["Capa\x00Cité"]
    form["chapters.ouverture.summary"] = ["Bienvenue\x1b[31m à toutes et à tous"]
    form[f"speakers.{speaker}.role"] = ["Direc\x0ctrice"]
    form[f"resources.{resource}.title"] = ["Guide\x7f"]
    form["chapters._new.title"] = ["Pause\x08"]
    form["chapters._new.start"] = ["1h20m"]
    answer = organiser.post(EDIT, data=form)
    assert answer.status_code == 422
    html = unescape(answer.get_data(as_text=True))
    for name, code in (("chapters-capa-cite-title", "0000"), ("chapters-ouverture-summary", "001B"),
                       (f"speakers-{speaker}-role", "000C"), (f"resources-{resource}-title", "007F"),
                       ("chapters-_new-title", "0008")):
        assert f'id="f-{name}-erreur">caractère de contrôle U+{code} refusé : retirez-le' in html, name
    assert "\x00" not in html
    assert (folder / "webinar.yaml").read_bytes() == before
    assert not edits.history_files(folder)
    # the same title without its NUL is saved
    form = form_of(organiser, folder)
    form["chapters.capa-cite.title"] = ["CapaCité"]
    assert organiser.post(EDIT, data=form).status_code == 303
    assert load_webinar(folder).chapter("capa-cite").title == "CapaCité"


@pytest.mark.parametrize("forged", ["a" * 5000, "a" * 101, "a\x00b", "été", "-moins"])
def test_a_forged_chapter_row_with_an_id_the_file_refuses_is_refused_whole(organiser, folder, forged):
    before = (folder / "webinar.yaml").read_bytes()
    form = form_of(organiser, folder)
    form["chapter"] = [*form["chapter"], forged]
    form[f"chapters.{forged}.title"] = ["Un chapitre de plus"]
    form[f"chapters.{forged}.start"] = ["1h20m"]
    form["chapters.capa-cite.title"] = ["Capa'Cité, titre changé"]  # kept in the form shown again
    answer = organiser.post(EDIT, data=form)
    assert answer.status_code == 422
    html = unescape(answer.get_data(as_text=True))
    assert "chapitre refusé : son identifiant n'est pas celui d'un chapitre" in html
    assert "100 caractères au plus" in html
    assert f"chapters.{forged}." not in html and "Un chapitre de plus" not in html
    assert len(forged) < 100 or forged not in html
    assert 'value="Capa\'Cité, titre changé"' in html
    assert len(html) < 1_000_000
    assert (folder / "webinar.yaml").read_bytes() == before
