"""The audience's chat read from real files in each layout Zoom and YouTube write, and kept."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from chapters.chat import (
    FILE_MAX, ChatError, DiscussionError, import_messages, read_chat, read_discussion, set_flags,
    visible,
)
from tests.support.chat import CLOUD_ZOOM, NEW_ZOOM, OLD_ZOOM, QA_CSV, youtube_line


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def shown(messages) -> str:
    return json.dumps([[m.author, m.text, m.answer, m.answerer] for m in messages], ensure_ascii=False)


def test_old_zoom_layout(tmp_path):
    messages, warnings = read_chat(write(tmp_path, "chat.txt", OLD_ZOOM))
    assert [(m.time, m.author) for m in messages] == [(65, "Jeanne Martin"), (130, "Paul Durand"), (180, "Amina")]
    assert [m.question for m in messages] == [False, True, False]
    assert "secret" not in shown(messages)  # the private message is never read
    assert "@" not in shown(messages) and "[adresse retirée]" in messages[2].text
    assert warnings == ["chat.txt:3: 1 message(s) privé(s) laissé(s) de côté"]
    assert {m.source for m in messages} == {"zoom-chat"}


def test_new_zoom_layout_with_lines_and_private(tmp_path):
    messages, warnings = read_chat(write(tmp_path, "enregistrement.txt", NEW_ZOOM))
    assert [m.text for m in messages] == [
        "Bonjour à tous", "Quelle est la date\ndu prochain webinaire ?", "Merci !"]
    assert [m.question for m in messages] == [False, True, False]
    assert "secret" not in shown(messages)
    assert len(warnings) == 1 and "privé" in warnings[0]


def test_cloud_recording_layout(tmp_path):
    messages, _ = read_chat(write(tmp_path, "chat.txt", CLOUD_ZOOM))
    assert [(m.time, m.author, m.question) for m in messages] == [(3484, "Alex", False), (3500, "Léa", True)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings_windows_zoom_writes(tmp_path, encoding):
    messages, warnings = read_chat(write(tmp_path, "chat.txt", NEW_ZOOM, encoding))
    assert messages[0].text == "Bonjour à tous" and len(messages) == 3
    assert not any("UTF-8" in w for w in warnings)


def test_cp1252_read_with_a_warning_naming_the_line(tmp_path):
    messages, warnings = read_chat(write(tmp_path, "chat.txt", OLD_ZOOM, "cp1252"))
    assert messages[0].text == "Bonjour à tous"
    assert "chat.txt:1: pas en UTF-8 : lu en Windows-1252 (vérifiez les accents)" in warnings


def test_youtube_live_chat(tmp_path):
    lines = [
        youtube_line(12_500, "Camille", [{"text": "Bonjour "}, {"emoji": {"emojiId": "👋", "shortcuts": [":wave:"]}}]),
        json.dumps({"replayChatItemAction": {"actions": [{"addLiveChatTickerItemAction": {}}],
                                             "videoOffsetTimeMsec": "13000"}}),
        youtube_line(95_000, "Noé écrit à noe@example.org", [{"text": "Le lien vers le support ?"}]),
    ]
    messages, warnings = read_chat(write(tmp_path, "video.live_chat.json", "\n".join(lines) + "\n"))
    assert [(m.time, m.author, m.text, m.question) for m in messages] == [
        (12.5, "Camille", "Bonjour 👋", False), (95.0, "Noé écrit à", "Le lien vers le support ?", True)]
    assert warnings == [] and {m.source for m in messages} == {"youtube"}


def test_zoom_qa_report(tmp_path):
    messages, _ = read_chat(write(tmp_path, "qa.csv", QA_CSV))
    assert [(m.time, m.author, m.question) for m in messages] == [(1900, "Sophie Bernard", True), (3000, "Luc", True)]
    first, second = messages
    assert (first.answer, first.answerer, first.answer_time) == ("Par l'OPCO, voir la fiche.", "Marc", 2100)
    assert second.answer is None  # answered live: the transcript will say when
    assert "@" not in shown(messages) and {m.source for m in messages} == {"zoom-qa"}


def test_unknown_layout_names_file_and_line(tmp_path):
    path = write(tmp_path, "notes.txt", "\n\nCompte rendu de la réunion\n12:00 quelqu'un parle\n")
    with pytest.raises(ChatError) as error:
        read_chat(path)
    assert str(error.value).startswith("notes.txt:3: format de discussion inconnu")
    assert "\n" not in str(error.value)


def test_100_mb_refused_before_reading(tmp_path):
    path = tmp_path / "énorme.txt"
    with path.open("wb") as out:  # sparse: no 100 MB written
        out.truncate(FILE_MAX)
    started = time.monotonic()
    with pytest.raises(ChatError, match=r"^énorme.txt:1: fichier de 100 Mo : refusé \(moins de 100 Mo acceptés\)$"):
        read_chat(path)
    assert time.monotonic() - started < 5  # generous: refused on its size alone


def test_times_past_the_end_kept_at_the_end(tmp_path):
    messages, warnings = read_chat(write(tmp_path, "chat.txt", NEW_ZOOM), duration=150)
    assert [m.time for m in messages] == [65, 130, 150]
    assert warnings[-1] == ("chat.txt:8: 4:00 est après la fin de l'enregistrement (2:30) : "
                            "message gardé à la fin")


def test_reimport_keeps_organiser_choices_and_does_not_double(tmp_path):
    folder = tmp_path / "webinaire"
    messages, _ = read_chat(write(tmp_path, "chat.txt", OLD_ZOOM))
    assert import_messages(folder, messages) == (3, 3)
    set_flags(folder, messages[0].id, hidden=True)
    set_flags(folder, messages[1].id, question=False)
    again, _ = read_chat(write(tmp_path, "chat.txt", OLD_ZOOM))
    assert import_messages(folder, again) == (0, 3)
    kept = read_discussion(folder)
    assert [(m.hidden, m.question, m.marked) for m in kept] == [(True, False, False), (False, False, True), (False, False, False)]
    assert [m.text for m in visible(kept)] == [messages[1].text, messages[2].text]


def test_broken_discussion_file_refused_in_french(tmp_path):
    (tmp_path / "discussion.json").write_text('{"version": 1, "messages": [{"id": 3}]}')
    with pytest.raises(DiscussionError, match=r"discussion.json : fichier de la discussion abîmé"):
        read_discussion(tmp_path)


def test_zoom_reactions_are_not_messages(tmp_path):
    text = NEW_ZOOM + "00:05:00 From Amina to Everyone:\n\tReacted to \"Bonjour à tous\" with 👍\n"
    messages, _ = read_chat(write(tmp_path, "chat.txt", text))
    assert [m.text for m in messages] == ["Bonjour à tous", "Quelle est la date\ndu prochain webinaire ?", "Merci !"]


def test_qa_report_without_times_says_so(tmp_path):
    report = "Question Details\n#,Question,Asker Name,Asker Email,Answer(s)\n1,\"Et après ?\",Luc,luc@example.org,\"Oui.\"\n"
    messages, warnings = read_chat(write(tmp_path, "qa.csv", report))
    assert [(m.time, m.author, m.answer) for m in messages] == [(0.0, "Luc", "Oui.")]
    assert warnings == ["qa.csv:3: 1 question(s) sans heure : placée(s) au début de l'enregistrement"]


def test_one_line_layout_with_recipient(tmp_path):
    text = ("00:00:42 From  Jeanne Martin  to  Everyone : Bonjour\n"
            "00:01:00 From  Paul  to  Jeanne Martin(Privately) : secret\n"
            "00:01:30 From  Paul  to  Everyone : Une question ?\n")
    messages, warnings = read_chat(write(tmp_path, "chat.txt", text))
    assert [(m.time, m.author, m.text) for m in messages] == [
        (42, "Jeanne Martin", "Bonjour"), (90, "Paul", "Une question ?")]
    assert warnings == ["chat.txt:2: 1 message(s) privé(s) laissé(s) de côté"]
