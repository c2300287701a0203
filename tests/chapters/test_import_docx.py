"""Word (.docx) and Markdown handouts, and what import-programme says about them.

The .docx files are built with python-docx, hyperlinks included (tests/support/handouts.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from chapters.programme import HandoutError, read_docx
from chapters.names import ID
from chapters.programme import import_file
from chapters.store import load_webinar
from tests.support.handouts import LINKS, add_hyperlink, may_handout
from tests.support.webinar import PROGRAMME


@pytest.fixture(scope="module")
def may_docx(tmp_path_factory) -> Path:
    return may_handout(tmp_path_factory.mktemp("docx") / "programme.docx")


@pytest.fixture(scope="module")
def may_text():
    return import_file(PROGRAMME)


# --- the 4 May handout as a Word file -----------------------------------------------------


def test_docx_reads_as_the_text_does(may_docx, may_text):
    w, t = import_file(may_docx).webinar, may_text.webinar
    assert (w.title, w.date) == (t.title, t.date)
    assert [(c.id, c.start, c.title, c.summary, c.speakers) for c in w.chapters] == [
        (c.id, c.start, c.title, c.summary, c.speakers) for c in t.chapters
    ]
    assert [(s.id, s.name, s.role, s.organisation, s.emails) for s in w.speakers] == [
        (s.id, s.name, s.role, s.organisation, s.emails) for s in t.speakers
    ]
    assert [(q.text, q.answer, q.speaker, q.chapter) for q in w.questions] == [
        (q.text, q.answer, q.speaker, q.chapter) for q in t.questions
    ]
    assert [(x.id, x.title, x.chapters) for x in w.themes] == [
        (x.id, x.title, x.chapters) for x in t.themes
    ]
    assert [(c.theme, c.text, c.emails, c.speakers) for c in w.contacts] == [
        (c.theme, c.text, c.emails, c.speakers) for c in t.contacts
    ]
    assert [(r.title, r.text) for r in w.resources] == [(r.title, r.text) for r in t.resources]


def test_docx_resources_get_their_links_back(may_docx):
    resources = import_file(may_docx).webinar.resources
    assert [(r.title, r.url) for r in resources] == [
        ("rapport sur les coopérations des SIAE en Île-de-France",
         "https://grafie.example.org/rapport-2019.pdf"),
        # the link on the resource's name, not the bullet's other one ("ce lien")
        ("annuaire", "https://grafie.example.org/annuaire"),
        ("étude sur les besoins sociaux", None),
        ("Mode d'emploi Création d'activités d'utilité sociale",
         "https://avise.example.org/mode-emploi-creation"),
        # a space and brackets in the address survive, encoded
        ("Mode d'emploi : L'innovation sociale", "https://avise.example.org/innovation%20%282020%29"),
    ]  # fmt: skip


def test_docx_contact_keeps_its_form_link(may_docx):
    contacts = import_file(may_docx).webinar.contacts
    form = next(c for c in contacts if "formulaire contact" in c.text)
    assert form.url == "https://grafie.example.org/contact"
    # mailto links give their addresses, not a url
    assert all(c.url is None for c in contacts if c is not form)


def test_docx_warnings_name_paragraphs(may_docx):
    warnings = import_file(may_docx).warnings
    source = str(may_docx)
    assert [w for w in warnings if "sans adresse" in w] == [
        f"{source} (paragraphe 27) : ressource « étude sur les besoins sociaux » sans adresse : "
        "ajoutez-la dans l'éditeur"
    ]
    assert f"{source} (tableau 2, ligne 2) : organisation « CNLRO » écrite « cnlrg » dans ses " \
        "adresses (tdaher@cnlrg.org, hvidaud@cnlrg.org)" in warnings
    assert any(w.endswith("réponse de Nicolas Flescourt rattachée à Nicolas Fescourt")
               for w in warnings)
    assert len(warnings) == 5
    document = docx.Document(str(may_docx))
    body = [p.text for p in document.paragraphs if p.text.strip()]
    assert body[26].startswith("L'étude sur les besoins sociaux")


def test_docx_lines_are_what_the_text_reader_reads(may_docx):
    handout = read_docx(may_docx)
    lines = [line for line in handout.lines if line]
    assert lines[:2] == ["Webinaire du 4 mai 2021",
                         "« Créer et transformer l'activité pour répondre aux besoins sociaux en "
                         "Île-de-France »"]  # fmt: skip
    # a table's columns one after the other, header cells plain
    start = lines.index("Temporalité")
    assert lines[start : start + 6] == ["Temporalité", "Ouverture", "6'05", "24'05", "40'25",
                                        "Intervenant"]  # fmt: skip
    assert "- **Capa'Cité est-il un chantier qualifiant, dans le sens où tous les salariés en " \
        "parcours/les volontaires passeraient le CQP (Certificat de qualification " \
        "professionnelle) ?**" in lines
    assert "- Grafie : [dominique.dasso@grafie.org](mailto:dominique.dasso@grafie.org) ou " \
        "adresses de votre réseau IAE si adhérent" in lines
    assert handout.place(1) == "paragraphe 1" and handout.place(10**6) == "fin du document"


def test_docx_imports_through_the_command_into_a_loadable_folder(runner, may_docx, tmp_path):
    out = tmp_path / "mai-2021"
    result = runner.invoke(args=["import-programme", str(may_docx), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"{out / 'webinar.yaml'} : 7 chapitres, 6 questions, 7 intervenants, 5 avertissement(s)"
    )
    warnings = [line for line in result.stderr.splitlines() if line]
    assert len(warnings) == 5 and all(w.startswith("avertissement : ") for w in warnings)
    webinar = load_webinar(out)
    assert webinar.id == "mai-2021"
    assert webinar.chapter("capa-cite").title == "Capa'Cité, chantier d'insertion"
    assert [r.url for r in webinar.resources][1] == "https://grafie.example.org/annuaire"
    assert (out / "programme.docx").read_bytes() == may_docx.read_bytes()
    assert not (out / "programme.txt").exists()


def test_docx_json_lists_its_warnings(runner, may_docx):
    result = runner.invoke(args=["import-programme", str(may_docx), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["warnings"]) == 5
    assert [f"avertissement : {w}" for w in data["warnings"]] == result.stderr.splitlines()


# --- links: only http, https and mailto ---------------------------------------------------


def test_other_links_are_dropped_with_a_warning(tmp_path):
    links = dict(LINKS, annuaire="javascript:alert(1)")
    links["étude sur les besoins sociaux"] = "file:///etc/passwd"
    path = may_handout(tmp_path / "programme.docx", links)
    result = import_file(path)
    urls = {r.title: r.url for r in result.webinar.resources}
    # the bullet's other link ("ce lien") is the annuaire's address now
    assert urls["annuaire"] == "https://grafie.example.org/aide-fiche"
    assert urls["étude sur les besoins sociaux"] is None
    ignored = [w for w in result.warnings if "ignoré" in w]
    assert ignored == [
        f"{path} (paragraphe 25) : lien « annuaire » ignoré : seules les adresses http, https et "
        "mailto sont gardées (« javascript:alert%281%29 »)",
        f"{path} (paragraphe 27) : lien « étude sur les besoins sociaux » ignoré : seules les "
        "adresses http, https et mailto sont gardées (« file:///etc/passwd »)",
    ]
    assert all("javascript" not in (r.text + r.title) for r in result.webinar.resources)


# --- Word's own numbering -----------------------------------------------------------------


def _roman_numbering(document) -> tuple[int, int]:
    """Two numbering instances of one upper-roman list (the second restarts at I)."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    ))  # fmt: skip
    for num_id in (91, 92):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/></w:num>'
        ))  # fmt: skip
    return 91, 92


