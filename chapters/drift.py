"""The programme against the recording: where each chapter's speaker is heard in the captions.

For each chapter, the captions are searched in a window around the programme's start for the
chapter's speakers: the earliest cue that names one of them in an introduction ("je passe la
parole à Cédric Hervé, de Capa'Cité"), failing that the first cue spoken in their voice
(``<v Tarek Daher>``), failing that an introduction of their organisation alone. The drift is
the found time minus the programme's. Matching is accent-, case- and punctuation-insensitive
(``fold``) and accepts the programme's spellings: name, name as written, a distinctive last
name, the spelling of the questions' ``answered_by``, organisations and their significant words,
the label of the chapter's title ("Capa'Cité", "France Active") and its acronyms ("GERES").

Moving the starts never reorders chapters: a move that would make the starts non-increasing,
pass a chapter's own end or the recording's end is refused. The data file is edited in place
(only the ``start`` values change, the organiser's comments and layout stay) and written
atomically after the result has been validated like any load.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .files import write_atomic
from .model import Chapter, Speaker, Webinar, fold
from .spellings import chapter_organisations, has_phrase, speaker_names
from .store import DATA_FILE, StoreError, compose_data, parse_webinar
from .timecode import to_clock
from .transcript import Cue

__all__ = [
    "Window",
    "Finding",
    "Move",
    "INTRODUCED",
    "VOICE",
    "ORGANISATION",
    "find_chapters",
    "search_window",
    "plan_moves",
    "report_line",
    "summary_line",
    "move_line",
    "format_drift",
    "rewrite_starts",
    "apply_moves",
]

INTRODUCED = "introduced"  # named in an introduction
VOICE = "voice"  # heard speaking, from the cue's voice span
ORGANISATION = "organisation"  # only their organisation named in an introduction
_RANK = {INTRODUCED: 0, VOICE: 1, ORGANISATION: 2}

# A cue ending this close before the next one introduces it too ("… la parole" / "à X").
CONTEXT_GAP = 3.0

# Words that make a cue an introduction (folded text, word starts).
_INTRO = re.compile(
    r"\b(?:parole|pass(?:e|ons)|accueill\w*|bienvenue|present\w*|place a|tour de|invit\w*|"
    r"recev\w*|avec nous|intervenant\w*|je suis|je m appelle|bonjour|chapitre|laiss(?:e|ons)|"
    r"donn(?:e|ons)|voici|rejoin\w*|ecout\w*)\b"
)
# An announcement of what comes later (the opening presenting the programme) is no introduction.
_LATER = re.compile(
    r"\b(?:tout a l heure|plus tard|dans la suite|entendrons|accueillerons|recevrons|"
    r"interviendr\w*|presentera\w*|parlera\w*|prendra\w*)\b"
)

@dataclass(frozen=True)
class Window:
    """How far from the programme's start to look, in seconds."""

    before: float = 300.0
    after: float = 600.0


@dataclass
class Finding:
    """One chapter checked against the captions."""

    number: int  # 1-based, as organisers count
    chapter: Chapter
    speakers: list[Speaker]
    window: tuple[float, float]
    found: float | None = None  # whole seconds: a second early rather than a word late
    who: str = ""  # the name (or organisation) heard, as the programme spells it
    how: str | None = None  # INTRODUCED, VOICE or ORGANISATION (slide_drift.SLIDE: a slide)
    cue: Cue | None = None
    why: str = ""  # what else says so (a slide change it was snapped to…), for the report

    @property
    def status(self) -> str:
        if self.found is not None:
            return "found"
        return "not_found" if self.speakers else "no_speaker"

    @property
    def drift(self) -> float | None:
        return None if self.found is None else round(self.found - self.chapter.start, 3)


@dataclass
class Move:
    """A chapter start the captions would move; ``refused`` says why it stays, if it does."""

    number: int
    chapter_id: str
    old: float
    new: float
    refused: str | None = None


# ---------------------------------------------------------------- finding


