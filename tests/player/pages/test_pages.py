"""Into the recording from everywhere: questions, speaker and resources pages (Flask client).

"Écouter la réponse" on every question, the speaker page naming its speaker once and leading to
their segments, and "à la fin de ce document" linked to the contacts of the matching theme.
"""

from __future__ import annotations

import base64
import unicodedata
from collections import Counter

import pytest

from chapters.store import load_webinar
from player.site.links import with_contact_links, with_links
from tests.support.html import Node, dom
from tests.support.webinar import SPANS, WID

RESOURCES = f"/w/{WID}/ressources"
# the chapter answering each question, in the order of the questions page
ANSWERED_IN = [
    "relocalisations", "capa-cite", "capa-cite", "besoins-sociaux-iae", "fleurs-d-halage",
    "france-active",
]
# a 16x9 grey JPEG made by ffmpeg (219 bytes): enough for the page to find a thumbnail
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAgAAAQABAAD//gAPTGF2YzYzLjEuMTAyAP/bAEMACD4+ST5JVVVVVVVVZF1kaGhoZGRkZGhoaHBw"
    "cIODg3BwcGhocHB8fIODj5OPh4eDh5OTm5uburqystnZ4P/////EAEoAAQAAAAAAAAAAAAAAAAAAAAABAQAAAAAAAAAA"
    "AAAAAAAAAAAQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAJABADASIAAhEAAxEA/9oADAMB"
    "AAIRAxEAPwAAD//Z"
)


def page(client, path: str, **kwargs) -> Node:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return dom(response.get_data(as_text=True))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def span_href(cid: str) -> str:
    start, end = SPANS[cid]
    compact = {365: "6m5s", 1445: "24m5s", 2425: "40m25s", 3334: "55m34s", 4200: "1h10m",
               5380: "1h29m40s", 6300: "1h45m"}
    return f"/w/{WID}?t={compact[start]},{compact[end]}"


def listen_links(node: Node) -> list[Node]:
    return node.all("a", cls="listen")


def assert_listens_to(link: Node, cid: str) -> None:
    start, end = SPANS[cid]
    assert link.attrs["href"] == span_href(cid)
    assert float(link.attrs["data-seek"]) == start
    assert float(link.attrs["data-end"]) == end
    assert squeeze(link.text()).startswith("Écouter la réponse")
    assert link.one("span", cls="listen-time")  # the time, shown


def ids_of(root: Node) -> list[str]:
    return [n.attrs["id"] for n in root.all() if "id" in n.attrs]


def assert_unique_ids(root: Node) -> None:
    duplicates = [i for i, n in Counter(ids_of(root)).items() if n > 1]
    assert not duplicates


