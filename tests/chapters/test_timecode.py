"""Every time notation in and out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters import timecode
from chapters.timecode import TimecodeError, parse
from tests.support.fragments import CASES as FRAGMENTS


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("6'05", 365), ("24'05", 1445), ("1'10'00", 4200), ("1'29'40", 5380),
        ("6’05", 365), ("1’10’00", 4200), ("6′05", 365), ("1′29′40", 5380),
        ("6'05\"", 365), ("6’05”", 365), ("6′05″", 365),
        ("Ouverture", 0), ("ouverture", 0),
        ("605", 605), ("605s", 605), ("10m5s", 605), ("70m", 4200), ("1h10m", 4200),
        ("1h10m5s", 4205), ("6:05", 365), ("01:10:00", 4200), ("1:10:00.250", 4200.25),
        ("npt:4200", 4200), ("npt:1:10:00", 4200), (" 6'05 ", 365), ("0", 0),
    ],
)
def test_reads_every_notation(text, seconds):
    assert parse(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-5", "-1:00", "6'75", "1'75'00", "abc", "1e9", "9" * 30, "1h10", "5:60",
     "1h70m", "h", "m", "s", "6'5", "1.2.3", "1:2:3:4", "ouverture!", "∞"],
)
def test_rejects_anything_else_quoting_the_input(text):
    with pytest.raises(TimecodeError) as caught:
        parse(text)
    assert f'"{text}"' in str(caught.value)


def test_opening_word_only_where_asked():
    with pytest.raises(TimecodeError):
        parse("Ouverture", opening_words=False)


def test_rejects_non_strings_and_huge_numbers():
    for value in (True, None, [1], float("nan"), -1, 10**12):
        with pytest.raises(TimecodeError):
            parse(value)


def test_formats():
    assert timecode.to_vtt(4200) == "01:10:00.000"
    assert timecode.to_vtt(365.25) == "00:06:05.250"
    assert timecode.to_clock(4200) == "1:10:00"
    assert timecode.to_clock(365) == "6:05"
    assert timecode.to_clock(0) == "0:00"
    assert timecode.to_programme(4200) == "1'10'00"
    assert timecode.to_programme(365) == "6'05"
    assert timecode.to_compact(4200) == "1h10m"
    assert timecode.to_compact(365) == "6m5s"
    assert timecode.to_compact(0) == "0s"


def test_ranges():
    assert timecode.parse_range("365,1445") == (365, 1445)
    assert timecode.parse_range("6'05,24'05") == (365, 1445)
    assert timecode.parse_range("1h10m") == (4200, None)
    assert timecode.parse_range(",60") == (0, 60)
    assert timecode.parse_range("60,") == (60, None)
    with pytest.raises(TimecodeError):
        timecode.parse_range("1445,365")
    with pytest.raises(TimecodeError):
        timecode.parse_range("Ouverture")


FORMATTERS = [timecode.to_vtt, timecode.to_clock, timecode.to_programme, timecode.to_compact]


@given(st.integers(min_value=0, max_value=24 * 3600), st.sampled_from(FORMATTERS))
def test_round_trip_every_whole_second_up_to_a_day(seconds, formatter):
    assert parse(formatter(seconds)) == seconds


@given(st.integers(min_value=0, max_value=24 * 3600 * 1000))
def test_round_trip_milliseconds_through_webvtt_time(millis):
    assert parse(timecode.to_vtt(millis / 1000)) == millis / 1000


# ---- W3C Media Fragments 1.0 and the links the site makes


@pytest.mark.parametrize("fragment, expected", FRAGMENTS)
def test_media_fragments_as_w3c_reads_them(fragment, expected):
    """The same table runs in Chromium against static/js/time.js (test_links_browser.py)."""
    assert timecode.media_fragment(fragment) == expected


def test_fragment_values_alone():
    assert timecode.parse_fragment("npt:1:02:03.5,1:10:00") == (3723.5, 4200)
    assert timecode.parse_fragment("clock:2009-07-26T11:19:01Z") is None
    assert timecode.parse_fragment("6'05") is None


@pytest.mark.parametrize(
    "seconds, up, text",
    [(1445, False, "24m5s"), (1445.999, False, "24m5s"), (1445.001, True, "24m6s"), (1445.0000001, True, "24m5s"),
     (4200, False, "1h10m"), (0.4, False, "0s"), (0.4, True, "1s"), (5385, False, "1h29m45s")],
)
def test_links_use_whole_seconds(seconds, up, text):
    assert timecode.to_link(seconds, up=up) == text


def test_a_passage_covers_itself_and_a_chapter_stays_inside():
    # a transcript passage: start rounded down, end up
    assert timecode.link_span(1447.5, 1460.119) == "24m7s,24m21s"
    assert timecode.link_span(365) == "6m5s"
    # a chapter whose start has a fraction: its link lands in it, and stops before the next one
    assert timecode.link_span(365.5, 1445.2, within=True) == "6m6s,24m5s"
    assert timecode.link_span(365.5, within=True) == "6m6s"
    # too short to keep inside whole seconds: it covers instead
    assert timecode.link_span(10.2, 10.8, within=True) == "10s,11s"
