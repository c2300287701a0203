"""The audience's chat uploaded from the recording page and reviewed by the organiser."""

from __future__ import annotations

import io
import re

from chapters.chat import read_discussion
from chapters.names import EMAIL
from tests.support.chat import OLD_ZOOM, youtube_line
from tests.support.organisers import session_csrf, text
from tests.support.organisers import app, instance, organiser  # noqa: F401 (fixtures)
from tests.support.webinar import WID

PAGE = f"/w/{WID}/discussion/modifier"
UPLOAD = f"/w/{WID}/discussion/importer"


def send(client, content: bytes, name: str = "chat.txt", token: str | None = None):
    data = {"discussion": (io.BytesIO(content), name),
            "csrf_token": session_csrf(client) if token is None else token}
    return client.post(UPLOAD, data=data, content_type="multipart/form-data")


def words(response) -> str:
    """The page's text, tags out and spaces tidied."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split()).replace(" ,", ",").replace(" :", " :")


def upload_form_action(page: str) -> str:
    found = re.search(r'<form[^>]*enctype="multipart/form-data"[^>]*action="([^"]+)"', page)
    assert found, "no upload form"
    return found.group(1)


def test_closed_without_a_session(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(UPLOAD, data={"discussion": (io.BytesIO(b"x"), "c.txt")},
                       content_type="multipart/form-data").status_code == 401


def test_recording_page_offers_the_upload_and_it_imports(organiser, webinars_dir):
    page = text(organiser.get(f"/w/{WID}/enregistrement"))
    assert upload_form_action(page) == UPLOAD
    done = send(organiser, OLD_ZOOM.encode("utf-16"))
    shown = words(done)
    assert done.status_code == 201, shown
    assert "chat.txt importé : 3 messages lus, dont 1 question ; 3 nouveaux, 3 dans la discussion." in shown
    assert "chat.txt:3: 1 message(s) privé(s) laissé(s) de côté" in shown
    assert EMAIL.findall(text(done)) == ["orga@example.org"]  # the organiser's own address alone
    again = send(organiser, OLD_ZOOM.encode("utf-16"))
    assert again.status_code == 200 and "0 nouveau, 3 dans la discussion" in words(again)
    assert len(read_discussion(webinars_dir / WID)) == 3
    assert not [p for p in (webinars_dir / WID).iterdir() if p.name.startswith(".discussion-")]


def test_bad_file_refused_in_french_nothing_written(organiser, webinars_dir):
    done = send(organiser, b"{\"autre\": 1}\n", "video.live_chat.json")
    assert done.status_code == 400
    assert "video.live_chat.json:1: JSON qui n'est pas une discussion YouTube" in text(done)
    assert not (webinars_dir / WID / "discussion.json").exists()
    assert send(organiser, b"x", token="faux").status_code in (400, 403)


def test_hide_and_mark_as_question(organiser, webinars_dir):
    lines = [youtube_line(5_000, "Camille", [{"text": "Bonjour"}]),
             youtube_line(9_000, "Noé", [{"text": "Et les slides ?"}])]
    assert send(organiser, "\n".join(lines).encode(), "x.json").status_code == 201
    hello, question = read_discussion(webinars_dir / WID)
    token = session_csrf(organiser)
    hid = organiser.post(PAGE, data={"csrf_token": token, "message": hello.id, "action": "masquer"})
    assert hid.status_code == 303 and hid.headers["Location"].endswith(f"#message-{hello.id}")
    marked = organiser.post(PAGE, data={"csrf_token": token, "message": hello.id, "action": "question"})
    assert marked.status_code == 303
    organiser.post(PAGE, data={"csrf_token": token, "message": question.id, "action": "pas-question"})
    hello, question = read_discussion(webinars_dir / WID)
    assert (hello.hidden, hello.question, question.question) == (True, True, False)
    page = words(organiser.get(PAGE))
    assert "2 messages (1 question, 1 masqué)" in page and "Afficher le message de Camille" in page
    # a re-import keeps these choices
    send(organiser, "\n".join(lines).encode(), "x.json")
    assert [(m.hidden, m.question) for m in read_discussion(webinars_dir / WID)] == [(True, True), (False, False)]


def test_unknown_message_or_action(organiser):
    token = session_csrf(organiser)
    gone = organiser.post(PAGE, data={"csrf_token": token, "message": "mabsent", "action": "masquer"})
    assert gone.status_code == 404 and "Ce message n'existe plus" in text(gone)
    odd = organiser.post(PAGE, data={"csrf_token": token, "message": "m", "action": "effacer"})
    assert odd.status_code == 400


def test_a_body_of_100_mb_is_refused_before_it_is_read(organiser):
    token = session_csrf(organiser)
    # the length announced, as a browser does: refused on it, before a byte of the body is read
    big = organiser.post(UPLOAD, data=b"--b--\r\n", headers={"X-CSRF-Token": token},
                         content_type="multipart/form-data; boundary=b",
                         environ_overrides={"CONTENT_LENGTH": str(100 * 2**20)})
    assert big.status_code == 413 and "Fichier trop gros : moins de 100 Mo" in text(big)
