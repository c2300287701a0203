"""W3C Media Fragments URI 1.0 (basic), temporal dimension: what a page's ``#…`` asks for.

One table for the Python reader (chapters.timecode.media_fragment) and the page's own
(static/js/time.js, mediaFragment), run in Chromium: each row is the fragment (what follows
``#``) and the (start, end) it means, end None when open, or None when it must be ignored.
"""

from __future__ import annotations

IGNORED = None

CASES: list[tuple[str, tuple[float, float | None] | None]] = [
    # npt-sec, with and without the optional "npt:" and a fraction
    ("t=10", (10, None)),
    ("t=10,20", (10, 20)),
    ("t=npt:10", (10, None)),
    ("t=npt:10,20", (10, 20)),
    ("t=10.5,20.25", (10.5, 20.25)),
    ("t=10.", (10, None)),  # 1*DIGIT [ "." *DIGIT ]: the fraction's digits may be none
    ("t=0", (0, None)),
    # an open start is 0; an open end is the media's end
    ("t=,20", (0, 20)),
    ("t=npt:,20", (0, 20)),
    # npt-hhmmss (hours: any number of digits) and npt-mmss (exactly two digits each)
    ("t=1:02:03.5", (3723.5, None)),
    ("t=01:02:03", (3723, None)),
    ("t=100:00:00", (360000, None)),
    ("t=02:03", (123, None)),
    ("t=00:05,01:00.5", (5, 60.5)),
    ("t=1:02:03,1:10:00", (3723, 4200)),
    # other dimensions beside it; percent-encoding; the last valid t wins
    ("t=10&xywh=160,120,320,240", (10, None)),
    ("xywh=160,120,320,240&t=10,20", (10, 20)),
    ("t=npt%3A10%2C20", (10, 20)),
    ("%74=10", (10, None)),
    ("t=10&t=20", (20, None)),
    ("t=10&t=foo", (10, None)),
    ("t=foo&t=5", (5, None)),
    ("t=5&t=20,10", (5, None)),
    # invalid: the start must come before the end
    ("t=20,10", IGNORED),
    ("t=10,10", IGNORED),
    ("t=,0", IGNORED),
    # invalid syntax
    ("t=", IGNORED),
    ("t=,", IGNORED),
    ("t=10,", IGNORED),
    ("t=foo", IGNORED),
    ("t=.5", IGNORED),
    ("t=-5", IGNORED),
    ("t=+5", IGNORED),
    ("t= 10", IGNORED),
    ("t=10 ", IGNORED),
    ("t=1e3", IGNORED),
    ("t=2:03", IGNORED),  # npt-mm is two digits
    ("t=1:2:03", IGNORED),
    ("t=01:60", IGNORED),  # minutes and seconds 0-59
    ("t=1:60:00", IGNORED),
    ("t=00:07:60", IGNORED),
    ("t=1:02:03:04", IGNORED),
    ("t=NPT:10", IGNORED),  # the format's name is lower case
    ("t=npt:", IGNORED),
    ("t=npt10", IGNORED),
    ("t=10,20,30", IGNORED),
    ("t=24m5s", IGNORED),  # this site's ?t= notation is not a media fragment
    ("t=6'05", IGNORED),
    ("t=%zz", IGNORED),  # not percent-decodable
    ("t=%FF", IGNORED),  # not UTF-8 once decoded
    ("T=10", IGNORED),  # names are case-sensitive
    ("time=10", IGNORED),
    ("t", IGNORED),
    ("", IGNORED),
    ("chapitres", IGNORED),
    # formats of the grammar this player does not play by: ignored too
    ("t=smpte:0:02:00", IGNORED),
    ("t=smpte-25:0:02:00,0:05:00", IGNORED),
    ("t=smpte-30:0:02:00:10.01", IGNORED),
    ("t=smpte-30-drop:0:02:00", IGNORED),
    ("t=clock:2009-07-26T11:19:01Z,2009-07-26T11:20:01Z", IGNORED),
]
