"""The moment a question from the audience is answered, found in captions written by webvtt-py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chapters.chat import import_messages, read_chat, read_discussion, write_discussion
from chapters.chat.answers import (
    NAME, NONE_CONFIRMED, ORGANISER, WORDS, confirm, find_answer, find_answers, key_words, reopen,
)
from chapters.transcript import read_transcript
from tests.support.answers import ANSWERED, ASKED, CHAT, CUES, LIVE_HEARD, QA
from tests.support.captions import write_vtt


def cues(tmp_path: Path):
    return read_transcript(write_vtt(tmp_path / "captions.vtt", CUES))


def chat(tmp_path: Path, text: str = CHAT, name: str = "chat.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_chat(path)[0]


def by_author(messages):
    return {m.author: m for m in messages if m.question}


def test_each_chat_question_found_or_not(tmp_path):
    heard = cues(tmp_path)
    questions = by_author(chat(tmp_path))
    assert {a: q.time for a, q in questions.items()} == ASKED
    found = {a: find_answer(q, heard, frozenset({"cedric", "herve"})) for a, q in questions.items()}
    assert {a: f and f.at for a, f in found.items()} == ANSWERED
    # Jane's name read out (not the cue with her question's words at 31:30, before she asked it,
    # nor the one at 35:00 with more of them)
    assert NAME in found["Jane Moreau"].how and WORDS in found["Jane Moreau"].how
    assert found["Karim Bensaïd"].how == WORDS  # the words alone: no name, no phrase


def test_the_asker_name_is_not_a_speaker_name(tmp_path):
    """A question asked by someone named like a speaker: the speaker's name heard is no sign."""
    heard = cues(tmp_path)
    asked = by_author(chat(tmp_path, "00:31:40\t From  Cédric : Et ensuite ?\n"))["Cédric"]
    named = [replace(c, text=f"Cédric {c.text}") for c in heard]
    assert find_answer(asked, named, frozenset({"cedric", "herve"})) is None
    assert NAME in find_answer(asked, named).how  # were he no speaker


def test_live_answered_row_looked_for_near_its_time(tmp_path):
    heard = cues(tmp_path)
    questions = by_author(chat(tmp_path, QA, "qa.csv"))
    hugo, sophie = questions["Hugo Petit"], questions["Sophie"]
    assert hugo.answer is None and hugo.answer_time == 4560
    # the cue at 1:13:20 has all its words but comes well before the answer was marked live
    assert find_answer(hugo, heard).at == LIVE_HEARD
    assert find_answer(replace(hugo, source="zoom-chat"), heard).at == 4400.0  # as a chat question
    # a written answer keeps its text; no spoken one is made up
    assert sophie.answer == "Oui, dans toute la branche." and find_answer(sophie, heard) is None


def test_key_words_fold_plurals_and_forms():
    assert key_words("Comment financer la formation des salariés ?") == key_words("financement, formations, salarié")
    assert key_words("Est-ce que vous pouvez nous dire pourquoi ?") == set()


def test_organiser_word_kept_across_reimport_and_search(tmp_path):
    heard = cues(tmp_path)
    folder = tmp_path / "webinar"
    folder.mkdir()
    import_messages(folder, chat(tmp_path))
    messages, found = find_answers(read_discussion(folder), heard)
    assert found == 2
    jane, karim = by_author(messages)["Jane Moreau"], by_author(messages)["Karim Bensaïd"]
    corrected = confirm(jane, 2000.0)
    none = confirm(karim, None)
    assert (corrected.answer_at, corrected.answer_how, corrected.answer_confirmed) == (2000.0, ORGANISER, True)
    assert (none.answer_at, none.answer_how) == (None, NONE_CONFIRMED)
    kept = [corrected if m.id == jane.id else none if m.id == karim.id else m for m in messages]
    write_discussion(folder, kept)
    import_messages(folder, chat(tmp_path))  # the same file again
    again, found = find_answers(read_discussion(folder), heard)
    again = by_author(again)
    assert again["Jane Moreau"].answer_at == 2000.0 and again["Jane Moreau"].answer_confirmed
    assert again["Karim Bensaïd"].answer_at is None and again["Karim Bensaïd"].answer_how == NONE_CONFIRMED
    assert found == 1
    # taken back: found again in the captions
    searched, _ = find_answers([reopen(again["Karim Bensaïd"])], heard)
    assert searched[0].answer_at == ANSWERED["Karim Bensaïd"] and not searched[0].answer_confirmed


def test_confirming_the_found_time_keeps_how_it_was_found(tmp_path):
    messages, _ = find_answers(chat(tmp_path), cues(tmp_path))
    jane = by_author(messages)["Jane Moreau"]
    confirmed = confirm(jane, jane.answer_at)
    assert confirmed.answer_how.startswith(NAME) and confirmed.answer_how.endswith("(confirmé)")
