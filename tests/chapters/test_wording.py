"""French words shared by pages and cards (chapters/wording.py)."""

from __future__ import annotations

import pytest

from chapters.model import Chapter, Speaker, Webinar
from chapters.wording import (
    duration_text,
    file_size,
    french_date,
    names_text,
    speaker_names,
    speakers_by_appearance,
)


@pytest.mark.parametrize(
    ("iso", "text"),
    [
        ("2021-05-04", "4 mai 2021"),
        ("2021-06-01", "1er juin 2021"),
        ("2020-12-31", "31 décembre 2020"),
        ("2021-08-15", "15 août 2021"),
        ("printemps 2021", "printemps 2021"),
        ("2021-13-01", "2021-13-01"),
        ("", ""),
    ],
)
def test_french_date(iso, text):
    assert french_date(iso) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (6300, "1 h 45"),
        (3900, "1 h 05"),
        (7200, "2 h"),
        (2700, "45 min"),
        (29, "1 min"),
        (3599, "1 h"),
        (None, ""),
        (0, ""),
        (-5, ""),
    ],
)
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, ""),
        (1, "A"),
        (2, "A et B"),
        (3, "A, B et C"),
        (4, "A, B, C et D"),
        (5, "A, B, C et 2 autres"),
    ],
)
def test_names_text(count, text):
    assert names_text(list("ABCDE")[:count]) == text


def test_names_text_shown():
    assert names_text(list("ABCD"), shown=1) == "A et 3 autres"
    assert names_text(list("AB"), shown=1) == "A et B"


def _webinar() -> Webinar:
    speakers = [
        Speaker(id="ana", name="Ana"),
        Speaker(id="ben", name="Ben"),
        Speaker(id="cleo", name="Cléo"),
        Speaker(id="dan", name="Dan"),  # speaks in no chapter
    ]
    chapters = [
        Chapter(id="c1", start=0, title="Ouverture", speakers=["ben"]),
        Chapter(id="c2", start=60, title="Suite", speakers=["cleo", "ben"]),
        Chapter(id="c3", start=120, title="Fin", speakers=["ana"]),
    ]
    return Webinar(id="w", title="t", date="2024-01-01", speakers=speakers, chapters=chapters)


def test_speakers_by_appearance_each_once_in_order_of_first_chapter():
    assert speakers_by_appearance(_webinar()) == ["Ben", "Cléo", "Ana"]
    assert speakers_by_appearance(_webinar(), all_speakers=True) == ["Ben", "Cléo", "Ana", "Dan"]


def test_speakers_by_appearance_follows_starts_not_file_order():
    webinar = _webinar()
    webinar.chapters[0].start, webinar.chapters[2].start = 120, 0
    assert speakers_by_appearance(webinar) == ["Ana", "Cléo", "Ben"]


def test_speaker_names_counts_speakers_without_chapter():
    assert speaker_names(_webinar()) == "Ben, Cléo, Ana et Dan"
    assert speaker_names(_webinar(), shown=2) == "Ben, Cléo et 2 autres"
    assert speaker_names(Webinar(id="w", title="t", date="2024-01-01")) == ""


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "1\u00a0Ko"),
        (1_500, "1,5\u00a0Ko"),
        (850_000, "850\u00a0Ko"),
        (999_999, "1\u00a0Mo"),  # rounded, then given in the next unit: never "1000 Ko"
        (3_240_000, "3,2\u00a0Mo"),
        (9_960_000, "10\u00a0Mo"),
        (12_400_000, "12\u00a0Mo"),
        (1_400_000_000, "1,4\u00a0Go"),
    ],
)
def test_file_size(size, text):
    assert file_size(size) == text  # the number held to its unit: a no-break space
