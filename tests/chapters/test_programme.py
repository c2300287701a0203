"""The importer: the organiser's programme document -> Webinar, with line-numbered errors."""

from __future__ import annotations

import re
import unicodedata

import pytest

from chapters.programme import (
    ImportResult,
    import_file,
    import_programme,
)
from tests.support.paths import FIXTURES
from tests.support.programme import ends_cleanly, may_text
from tests.support.webinar import PROGRAMME, STARTS

MOBILITY = FIXTURES / "programme-2022-12-01.txt"
FOOD = FIXTURES / "programme-2023-03-21.txt"

# Deliberately not the importer's own pattern: an independent count of the addresses.
ADDRESS = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]+")

MAY_IDS = [
    "ouverture", "programme-regional-relocalisations", "capa-cite", "coorace", "cnlro",
    "halage", "france-active",
]  # fmt: skip
MAY_TITLES = [
    "Ouverture : explication du programme du webinaire",
    "Programme régional de relocalisations industrielles",
    "Capa'Cité, chantier d'insertion",
    "Coorace : rapport de la Task force de l'IAE",
    "CNLRO : réponse aux besoins sociaux dans les territoires",
    "Halage : témoignage d'un chantier d'insertion",
    "France Active : offres d'accompagnement et de financement",
]


@pytest.fixture(scope="module")
def may() -> ImportResult:
    return import_file(PROGRAMME)


def _ids(items) -> list[str]:
    return [item.id for item in items]


def _by_id(items) -> dict:
    return {item.id: item for item in items}


# --- the programme of 4 May 2021 ----------------------------------------------------------


def test_header_gives_id_title_and_date(may):
    w = may.webinar
    assert w.id == "2021-05-04"
    assert w.date == "2021-05-04"
    assert w.title == (
        "Créer et transformer l'activité pour répondre aux besoins sociaux en Île-de-France"
    )


def test_chapters_start_times_and_speakers(may):
    chapters = may.webinar.chapters
    assert _ids(chapters) == MAY_IDS
    assert [c.start for c in chapters] == STARTS
    assert all(isinstance(c.start, int) for c in chapters)
    assert [c.speakers for c in chapters] == [
        ["dominique-dasso"],
        ["florence-oules"],
        ["cedric-herve"],
        ["nicolas-auziere"],
        ["tarek-daher"],
        ["nicolas-fescourt"],
        ["jonathan-leveugle"],
    ]


def test_wrapped_cells_are_joined_and_hyphens_kept(may):
    chapters = may.webinar.chapters
    assert chapters[1].summary == (
        "Présentation du programme régional de relocalisations industrielles des entreprises "
        "et, dans ce cadre, de partenariats entreprises - sous-traitants inclusifs"
    )
    assert chapters[3].summary == (
        "Etat des lieux et présentation du rapport de la Task force de l'IAE \"A quels besoins "
        "sociaux pourrait répondre l'IAE dans le « monde d'après ?»"
    )
    assert chapters[4].summary == (
        "La réponse aux besoins sociaux dans les territoires : illustration par l'action menée "
        "par les régies de quartier en Île-de-France"
    )


def test_chapter_titles_are_short_readable_and_name_the_organisation(may):
    titles = [c.title for c in may.webinar.chapters]
    assert titles == MAY_TITLES
    assert all(len(t) <= 60 for t in titles)
    assert all(ends_cleanly(t) for t in titles), titles
    # every title's words are the programme's own, in its order, bar a lead-in and the prefix
    for chapter in may.webinar.chapters:
        words = chapter.title.split(" : ")[-1].split()
        assert " ".join(words[1:]) in chapter.summary


def test_titles_cut_at_words_of_the_summary(may):
    """Each title ends where a word of the summary ends (no word is cut short)."""
    for chapter in may.webinar.chapters:
        last = chapter.title.split()[-1]
        assert re.search(rf"{re.escape(last)}(?![\w'’-])", chapter.summary), chapter.title


def test_chapter_ids_come_from_the_titles(may):
    from chapters.names import ID

    ids = _ids(may.webinar.chapters)
    assert len(set(ids)) == len(ids)
    assert all(ID.fullmatch(i) and i.isascii() and len(i) <= 48 for i in ids)


