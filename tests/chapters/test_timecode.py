"""Every time notation in and out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters import timecode
from chapters.timecode import TimecodeError, parse


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