def assert_headings_in_order(main: Node) -> None:
    levels = [int(n.tag[1]) for n in main.all() if n.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, levels


# "Écouter la réponse"


def test_question_page_listens_to_the_answering_chapter(client):
    main = page(client, f"/w/{WID}/questions/q2").one("main")
    (link,) = listen_links(main)
    assert link.attrs["href"] == f"/w/{WID}?t=24m5s,40m25s"
    assert float(link.attrs["data-seek"]) == 1445
    assert float(link.attrs["data-end"]) == 2425
    assert link.one("span", cls="listen-time").text() == "24:05 – 40:25"
    assert squeeze(link.text()).startswith("Écouter la réponse 24:05 – 40:25")
    # the rest of the question is still there
    article = main.one("article", cls="question")
    assert "Réponse de" in article.one("p", cls="answered-by").text()
    assert article.one("button", cls="copy").text().startswith("Copier le lien")


def test_every_question_in_the_list_listens_to_its_chapter(client):
    main = page(client, f"/w/{WID}/questions").one("main")
    articles = main.all("article", cls="question")
    assert len(articles) == len(ANSWERED_IN)
    for article, cid in zip(articles, ANSWERED_IN):
        (link,) = listen_links(article)
        assert_listens_to(link, cid)
    # many links on one page: each has its own accessible name (the question's start)
    names = [squeeze(link.text()) for link in listen_links(main)]
    assert len(set(names)) == len(names)
    hidden = listen_links(main)[1].one("span", cls="visually-hidden").text()
    assert "Capa'Cité est-il un chantier qualifiant" in hidden


def test_chapter_panel_questions_listen_to_the_chapter(client):
    fragment = page(client, f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
    articles = fragment.all("article", cls="question")
    assert [a.attrs["id"] for a in articles] == ["question-q2", "question-q3"]
    for article in articles:
        (link,) = listen_links(article)
        assert_listens_to(link, "capa-cite")


def test_a_question_without_a_chapter_has_no_listen_link(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count("  chapter: besoins-sociaux-iae\n") == 1
    data.write_text(text.replace("  chapter: besoins-sociaux-iae\n", ""), encoding="utf-8")
    main = page(client, f"/w/{WID}/questions/q4").one("main")
    assert listen_links(main) == []
    assert "Cette réponse n'est rattachée à aucun chapitre." in main.text()


# The speaker page


def test_speaker_page_names_the_speaker_once(client):
    html = client.get(f"/w/{WID}/intervenants/cedric-herve").get_data(as_text=True)
    main = dom(html).one("main")
    assert main.text().count("Cédric Hervé") == 1
    assert main.one("h1").text() == "Cédric Hervé"
    role = main.one("p", cls="speaker-role").text()
    assert role == "directeur du Pôle Économie Sociale et Solidaire"
    assert main.one("p", cls="speaker-org").text() == (
        "La Cité de Refuge Centre Espoir - Fondation de l'Armée du Salut"
    )
    assert "mailto:cedric.herve@travail-partage.org" in [a.attrs["href"] for a in main.all("a")]
    copies = [b.attrs["data-copy"] for b in main.all("button", cls="copy")]
    assert copies[0] == f"http://localhost/w/{WID}/intervenants/cedric-herve"


def test_speaker_page_leads_to_the_segment_and_the_answers(client):
    main = page(client, f"/w/{WID}/intervenants/cedric-herve").one("main")
    (watch,) = main.all("a", cls="watch-segment")
    assert watch.text() == "Regarder son intervention (24:05 – 40:25)"
    assert watch.attrs["href"] == f"/w/{WID}?t=24m5s,40m25s"
    assert (float(watch.attrs["data-seek"]), float(watch.attrs["data-end"])) == (1445, 2425)
    chapter_links = [a for a in main.all("a") if a.attrs["href"] == f"/w/{WID}/chapitres/capa-cite"]
    assert [a.text() for a in chapter_links] == [
        "Capa'Cité, chantier d'insertion avec GERES Restauration"
    ]
    # no thumbnail made yet: no picture
    assert main.all("img") == []
    articles = main.all("article", cls="question")
    assert len(articles) == 2
    for article in articles:
        (link,) = listen_links(article)
        assert_listens_to(link, "capa-cite")
    assert_headings_in_order(main)


def test_speaker_page_shows_the_segment_thumbnail(client, webinars_dir):
    thumbs = webinars_dir / WID / "media" / "thumbs"
    thumbs.mkdir(parents=True)
    (thumbs / "1445000.jpg").write_bytes(TINY_JPEG)
    main = page(client, f"/w/{WID}/intervenants/cedric-herve").one("main")
    (img,) = main.all("img")
    assert img.attrs["src"] == f"/w/{WID}/media/thumbs/1445000.jpg"
    assert (img.attrs["width"], img.attrs["height"], img.attrs["loading"]) == ("160", "90", "lazy")
    assert img.attrs["alt"] == ""  # the chapter's title is beside it
    with client.get(img.attrs["src"]) as response:
        assert response.status_code == 200 and response.data == TINY_JPEG


def test_speaker_card_in_the_panel_still_names_the_speaker(client):
    fragment = page(client, f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
    card = fragment.one("div", cls="speaker-card")
    name = card.one("p", cls="speaker-name")
    assert name.text() == "Cédric Hervé"
    assert name.one("a").attrs["href"] == f"/w/{WID}/intervenants/cedric-herve"


# "à la fin de ce document"


def contact_links(node: Node) -> list[Node]:
    return [a for a in node.all("a") if "#contacts-" in a.attrs.get("href", "")]


@pytest.mark.parametrize("qid, theme", [("q1", "I"), ("q6", "III")])
def test_answer_links_the_contacts_of_its_theme(client, webinars_dir, qid, theme):
    main = page(client, f"/w/{WID}/questions/{qid}").one("main")
    (link,) = contact_links(main)
    assert link.attrs["href"] == f"{RESOURCES}#contacts-{theme}"
    assert link.text() == "adresses de contact à retrouver à la fin de ce document"
    # the organiser's words, all of them, unchanged
    expected = load_webinar(webinars_dir / WID).question(qid).answer
    assert main.one("p", cls="answer").text() == expected


def test_resources_page_has_one_list_of_contacts_per_theme(client):
    main = page(client, RESOURCES).one("main")
    lists = main.all("ul", cls="contacts")
    assert [ul.attrs["id"] for ul in lists] == ["contacts-I", "contacts-II", "contacts-III"]
    assert main.one(id="contacts-I").all("li", cls="contact")
    assert_unique_ids(main)
    assert_headings_in_order(main)


def test_questions_list_and_speaker_page_link_to_the_resources_page(client):
    questions = page(client, f"/w/{WID}/questions").one("main")
    assert [a.attrs["href"] for a in contact_links(questions)] == [
        f"{RESOURCES}#contacts-I", f"{RESOURCES}#contacts-III"
    ]
    speaker = page(client, f"/w/{WID}/intervenants/jonathan-leveugle").one("main")
    assert [a.attrs["href"] for a in contact_links(speaker)] == [f"{RESOURCES}#contacts-III"]


def test_panel_links_to_its_own_list_of_contacts(client):
    fragment = page(client, f"/w/{WID}/chapitres/relocalisations", headers={"HX-Request": "true"})
    (link,) = contact_links(fragment)
    assert link.attrs["href"] == "#contacts-I-relocalisations"
    target = fragment.one(id="contacts-I-relocalisations")
    assert "mailto:florence.oules@iledefrance.fr" in [a.attrs["href"] for a in target.all("a")]
    assert_unique_ids(fragment)


def test_contact_text_links_to_its_own_list(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    old = "notre formulaire contact en page d'accueil de grafie.org"
    assert text.count(old) == 1
    data.write_text(text.replace(old, old + " (voir à la fin de ce document)"), encoding="utf-8")
    main = page(client, RESOURCES).one("main")
    (link,) = contact_links(main)
    assert link.attrs["href"] == "#contacts-I"
    assert link.text() == "à la fin de ce document"
    assert link.parent.tag == "li" and link.parent.parent.attrs["id"] == "contacts-I"


def test_data_stays_escaped_around_the_links(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    old = "answer: C'est ce qui a été fait."
    assert text.count(old) == 1
    data.write_text(
        text.replace(old, "answer: <script>alert(1)</script> C'est ce qui a été fait, voir à la fin"
                     " de ce document ou écrire à x@example.org."),
        encoding="utf-8",
    )
    html = client.get(f"/w/{WID}/questions/q4").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    answer = dom(html).one("main").one("p", cls="answer")
    assert [(a.text(), a.attrs["href"]) for a in answer.all("a")] == [
        ("à la fin de ce document", f"{RESOURCES}#contacts-II"),
        ("x@example.org", "mailto:x@example.org"),
    ]
    assert answer.text().startswith("<script>alert(1)</script> C'est ce qui a été fait")


@pytest.mark.parametrize(
    "path",
    [f"/w/{WID}/intervenants/cedric-herve", f"/w/{WID}/questions/q2", f"/w/{WID}/questions",
     RESOURCES],
)
def test_pages_keep_ids_unique_and_headings_in_order(client, path):
    main = page(client, path).one("main")
    assert_unique_ids(main)
    assert_headings_in_order(main)


# The splitter


def joined(pieces) -> str:
    return "".join(piece for piece, _ in pieces)


def test_splitter_without_the_phrase_links_nothing():
    text = "Contactez le Grafie, à la fin du mois, pour ce document."
    assert with_contact_links(text, "#c") == [(text, None)]
    assert with_contact_links("", "#c") == []


def test_splitter_links_the_whole_phrase_at_the_end():
    text = "Rapprochez-vous du Grafie (adresses de contact à retrouver à la fin de ce document)"
    assert with_contact_links(text, "#c") == [
        ("Rapprochez-vous du Grafie (", None),
        ("adresses de contact à retrouver à la fin de ce document", "#c"),
        (")", None),
    ]
    assert with_contact_links("Voir à la fin de ce document", "#c") == [
        ("Voir ", None), ("à la fin de ce document", "#c")
    ]


@pytest.mark.parametrize(
    "phrase",
    [
        "À LA FIN DE CE DOCUMENT",
        "a la fin de ce document",
        "À la fin de ce\n  document",
        unicodedata.normalize("NFD", "à la fin de ce document"),
        "Adresses de contacts à retrouver a la fin de ce document",
    ],
)
def test_splitter_tolerates_case_accents_and_spacing(phrase):
    text = f"Les adresses sont ({phrase})."
    pieces = with_contact_links(text, "#c")
    assert joined(pieces) == text  # the words as written
    assert [p for p, href in pieces if href] == [phrase]


def test_splitter_needs_whole_words_and_a_target():
    text = "voir à la fin de ce documentaire"
    assert with_contact_links(text, "#c") == [(text, None)]
    assert with_contact_links("voir à la fin de ce document", None) == [
        ("voir à la fin de ce document", None)
    ]


def test_splitter_together_with_emails():
    text = "Écrire à a.b@grafie.org ou c@d.fr (adresses à la fin de ce document)."
    assert with_links(text, "/r#contacts-I") == [
        ("Écrire à ", None),
        ("a.b@grafie.org", "mailto:a.b@grafie.org"),
        (" ou ", None),
        ("c@d.fr", "mailto:c@d.fr"),
        (" (adresses ", None),
        ("à la fin de ce document", "/r#contacts-I"),
        (").", None),
    ]
    # without a target, addresses are still linked
    assert [href for _, href in with_links(text) if href] == [
        "mailto:a.b@grafie.org", "mailto:c@d.fr"
    ]


def test_an_open_ended_chapter_gives_a_start_only(client, webinars_dir):
    # no known duration: the last chapter has no end, so links give its start alone
    data = webinars_dir / WID / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    old = "  duration: 6300\n  duration_assumed: true\n"
    assert text.count(old) == 1
    data.write_text(text.replace(old, ""), encoding="utf-8")
    (link,) = listen_links(page(client, f"/w/{WID}/questions/q6").one("main"))
    assert link.attrs["href"] == f"/w/{WID}?t=1h29m40s"
    assert float(link.attrs["data-seek"]) == 5380 and "data-end" not in link.attrs
    assert link.one("span", cls="listen-time").text() == "1:29:40"
    main = page(client, f"/w/{WID}/intervenants/jonathan-leveugle").one("main")
    (watch,) = main.all("a", cls="watch-segment")
    assert watch.text() == "Regarder son intervention (à partir de 1:29:40)"
    assert watch.attrs["href"] == f"/w/{WID}?t=1h29m40s" and "data-end" not in watch.attrs