def test_the_warnings_of_4_may_2021(may):
    """The misspelt answerer, the misspelt organisation and the five resources without link."""
    source = str(PROGRAMME)
    assert may.warnings == [
        f"{source}:83: organisation « CNLRO » écrite « cnlrg » dans ses adresses "
        "(tdaher@cnlrg.org, hvidaud@cnlrg.org)",
        f"{source}:123: réponse de Nicolas Flescourt rattachée à Nicolas Fescourt",
        f"{source}:135: ressource « rapport sur les coopérations des SIAE en Île-de-France » "
        "sans adresse : ajoutez-la dans l'éditeur",
        f"{source}:136: ressource « annuaire » sans adresse : ajoutez-la dans l'éditeur",
        f"{source}:140: ressource « étude sur les besoins sociaux » sans adresse : ajoutez-la "
        "dans l'éditeur",
        f"{source}:144: ressource « Mode d'emploi Création d'activités d'utilité sociale » sans "
        "adresse : ajoutez-la dans l'éditeur",
        f"{source}:145: ressource « Mode d'emploi : L'innovation sociale » sans adresse : "
        "ajoutez-la dans l'éditeur",
        f"{source}:164: contact : « Nicolas Flescourt » rattaché à Nicolas Fescourt",
        f"{source}:164: nom « Nicolas Flescourt » écrit « fescourt » dans l'adresse "
        "nicolas.fescourt@halage.fr",
    ]
    lines = may_text().splitlines()
    assert "Tarek DAHER" in lines[82] and "Flescourt" in lines[122] and "Flescourt" in lines[163]


def test_remarks_on_the_document_become_organisers_notes_beside_their_field(may):
    """Missing links and a misspelt organisation: notes kept in the data, each naming its field
    as the editor does; the warnings about a field say which one (for /nouveau's links)."""
    notes = {n.field: n.text for n in may.webinar.notes}
    assert notes == {
        **{f"resources.r{n}.url": f"lien non fourni dans le programme (ligne {line} du programme)"
           for n, line in zip(range(1, 6), (135, 136, 140, 144, 145))},
        "speakers.tarek-daher.organisation": "« CNLRO » dans le programme, « cnlrg » dans les "
        "adresses (tdaher@cnlrg.org, hvidaud@cnlrg.org) (ligne 83 du programme)",
    }
    assert all(r.url is None for r in may.webinar.resources)
    def field_of(words):
        return next(f for w, f in may.fields.items() if words in w)

    assert field_of("ressource « annuaire » sans adresse") == "resources.r2.url"
    assert field_of("organisation « CNLRO » écrite « cnlrg »") == "speakers.tarek-daher.organisation"
    assert set(may.fields) <= set(may.warnings) and len(may.fields) == 6


def test_speakers_names_roles_and_organisations(may):
    rows = [
        (s.id, s.name, s.name_as_written, s.role, s.organisation)
        for s in may.webinar.speakers
    ]
    assert rows == [
        ("dominique-dasso", "Dominique Dasso", "Dominique DASSO",
         "chargé de mission Inter-Réseau", "GRAFIE"),
        ("florence-oules", "Florence Oulès", "Florence OULES",
         "cheffe de la mission ESS et développement Inclusif", "Conseil Régional Île-de-France"),
        ("cedric-herve", "Cédric Hervé", "Cédric HERVE",
         "directeur du Pôle Économie Sociale et Solidaire",
         "La Cité de Refuge Centre Espoir - Fondation de l'Armée du Salut"),
        ("nicolas-auziere", "Nicolas Auzière", "Nicolas AUZIERE",
         "délégué régional", "Coorace Île-de-France"),
        ("tarek-daher", "Tarek Daher", "Tarek DAHER", "délégué général", "CNLRO"),
        ("nicolas-fescourt", "Nicolas Fescourt", "Nicolas FESCOURT", "chargé de projet", "Halage"),
        ("jonathan-leveugle", "Jonathan Leveugle", "Jonathan LEVEUGLE",
         "directeur", "France Active Île-de-France"),
    ]  # fmt: skip


