"""Every time notation the project reads or writes.

Reads the organiser's style (``6'05``, ``1'10'00``, with ', ’ or ′), YouTube-style compact
times (``1h10m5s``, ``70m``, ``605s``), clocks (``6:05``, ``01:10:00.250``), bare seconds and
W3C media-fragment NPT (``npt:4200``). Writes WebVTT, YouTube, programme and compact forms.

Links the site makes (``to_link``) use whole seconds in the notation YouTube reads (``24m5s``);
``#t=`` media fragments are read exactly as W3C Media Fragments 1.0 says (``media_fragment``).
"""

from __future__ import annotations

import math
import re
from urllib.parse import unquote

__all__ = [
    "TimecodeError",
    "MAX_SECONDS",
    "parse",
    "parse_range",
    "to_vtt",
    "to_clock",
    "to_hms",
    "to_clock_exact",
    "to_programme",
    "to_compact",
    "to_number",
    "to_link",
    "link_span",
    "parse_fragment",
    "media_fragment",
]

# Anything longer than four days is certainly a typo, and bounding it keeps 30-digit
# numbers and float overflows out of the rest of the program.
MAX_SECONDS = 4 * 24 * 3600

OPENING_WORDS = {"ouverture", "début", "debut", "accueil"}

_MINUTE_MARKS = "'’′"
_SECOND_MARKS = "\"”″"
_PROGRAMME = re.compile(
    rf"(?:(?P<h>\d{{1,3}})[{_MINUTE_MARKS}])?(?P<m>\d{{1,4}})[{_MINUTE_MARKS}]"
    rf"(?P<s>\d{{2}})(?:[{_SECOND_MARKS}]|[{_MINUTE_MARKS}]{{2}})?"
)
_SECONDS = re.compile(r"(?P<s>\d{1,7}(?:\.\d{1,3})?)")
_COMPACT = re.compile(
    r"(?=\d)(?:(?P<h>\d{1,3})h)?(?:(?P<m>\d{1,5})m(?:in)?)?(?:(?P<s>\d{1,6}(?:\.\d{1,3})?)s)?"
)
_CLOCK = re.compile(r"(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,4}):(?P<s>\d{2}(?:\.\d{1,3})?)")


class TimecodeError(ValueError):
    """A time that none of the accepted notations can read; the message quotes the input."""

    def __init__(self, text: object, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f'temps illisible "{text}" : {reason}')


def parse(text: str | int | float, *, opening_words: bool = True) -> float:
    """Read a time in any accepted notation and return it in seconds.

    ``opening_words`` lets a running order's "Ouverture" stand for 0.
    Raises TimecodeError for anything else, including negative or absurdly large times.
    """
    if isinstance(text, bool):
        raise TimecodeError(text, "ce n'est pas un temps")
    if isinstance(text, (int, float)):
        return _checked(text, float(text))
    if not isinstance(text, str):
        raise TimecodeError(text, "ce n'est pas un temps")
    raw = text
    s = text.strip()
    if not s:
        raise TimecodeError(raw, "le temps est vide")
    if opening_words and s.casefold() in OPENING_WORDS:
        return 0.0
    if s.lower().startswith("npt:"):
        s = s[4:].strip()
    if s.startswith("-"):
        raise TimecodeError(raw, "un temps ne peut pas être négatif")

    if m := _SECONDS.fullmatch(s):
        return _checked(raw, float(m["s"]))
    if m := _PROGRAMME.fullmatch(s):
        return _checked(raw, _combine(raw, m["h"], m["m"], m["s"]))
    if m := _CLOCK.fullmatch(s):
        return _checked(raw, _combine(raw, m["h"], m["m"], m["s"]))
    if m := _COMPACT.fullmatch(s.lower()):
        if m["h"] is None and m["m"] is None and m["s"] is None:
            raise TimecodeError(raw, "format non reconnu")
        # "70m" and "605s" are fine alone; a unit after a larger one must stay in range
        minutes_bounded = m["h"] is not None
        seconds_bounded = m["h"] is not None or m["m"] is not None
        return _checked(
            raw,
            _combine(raw, m["h"], m["m"], m["s"], minutes_bounded, seconds_bounded),
        )
    raise TimecodeError(
        raw, "format non reconnu (exemples : 6'05, 1'10'00, 1h10m5s, 1:10:00, 4200)"
    )


