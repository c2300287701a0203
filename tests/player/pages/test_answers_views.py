"""The audience's questions for viewers: on the questions page and in their chapter's panel,
asked at their time, "Écouter la réponse" at the answer's moment, the Q&A report's written
answer, or that none was found; a hidden question never there; all of it without JavaScript."""

from __future__ import annotations

import pytest

from chapters.chat.store import read_discussion, set_flags
from tests.support.answers import CHAT, CUES, QA
from tests.support.captions import write_vtt
from tests.support.html import dom
from tests.support.webinar import WID


@pytest.fixture
def asked(runner, webinars_dir, tmp_path):
    """The chat and the Q&A report imported into the built-in webinar, with captions."""
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", CUES)
    for name, text in (("chat.txt", CHAT), ("qa.csv", QA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = runner.invoke(args=["import-chat", WID, str(tmp_path / name)])
        assert done.exit_code == 0, done.output
    return {m.author: m for m in read_discussion(webinars_dir / WID) if m.question}


def articles(html: str):
    return {a.one("p", cls="question-text").text(): a for a in dom(html).all("article", cls="audience-question")}


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_questions_page_shows_them_with_their_answers(client, asked):
    html = client.get(f"/w/{WID}/questions").get_data(as_text=True)
    page = dom(html)
    assert [h.text() for h in page.all("h2")] == ["Questions du document", "Questions posées pendant le direct"]
    shown = articles(html)
    assert len(shown) == 5
    jane = shown["Comment financer la formation des salariés en insertion ?"]
    asked_link, listen = jane.all("a")[:2]
    assert squeeze(asked_link.text()) == "Posée à 31:40" and "par Jane Moreau" in jane.text()
    assert (asked_link.attrs["href"], asked_link.attrs["data-seek"]) == (f"/w/{WID}?t=31m40s", "1900.0")
    assert squeeze(listen.text()).startswith("Écouter la réponse 33:05")
    assert (listen.attrs["href"], listen.attrs["data-seek"]) == (f"/w/{WID}?t=33m5s", "1985.0")
    lina = shown["Où trouver le replay ?"]
    assert "Pas de réponse trouvée dans l'enregistrement" in lina.text() and "Écouter" not in lina.text()
    sophie = shown["Le CQP est-il reconnu partout ?"]
    assert "Réponse écrite de Marc : Oui, dans toute la branche." in squeeze(sophie.text())
    assert "Pas de réponse" not in sophie.text()
    hugo = shown["Quelle surface pour une serre de fleurs ?"]
    assert hugo.one("a", cls="listen").attrs["data-seek"] == "4570.0"
    assert "example.org" not in html


def test_a_hidden_question_never_appears(client, asked, webinars_dir):
    set_flags(webinars_dir / WID, asked["Jane Moreau"].id, hidden=True)
    for path in (f"/w/{WID}/questions", f"/w/{WID}/fragments/chapitres/capa-cite.html", f"/w/{WID}/chapitres/capa-cite"):
        html = client.get(path).get_data(as_text=True)
        assert "financer la formation" not in html, path


def test_chapter_panel_holds_those_asked_or_answered_in_it(client, asked):
    # Jane asked and was answered in capa-cite (24:05–40:25); Karim asked in besoins-sociaux-iae
    # (40:25–55:34), like Lina, and was answered in regies-de-quartier (55:34–1:10:00)
    def texts(cid):
        html = client.get(f"/w/{WID}/fragments/chapitres/{cid}.html").get_data(as_text=True)
        return sorted(articles(html))

    assert texts("capa-cite") == ["Comment financer la formation des salariés en insertion ?"]
    assert texts("besoins-sociaux-iae") == ["Les régies de quartier recrutent-elles des bénévoles ?",
                                            "Où trouver le replay ?"]
    assert texts("regies-de-quartier") == ["Les régies de quartier recrutent-elles des bénévoles ?"]
    assert texts("ouverture") == []
    panel = dom(client.get(f"/w/{WID}/chapitres/capa-cite").get_data(as_text=True))
    heading = panel.one("h5", id="direct-capa-cite")
    assert heading.text() == "Posées pendant le direct"
    listen = panel.one("article", cls="audience-question").one("a", cls="listen")
    assert listen.attrs["href"] == f"/w/{WID}?t=33m5s"


def test_no_section_without_a_discussion(client):
    html = client.get(f"/w/{WID}/questions").get_data(as_text=True)
    assert "Questions posées pendant le direct" not in html and not articles(html)


def test_static_export_shows_them(runner, asked, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(args=["freeze", str(out)])
    assert result.exit_code == 0, result.output
    shown = articles((out / f"w/{WID}/questions/index.html").read_text(encoding="utf-8"))
    listen = shown["Comment financer la formation des salariés en insertion ?"].one("a", cls="listen")
    assert listen.attrs["data-seek"] == "1985.0" and "t=33m5s" in listen.attrs["href"]
    panel = articles((out / f"w/{WID}/fragments/chapitres/capa-cite.html").read_text(encoding="utf-8"))
    assert list(panel) == ["Comment financer la formation des salariés en insertion ?"]


def test_a_question_is_text_never_markup(client, webinars_dir, tmp_path, runner):
    chat = tmp_path / "chat.txt"
    chat.write_text('00:31:40\t From  Eve : <script>alert("x")</script> ?\n', encoding="utf-8")
    assert runner.invoke(args=["import-chat", WID, str(chat)]).exit_code == 0
    html = client.get(f"/w/{WID}/questions").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