def test_speakers_get_their_own_addresses(may):
    emails = {s.id: s.emails for s in may.webinar.speakers}
    assert emails == {
        "dominique-dasso": ["dominique.dasso@grafie.org"],
        "florence-oules": ["florence.oules@iledefrance.fr"],
        "cedric-herve": ["cedric.herve@travail-partage.org"],
        "nicolas-auziere": ["nicolas.auziere@coorace-idf.org"],
        "tarek-daher": ["tdaher@cnlrg.org"],
        "nicolas-fescourt": ["nicolas.fescourt@halage.fr"],
        "jonathan-leveugle": ["j.leveugle@franceactiveidf.fr"],
    }


def test_questions_link_to_the_answering_speaker_and_chapter(may):
    questions = may.webinar.questions
    assert _ids(questions) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert [(q.answered_by, q.speaker, q.chapter) for q in questions] == [
        ("Florence Oulès", "florence-oules", "programme-regional-relocalisations"),
        ("Cédric Hervé", "cedric-herve", "capa-cite"),
        ("Cédric Hervé", "cedric-herve", "capa-cite"),
        ("Nicolas Auzière", "nicolas-auziere", "coorace"),
        # misspelt in the document: tolerant matching still finds FESCOURT
        ("Nicolas Flescourt", "nicolas-fescourt", "halage"),
        ("Jonathan Leveugle", "jonathan-leveugle", "france-active"),
    ]


def test_question_text_and_answer_are_plain(may):
    q4 = may.webinar.question("q4")
    assert q4.text == (
        "Il est dommage de ne pas appuyer l'étude théorique sur les besoins sociaux par du "
        "terrain même limité pour cause de covid."
    )
    assert q4.answer == (
        "C'est ce qui a été fait. Nous nous sommes appuyés dans le cadre de notre étude autant "
        "à partir de données compulsées que d'exemples de terrain."
    )
    assert all("**" not in q.text and q.answer for q in may.webinar.questions)


def test_themes_link_to_the_chapters_of_their_contacts(may):
    themes = may.webinar.themes
    assert [(t.id, t.chapters) for t in themes] == [
        ("I", MAY_IDS[0:3]),
        ("II", MAY_IDS[3:5]),
        ("III", MAY_IDS[5:7]),
    ]
    assert themes[0].title == "Relocalisations stratégiques et partenariats inclusifs"
    assert themes[2].title == (
        "Réorientations inclusives : sécuriser/développer son activité en la transformant"
    )


def test_resources_keep_the_bold_text_as_title(may):
    resources = may.webinar.resources
    assert [(r.id, r.theme, r.title, r.url) for r in resources] == [
        ("r1", "I", "rapport sur les coopérations des SIAE en Île-de-France", None),
        ("r2", "I", "annuaire", None),
        ("r3", "II", "étude sur les besoins sociaux", None),
        ("r4", "III", "Mode d'emploi Création d'activités d'utilité sociale", None),
        ("r5", "III", "Mode d'emploi : L'innovation sociale", None),
    ]
    assert resources[1].text == (
        "Le Grafie propose à toute SIAE qui le souhaite de compléter une fiche structure sur le "
        "site grafie.org, afin de faciliter son référencement et sa visibilité auprès des "
        "partenaires de l'IAE. Fiche qui apparaîtra dans notre annuaire. Tous nos conseils pour "
        "créer, modifier, supprimer sa fiche sont à trouver en suivant ce lien"
    )


def test_contacts_by_bullet_with_their_speakers(may):
    rows = [(c.id, c.theme, c.emails, c.speakers) for c in may.webinar.contacts]
    assert rows == [
        ("c1", "I", ["dominique.dasso@grafie.org"], ["dominique-dasso"]),
        ("c2", "I", ["florence.oules@iledefrance.fr", "marguerite.filippini@iledefrance.fr"],
         ["florence-oules"]),
        ("c3", "I", [], []),
        ("c4", "I", ["cedric.herve@travail-partage.org"], ["cedric-herve"]),
        ("c5", "II", ["nicolas.auziere@coorace-idf.org"], ["nicolas-auziere"]),
        ("c6", "II", ["hvidaud@cnlrg.org", "tdaher@cnlrg.org"], ["tarek-daher"]),
        ("c7", "III", ["nicolas.fescourt@halage.fr"], ["nicolas-fescourt"]),
        ("c8", "III", ["j.leveugle@franceactiveidf.fr"], ["jonathan-leveugle"]),
        ("c9", "III", ["b.garcia@lesentreprisesdinsertion.org"], []),
    ]  # fmt: skip
    contacts = _by_id(may.webinar.contacts)
    assert contacts["c3"].text == (
        "Pour toute question sur sa fiche structure, n'hésitez pas à nous envoyer un message à "
        "partir de notre formulaire contact en page d'accueil de grafie.org"
    )
    assert contacts["c8"].text == (
        "France Active IdF : contactez Jonathan Leveugle (j.leveugle@franceactiveidf.fr)."
    )


