"""The data file: validation with file/line/field errors, dump and load round trips, saving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.model import (
    Chapter,
    Contact,
    Note,
    Question,
    Recording,
    Resource,
    Speaker,
    Theme,
    Webinar,
)
from chapters.store import (
    StoreError,
    dump_webinar,
    list_webinars,
    load_webinar,
    parse_webinar,
    save_webinar,
    webinar_to_dict,
)
from tests.support.webinar import VALID, error_for, write_data


def small_webinar(**changes) -> Webinar:
    w = Webinar(
        id="demo",
        title="Démo",
        date="2021-05-04",
        recording=Recording(duration=5000),
        chapters=[
            Chapter("a", 0, "Un"),
            Chapter("b", 65, "Deux"),
            Chapter("c", 4200.25, "Trois"),
        ],
    )
    for key, value in changes.items():
        setattr(w, key, value)
    return w


# ---------------------------------------------------------------- loading


def test_load_reads_every_field(tmp_path):
    w = load_webinar(write_data(tmp_path, VALID, "2021-05-04"))
    assert w.id == "2021-05-04"
    assert w.title == "Créer et transformer l'activité"
    assert w.date == "2021-05-04"
    assert w.recording == Recording(
        kind="demo", src="demo.mp4", duration=5400, duration_assumed=True
    )
    assert [(c.id, c.start) for c in w.chapters] == [
        ("ouverture", 0),
        ("reseaux", 365),
        ("financer", 4200),
    ]
    assert w.chapters[1] == Chapter(
        id="reseaux",
        start=365,
        title="Les réseaux & l'ESS",
        summary="Texte complet\ndu programme.\n",
        speakers=["nicolas-fescourt"],
    )
    assert w.speakers[0] == Speaker(
        "cedric-herve", "Cédric Hervé", "Cédric HERVE", "Directeur", "", ["c.herve@example.org"]
    )
    assert w.questions == [
        Question(
            "q1",
            "Comment commencer ?",
            "En réseau.",
            "Nicolas Flescourt",
            "nicolas-fescourt",
            "reseaux",
        )
    ]
    assert w.themes == [Theme("I", "Créer", ["ouverture", "reseaux"])]
    assert w.resources == [Resource("guide", "I", "Le guide", "", "https://example.org/guide")]
    assert w.contacts[0].url == "mailto:c.herve@example.org"
    assert w.chapter_end(w.chapters[2]) == 5400


@pytest.mark.parametrize(
    "written, seconds",
    [
        ('"24:05"', 1445),
        ("24:05", 1445),  # YAML 1.1 would read base 60 as an int; the text is read as written
        ("24'05", 1445),
        ("24’05", 1445),
        ("1:10:00", 4200),
        ('"1:10:00.250"', 4200.25),
        ("1h10m5s", 4205),
        ("4200", 4200),
        ("4200.5", 4200.5),
    ],
)
def test_start_accepts_every_notation(tmp_path, written, seconds):
    text = VALID.replace("start: 1'10'00", f"start: {written}")
    assert load_webinar(write_data(tmp_path, text)).chapters[2].start == seconds


def test_missing_optional_lists_are_empty(tmp_path):
    text = "title: T\ndate: '2021-05-04'\nchapters:\n- {id: a, start: 0, title: Un}\n"
    w = load_webinar(write_data(tmp_path, text))
    assert w == Webinar(id="w", title="T", date="2021-05-04", chapters=[Chapter("a", 0, "Un")])


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "start: 6'05",
            "start: 24'75",
            '14: chapters[1].start : temps illisible "24\'75" : les secondes doivent être '
            "inférieures à 60",
        ),
        (
            "start: 6'05",
            "start:",
            "14: chapters[1].start : un temps est attendu",
        ),
        (
            "start: 1'10'00",
            "start: 5'00",
            "21: chapters[2].start : les chapitres doivent se suivre dans l'ordre : 5:00 ne "
            'vient pas après "reseaux" (6:05)',
        ),
        (
            "start: 1'10'00",
            "start: 6'05",
            "21: chapters[2].start : les chapitres doivent se suivre dans l'ordre : 6:05 ne "
            'vient pas après "reseaux" (6:05)',
        ),
        (
            "start: 1'10'00",
            "start: 2h",
            "21: chapters[2].start : le chapitre commence après la fin de l'enregistrement (1:30:00)",
        ),
        (
            "title: Financer",
            "title: " + "x" * 71,
            "22: chapters[2].title : titre trop long (71 caractères, 70 au plus) : raccourcir, "
            "le texte complet va dans summary",
        ),
        ("title: Financer", "title: ''", "22: chapters[2].title : le texte est vide"),
        (
            "- id: financer\n",
            "- id: financer\n  colour: red\n",
            '21: chapters[2].colour : clé inconnue "colour" (clés acceptées : id, start, '
            "title, summary, speakers, end)",
        ),
        (
            "- id: financer\n  start: 1'10'00\n",
            "- start: 1'10'00\n",
            '20: chapters[2] : la clé "id" manque',
        ),
        (
            "- id: financer",
            "- id: reseaux",
            '20: chapters[2].id : id "reseaux" déjà utilisé dans chapters',
        ),
        (
            "- id: financer",
            "- id: fin ancé",
            '20: chapters[2].id : id "fin ancé" invalide : lettres, chiffres, « - » et « _ » '
            "seulement, sans espace ni accent",
        ),
        (
            "speakers: [nicolas-fescourt]",
            "speakers: [nicolas-flescourt]",
            '19: chapters[1].speakers[0] : "nicolas-flescourt" ne correspond à aucun id de '
            "speakers (ids connus : cedric-herve, nicolas-fescourt)",
        ),
        (
            "speakers: [nicolas-fescourt]",
            "speakers: nicolas-fescourt",
            "19: chapters[1].speakers : une liste est attendue (lignes commençant par « - »)",
        ),
        (
            "  chapter: reseaux",
            "  chapter: debat",
            '37: questions[0].chapter : "debat" ne correspond à aucun id de chapters (ids '
            "connus : financer, ouverture, reseaux)",
        ),
        (
            "  speaker: nicolas-fescourt",
            "  speaker: nf",
            '36: questions[0].speaker : "nf" ne correspond à aucun id de speakers (ids connus : '
            "cedric-herve, nicolas-fescourt)",
        ),
        (
            "chapters: [ouverture, reseaux]",
            "chapters: [ouverture, debat]",
            '41: themes[0].chapters[1] : "debat" ne correspond à aucun id de chapters (ids '
            "connus : financer, ouverture, reseaux)",
        ),
        (
            "- id: guide\n  theme: I",
            "- id: guide\n  theme: II",
            '44: resources[0].theme : "II" ne correspond à aucun id de themes (ids connus : I)',
        ),
        (
            "- id: c1\n  theme: I",
            "- id: c1\n  theme: IV",
            '49: contacts[0].theme : "IV" ne correspond à aucun id de themes (ids connus : I)',
        ),
        (
            "  speakers: [cedric-herve]\n  url",
            "  speakers: [cedric]\n  url",
            '52: contacts[0].speakers[0] : "cedric" ne correspond à aucun id de speakers (ids '
            "connus : cedric-herve, nicolas-fescourt)",
        ),
        (
            "url: https://example.org/guide",
            "url: www.example.org/guide",
            '46: resources[0].url : adresse "www.example.org/guide" invalide : elle commence '
            "par http://, https://, mailto: et ne contient pas d'espace",
        ),
        (
            "url: mailto:c.herve@example.org",
            "url: javascript:alert(1)",
            '53: contacts[0].url : adresse "javascript:alert(1)" invalide : elle commence par '
            "http://, https://, mailto: et ne contient pas d'espace",
        ),
        (
            "  emails: [c.herve@example.org]\n- id: nicolas",
            "  emails: [c.herve.example.org]\n- id: nicolas",
            '28: speakers[0].emails[0] : adresse e-mail "c.herve.example.org" invalide',
        ),
        (
            "date: 2021-05-04",
            "date: 04/05/2021",
            '2: date : date "04/05/2021" invalide : format AAAA-MM-JJ attendu (ex. 2021-05-04)',
        ),
        (
            "date: 2021-05-04",
            "date: 2021-02-30",
            '2: date : date "2021-02-30" invalide : format AAAA-MM-JJ attendu (ex. 2021-05-04)',
        ),
        (
            "kind: demo",
            "kind: dvd",
            '4: recording.kind : "dvd" inconnu (valeurs acceptées : demo, file, link, embed)',
        ),
        (
            "duration: 5400",
            "duration: longue",
            '6: recording.duration : temps illisible "longue" : format non reconnu (exemples : '
            "6'05, 1'10'00, 1h10m5s, 1:10:00, 4200)",
        ),
        (
            "duration_assumed: true",
            "duration_assumed: 1",
            "7: recording.duration_assumed : true ou false est attendu",
        ),
        (
            "title: Créer et transformer l'activité\n",
            "",
            '1: la clé "title" manque',
        ),
        (
            "title: Créer et transformer l'activité\n",
            "title: T\nsubtitle: S\n",
            '2: subtitle : clé inconnue "subtitle" (clés acceptées : title, date, chapters, '
            "organiser, recording, speakers, questions, themes, resources, contacts, notes)",
        ),
        (
            "date: 2021-05-04\n",
            "date: 2021-05-04\ntitle: Encore\n",
            '3: title : la clé "title" apparaît deux fois',
        ),
        (
            "  title: Financer",
            "  title: [Financer]",
            "22: chapters[2].title : un texte est attendu",
        ),
    ],
)
def test_errors_name_line_and_field(tmp_path, old, new, expected):
    assert old in VALID
    assert error_for(tmp_path, VALID.replace(old, new, 1)) == expected


def test_error_str_is_one_line_with_path():
    err = StoreError(
        Path("webinars/x/webinar.yaml"), 42, "chapters[2].start", 'temps illisible "24\'75" :\n x'
    )
    assert (
        str(err) == 'webinars/x/webinar.yaml:42: chapters[2].start : temps illisible "24\'75" : x'
    )
    assert (err.path, err.line, err.field) == ("webinars/x/webinar.yaml", 42, "chapters[2].start")
    assert isinstance(err, ValueError)
    assert (
        str(StoreError("f.yaml", None, None, "fichier introuvable"))
        == "f.yaml: fichier introuvable"
    )


def test_missing_file(tmp_path):
    with pytest.raises(StoreError) as info:
        load_webinar(tmp_path / "absent")
    assert str(info.value) == f"{tmp_path / 'absent' / 'webinar.yaml'}: fichier introuvable"
    assert info.value.line is None


@pytest.mark.parametrize("text", ["", "\n\n", "# seulement un commentaire\n"])
def test_empty_file(tmp_path, text):
    assert error_for(tmp_path, text) == " le fichier est vide"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "title: T\ndate: 2021-05-04\nchapters: [\n",
            "4: YAML invalide : expected the node content, but found '<stream end>'",
        ),
        ("title: T\n  date: x: y\n", "2: YAML invalide : mapping values are not allowed here"),
        ("title: 'T\n", "2: YAML invalide : found unexpected end of stream"),
        ("a: 1\n---\nb: 2\n", "2: YAML invalide : but found another document"),
        ("- a\n- b\n", "1: un ensemble de clés « nom: valeur » est attendu"),
    ],
)
def test_invalid_yaml(tmp_path, text, expected):
    assert error_for(tmp_path, text) == expected


def test_not_utf8(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "webinar.yaml").write_bytes(b"title: T\ndate: 2021-05-04\ntitle: caf\xe9\n")
    with pytest.raises(StoreError) as info:
        load_webinar(folder)
    assert (info.value.line, info.value.message) == (3, "le fichier n'est pas en UTF-8")


def test_no_python_objects(tmp_path):
    text = VALID.replace("title: Financer", "title: !!python/object/apply:os.system [echo]")
    assert error_for(tmp_path, text) == "22: chapters[2].title : un texte est attendu"


# ---------------------------------------------------------------- writing


def test_dump_is_readable_yaml():
    w = Webinar(
        id="demo",
        title="Réseaux & ESS",
        date="2021-05-04",
        recording=Recording(duration=4300.5),
        chapters=[
            Chapter("a", 0, "Ouverture", "Deux\nlignes", ["s"]),
            Chapter("b", 365.25, "Suite"),
            Chapter("c", 4200, "Fin", end=4300),
        ],
        speakers=[Speaker("s", "Cédric Hervé", emails=["c@example.org"])],
    )
    text = dump_webinar(w)
    header, _, body = text.partition("\n\n")
    assert all(line.startswith("#") for line in header.splitlines())
    assert "modifiable à la main" in header and '"1:10:00"' in header and "24'05" in header
    assert body == (
        "title: Réseaux & ESS\n"
        "date: '2021-05-04'\n"
        "recording:\n"
        "  kind: demo\n"
        "  duration: 4300.5\n"
        "  duration_assumed: false\n"
        "chapters:\n"
        "- id: a\n"
        '  start: "0:00"\n'
        "  title: Ouverture\n"
        "  summary: |-\n"
        "    Deux\n"
        "    lignes\n"
        "  speakers: [s]\n"
        "- id: b\n"
        '  start: "6:05.25"\n'
        "  title: Suite\n"
        "- id: c\n"
        '  start: "1:10:00"\n'
        "  title: Fin\n"
        '  end: "1:11:40"\n'
        "speakers:\n"
        "- id: s\n"
        "  name: Cédric Hervé\n"
        "  emails: [c@example.org]\n"
        "questions: []\n"
        "themes: []\n"
        "resources: []\n"
        "contacts: []\n"
    )
    assert parse_webinar(text, "demo") == w


def test_load_of_dump_gives_the_same_webinar(tmp_path):
    w = load_webinar(write_data(tmp_path, VALID, "2021-05-04"))
    assert parse_webinar(dump_webinar(w), "2021-05-04") == w


def test_webinar_to_dict_is_json():
    w = small_webinar()
    data = webinar_to_dict(w)
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "id",
        "title",
        "date",
        "organiser",
        "recording",
        "chapters",
        "speakers",
        "questions",
        "themes",
        "resources",
        "contacts",
        "notes",
    ]
    assert [(c["id"], c["start"]) for c in data["chapters"]] == [
        ("a", 0),
        ("b", 65),
        ("c", 4200.25),
    ]
    assert type(data["chapters"][1]["start"]) is int
    assert data["recording"]["duration"] == 5000


def test_save_writes_atomically_and_creates_folder(tmp_path):
    w = small_webinar()
    folder = tmp_path / "webinars" / "demo"
    path = save_webinar(w, folder)
    assert path == folder / "webinar.yaml"
    assert path.read_text(encoding="utf-8") == dump_webinar(w)
    assert os.listdir(folder) == ["webinar.yaml"]
    w.title = "Autre"
    save_webinar(w, folder)
    assert load_webinar(folder).title == "Autre"
    assert os.listdir(folder) == ["webinar.yaml"]


def test_save_refuses_data_that_would_not_load(tmp_path):
    folder = tmp_path / "demo"
    save_webinar(small_webinar(), folder)
    before = (folder / "webinar.yaml").read_text(encoding="utf-8")
    bad = small_webinar()
    bad.chapters[1].title = "t" * 71
    with pytest.raises(StoreError) as info:
        save_webinar(bad, folder)
    assert info.value.field == "chapters[1].title"
    assert (folder / "webinar.yaml").read_text(encoding="utf-8") == before
    assert os.listdir(folder) == ["webinar.yaml"]


def test_list_webinars(tmp_path):
    for name in ("b", "a", "c"):
        (tmp_path / name).mkdir()
    (tmp_path / "a" / "webinar.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "c" / "webinar.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "webinar.yaml").write_text("x", encoding="utf-8")
    assert list_webinars(tmp_path) == ["a", "c"]
    assert list_webinars(tmp_path / "absent") == []


# ---------------------------------------------------------------- round trip, generated

_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True)
_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.just("\n"),
    max_size=40,
)
_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=70,
).filter(str.strip)
_emails = st.lists(
    st.from_regex(r"[a-z0-9.]{1,8}@[a-z]{1,8}\.(fr|org)", fullmatch=True), max_size=2
)
_urls = st.none() | st.from_regex(r"(https://|mailto:)[a-z0-9./@]{1,20}", fullmatch=True)


@st.composite
def webinars(draw):
    millis = draw(st.lists(st.integers(0, 90_000_000), min_size=1, max_size=6, unique=True))
    starts = sorted(m / 1000 for m in millis)
    chapter_ids = draw(st.lists(_ids, min_size=len(starts), max_size=len(starts), unique=True))
    speakers = [
        Speaker(sid, draw(_line), draw(_text), draw(_text), draw(_text), draw(_emails))
        for sid in draw(st.lists(_ids, max_size=3, unique=True))
    ]
    speaker_ids = [s.id for s in speakers]
    some_speakers = (
        st.lists(st.sampled_from(speaker_ids), unique=True) if speaker_ids else st.just([])
    )
    chapters = [
        Chapter(cid, start, draw(_line), draw(_text), draw(some_speakers))
        for cid, start in zip(chapter_ids, starts)
    ]
    themes = [
        Theme(tid, draw(_line), draw(st.lists(st.sampled_from(chapter_ids), unique=True)))
        for tid in draw(st.lists(_ids, max_size=2, unique=True))
    ]
    theme_ids = st.sampled_from([t.id for t in themes]) if themes else None
    duration = draw(st.none() | st.integers(int(starts[-1]) + 1, 100_000))
    return Webinar(
        id="w",
        title=draw(_line),
        date=draw(st.dates()).isoformat(),
        recording=Recording(
            kind=draw(st.sampled_from(["demo", "file"])),
            # a plain file name of media/ (the store refuses paths, hidden and over-long names)
            src=draw(_text.filter(
                lambda s: "\n" not in s and not s.startswith(".") and "/" not in s
                and "\\" not in s and len(s) <= 200 and len(s.encode()) <= 255
                and not any(ord(c) < 0x20 for c in s)
            )),
            duration=duration,
            duration_assumed=draw(st.booleans()),
        ),
        chapters=chapters,
        speakers=speakers,
        questions=[
            Question(
                qid,
                draw(_line),
                draw(_text),
                draw(_text),
                draw(st.none() | st.sampled_from(speaker_ids)) if speaker_ids else None,
                draw(st.none() | st.sampled_from(chapter_ids)),
            )
            for qid in draw(st.lists(_ids, max_size=2, unique=True))
        ],
        themes=themes,
        resources=[
            Resource(rid, draw(theme_ids), draw(_line), draw(_text), draw(_urls))
            for rid in (draw(st.lists(_ids, max_size=2, unique=True)) if themes else [])
        ],
        contacts=[
            Contact(
                cid, draw(theme_ids), draw(_line), draw(_emails), draw(some_speakers), draw(_urls)
            )
            for cid in (draw(st.lists(_ids, max_size=2, unique=True)) if themes else [])
        ],
    )


# ---------------------------------------------------------------- organisers' notes


def test_notes_for_organisers_load_and_dump_back(tmp_path):
    text = VALID + (
        "notes:\n"
        "- field: speakers.cedric-herve.organisation\n"
        "  text: écrit « CNLRO » dans le programme\n"
        "- field: title\n"
        "  text: titre raccourci\n"
    )
    w = load_webinar(write_data(tmp_path, text))
    assert w.notes == [Note("speakers.cedric-herve.organisation", "écrit « CNLRO » dans le programme"),
                       Note("title", "titre raccourci")]
    assert w.notes_on("speakers.cedric-herve.organisation") == ["écrit « CNLRO » dans le programme"]
    assert w.notes_on("speakers.cedric-herve.role") == []
    assert parse_webinar(dump_webinar(w), w.id) == w
    # a webinar without notes writes no notes key at all
    w.notes = []
    assert "notes" not in dump_webinar(w)


@pytest.mark.parametrize(
    "field, expected",
    [
        ("speakers.personne.organisation", '"personne" ne correspond à aucun id de speakers'),
        ("speakers.cedric-herve.couleur", '"speakers.cedric-herve.couleur" ne désigne aucun champ'),
        ("auteurs.x.nom", '"auteurs.x.nom" ne désigne aucun champ'),
    ],
)
def test_a_note_must_name_a_field_of_the_webinar(tmp_path, field, expected):
    lines = len(VALID.splitlines())
    message = error_for(tmp_path, VALID + f"notes:\n- field: {field}\n  text: t\n")
    assert message.startswith(f"{lines + 2}: notes[0].field : {expected}"), message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(webinars())
def test_dump_load_round_trip(w):
    assert parse_webinar(dump_webinar(w), "w") == w
