"""Organisers' notes (the importer's remarks about the source document): kept in the data file,
shown in the editor beside their field, never on a public page; /nouveau's warnings link to the
editor's field."""

from __future__ import annotations

import io
import re
from html import unescape

from chapters import edits
from chapters.store import load_webinar
from tests.support.handouts import june_programme
from tests.support.organisers import session_csrf
from tests.support.organisers import app, instance, organiser  # noqa: F401 (fixtures)

WID = "2021-05-04"
EDIT = f"/w/{WID}/modifier"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _public_pages(client, webinar) -> dict[str, str]:
    paths = [f"/w/{WID}", f"/w/{WID}/ressources", f"/w/{WID}/intervenants", f"/w/{WID}/questions",
             f"/w/{WID}/chapitres", f"/w/{WID}/integrer", f"/w/{WID}/transcription", "/w/", "/"]
    paths += [f"/w/{WID}/intervenants/{s.id}" for s in webinar.speakers]
    paths += [f"/w/{WID}/chapitres/{c.id}" for c in webinar.chapters]
    paths += [f"/w/{WID}/fragments/chapitres/{c.id}.html" for c in webinar.chapters]
    pages = {}
    for path in paths:
        answer = client.get(path, follow_redirects=True)
        if answer.status_code == 404 and path.endswith(("/intervenants", "/transcription")):
            continue  # no list page of speakers; no transcript until a recording has captions
        assert answer.status_code == 200, path
        pages[path] = answer.get_data(as_text=True)
    return pages


def test_the_built_in_webinar_keeps_its_remarks_as_notes(webinars_dir):
    webinar = load_webinar(webinars_dir / WID)
    assert webinar.speaker("tarek-daher").organisation == "CNLRQ"
    assert webinar.notes_on("speakers.tarek-daher.organisation")[0].startswith("écrit « CNLRO » dans le programme")
    for resource in webinar.resources:
        assert resource.url is None
        assert [n[:33] for n in webinar.notes_on(f"resources.{resource.id}.url")] == [
            "lien non fourni dans le programme"]


def test_no_note_on_any_public_page(client, webinars_dir):
    webinar = load_webinar(webinars_dir / WID)
    assert webinar.notes
    for path, html in _public_pages(client, webinar).items():
        text = _text(html)
        for note in webinar.notes:
            assert note.text not in text, (path, note.text)
        assert "non fourni" not in text and "dans le programme)" not in text, path
        assert "CNLRO" not in text, path
    # a resource without an address is its name as plain text, no link, no remark
    resources = _text(client.get(f"/w/{WID}/ressources").get_data(as_text=True))
    assert "annuaire — Le Grafie propose" in resources
    assert "<strong>annuaire</strong>" in client.get(f"/w/{WID}/ressources").get_data(as_text=True)


def test_the_editor_shows_each_note_beside_its_field(organiser, webinars_dir):
    html = organiser.get(EDIT).get_data(as_text=True)
    field = re.search(r'<input[^>]*id="f-speakers-tarek-daher-organisation"[^>]*>', html)[0]
    assert 'value="CNLRQ"' in field
    assert 'aria-describedby="f-speakers-tarek-daher-organisation-note"' in field
    note = re.search(r'<p class="ed-note" id="f-speakers-tarek-daher-organisation-note">(.*?)</p>', html, re.S)[1]
    assert "écrit « CNLRO » dans le programme" in unescape(note)
    # right after its field, inside the same block
    after = html[html.index(field):]
    assert after.index('id="f-speakers-tarek-daher-organisation-note"') < after.index("</div>")
    url = re.search(r'<input[^>]*id="f-resources-r2-url"[^>]*>', html)[0]
    assert 'aria-describedby="f-resources-r2-url-note"' in url
    # and the list at the top links to every field a note concerns
    listing = re.search(r'<ul class="ed-notes">(.*?)</ul>', html, re.S)[1]
    assert len(re.findall(r'href="#f-resources-r\d-url"', listing)) == 5
    assert 'href="#f-speakers-tarek-daher-organisation"' in listing


def test_notes_survive_a_save_and_go_with_a_removed_chapter(organiser, webinars_dir):
    folder = webinars_dir / WID
    before = load_webinar(folder).notes
    # a note about a chapter, written by hand
    text = (folder / "webinar.yaml").read_text(encoding="utf-8")
    (folder / "webinar.yaml").write_text(
        text + "- field: chapters.france-active.title\n  text: titre raccourci à l'import\n",
        encoding="utf-8")

    def form():
        html = organiser.get(EDIT).get_data(as_text=True)
        version = re.search(r'name="version" value="([0-9a-f]{64})"', html)[1]
        values = edits.form_values(load_webinar(folder))
        return {**values, "version": [version], "csrf_token": [session_csrf(organiser)]}

    posted = form()
    posted["speakers.tarek-daher.role"] = ["délégué général du CNLRQ"]
    assert organiser.post(EDIT, data=posted).status_code == 303
    saved = load_webinar(folder)
    assert saved.speaker("tarek-daher").role == "délégué général du CNLRQ"
    assert saved.notes[: len(before)] == before and saved.notes_on("chapters.france-active.title")
    posted = form()
    posted["chapters.france-active.remove"] = ["1"]
    assert organiser.post(EDIT, data=posted).status_code == 303
    assert load_webinar(folder).notes == before


def test_nouveau_warnings_link_to_the_editor_field(organiser, webinars_dir):
    data = {"fichier": (io.BytesIO(june_programme()), "juin.txt"), "identifiant": "",
            "csrf_token": session_csrf(organiser)}
    answer = organiser.post("/nouveau", data=data, content_type="multipart/form-data")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 201, html
    assert "webinar.yaml" not in _text(html)
    warnings = re.search(r'<ul class="org-warnings"[^>]*>(.*?)</ul>', html, re.S)[1]
    items = re.findall(r"<li>(.*?)</li>", warnings, re.S)
    wid = "2021-06-08"
    missing = [i for i in items if "sans adresse" in i]
    assert missing and all(re.search(rf'href="/w/{wid}/modifier#f-resources-r\d+-url"', i) for i in missing)
    organisation = next(i for i in items if "organisation « CNLRO »" in i)
    assert f'href="/w/{wid}/modifier#f-speakers-tarek-daher-organisation"' in organisation
    # each link's anchor is a field of the editor's form, with the note beside it
    editor = organiser.get(f"/w/{wid}/modifier").get_data(as_text=True)
    for anchor in re.findall(rf'href="/w/{wid}/modifier#([^"]+)"', warnings):
        assert f'id="{anchor}"' in editor and f'id="{anchor}-note"' in editor, anchor
    # the imported webinar's public page shows none of it
    page = _text(organiser.get(f"/w/{wid}/ressources").get_data(as_text=True))
    assert "non fourni" not in page and "dans le programme" not in page
    assert load_webinar(webinars_dir / wid).notes