def test_every_address_in_the_document_is_kept(may):
    in_document = set(ADDRESS.findall(may_text()))
    in_contacts = {e for c in may.webinar.contacts for e in c.emails}
    assert len(in_document) == 10
    assert in_contacts == in_document


def test_import_programme_defaults_the_id_to_the_date():
    result = import_programme(may_text())
    assert result.webinar.id == "2021-05-04"
    other = import_programme(may_text(), webinar_id="mai-2021")
    assert other.webinar.id == "mai-2021"


def test_windows_line_endings_and_decomposed_accents_read_the_same(may):
    text = unicodedata.normalize("NFD", may_text())
    result = import_programme(text.replace("\n", "\r\n"))
    assert [c.start for c in result.webinar.chapters] == [c.start for c in may.webinar.chapters]
    assert [s.name for s in result.webinar.speakers] == [s.name for s in may.webinar.speakers]
    assert [c.title for c in result.webinar.chapters] == MAY_TITLES
    assert [w.split(":", 1)[1] for w in result.warnings] == [
        w[len(str(PROGRAMME)) + 1 :] for w in may.warnings
    ]


# --- documents of the same layout ---------------------------------------------------------


def test_mobility_fixture_two_tables_with_curly_quotes():
    result = import_file(MOBILITY)
    w = result.webinar
    assert result.warnings == [
        f"{MOBILITY}:78: réponse de Karim Bensallah rattachée à Karim Bensalah",
        f"{MOBILITY}:90: ressource « guide des aides à la mobilité » sans adresse : ajoutez-la "
        "dans l'éditeur",
        f"{MOBILITY}:94: ressource « carte des auto-écoles sociales » sans adresse : ajoutez-la "
        "dans l'éditeur",
    ]  # "Eric Lefevre" for Éric LEFÈVRE differs only by accents: not worth a warning
    assert (w.id, w.date) == ("fixtures", "2022-12-01")
    assert w.title == "Mobilité solidaire : se déplacer pour travailler en zone rurale"
    assert [c.start for c in w.chapters] == [0, 510, 1875, 3160, 3930]
    assert [c.speakers for c in w.chapters] == [
        ["helene-martin-duval"],
        ["eric-lefevre"],
        ["amelie-rousseau"],
        ["karim-bensalah"],
        ["eric-lefevre"],
    ]
    assert w.chapters[0].summary == "Accueil et tour d'horizon des aides à la mobilité"
    assert w.chapters[1].summary == (
        "Le plan régional de mobilité inclusive : transport à la demande et co-voiturage"
    )
    assert [(c.id, c.title) for c in w.chapters] == [
        # "Ouverture : accueil et tour d'horizon…" would not fit whole: the label gives way
        ("accueil-tour-horizon", "Accueil et tour d'horizon des aides à la mobilité"),
        ("plan-regional-mobilite", "Le plan régional de mobilité inclusive"),
        ("roule-ma-poule", "Roule Ma Poule : passer le permis quand on est loin de tout"),
        ("reparer-voiture-prix", "Réparer sa voiture à prix coûtant : le garage solidaire"),
        ("conclusion-suites", "Conclusion et suites"),
    ]


def test_mobility_fixture_speakers():
    w = import_file(MOBILITY).webinar
    rows = [(s.id, s.name, s.name_as_written, s.role, s.organisation, s.emails)
            for s in w.speakers]  # fmt: skip
    assert rows == [
        ("helene-martin-duval", "Hélène Martin-Duval", "Hélène MARTIN-DUVAL", "animatrice",
         "Mob'In Grand Est", ["helene.martin-duval@mobin-grandest.fr"]),
        # the answerer wrote "Eric Lefevre": the accented spelling is kept
        ("eric-lefevre", "Éric Lefèvre", "Éric LEFÈVRE", "responsable mobilité",
         "Région Centre-Val de Loire", ["elefevre@centre-valdeloire.fr"]),
        # contact@ is the school's address, not hers
        ("amelie-rousseau", "Amélie Rousseau", "Amélie ROUSSEAU", "directrice",
         "Roule Ma Poule, auto-école sociale", []),
        ("karim-bensalah", "Karim Bensalah", "Karim BENSALAH",
         "coordinateur du garage solidaire Répar'Auto", "", ["kbensalah@reparauto.org"]),
    ]  # fmt: skip


