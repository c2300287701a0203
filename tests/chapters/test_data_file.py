"""The committed data of 4 May 2021 agrees with a fresh import of its programme."""

from __future__ import annotations

import re

from chapters.programme import import_file
from chapters.store import load_webinar
from tests.support.webinar import FOLDER


def test_reimporting_the_programme_agrees_with_the_data_file():
    data = load_webinar(FOLDER)
    imported = import_file(FOLDER / "programme.txt").webinar
    # chapter ids and titles were rewritten by hand; order, times and speakers must agree
    assert [c.start for c in data.chapters] == [c.start for c in imported.chapters]
    assert [c.speakers for c in data.chapters] == [c.speakers for c in imported.chapters]
    same = {i.id: d.id for i, d in zip(imported.chapters, data.chapters)}
    assert [(q.speaker, q.chapter) for q in data.questions] == [
        (q.speaker, same[q.chapter]) for q in imported.questions
    ]
    assert [(t.id, t.chapters) for t in data.themes] == [
        (t.id, [same[c] for c in t.chapters]) for t in imported.themes
    ]
    assert {s.id: s.emails for s in data.speakers} == {s.id: s.emails for s in imported.speakers}


def test_data_file_keeps_every_address_of_the_document():
    data = load_webinar(FOLDER)
    document = (FOLDER / "programme.txt").read_text(encoding="utf-8")
    in_document = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", document))
    in_data = {e for c in data.contacts for e in c.emails}
    assert in_document == in_data and len(in_document) == 10


def test_data_file_chapter_titles_are_short_and_the_duration_an_assumption():
    data = load_webinar(FOLDER)
    assert all(0 < len(c.title) <= 70 for c in data.chapters)
    assert data.recording.kind == "demo"
    assert data.recording.duration == 6300 and data.recording.duration_assumed is True