@dataclass(frozen=True)
class _Heard:
    """A cue with its words folded once: its own, with the cue before it, its voice."""

    cue: Cue
    text: str
    context: str  # with the previous cue's words when it runs straight into this one
    voice: str


def _heard(cues: list[Cue]) -> list[_Heard]:
    out: list[_Heard] = []
    for i, cue in enumerate(cues):
        text = fold(cue.text)
        joined = i and cue.start - cues[i - 1].end <= CONTEXT_GAP
        context = f"{out[-1].text} {text}" if joined else text
        out.append(_Heard(cue, text, context, fold(cue.voice or "")))
    return out


def _is_introduction(heard: _Heard, name: str, organisations) -> bool:
    if _LATER.search(heard.context):
        return False
    starts_with_name = heard.text.startswith(name + " ") or heard.text == name
    has_organisation = any(has_phrase(heard.text, org) for org, _ in organisations)
    return bool(_INTRO.search(heard.context)) or starts_with_name or has_organisation


def _still_to_come(webinar: Webinar, index: int) -> list[str]:
    """The folded names of speakers who appear only in chapters after this one."""
    done = {sid for c in webinar.chapters[: index + 1] for sid in c.speakers}
    return [fold(s.name) for s in webinar.speakers if s.id not in done]


def search_window(webinar: Webinar, index: int, window: Window) -> tuple[float, float]:
    """Where chapter ``index``'s start is looked for: around the programme's, never back into
    the chapter before."""
    start = webinar.chapters[index].start
    low = max(0.0, start - window.before)
    if index:
        low = max(low, webinar.chapters[index - 1].start)  # never back into the chapter before
    return low, start + window.after


def _find(webinar: Webinar, index: int, heard: list[_Heard], window: Window) -> Finding:
    chapter = webinar.chapters[index]
    speakers = webinar.speakers_of(chapter)
    low, high = search_window(webinar, index, window)
    finding = Finding(index + 1, chapter, speakers, (low, high))
    if not speakers:
        return finding
    targets = speaker_names(webinar, speakers)
    organisations = chapter_organisations(chapter, speakers)
    # a cue that also names a speaker still to come reads the programme out ("nous accueillons
    # X puis Y"); naming one before is a handover ("merci X, je passe la parole à Y")
    to_come = _still_to_come(webinar, index)
    best: tuple[int, float] | None = None
    first = bisect.bisect_left([h.cue.start for h in heard], low)
    for h in heard[first:]:
        if h.cue.start > high:
            break
        listing = any(has_phrase(h.text, name) for name in to_come)
        candidates: list[tuple[str, str]] = []  # (how, who)
        for target in targets:
            name = next((n for n in target.names if has_phrase(h.text, n)), None)
            if name and not listing and _is_introduction(h, name, organisations):
                candidates.append((INTRODUCED, target.speaker.name))
            if h.voice and any(has_phrase(h.voice, n) for n in target.names):
                candidates.append((VOICE, target.speaker.name))
        introducing = _INTRO.search(h.context) and not _LATER.search(h.context)
        if not candidates and not listing and introducing:
            org = next((written for folded, written in organisations if has_phrase(h.text, folded)), None)
            if org:
                candidates.append((ORGANISATION, org))
        for how, who in candidates:
            key = (_RANK[how], h.cue.start)
            if best is None or key < best:
                best = key
                finding.found = float(math.floor(h.cue.start))
                finding.who, finding.how, finding.cue = who, how, h.cue
    return finding


def find_chapters(webinar: Webinar, cues: list[Cue], window: Window = Window()) -> list[Finding]:
    """Every chapter, in the data file's order, checked against the captions."""
    heard = _heard(sorted(cues, key=lambda c: (c.start, c.end)))
    return [_find(webinar, i, heard, window) for i in range(len(webinar.chapters))]


# ---------------------------------------------------------------- moving