def _combine(
    raw: object,
    h: str | None,
    m: str | None,
    s: str | None,
    minutes_bounded: bool | None = None,
    seconds_bounded: bool = True,
) -> float:
    hours = int(h) if h else 0
    minutes = int(m) if m else 0
    seconds = float(s) if s else 0.0
    if minutes_bounded is None:
        minutes_bounded = h is not None
    if minutes_bounded and minutes >= 60:
        raise TimecodeError(raw, "les minutes doivent être inférieures à 60")
    if seconds_bounded and seconds >= 60:
        raise TimecodeError(raw, "les secondes doivent être inférieures à 60")
    return hours * 3600 + minutes * 60 + seconds


def _checked(raw: object, value: float) -> float:
    if value != value or value < 0:  # NaN or negative
        raise TimecodeError(raw, "un temps ne peut pas être négatif")
    if value > MAX_SECONDS:
        raise TimecodeError(raw, "le temps dépasse quatre jours")
    return round(value, 3)


def parse_range(text: str) -> tuple[float, float | None]:
    """Read ``start``, ``start,end`` or ``,end`` (W3C media fragment style).

    Returns (start, end or None). The end must come after the start.
    """
    if "," not in text:
        return parse(text, opening_words=False), None
    first, _, second = text.partition(",")
    start = parse(first, opening_words=False) if first.strip() else 0.0
    if not second.strip():
        return start, None
    end = parse(second, opening_words=False)
    if end <= start:
        raise TimecodeError(text, "la fin doit venir après le début")
    return start, end


def to_number(seconds: float | None, digits: int | None = None) -> float | int | None:
    """Seconds as JSON and YAML write them shortest: ``1445`` rather than ``1445.0``.

    ``digits`` rounds first (``12.5``, never ``12.5000001``); None passes through.
    """
    if seconds is None:
        return None
    value = round(float(seconds), digits) if digits is not None else seconds
    return int(value) if float(value).is_integer() else value