def _numbered(document, text: str, num_id: int):
    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))  # fmt: skip
    return paragraph


def small_handout(path: Path, *, numbered_themes: bool = True) -> Path:
    """A short handout: one running-order table, a Q&A, themes numbered by Word."""
    document = docx.Document()
    document.add_paragraph().add_run("Webinaire du 12 octobre 2023").bold = True
    document.add_paragraph("« Réemploi solidaire »")
    table = document.add_table(rows=3, cols=3)
    cells = [
        ("Temporalité", "Intervenant", "Contenu"),
        ("Ouverture", "Léa MORIN, directrice de Rejoué", "Présentation de Rejoué et de ses jouets"),
        ("20'00", "Yves TANGUY, chargé de mission au Réseau Envie",
         "Le réemploi de l'électroménager : un secteur qui embauche"),
    ]  # fmt: skip
    for row, texts in zip(table.rows, cells):
        for cell, text in zip(row.cells, texts):
            cell.paragraphs[0].add_run(text)
    question = document.add_paragraph(style="List Bullet")
    question.add_run("Où trouver les boutiques ?").bold = True
    document.add_paragraph("Réponse de Lea Morin :")
    answer = document.add_paragraph("Sur la ")
    add_hyperlink(answer, "carte", "https://rejoue.example.org/carte")
    answer.add_run(".")
    first, second = _roman_numbering(document) if numbered_themes else (None, None)
    if numbered_themes:
        _numbered(document, "Jouets", first)
        _numbered(document, "Électroménager", first)
    else:
        document.add_paragraph("I. Jouets")
        document.add_paragraph("II. Électroménager")
    item = document.add_paragraph(style="List Bullet")
    item.add_run("La ")
    add_hyperlink(item, "carte des boutiques", "https://rejoue.example.org/carte", bold=True)
    document.add_paragraph("CONTACTS")
    if numbered_themes:
        _numbered(document, "Jouets", second)
    else:
        document.add_paragraph("I. Jouets")
    contact = document.add_paragraph(style="List Bullet")
    contact.add_run("Léa Morin : ")
    add_hyperlink(contact, "écrire à Léa", "mailto:lea.morin@rejoue.example.org")
    document.save(path)
    return path