def plan_moves(webinar: Webinar, findings: list[Finding]) -> list[Move]:
    """The starts the captions give, each refused if it would break the chapters' order.

    Starts must stay strictly increasing, before each chapter's own end and the recording's
    end; a first chapter at 0:00 stays there. When two neighbours collide, the larger move is
    refused (the more doubtful) and the check runs again, so what remains always loads back.
    """
    moves = [
        Move(f.number, f.chapter.id, f.chapter.start, f.found)
        for f in findings
        if f.found is not None and f.found != f.chapter.start
    ]
    by_number = {m.number: m for m in moves}
    duration = webinar.duration
    for move in moves:
        chapter = webinar.chapters[move.number - 1]
        if move.number == 1 and move.old == 0:
            # nothing comes before it, and YouTube's chapters must start at 0:00
            move.refused = "le premier chapitre commence avec l'enregistrement"
        elif duration is not None and move.new >= duration:
            move.refused = (
                f"{to_clock(move.new)} est après la fin de l'enregistrement ({to_clock(duration)})"
            )
        elif chapter.end is not None and move.new >= chapter.end:
            move.refused = (
                f"{to_clock(move.new)} n'est pas avant la fin du chapitre ({to_clock(chapter.end)})"
            )

    def start(number: int) -> float:
        move = by_number.get(number)
        if move is not None and move.refused is None:
            return move.new
        return webinar.chapters[number - 1].start

    changed = True
    while changed:  # ends: each pass refuses one move, and the programme's own order is valid
        changed = False
        for number in range(2, len(webinar.chapters) + 1):
            if start(number) > start(number - 1):
                continue
            later, earlier = by_number.get(number), by_number.get(number - 1)
            # of two moves that collide, the larger one is the more doubtful
            later_moved = later is not None and later.refused is None
            earlier_moved = earlier is not None and earlier.refused is None
            if later_moved and (
                not earlier_moved or abs(later.new - later.old) >= abs(earlier.new - earlier.old)
            ):
                later.refused = (
                    f"{to_clock(later.new)} ne vient pas après le chapitre {number - 1} "
                    f"({to_clock(start(number - 1))})"
                )
            else:
                earlier.refused = (
                    f"{to_clock(earlier.new)} ne vient pas avant le chapitre {number} "
                    f"({to_clock(start(number))})"
                )
            changed = True
            break
    return moves


def rewrite_starts(text: str, starts: dict[str, float], webinar_id: str, path: Path | str) -> str:
    """The data file's text with the given chapters' ``start`` values replaced, nothing else.

    The result is validated like any load; StoreError if the text cannot be read or the result
    would not load back with exactly those starts.
    """
    # The data file's own checked path first (size, depth, no anchors or aliases, every field),
    # so a hostile file is the same one-line error here as at any load; then its node tree.
    parse_webinar(text, webinar_id, path)
    root = compose_data(text, path)
    edits: list[tuple[int, int, str]] = []
    chapters = _child(root, "chapters")
    for node in chapters.value if isinstance(chapters, yaml.SequenceNode) else []:
        ident, start = _child(node, "id"), _child(node, "start")
        if isinstance(ident, yaml.ScalarNode) and ident.value in starts and start is not None:
            value = f'"{to_clock(starts[ident.value])}"'  # quoted, as the store writes times
            edits.append((start.start_mark.index, start.end_mark.index, value))
    if len(edits) != len(starts):
        raise StoreError(path, None, "chapters", "le fichier a changé pendant la vérification")
    for begin, end, value in sorted(edits, reverse=True):
        text = text[:begin] + value + text[end:]
    result = parse_webinar(text, webinar_id, path)
    got = {c.id: c.start for c in result.chapters if c.id in starts}
    if got != {k: float(v) for k, v in starts.items()}:
        raise StoreError(path, None, "chapters", "le fichier a changé pendant la vérification")
    return text


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    keyed = (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)
    return next(keyed, None)