def _split(seconds: float) -> tuple[int, int, int, int]:
    if seconds < 0:
        raise TimecodeError(seconds, "un temps ne peut pas être négatif")
    millis = int(round(seconds * 1000))
    whole, ms = divmod(millis, 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return hours, minutes, secs, ms


def to_vtt(seconds: float) -> str:
    """WebVTT timestamp: ``01:10:00.000``."""
    h, m, s, ms = _split(seconds)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def to_clock(seconds: float) -> str:
    """YouTube style: ``1:10:00``, ``6:05``, ``0:00`` (milliseconds dropped)."""
    h, m, s, _ = _split(seconds)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def to_hms(seconds: float) -> str:
    """Always hours, minutes and seconds: ``00:06:05``, ``01:10:00`` (a podcast description's
    chapter list, which apps read as links when every line starts so)."""
    h, m, s, _ = _split(seconds)
    return f"{h:02d}:{m:02d}:{s:02d}"


def to_clock_exact(seconds: float) -> str:
    """``24:05`` or ``1:10:00``, with milliseconds kept when there are any (``6:05.25``)."""
    millis = int(round(seconds * 1000)) % 1000
    text = to_clock(seconds)
    return f"{text}.{millis:03d}".rstrip("0") if millis else text


def to_programme(seconds: float) -> str:
    """The organiser's document style: ``1'10'00``, ``6'05``."""
    h, m, s, _ = _split(seconds)
    return f"{h}'{m:02d}'{s:02d}" if h else f"{m}'{s:02d}"


def to_compact(seconds: float) -> str:
    """Compact link style: ``1h10m``, ``6m5s``, ``0s``, ``1m2.5s``."""
    h, m, s, ms = _split(seconds)
    parts = []
    if h:
        parts.append(f"{h}h")
    if m:
        parts.append(f"{m}m")
    if ms:
        parts.append(f"{s}.{ms:03d}".rstrip("0") + "s")
    elif s or not parts:
        parts.append(f"{s}s")
    return "".join(parts)


# ---- links the site makes: whole seconds, in the notation YouTube reads


def _whole(seconds: float, up: bool) -> int:
    value = round(float(seconds), 3)  # 365.0000001 is 365, not 366
    return max(0, math.ceil(value) if up else math.floor(value))


def to_link(seconds: float, *, up: bool = False) -> str:
    """A time for a link: whole seconds (rounded down, or up), ``24m5s``, ``1h10m``, ``0s``."""
    return to_compact(_whole(seconds, up))


def link_span(start: float, end: float | None = None, *, within: bool = False) -> str:
    """``?t=``'s value for a moment or a span, in whole seconds.

    A passage (the default) covers all of itself: its start rounded down, its end up. A chapter's
    span (``within``) stays inside the chapter, its start rounded up and its end down, so the link
    never lands in the chapter before; when that leaves nothing, it covers instead.
    """
    first, last = _whole(start, within), None if end is None else _whole(end, not within)
    if last is not None and last <= first:
        first, last = _whole(start, False), _whole(end, True)
    text = to_compact(first)
    return text if last is None or last <= first else f"{text},{to_compact(last)}"


# ---- W3C Media Fragments URI 1.0 (basic), temporal dimension (section 4.2.1)

# npt-sec / npt-hhmmss / npt-mmss: minutes and seconds exactly two digits (0-59), hours any
_NPT = r"(?:\d+|(?:\d+:)?[0-5]\d:[0-5]\d)(?:\.\d*)?"
_NPT_VALUE = re.compile(rf"(?:npt:)?(?:(?P<start>{_NPT})(?:,(?P<end>{_NPT}))?|,(?P<only_end>{_NPT}))")
# formats the grammar has and this player does not play by: such fragments are ignored
_OTHER_FORMATS = re.compile(r"(?:smpte(?:-25|-30|-30-drop)?|clock):")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _npt(text: str) -> float:
    whole, _, fraction = text.partition(".")
    seconds = 0
    for part in whole.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds + (float("0." + fraction) if fraction else 0.0)


def parse_fragment(value: str) -> tuple[float, float | None] | None:
    """The value of a ``t=`` media fragment (``10,20``, ``npt:1:02:03.5``, ``,20``): (start, end or
    None), or None when it is invalid (bad syntax, start not before end) or in a format this
    player does not support (``smpte…:``, ``clock:``). Both must be ignored."""
    if _OTHER_FORMATS.match(value):
        return None
    m = _NPT_VALUE.fullmatch(value)
    if not m:
        return None
    if m["only_end"] is not None:
        start, end = 0.0, _npt(m["only_end"])
    else:
        start, end = _npt(m["start"]), None if m["end"] is None else _npt(m["end"])
    if end is not None and start >= end:
        return None
    return start, end


def _decoded(text: str) -> str | None:
    if _BAD_ESCAPE.search(text):
        return None
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


def media_fragment(fragment: str) -> tuple[float, float | None] | None:
    """The time a URI's fragment (what follows ``#``) asks for, as Media Fragments 1.0 reads it:
    ``&``-separated name=value pairs, each percent-decoded, and the last valid ``t`` wins."""
    found = None
    for pair in fragment.split("&"):
        name, equals, value = pair.partition("=")
        if not equals or _decoded(name) != "t":
            continue
        decoded = _decoded(value)
        time = parse_fragment(decoded) if decoded is not None else None
        if time is not None:
            found = time
    return found
