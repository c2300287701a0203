"""/nouveau: a new webinar from an uploaded handout, through import-programme's own code."""

from __future__ import annotations

import io
from html import unescape
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from chapters.store import load_webinar
from tests.support.handouts import UPLOADED as PROGRAMME
from tests.support.handouts import june_programme, may_handout
from tests.support.organisers import session_csrf
from tests.support.organisers import app, instance, organiser  # noqa: F401 (fixtures)
from tests.support.paths import ROOT


def upload(client, content: bytes, name: str, identifiant: str = "", token: str | None = None):
    data = {"fichier": (io.BytesIO(content), name), "identifiant": identifiant}
    data["csrf_token"] = session_csrf(client) if token is None else token
    return client.post("/nouveau", data=data, content_type="multipart/form-data")


def folders(webinars_dir: Path) -> list[str]:
    """Everything in the webinars folder, hidden staging folders included."""
    return sorted(p.name for p in webinars_dir.iterdir())


def test_closed_without_a_session(client):
    page = client.get("/nouveau")
    assert page.status_code == 302 and "/connexion" in page.headers["Location"]
    posted = client.post("/nouveau", data={"fichier": (io.BytesIO(b"x"), "p.txt")},
                         content_type="multipart/form-data")
    assert posted.status_code == 401


def test_refused_without_the_csrf_token(organiser, webinars_dir):
    before = folders(webinars_dir)
    answer = upload(organiser, june_programme(), "programme.txt", token="")
    assert answer.status_code == 403
    assert folders(webinars_dir) == before


def test_the_form_is_private_french_and_labelled(organiser, static_url):
    page = organiser.get("/nouveau")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert '<label for="nouveau-fichier">' in html and 'id="nouveau-fichier" name="fichier" type="file"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    # its style is a file of its own, never in the inlined player.css
    assert f'<link rel="stylesheet" href="{static_url("css/organisers.css")}">' in html
    assert ".org-card" not in (ROOT / "static" / "css" / "player.css").read_text(encoding="utf-8")
    with organiser.get(static_url("css/organisers.css")) as css:
        assert css.status_code == 200


def test_a_text_handout_makes_a_webinar_at_its_date_and_shows_the_warnings(organiser, webinars_dir):
    answer = upload(organiser, june_programme(), "déroulé juin.txt")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 201, html
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert "Webinaire « 2021-06-08 » créé" in html and 'role="status"' in html
    # the importer's warnings, naming the file as the organiser named it
    assert "déroulé juin.txt:123: réponse de Nicolas Flescourt rattachée à Nicolas Fescourt" in html
    assert "organisation « CNLRO » écrite « cnlrg »" in html
    assert "/tmp" not in html and ".nouveau-" not in html
    assert 'href="/w/2021-06-08/modifier"' in html and 'href="/w/2021-06-08"' in html
    assert 'href="/w/2021-06-08/enregistrement"' in html
    # the folder, as the command writes it: the data and the handout beside it; no staging left
    assert folders(webinars_dir) == ["2021-05-04", "2021-06-08"]
    folder = webinars_dir / "2021-06-08"
    assert sorted(p.name for p in folder.iterdir()) == ["programme.txt", "webinar.yaml"]
    assert (folder / "programme.txt").read_bytes() == june_programme()
    webinar = load_webinar(folder)
    assert webinar.id == "2021-06-08" and len(webinar.chapters) == 7
    assert webinar.chapters[2].id == "capa-cite"
    # viewers find it: the list of webinars, and its own page
    listing = organiser.get("/w/")
    if listing.status_code == 200:
        assert 'href="/w/2021-06-08"' in listing.get_data(as_text=True)
    watch = organiser.get("/w/2021-06-08")
    assert watch.status_code == 200 and webinar.title in watch.get_data(as_text=True)


