"""A podcast episode's soundbites (chapters/soundbites.py): one per answered question, from its
answer's moment, 15 to 120 seconds long, always inside the recording."""

from __future__ import annotations

from dataclasses import replace

from chapters.chat.answers import confirm
from chapters.chat.model import make_message
from chapters.soundbites import MAX_SECONDS, MIN_SECONDS, TITLE_MAX, soundbites
from chapters.timecode import to_hms


def question(at: float, text: str, answered: float | None):
    message = make_message("zoom-chat", at, "Jane Moreau", text)
    return confirm(message, answered) if answered is not None else message


def test_each_answered_question_gives_one_from_its_answer_to_the_next():
    asked = [
        question(100, "Comment financer la formation ?", 400),
        question(200, "Et les bénévoles ?", 430),  # answered 30 s later: that one stops there
        question(300, "Où trouver le replay ?", None),  # never answered: none
        make_message("zoom-chat", 350, "Lina", "Bonjour à tous"),  # not a question
    ]
    found = soundbites(asked, duration=3000, boundaries=[0, 1000])
    assert [(b.start, b.duration, b.title) for b in found] == [
        (400, 30, "Comment financer la formation ?"),
        (430, MAX_SECONDS, "Et les bénévoles ?"),  # nothing before 1000 s: the longest allowed
    ]
    assert found[0].question == asked[0].id


def test_a_chapter_start_ends_it_and_it_lasts_at_least_the_minimum():
    asked = [question(10, "Une question ?", 500), question(20, "Une autre ?", 505)]
    found = soundbites(asked, duration=3000, boundaries=[560])
    assert [(b.start, b.duration) for b in found] == [(500, MIN_SECONDS), (505, 55)]


def test_always_inside_the_recording():
    asked = [
        question(10, "Près de la fin ?", 2950),  # 50 s left: cut at the end
        question(30, "Après la fin ?", 3500),  # a moment past the audio (another recording): none
    ]
    found = soundbites(asked, duration=3000)
    assert [(b.start, b.duration) for b in found] == [(2950, 50)]
    # 10 s left: less than the minimum, none (and the one before stops where it starts)
    found = soundbites(asked + [question(20, "Trop près de la fin ?", 2990)], duration=3000)
    assert [(b.start, b.duration) for b in found] == [(2950, 40)]
    for bite in soundbites([question(5, "x ?", t) for t in range(0, 3000, 7)], duration=3000):
        assert 0 <= bite.start and bite.start + bite.duration <= 3000
        assert MIN_SECONDS <= bite.duration <= MAX_SECONDS


def test_a_long_question_is_cut_to_a_title_on_one_line():
    text = "Bonjour,\ncomment " + "financer la formation des salariés en insertion " * 6 + "?"
    found = soundbites([question(10, text, 100)], duration=3000)
    title = found[0].title
    assert len(title) <= TITLE_MAX and "\n" not in title and title.endswith("…")
    assert title.startswith("Bonjour, comment financer")


def test_hidden_questions_are_the_callers_business_and_times_print_as_hms():
    # the feed passes the questions viewers may see; the module takes what it is given
    asked = [replace(question(10, "Vue ?", 100), hidden=True)]
    assert len(soundbites(asked, duration=3000)) == 1
    assert to_hms(4200) == "01:10:00" and to_hms(365.4) == "00:06:05"