def test_word_numbering_gives_the_themes_and_bullets(tmp_path):
    result = import_file(small_handout(tmp_path / "reemploi.docx"))
    w = result.webinar
    assert (w.date, w.title) == ("2023-10-12", "Réemploi solidaire")
    assert [(c.id, c.title) for c in w.chapters] == [
        # a name opens the title: no label before it; the lead-in's "de" goes twice
        ("rejoue-jouets", "Rejoué et ses jouets"),
        ("reemploi-electromenager", "Le réemploi de l'électroménager : un secteur qui embauche"),
    ]
    assert [(t.id, t.title) for t in w.themes] == [("I", "Jouets"), ("II", "Électroménager")]
    assert [(r.theme, r.title, r.url) for r in w.resources] == [
        ("II", "carte des boutiques", "https://rejoue.example.org/carte")
    ]
    # a mailto link gives the contact its address, and the address its owner
    assert [(c.theme, c.text, c.emails, c.speakers) for c in w.contacts] == [
        ("I", "Léa Morin : écrire à Léa", ["lea.morin@rejoue.example.org"], ["lea-morin"])
    ]
    assert w.speaker("lea-morin").emails == ["lea.morin@rejoue.example.org"]
    q = w.questions[0]
    assert (q.text, q.answer, q.speaker, q.chapter) == (
        "Où trouver les boutiques ?", "Sur la carte.", "lea-morin", "rejoue-jouets"
    )
    assert result.warnings == []  # "Lea Morin" differs only by an accent


def test_numbered_and_typed_themes_read_the_same(tmp_path):
    numbered = import_file(small_handout(tmp_path / "a.docx")).webinar
    typed = import_file(small_handout(tmp_path / "b.docx", numbered_themes=False)).webinar
    assert numbered.themes == typed.themes
    assert numbered.resources == typed.resources and numbered.contacts == typed.contacts


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_handout_with_links_headings_and_star_bullets(tmp_path):
    text = PROGRAMME.read_text(encoding="utf-8")
    text = text.replace("**annuaire**", "[**annuaire**](https://grafie.example.org/annuaire)")
    text = text.replace("**étude sur les besoins sociaux**",
                        "**[étude sur les besoins sociaux](https://iae.example.org/etude)**")
    text = re.sub(r"(?m)^(I+\. )", r"## \1", text)
    text = re.sub(r"(?m)^- ", "* ", text)
    text = text.replace("CONTACTS", "# CONTACTS")
    path = tmp_path / "programme.md"
    path.write_text(text, encoding="utf-8")
    result = import_file(path)
    plain = import_file(PROGRAMME)
    urls = [r.url for r in result.webinar.resources]
    assert urls == [None, "https://grafie.example.org/annuaire", "https://iae.example.org/etude",
                    None, None]  # fmt: skip
    assert [r.title for r in result.webinar.resources] == [r.title for r in plain.webinar.resources]
    assert [r.text for r in result.webinar.resources] == [r.text for r in plain.webinar.resources]
    assert [t.title for t in result.webinar.themes] == [t.title for t in plain.webinar.themes]
    assert len(result.webinar.contacts) == len(plain.webinar.contacts)
    assert len([w for w in result.warnings if "sans adresse" in w]) == 3


# --- files that are not handouts ----------------------------------------------------------


def _one_error_line(result, path: Path) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"erreur : {path}") and "Traceback" not in result.output
    return lines[0]


def test_a_text_file_named_docx_is_one_french_line(runner, tmp_path):
    fake = tmp_path / "programme.docx"
    fake.write_text("Webinaire du 4 mai 2021\n", encoding="utf-8")
    result = runner.invoke(args=["import-programme", str(fake)])
    line = _one_error_line(result, fake)
    assert line == f"erreur : {fake} : ce n'est pas un document Word .docx lisible"