def test_the_same_handout_as_the_cli_gives_the_same_data(organiser, runner, webinars_dir, tmp_path):
    """The upload runs import-programme's code: both write the same webinar.yaml."""
    assert upload(organiser, june_programme(), "p.txt", identifiant="par-le-web").status_code == 201
    handout = tmp_path / "juin.txt"
    handout.write_bytes(june_programme())
    cli = runner.invoke(args=["import-programme", str(handout), "--out", str(webinars_dir / "par-la-commande")])
    assert cli.exit_code == 0, cli.output
    web = (webinars_dir / "par-le-web" / "webinar.yaml").read_text(encoding="utf-8")
    command = (webinars_dir / "par-la-commande" / "webinar.yaml").read_text(encoding="utf-8")
    assert web.replace("par-le-web", "X") == command.replace("par-la-commande", "X")


def test_a_word_handout_keeps_its_links(organiser, webinars_dir, tmp_path):
    handout = may_handout(tmp_path / "programme.docx")
    answer = upload(organiser, handout.read_bytes(), "Programme 8 juin.docx", identifiant="juin-docx")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 201, html
    assert "Programme 8 juin.docx (paragraphe" in html  # the warnings name Word paragraphs
    folder = webinars_dir / "juin-docx"
    assert sorted(p.name for p in folder.iterdir()) == ["programme.docx", "webinar.yaml"]
    webinar = load_webinar(folder)
    urls = {r.url for r in webinar.resources}
    assert "https://grafie.example.org/rapport-2019.pdf" in urls


def test_an_existing_id_is_refused_and_nothing_is_replaced(organiser, webinars_dir):
    data = webinars_dir / "2021-05-04" / "webinar.yaml"
    before = data.read_bytes()
    # the date of the handout names a webinar already there
    answer = upload(organiser, PROGRAMME.read_bytes(), "programme.txt")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Le webinaire « 2021-05-04 » existe déjà : rien n&#39;a été remplacé" in html
    assert 'role="alert"' in html
    # so does an id given in the form
    again = upload(organiser, june_programme(), "programme.txt", identifiant="2021-05-04")
    assert again.status_code == 409
    assert data.read_bytes() == before
    assert folders(webinars_dir) == ["2021-05-04"]


def test_an_oversized_file_is_refused_in_french(organiser, webinars_dir):
    big = june_programme() + b"\n" + b"x" * (5 * 2**20)
    # the body built in memory (the test client would spool it to a file it never closes)
    boundary, body = encode_multipart({
        "csrf_token": session_csrf(organiser), "identifiant": "trop-gros",
        "fichier": FileStorage(io.BytesIO(big), "programme.txt"),
    })
    answer = organiser.post("/nouveau", data=body,
                            content_type=f"multipart/form-data; boundary={boundary}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 413
    assert "Fichier trop gros : 5 Mo au plus" in html and 'role="alert"' in html
    assert '<html lang="fr">' in html
    assert folders(webinars_dir) == ["2021-05-04"]


@pytest.mark.parametrize("content, name, words", [
    (b"Bonjour, ceci n'est pas un programme.\n", "notes.txt", "notes.txt:"),
    ("Webinaire du 8 juin 2021\n\u00e9t\u00e9".encode("latin-1"), "latin.txt",
     "latin.txt : ce texte n'est pas en UTF-8"),
    (b"PK\x03\x04 pas vraiment un docx", "faux.docx", "faux.docx"),
    (b"%PDF-1.4", "programme.pdf", "format « .pdf » non lu"),
])
def test_a_bad_file_is_the_importers_french_line_and_leaves_nothing(
    organiser, webinars_dir, content, name, words
):
    answer = upload(organiser, content, name, identifiant="mauvais")
    html = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400, html
    assert 'role="alert"' in html and words in html
    assert "Traceback" not in html and "/tmp" not in html
    assert folders(webinars_dir) == ["2021-05-04"]


def test_a_missing_file_or_a_bad_id_is_said_in_french(organiser, webinars_dir):
    none = organiser.post("/nouveau", data={"csrf_token": session_csrf(organiser)},
                          content_type="multipart/form-data")
    assert none.status_code == 400 and "Choisissez le fichier du programme" in none.get_data(as_text=True)
    bad = upload(organiser, june_programme(), "p.txt", identifiant="../2021-05-04")
    assert bad.status_code == 400
    assert "ne peut pas être l&#39;identifiant d&#39;un webinaire" in bad.get_data(as_text=True)
    assert folders(webinars_dir) == ["2021-05-04"]
