"""Answers found at import-chat and by find-answers, in captions the organiser put beside the data."""

from __future__ import annotations

from chapters.chat import read_discussion
from tests.support.answers import ANSWERED, CHAT, CUES
from tests.support.captions import write_vtt
from tests.support.webinar import WID


def answers(webinars_dir):
    return {m.author: m.answer_at for m in read_discussion(webinars_dir / WID) if m.question}


def test_import_then_captions_then_find_answers(runner, webinars_dir, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    done = runner.invoke(args=["import-chat", WID, str(chat)])
    assert done.exit_code == 0, done.output
    assert "remarque : pas de sous-titres" in done.stderr  # nothing to look in yet
    assert set(answers(webinars_dir).values()) == {None}
    refused = runner.invoke(args=["find-answers", WID])
    assert refused.exit_code == 1 and "pas de sous-titres lisibles" in refused.output
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", CUES)
    found = runner.invoke(args=["find-answers", WID])
    assert found.exit_code == 0, found.output
    assert found.stdout.strip() == "réponses : 2 question(s) avec le moment de leur réponse"
    assert answers(webinars_dir) == ANSWERED
    again = runner.invoke(args=["import-chat", WID, str(chat)])  # found again at import
    assert "réponses : 2 question(s)" in again.stdout and answers(webinars_dir) == ANSWERED


def test_find_answers_without_a_discussion_fails_in_french(runner):
    done = runner.invoke(args=["find-answers", WID])
    assert done.exit_code == 1 and "aucune discussion importée" in done.output