def test_mobility_fixture_questions_with_a_misspelt_answerer():
    w = import_file(MOBILITY).webinar
    assert [(q.id, q.answered_by, q.speaker, q.chapter) for q in w.questions] == [
        ("q1", "Eric Lefevre", "eric-lefevre", "plan-regional-mobilite"),
        ("q2", "Amélie Rousseau", "amelie-rousseau", "roule-ma-poule"),
        ("q3", "Karim Bensallah", "karim-bensalah", "reparer-voiture-prix"),
        ("q4", "Hélène Martin-Duval", "helene-martin-duval", "accueil-tour-horizon"),
    ]
    # two paragraphs stay two paragraphs
    assert w.question("q2").answer == (
        "Six mois en moyenne.\n\n"
        "Les personnes les plus éloignées de l'emploi ont droit à des heures en plus."
    )


def test_mobility_fixture_themes_resources_contacts():
    w = import_file(MOBILITY).webinar
    assert [(t.id, t.title, t.chapters) for t in w.themes] == [
        ("I", "Aides à la mobilité",
         ["accueil-tour-horizon", "plan-regional-mobilite", "conclusion-suites"]),
        ("II", "Se former et se déplacer", ["roule-ma-poule", "reparer-voiture-prix"]),
    ]
    assert [(r.id, r.theme, r.title, r.text) for r in w.resources] == [
        ("r1", "I", "guide des aides à la mobilité",
         "Le guide des aides à la mobilité publié par la Région en 2022"),
        ("r2", "II", "carte des auto-écoles sociales",
         "La carte des auto-écoles sociales et le répertoire des garages solidaires"),
    ]  # fmt: skip
    assert [(c.id, c.theme, c.emails, c.speakers) for c in w.contacts] == [
        ("c1", "I", ["helene.martin-duval@mobin-grandest.fr"], ["helene-martin-duval"]),
        ("c2", "I", ["elefevre@centre-valdeloire.fr"], ["eric-lefevre"]),
        ("c3", "II", ["contact@roulemapoule.fr"], ["amelie-rousseau"]),
        ("c4", "II", ["kbensalah@reparauto.org"], ["karim-bensalah"]),
    ]


def test_food_fixture_one_table_and_an_unknown_answerer():
    result = import_file(FOOD)
    w = result.webinar
    assert (w.date, w.title) == ("2023-03-21", "Lutter contre la précarité alimentaire")
    assert [c.start for c in w.chapters] == [0, 720, 2850, 4320]
    assert [c.speakers for c in w.chapters] == [
        ["paul-nguyen"], ["ines-benali"], ["marc-dupont-morel"], ["paul-nguyen"]
    ]
    assert [c.title for c in w.chapters] == [
        "Ouverture et chiffres de la précarité alimentaire",
        "L'épicerie solidaire : un lieu de vente à prix réduits",
        "Jardins d'insertion et paniers solidaires",
        "Synthèse et perspectives",
    ]
    assert _ids(w.chapters) == [
        "ouverture-chiffres-precarite", "epicerie-solidaire", "jardins-insertion-paniers",
        "synthese-perspectives",
    ]  # fmt: skip
    assert [(q.id, q.answered_by, q.speaker, q.chapter) for q in w.questions] == [
        ("q1", "Inès Benali", "ines-benali", "epicerie-solidaire"),
        ("q2", "Sophie Marchand", None, None),
        ("q3", "Paul Nguyen", "paul-nguyen", "ouverture-chiffres-precarite"),
    ]
    assert w.question("q2").answer == "Oui, par abonnement hebdomadaire."
    assert result.warnings[0] == (
        f"{FOOD}:43: réponse de « Sophie Marchand » : aucun intervenant du déroulé ne porte "
        "ce nom ; question gardée sans intervenant ni chapitre"
    )
    assert [x for x in result.warnings if "sans adresse" in x] == [
        f"{FOOD}:{n}: ressource « {title} » sans adresse : ajoutez-la dans l'éditeur"
        for n, title in [
            (55, "rapport annuel de la Banque Alimentaire"),
            (59, "carte des épiceries solidaires"),
            (63, "réseau Cocagne"),
            (67, "plateforme du bénévolat"),
        ]
    ]
    assert len(result.warnings) == 5


