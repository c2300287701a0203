"""The importer's chapter titles and ids: short, readable, naming the organisation, unique."""

from __future__ import annotations

import pytest

from tests.support.programme import ends_cleanly


# --- titles and ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "organisation", "label", "title"),
    [
        # the lead-in goes, the organisation named inside moves to the front
        ("Présentation des offres de France Active d'accompagnement et de financement visant à "
         "soutenir des structures", "France Active Île-de-France", "",
         "France Active : offres d'accompagnement et de financement"),
        # a name opens the subject: no prefix
        ("Présentation de Capa'Cité, chantier d'insertion issu d'une collaboration originale",
         "Fondation", "", "Capa'Cité, chantier d'insertion"),
        # the organisation's words already in the text: not said twice
        ("Présentation du programme régional de relocalisations industrielles des entreprises",
         "Conseil Régional Île-de-France", "",
         "Programme régional de relocalisations industrielles"),
        # the running order's own label in place of the organisation, cut at "et"
        ("Explication du programme du webinaire et présentation des intervenants", "GRAFIE",
         "Ouverture", "Ouverture : explication du programme du webinaire"),
        # a whole title without the prefix beats a cut one with it
        ("Accueil et tour d'horizon des aides à la mobilité", "", "Ouverture",
         "Accueil et tour d'horizon des aides à la mobilité"),
        # a quotation is kept whole or left out, never opened and cut
        ("Présentation de la démarche « Territoires zéro chômeur de longue durée » et de ses "
         "premiers résultats dans l'Est parisien", "ATD Quart Monde", "",
         "Démarche « Territoires zéro chômeur de longue durée »"),
        ("Présentation de Rejoué et de ses jouets", "", "", "Rejoué et ses jouets"),
        # a relative clause is where the cut goes
        ("Retour d'expérience d'une entreprise adaptée qui a réussi sa transition numérique "
         "grâce à un accompagnement", "Union Nationale des Entreprises Adaptées", "",
         "Retour d'expérience d'une entreprise adaptée"),
        # no boundary in reach: a word cut, dangling words taken off
        ("Témoignage d'un chantier d'insertion sur sa stratégie de diversification des "
         "activités de la structure", "", "",
         "Témoignage d'un chantier d'insertion sur sa stratégie"),
        ("Synthèse", "", "", "Synthèse"),
    ],
)  # fmt: skip
def test_short_title(description, organisation, label, title):
    from chapters.programme.titles import short_title

    assert short_title(description, organisation=organisation, label=label) == title
    assert len(title) <= 60 and ends_cleanly(title)


def test_short_title_of_one_endless_word_is_cut_with_an_ellipsis():
    from chapters.programme.titles import short_title

    title = short_title("x" * 200)
    assert title == "X" + "x" * 58 + "…" and len(title) == 60


def test_short_organisation():
    from chapters.programme.titles import short_organisation

    assert short_organisation("Coorace Île-de-France") == "Coorace"
    assert short_organisation("France Active IdF") == "France Active"
    assert short_organisation("Roule Ma Poule, auto-école sociale") == "Roule Ma Poule"
    # "du Val-d'Oise" is part of the name, and the name is too long for a prefix
    assert short_organisation("Banque Alimentaire du Val-d'Oise") == ""
    assert short_organisation("") == ""


def test_title_ids_are_unique_ascii_and_short():
    from chapters.names import ID
    from chapters.programme.titles import title_id

    taken: set[str] = set()
    ids = []
    for title in ["Halage : témoignage", "Halage : bilan de l'année", "Halage : témoignage",
                  "Élan & Cœur : « l'été »", "!!!", "Roule Ma Poule : passer le permis"]:
        ids.append(title_id(title, taken, fallback=f"chapitre-{len(ids) + 1}"))
        taken.add(ids[-1])
    # the same head again takes words from the rest; nothing usable, the fallback
    assert ids == ["halage", "halage-bilan-annee", "halage-temoignage", "elan-coeur",
                   "chapitre-5", "roule-ma-poule"]  # fmt: skip
    assert all(ID.fullmatch(i) and i.isascii() and len(i) <= 48 for i in ids)
