"""The organiser confirms, corrects or rules out the moment a question is answered
(/w/<id>/discussion/modifier): any notation of the programme, a French error next to the field,
and the organiser's word kept when the chat is imported again and the answers looked for again."""

from __future__ import annotations

import io

from chapters.chat import read_discussion
from tests.support.answers import ANSWERED, CHAT, CUES
from tests.support.captions import write_vtt
from tests.support.html import dom
from tests.support.organisers import session_csrf, text
from tests.support.organisers import app, instance, organiser  # noqa: F401 (fixtures)
from tests.support.webinar import WID

PAGE = f"/w/{WID}/discussion/modifier"


def imported(organiser, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", CUES)
    data = {"discussion": (io.BytesIO(CHAT.encode()), "chat.txt"), "csrf_token": session_csrf(organiser)}
    done = organiser.post(f"/w/{WID}/discussion/importer", data=data, content_type="multipart/form-data")
    assert done.status_code in (200, 201), text(done)  # 200: nothing new
    return {m.author: m for m in read_discussion(webinars_dir / WID) if m.question}


def answer(organiser, message, action, at=""):
    return organiser.post(PAGE, data={"csrf_token": session_csrf(organiser), "message": message.id,
                                      "action": action, "answer_at": at})


def test_found_moments_shown_with_a_field_each(organiser, webinars_dir):
    asked = imported(organiser, webinars_dir)
    page = dom(text(organiser.get(PAGE)))
    jane = page.one("li", id=f"message-{asked['Jane Moreau'].id}")
    assert "Réponse à 33:05 (nom de la personne lu" in " ".join(jane.text().split())
    assert jane.one("input", name="answer_at").attrs["value"] == "33:05"
    lina = page.one("li", id=f"message-{asked['Lina'].id}")
    assert "Pas de réponse trouvée" in lina.text() and lina.one("input", name="answer_at").attrs["value"] == ""
    labels = [b.text() for b in lina.all("button")]
    assert any(label.startswith("Confirmer") for label in labels) and any(label.startswith("Aucune réponse") for label in labels)
    hello = [li for li in page.all("li", cls="org-message") if "Bonjour à tous" in li.text()][0]
    assert not hello.all("input", name="answer_at")  # no question, no answer to set


def test_corrected_and_ruled_out_kept_across_reimport_and_search(organiser, webinars_dir, runner):
    asked = imported(organiser, webinars_dir)
    done = answer(organiser, asked["Jane Moreau"], "reponse", "33'20")  # the programme's notation
    assert done.status_code == 303 and done.headers["Location"].endswith(f"#message-{asked['Jane Moreau'].id}")
    assert answer(organiser, asked["Karim Bensaïd"], "sans-reponse").status_code == 303
    assert answer(organiser, asked["Lina"], "reponse", "1:02:03").status_code == 303
    imported(organiser, webinars_dir)  # the same chat again
    assert runner.invoke(args=["find-answers", WID]).exit_code == 0
    kept = {m.author: m for m in read_discussion(webinars_dir / WID) if m.question}
    assert {a: m.answer_at for a, m in kept.items()} == {"Jane Moreau": 2000.0, "Karim Bensaïd": None, "Lina": 3723.0}
    assert all(m.answer_confirmed for m in kept.values())
    # "Chercher de nouveau": the captions' answer back
    assert answer(organiser, kept["Karim Bensaïd"], "chercher").status_code == 303
    karim = {m.author: m for m in read_discussion(webinars_dir / WID)}["Karim Bensaïd"]
    assert karim.answer_at == ANSWERED["Karim Bensaïd"] and not karim.answer_confirmed


def test_bad_time_french_error_next_to_its_field(organiser, webinars_dir):
    asked = imported(organiser, webinars_dir)
    jane = asked["Jane Moreau"]
    bad = answer(organiser, jane, "reponse", "vers la fin")
    assert bad.status_code == 400
    item = dom(text(bad)).one("li", id=f"message-{jane.id}")
    field = item.one("input", name="answer_at")
    error = item.one("p", id=f"erreur-reponse-{jane.id}")
    assert error.text().startswith("Moment de la réponse illisible : format non reconnu")
    assert field.attrs["aria-invalid"] == "true" and f"erreur-reponse-{jane.id}" in field.attrs["aria-describedby"]
    assert field.attrs["value"] == "vers la fin"  # what was typed, to correct
    assert len(dom(text(bad)).all("p", cls="org-error")) == 1  # beside that field alone
    assert {m.author: m.answer_at for m in read_discussion(webinars_dir / WID) if m.question}["Jane Moreau"] == 1985.0
    empty = answer(organiser, jane, "reponse", "")
    assert empty.status_code == 400 and "le temps est vide" in text(empty)
    forged = organiser.post(PAGE, data={"csrf_token": "faux", "message": jane.id, "action": "reponse", "answer_at": "1:00"})
    assert forged.status_code in (400, 403)
    assert not read_discussion(webinars_dir / WID)[1].answer_confirmed


def test_a_message_marked_as_question_gets_its_answer_at_once(organiser, webinars_dir):
    imported(organiser, webinars_dir)
    hello = [m for m in read_discussion(webinars_dir / WID) if m.text == "Bonjour à tous"][0]
    assert organiser.post(PAGE, data={"csrf_token": session_csrf(organiser), "message": hello.id,
                                      "action": "question"}).status_code == 303
    hello = [m for m in read_discussion(webinars_dir / WID) if m.id == hello.id][0]
    assert hello.question and hello.answer_at == 1985.0  # Jane's name read out at 33:05