def test_food_fixture_speakers_themes_contacts():
    w = import_file(FOOD).webinar
    assert [(s.id, s.name, s.role, s.organisation, s.emails) for s in w.speakers] == [
        ("paul-nguyen", "Paul Nguyen", "trésorier", "Banque Alimentaire du Val-d'Oise",
         ["p.nguyen@ba95.org"]),
        ("ines-benali", "Inès Benali", "cheffe de projet", "Épicerie Solidaire de Pontoise", []),
        ("marc-dupont-morel", "Marc Dupont-Morel", "directeur", "Jardins de Cocagne",
         ["marc.dupont-morel@cocagne.org"]),
    ]  # fmt: skip
    assert [(t.id, t.title, t.chapters) for t in w.themes] == [
        ("I", "Aide alimentaire", ["ouverture-chiffres-precarite", "synthese-perspectives"]),
        ("II", "Épiceries solidaires", []),
        ("III", "Insertion par le maraîchage", ["jardins-insertion-paniers"]),
        ("IV", "Bénévolat", []),
    ]
    assert [r.title for r in w.resources] == [
        "rapport annuel de la Banque Alimentaire",
        "carte des épiceries solidaires",
        "réseau Cocagne",
        "plateforme du bénévolat",
    ]
    assert [(c.id, c.theme, c.text, c.emails, c.speakers) for c in w.contacts] == [
        ("c1", "I", "Paul Nguyen : p.nguyen@ba95.org", ["p.nguyen@ba95.org"], ["paul-nguyen"]),
        ("c2", "III", "Marc Dupont-Morel : marc.dupont-morel@cocagne.org",
         ["marc.dupont-morel@cocagne.org"], ["marc-dupont-morel"]),
        ("c3", "III", "Accueil des jardins : accueil@cocagne.org", ["accueil@cocagne.org"], []),
        ("c4", "IV", "Pour devenir bénévole, remplissez notre formulaire", [], []),
    ]  # fmt: skip


def test_an_address_outside_contacts_becomes_a_contact_with_a_warning():
    text = FOOD.read_text(encoding="utf-8").replace(
        "Il suffit de s'inscrire sur notre site.",
        "Écrivez à benevoles@ba95.org pour vous inscrire.",
    )
    result = import_programme(text, source="food.txt")
    extra = result.webinar.contacts[-1]
    assert (extra.id, extra.theme, extra.emails) == ("c5", "", ["benevoles@ba95.org"])
    assert (
        "food.txt:51: adresse hors des contacts, gardée comme contact : benevoles@ba95.org"
    ) in result.warnings


# --- more warnings ------------------------------------------------------------------------


def test_a_name_its_address_spells_otherwise_still_gets_the_address():
    text = may_text().replace("Tarek DAHER", "Tarek DAHAR")
    result = import_programme(text, source="p.txt")
    speaker = result.webinar.speaker("tarek-dahar")
    assert speaker.emails == ["tdaher@cnlrg.org"]
    assert "p.txt:160: nom « Tarek Dahar » écrit « daher » dans l'adresse tdaher@cnlrg.org" in (
        result.warnings
    )


def test_an_organisation_its_addresses_agree_with_gives_no_warning():
    text = may_text().replace("du CNLRO", "du CNLRG")
    warnings = import_programme(text).warnings
    assert not any("organisation" in w for w in warnings)
    assert len(warnings) == 8


def test_a_bare_address_in_a_text_handout_is_the_resource_link():
    text = may_text().replace(
        "**annuaire**.", "**annuaire** (https://www.grafie.org/annuaire)."
    )
    text = text.replace(
        "le développement des structures\n", "le développement des structures : "
        "https://www.grafie.org/rapport.pdf.\n"
    )
    result = import_programme(text)
    urls = [r.url for r in result.webinar.resources]
    assert urls[:2] == ["https://www.grafie.org/rapport.pdf", "https://www.grafie.org/annuaire"]
    assert sum("sans adresse" in w for w in result.warnings) == 3
