"""The audience's messages in the search (issue 17, item 6: "Chat text is searchable"): a word
written in the chat finds the message, under "Discussion", opening at the moment it was written,
in the app and in the static export's index; a message the organiser hid is never found."""

from __future__ import annotations

import json

import pytest

from chapters.chat.model import make_message
from chapters.chat.store import import_messages, set_flags
from tests.support.webinar import WID

pytestmark = pytest.mark.usefixtures("recorded")


@pytest.fixture
def messages(webinars_dir):
    folder = webinars_dir / WID
    shown = make_message("zoom-chat", 1903.0, "Jane Martin", "Une bibliothèque mobile, vous connaissez ?")
    hidden = make_message("zoom-chat", 2010.0, "Paul", "Mot secretissime à cacher")
    import_messages(folder, [shown, hidden])
    set_flags(folder, hidden.id, hidden=True)
    return shown, hidden


def search(client, query: str) -> str:
    answer = client.get(f"/w/{WID}/recherche?q={query}", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_a_word_of_the_chat_finds_the_message_at_its_moment(client, messages):
    html = search(client, "bibliotheque")
    assert 'id="sr-discussion">Discussion' in html
    assert f'href="/w/{WID}?t=31m43s"' in html
    assert "Jane Martin" in html and "<mark>bibliothèque</mark> mobile" in html
    assert "Chapitre « Capa&#39;Cité, chantier d&#39;insertion avec GERES Restauration »" in html


def test_a_hidden_message_is_never_found(client, messages):
    assert 'id="sr-discussion"' not in search(client, "secretissime")
    assert "secretissime" not in client.get(f"/w/{WID}/recherche.json").get_data(as_text=True)


def test_the_static_index_holds_the_messages(client, messages):
    document = json.loads(client.get(f"/w/{WID}/recherche.json").get_data(as_text=True))
    assert ["discussion", "Discussion", ["message"]] in document["groups"]
    message = document["kinds"].index("message")  # a row's first item: its kind's position
    rows = [r for r in document["rows"] if r[0] == message]
    assert [r[1:4] for r in rows] == [["Jane Martin", "Une bibliothèque mobile, vous connaissez ?", 1903]]
