"""A pasted chapter list (a YouTube description, the programme's notation): read, paired with
the chapters (``matching``), applied, and judged by the store and by YouTube's rules."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from .. import exports, timecode
from ..matching import pair_chapters
from ..model import Webinar
from ..names import DATA_FILE
from ..store import StoreError, dump_data, parse_webinar
from .changes import item_label
from .form import (
    FIELD,
    by_id,
    error_line,
    new_chapter_id,
    remove_chapters,
    sort_chapters,
)

# "0:00 Titre", "6'05 Titre", "- 1:10:00 – Titre", "(24:05) Titre", "1h10m Titre"
_LINE = re.compile(r"\s*(?:[-*•]\s*)?[(\[]?(?P<time>[0-9][^\s)\]]*)[)\]]?\s*(?:[-–—:|]\s*)?(?P<title>.*)")


@dataclass
class ListItem:
    line: int
    start: float
    title: str


def parse_list(text: str) -> tuple[list[ListItem], list[str]]:
    """Chapters from pasted lines (a YouTube description, the programme's notation); lines
    that hold no time first are named in French, never guessed at."""
    items: list[ListItem] = []
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.fullmatch(line)
        if not m:
            problems.append(f"ligne {n} ignorée : elle ne commence pas par un temps (« {line.strip()[:60]} »)")
            continue
        try:
            start = timecode.parse(m["time"].rstrip(":.-"), opening_words=False)
        except timecode.TimecodeError as error:
            problems.append(f"ligne {n} ignorée : {error}")
            continue
        title = " ".join(m["title"].split())
        if not title:
            problems.append(f"ligne {n} ignorée : pas de titre après le temps")
            continue
        items.append(ListItem(n, start, title))
    if not items and not problems:
        problems.append("la liste est vide : une ligne par chapitre, « 0:00 Titre »")
    return items, problems


@dataclass
class ListChange:
    """What applying the list does to one chapter: ``kind`` is start, title, both, added,
    removed or same."""

    kind: str
    chapter_id: str | None
    old_start: float | None = None
    old_title: str = ""
    new_start: float | None = None
    new_title: str = ""
    line: int | None = None
    notes: list[str] = field(default_factory=list)


def plan_list(webinar: Webinar, items: list[ListItem]) -> list[ListChange]:
    """Pair the pasted lines with the chapters (``matching.pair_chapters``: same titles first,
    in order, then what looks alike in between); the rest is added or removed."""
    old = webinar.chapters
    plan: list[ListChange] = []
    pairs = pair_chapters([(c.start, c.title) for c in old], [(i.start, i.title) for i in items])
    for a, b in pairs:
        if a is None:
            i = items[b]
            plan.append(ListChange("added", None, None, "", i.start, i.title, i.line))
        elif b is None:
            c = old[a]
            plan.append(ListChange("removed", c.id, c.start, c.title))
        else:
            plan.append(_paired(old[a], items[b]))
    return plan


def _paired(c, i: ListItem) -> ListChange:
    kinds = []
    if abs(c.start - i.start) >= 0.001:
        kinds.append("start")
    if c.title != i.title:
        kinds.append("title")
    kind = "both" if len(kinds) == 2 else (kinds[0] if kinds else "same")
    return ListChange(kind, c.id, c.start, c.title, i.start, i.title, i.line)


def apply_plan(data: dict, plan: list[ListChange]) -> dict:
    """The data with a pasted list's plan applied: starts and titles, chapters added, removed."""
    data = copy.deepcopy(data)
    chapters = by_id(data["chapters"])
    taken = set(chapters)
    for change in plan:
        if change.kind in ("start", "title", "both", "same"):
            ch = chapters[change.chapter_id]
            ch["start"], ch["title"] = change.new_start, change.new_title
        elif change.kind == "added":
            cid = new_chapter_id(change.new_title, taken)
            taken.add(cid)
            change.chapter_id = cid
            data["chapters"].append(
                {"id": cid, "start": change.new_start, "title": change.new_title,
                 "summary": "", "speakers": []}
            )
    remove_chapters(data, {c.chapter_id for c in plan if c.kind == "removed"})
    sort_chapters(data)
    return data


def youtube_problem(webinar: Webinar) -> str | None:
    """YouTube's rules on chapters, as export-chapters checks them: the first broken, in French."""
    try:
        exports.to_youtube(webinar)
    except exports.YouTubeChaptersError as error:
        return str(error)
    return None


def check_list(webinar_id: str, data: dict, text: str) -> tuple[list[ListChange], list[str], Webinar | None, str | None]:
    """A pasted list's plan, its reading problems, the webinar it makes (None when the store
    refuses it, the reason then in the problems) and YouTube's verdict on that webinar."""
    current = parse_webinar(dump_data(data), webinar_id, DATA_FILE)
    items, problems = parse_list(text)
    plan = plan_list(current, items) if items else []
    if not items:
        return plan, problems, None, None
    changed = apply_plan(data, plan)
    try:
        result = parse_webinar(dump_data(changed), webinar_id, DATA_FILE)
    except StoreError as error:
        problems.append(_store_problem(error, changed))
        return plan, problems, None, None
    return plan, problems, result, youtube_problem(result)


def _store_problem(error: StoreError, data: dict) -> str:
    m = FIELD.match(error.field or "")
    if m and m[1] == "chapters":
        try:
            return f"{item_label('chapters', data['chapters'][int(m[2])])} : {error.message}"
        except (IndexError, KeyError):
            pass
    return error_line(error)