def apply_moves(webinar: Webinar, folder: Path, moves: list[Move]) -> Path | None:
    """Write the accepted moves into ``folder/webinar.yaml`` atomically; None if there are none.

    The file is read again and must still give the starts the moves were planned from.
    Raises StoreError (changed or invalid file) or OSError (unreadable or unwritable).
    """
    accepted = [m for m in moves if m.refused is None]
    if not accepted:
        return None
    path = Path(folder) / DATA_FILE
    text = path.read_bytes().decode("utf-8-sig")
    current = {c.id: c.start for c in parse_webinar(text, webinar.id, path).chapters}
    if any(current.get(m.chapter_id) != m.old for m in accepted):
        raise StoreError(path, None, "chapters", "le fichier a changé pendant la vérification")
    new_text = rewrite_starts(text, {m.chapter_id: m.new for m in accepted}, webinar.id, path)
    return write_atomic(path, new_text)


# ---------------------------------------------------------------- telling


def format_drift(seconds: float) -> str:
    """``+4 s``, ``−12 s`` (a real minus sign), ``0 s``, ``+13 min 55 s``; to the second."""
    whole = int(math.floor(abs(seconds) + 0.5))
    if whole == 0:
        return "0 s"
    minutes, rest = divmod(whole, 60)
    size = " ".join(p for p in (f"{minutes} min" * bool(minutes), f"{rest} s" * bool(rest)) if p)
    return f"{'+' if seconds > 0 else '−'}{size}"


def _names(finding: Finding) -> str:
    return " ou ".join(s.name for s in finding.speakers)


def report_line(finding: Finding) -> str:
    """``chapitre 3 : programme 24:05, Cédric Hervé annoncé à 24:09, +4 s``."""
    head = f"chapitre {finding.number} : programme {to_clock(finding.chapter.start)}"
    if finding.status == "no_speaker":
        return f"{head}, aucun intervenant au programme"
    if finding.found is None:
        low, high = finding.window
        return f"{head}, {_names(finding)} non trouvé entre {to_clock(low)} et {to_clock(high)}"
    at = to_clock(finding.found)
    why = f" ({finding.why})" if finding.why else ""
    if finding.how == "slide":  # chapters.slide_drift.SLIDE
        return f"{head}, {finding.who} à {at}, {format_drift(finding.drift)}{why}"
    verb = "prend la parole" if finding.how == VOICE else "annoncé"
    heard = to_clock(math.floor(finding.cue.start)) if finding.cue else at  # before any snapping
    return f"{head}, {finding.who} {verb} à {heard}, {format_drift(finding.drift)}{why}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def summary_line(findings: list[Finding], source: str) -> str:
    """One line: how many chapters were found, how many drift, the largest drift."""
    found = [f for f in findings if f.found is not None]
    drifting = [f for f in found if format_drift(f.drift) != "0 s"]
    n = len(found)
    found_in = f"trouvé{'s' if n > 1 else ''} dans {source}"
    parts = [f"{_plural(n, 'chapitre')} sur {len(findings)} {found_in}"]
    if drifting:
        worst = max(drifting, key=lambda f: abs(f.drift))
        parts.append(f"{_plural(len(drifting), 'décalé')} (écart le plus grand : "
                     f"{format_drift(worst.drift)}, chapitre {worst.number})")
    else:
        parts.append("aucun décalage")
    missing = sum(1 for f in findings if f.status == "not_found")
    if missing:
        parts.append(f"{missing} non trouvé{'s' if missing > 1 else ''}")
    silent = sum(1 for f in findings if f.status == "no_speaker")
    if silent:
        parts.append(f"{silent} sans intervenant")
    return "résumé : " + ", ".join(parts)


def move_line(move: Move) -> str:
    """``chapitre 3 : 24:05 → 24:09`` or why it stays."""
    if move.refused:
        return (f"chapitre {move.number} : déplacement refusé, {move.refused} ; "
                f"reste à {to_clock(move.old)}")
    return f"chapitre {move.number} : {to_clock(move.old)} → {to_clock(move.new)}"