def test_a_damaged_docx_is_one_french_line(runner, may_docx, tmp_path):
    cut = tmp_path / "coupe.docx"
    cut.write_bytes(may_docx.read_bytes()[:5000])  # a download stopped half-way
    assert "lisible" in _one_error_line(runner.invoke(args=["import-programme", str(cut)]), cut)

    broken = tmp_path / "casse.docx"
    with zipfile.ZipFile(may_docx) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # XML cut in the middle of an element
            target.writestr(item, data)
    line = _one_error_line(runner.invoke(args=["import-programme", str(broken)]), broken)
    assert line == f"erreur : {broken} : document Word endommagé, illisible"

    other = tmp_path / "archive.docx"
    with zipfile.ZipFile(other, "w") as target:
        target.writestr("notes.txt", "rien de Word")
    assert "Word" in _one_error_line(runner.invoke(args=["import-programme", str(other)]), other)


def test_a_word_97_or_pdf_file_is_refused_with_advice(runner, tmp_path):
    old = tmp_path / "programme.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    line = _one_error_line(runner.invoke(args=["import-programme", str(old)]), old)
    assert line == (
        f"erreur : {old} : format « .doc » non lu ; enregistrez le document en .docx (Word), "
        ".md ou .txt"
    )


def test_a_latin_1_text_or_a_folder_is_one_french_line(runner, tmp_path):
    latin = tmp_path / "programme.txt"
    latin.write_bytes(PROGRAMME.read_text(encoding="utf-8").encode("latin-1", "replace"))
    line = _one_error_line(runner.invoke(args=["import-programme", str(latin)]), latin)
    assert "UTF-8" in line
    line = _one_error_line(runner.invoke(args=["import-programme", str(tmp_path)]), tmp_path)
    assert "dossier" in line


def test_read_docx_raises_its_own_error(tmp_path):
    fake = tmp_path / "x.docx"
    fake.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(HandoutError) as info:
        read_docx(fake)
    assert str(info.value).startswith(f"{fake} : ")


# --- the command's warnings, help and output ----------------------------------------------


def test_warnings_never_stop_the_import_and_are_in_the_json(runner):
    result = runner.invoke(args=["import-programme", str(PROGRAMME), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["warnings"]) == 9
    stderr = result.stderr.splitlines()
    assert stderr == [f"avertissement : {w}" for w in data["warnings"]]
    assert any("réponse de Nicolas Flescourt rattachée à Nicolas Fescourt" in w for w in stderr)
    assert any("organisation « CNLRO » écrite « cnlrg » dans ses adresses" in w for w in stderr)
    assert sum("sans adresse" in w for w in stderr) == 5


def test_the_default_folder_is_the_webinar_date_and_ids_are_valid(runner, webinars_dir, tmp_path):
    # a folder name that is no webinar id: the webinar goes to webinars/<its date>
    (tmp_path / "Téléchargements").mkdir()
    handout = small_handout(tmp_path / "Téléchargements" / "reemploi.docx")
    result = runner.invoke(args=["import-programme", str(handout)])
    assert result.exit_code == 0, result.output
    webinar = load_webinar(webinars_dir / "2023-10-12")
    assert webinar.id == "2023-10-12"
    assert all(ID.fullmatch(c.id) for c in webinar.chapters)


def test_an_out_folder_that_cannot_be_an_id_is_refused(runner, tmp_path):
    out = tmp_path / "mon webinaire"
    result = runner.invoke(args=["import-programme", str(PROGRAMME), "--out", str(out)])
    line = _one_error_line(result, out)
    assert "identifiant" in line and "--out" in line
    assert not out.exists()


def test_help_is_in_french(runner):
    result = runner.invoke(args=["import-programme", "--help"])
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("Utilisation : ")
    assert "Importe le programme d'un webinaire (.docx, .md ou .txt)." in text
    assert "Affiche cette aide et quitte." in text and "par défaut" in text
    for english in ("Usage:", "Show this message", "[default", "Import an"):
        assert english not in text


def test_a_docx_too_large_once_unpacked_is_refused_before_reading(tmp_path, may_docx):
    """A zip bomb is refused from its directory, before python-docx unpacks anything."""
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(may_docx) as source, zipfile.ZipFile(
        bomb, "w", compression=zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open("word/media/zeros.bin", "w") as extra:
            chunk = bytes(1024 * 1024)
            for _ in range(101):
                extra.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(HandoutError) as info:
        read_docx(bomb)
    assert str(info.value).startswith(f"{bomb} : document trop gros une fois décompressé (")
    assert str(info.value).endswith(", 50 Mo au plus)")
