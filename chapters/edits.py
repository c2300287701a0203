"""Changes made in the browser editor, as plain data: no Flask, no player/.

The editor's form is applied to the data as ``webinar_to_dict`` shapes it, the values still as
typed (``6'05``); the store's own validator (``store.parse_webinar`` over ``store.dump_data``)
then judges them exactly as it judges a hand-edited file, and its ``StoreError.field``
(``chapters[2].start``) is mapped back to the form field it came from. Saving keeps the previous
file in ``<webinar>/history/`` (newest ``HISTORY_KEEP``); undoing puts the newest one back and
keeps the undone file in ``history/undone/``. Every save and undo carries the version (sha256 of
the data file's bytes) its form started from: another version in place is a ``StaleVersion``.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import fcntl
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import exports, timecode
from .files import write_atomic
from .model import Webinar, fold, slugify
from .names import DATA_FILE
from .store import StoreError, dump_data, dump_webinar, parse_webinar, webinar_to_dict

__all__ = [
    "HISTORY_DIR",
    "HISTORY_KEEP",
    "FormErrors",
    "StaleVersion",
    "NothingToUndo",
    "Change",
    "version_of",
    "read_current",
    "form_values",
    "check_form",
    "rebase_form",
    "save_text",
    "undo",
    "history_files",
    "find_version",
    "diff",
    "field_label",
    "parse_list",
    "plan_list",
    "check_list",
    "youtube_problem",
]

HISTORY_DIR = "history"
UNDONE_DIR = "undone"  # inside history/: versions taken back by "Annuler"
HISTORY_KEEP = 20
NEW = "_new"  # the form's empty row for a chapter to add; never an id (ids start alnum)
PAIR_SCORE = 0.5  # a pasted line and a chapter this alike are the same chapter (see _align)
MAX_ERRORS = 30  # fields reported at once; each one costs a validation of the whole file

# What the form edits, per kind of item: the store's field names, so its errors map back.
EDITABLE = {
    "chapters": ("start", "title", "summary", "speakers"),
    "questions": ("chapter",),
    "resources": ("title", "url"),
    "speakers": ("role", "organisation", "emails"),
}
LIST_FIELDS = {("chapters", "speakers"), ("speakers", "emails")}


class FormErrors(ValueError):
    """The form's values break the data file's rules: ``fields`` maps a form name to its
    French message; ``general`` holds what no field of the form can show."""

    def __init__(self, fields_: dict[str, str], general: list[str]):
        self.fields = fields_
        self.general = general
        super().__init__("; ".join([*fields_.values(), *general]))


class StaleVersion(Exception):
    """The data file is no longer the version the form started from."""

    def __init__(self, base: str, current: str):
        self.base = base
        self.current = current
        super().__init__(f"version {base[:12]} remplacée par {current[:12]}")


class NothingToUndo(Exception):
    """history/ holds no previous version."""


# ---------------------------------------------------------------- versions


def version_of(raw: bytes) -> str:
    """A version's name: the sha256 of the data file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def read_current(folder: Path) -> tuple[bytes, str]:
    raw = (Path(folder) / DATA_FILE).read_bytes()
    return raw, version_of(raw)


# ---------------------------------------------------------------- the form


def form_values(webinar: Webinar) -> dict[str, list[str]]:
    """The form's fields as the data holds them (the shape a posted form has)."""
    values: dict[str, list[str]] = {"chapter": [c.id for c in webinar.chapters]}
    for c in webinar.chapters:
        p = f"chapters.{c.id}."
        values[p + "start"] = [_clock(c.start)]
        values[p + "title"] = [c.title]
        values[p + "summary"] = [c.summary]
        values[p + "speakers"] = ["", *c.speakers]
    for q in webinar.questions:
        values[f"questions.{q.id}.chapter"] = [q.chapter or ""]
    for r in webinar.resources:
        values[f"resources.{r.id}.title"] = [r.title]
        values[f"resources.{r.id}.url"] = [r.url or ""]
    for s in webinar.speakers:
        p = f"speakers.{s.id}."
        values[p + "role"] = [s.role]
        values[p + "organisation"] = [s.organisation]
        values[p + "emails"] = [", ".join(s.emails)]
    return values


def _clock(seconds: float) -> str:
    text = timecode.to_clock(seconds)
    millis = int(round(seconds * 1000)) % 1000
    return f"{text}.{millis:03d}".rstrip("0") if millis else text


def _one(values: Mapping[str, list[str]], name: str) -> str | None:
    got = values.get(name)
    return got[0] if got else None


def _typed(text: str) -> str:
    # An empty required value stays one space: the store then says "le texte est vide" at
    # that very field, where a missing key would be reported on the whole item.
    text = text.replace("\r\n", "\n").strip()
    return text or " "


def _unique_id(title: str, taken: set[str]) -> str:
    base = slugify(title or "chapitre") if (title or "").strip() else "chapitre"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def remove_chapters(data: dict, ids: set[str]) -> None:
    """Take chapters out, and every link to them (questions' chapter, themes' lists)."""
    data["chapters"] = [c for c in data["chapters"] if c["id"] not in ids]
    for q in data.get("questions", []):
        if q.get("chapter") in ids:
            q["chapter"] = None
    for t in data.get("themes", []):
        t["chapters"] = [c for c in t.get("chapters", []) if c not in ids]


def sort_chapters(data: dict) -> None:
    """Chapters in the order of their starts, when all of them can be read (the list's order
    is the time order: moving a start moves the chapter). Otherwise left for the store to say."""
    try:
        keys = [timecode.parse(c["start"]) for c in data["chapters"]]
    except (timecode.TimecodeError, KeyError):
        return
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    data["chapters"] = [data["chapters"][i] for i in order]


def apply_form(data: dict, values: Mapping[str, list[str]]) -> tuple[dict, dict[str, str]]:
    """The data with the form's values in place, and {new chapter's id: its form row}.

    Items are found by id, so a form applies to a newer version the same way: a field absent
    from ``values`` keeps the data's value, a row whose chapter is gone comes back as a chapter.
    """
    data = copy.deepcopy(data)
    chapters = _by_id(data["chapters"])
    removed: set[str] = set()
    rows: dict[str, str] = {}
    for cid in values.get("chapter", []):
        ch = chapters.get(cid)
        if ch is None:
            ch = {"id": cid, "start": " ", "title": " ", "summary": "", "speakers": []}
            data["chapters"].append(ch)
            chapters[cid] = ch
        if _one(values, f"chapters.{cid}.remove"):
            removed.add(cid)
        _chapter_fields(ch, values, f"chapters.{cid}.")
    title, start = (_one(values, f"chapters.{NEW}.{k}") or "" for k in ("title", "start"))
    if title.strip() or start.strip():
        cid = _unique_id(title, set(chapters))
        ch = {"id": cid, "start": " ", "title": " ", "summary": "", "speakers": []}
        _chapter_fields(ch, values, f"chapters.{NEW}.")
        data["chapters"].append(ch)
        rows[cid] = NEW
    for kind, editable in EDITABLE.items():
        if kind == "chapters":
            continue
        for item in data.get(kind, []):
            for key in editable:
                got = values.get(f"{kind}.{item['id']}.{key}")
                if got is None:
                    continue
                text = got[0].strip()
                if (kind, key) in LIST_FIELDS:
                    item[key] = [v for v in re.split(r"[\s,;]+", text) if v]
                elif key in ("url", "chapter"):
                    item[key] = text or None
                elif key == "title":
                    item[key] = _typed(text)
                else:
                    item[key] = text
    if removed:
        remove_chapters(data, removed)
    sort_chapters(data)
    return data, rows


def _chapter_fields(ch: dict, values: Mapping[str, list[str]], prefix: str) -> None:
    for key in ("start", "title"):
        got = _one(values, prefix + key)
        if got is not None:
            ch[key] = _typed(got)
    summary = _one(values, prefix + "summary")
    if summary is not None:
        ch["summary"] = summary.replace("\r\n", "\n").strip()
    if prefix + "speakers" in values:
        ch["speakers"] = [s for s in values[prefix + "speakers"] if s]


def _same(a: list[str] | None, b: list[str] | None) -> bool:
    """Two values of a form field alike (spaces at the ends and the order of a list aside)."""
    if a is None or b is None:
        return a is b
    return sorted(v.strip() for v in a if v.strip()) == sorted(v.strip() for v in b if v.strip())


def _display(value: list[str] | None) -> str:
    if value is None:
        return "supprimé"
    return ", ".join(v for v in value if v.strip()) or "—"


def rebase_form(
    base: Mapping[str, list[str]],
    current: Mapping[str, list[str]],
    theirs: Mapping[str, list[str]],
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """An organiser's form, refused because the data moved on, shown again over the newer data.

    ``base``, ``current``: form_values of the version the form started from and of the one in
    place. A field the organiser left as it was shows the newer value; a field both changed
    keeps the organiser's value and is returned in the marks with the newer one, to be shown
    beside it. Nothing is saved: the organiser checks, then saves knowingly.
    """
    values = {k: list(v) for k, v in theirs.items()}
    marked: dict[str, str] = {}
    for name in (set(base) | set(current)) - {"chapter"}:
        before, now = base.get(name), current.get(name)
        if _same(before, now):
            continue
        mine = theirs.get(name)
        if mine is None or _same(mine, before):
            if now is None:
                values.pop(name, None)
            else:
                values[name] = list(now)
        else:
            marked[name] = _display(now)
    rows = list(theirs.get("chapter", []))
    base_rows, current_rows = base.get("chapter", []), current.get("chapter", [])
    for cid in current_rows:
        if cid not in rows and cid not in base_rows:  # added meanwhile
            rows.append(cid)
    for cid in base_rows:
        if cid in rows and cid not in current_rows:  # removed meanwhile
            if any(name.startswith(f"chapters.{cid}.") for name in marked):
                marked[f"chapters.{cid}"] = "supprimé entre-temps"
            else:
                rows.remove(cid)
    values["chapter"] = rows
    return values, marked


_FIELD = re.compile(r"(\w+)\[(\d+)\](?:\.(\w+))?")


def form_name(error: StoreError, data: dict, rows: dict[str, str]) -> str | None:
    """The form field a StoreError of ``data`` points at, or None when the form has none."""
    m = _FIELD.match(error.field or "")
    if not m:
        return None
    kind, index, key = m[1], int(m[2]), m[3]
    if kind not in EDITABLE or key not in EDITABLE[kind]:
        return None
    try:
        item_id = data[kind][index]["id"]
    except (KeyError, IndexError):
        return None
    return f"{kind}.{rows.get(item_id, item_id)}.{key}"


def check_form(
    webinar_id: str, data: dict, values: Mapping[str, list[str]]
) -> Webinar:
    """The webinar the form makes of ``data``, judged by the store's validator.

    The store stops at the first problem; to show more than one, the field at fault is put
    back to its saved value and the whole file judged again, up to MAX_ERRORS times.
    Raises FormErrors with every message found.
    """
    values = {k: list(v) for k, v in values.items()}
    errors: dict[str, str] = {}
    general: list[str] = []
    for _ in range(MAX_ERRORS):
        changed, rows = apply_form(data, values)
        try:
            webinar = parse_webinar(dump_data(changed), webinar_id, DATA_FILE)
        except StoreError as error:
            name = form_name(error, changed, rows)
            if name is None or name in errors:
                general.append(_located(error))
                break
            errors[name] = error.message
            if name.startswith(f"chapters.{NEW}."):  # the new row goes as a whole
                for key in [k for k in values if k.startswith(f"chapters.{NEW}.")]:
                    del values[key]
            else:
                values.pop(name, None)
            continue
        if errors:
            break
        return webinar
    raise FormErrors(errors, general)


def _located(error: StoreError) -> str:
    return f"{error.field} : {error.message}" if error.field else error.message


# ---------------------------------------------------------------- saving, history, undo


def _history(folder: Path) -> Path:
    return Path(folder) / HISTORY_DIR


def history_files(folder: Path, sub: str | None = None) -> list[Path]:
    """The kept versions, newest first (their names sort by time)."""
    where = _history(folder) / sub if sub else _history(folder)
    if not where.is_dir():
        return []
    return sorted((p for p in where.glob("webinar-*.yaml") if p.is_file()), reverse=True)


def _stamp_name(where: Path) -> Path:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    path, n = where / f"webinar-{now}.yaml", 1
    while path.exists():  # two in the same microsecond: a suffix still sorts after
        path, n = where / f"webinar-{now}-{n}.yaml", n + 1
    return path


def _keep(raw: bytes, where: Path) -> Path:
    """Write one version into ``where`` atomically, and drop all but the newest HISTORY_KEEP."""
    where.mkdir(parents=True, exist_ok=True)
    path = write_atomic(_stamp_name(where), raw)
    for old in sorted(where.glob("webinar-*.yaml"), reverse=True)[HISTORY_KEEP:]:
        old.unlink(missing_ok=True)
    return path


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One save or undo at a time per webinar, across processes (gunicorn's workers)."""
    where = _history(folder)
    where.mkdir(parents=True, exist_ok=True)
    with open(where / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _replace_data(path: Path, payload: bytes) -> None:
    """write_atomic, then make sure the file's modification time moved: caches keyed on it
    (the page cache, the catalogue) would keep the old version if two writes shared a tick."""
    try:
        before = path.stat().st_mtime_ns
    except FileNotFoundError:
        before = 0
    write_atomic(path, payload)
    after = path.stat().st_mtime_ns
    if after <= before:
        os.utime(path, ns=(after, before + 1_000))


def save_text(folder: Path, base_version: str, text: str) -> str:
    """Replace the data file by ``text`` if it is still ``base_version``; the previous file goes
    to history/. Returns the new version; raises StaleVersion otherwise."""
    folder = Path(folder)
    path = folder / DATA_FILE
    parse_webinar(text, folder.name, path)  # never a file the next load would refuse
    payload = text.encode("utf-8")
    with _locked(folder):
        raw, current = read_current(folder)
        if current != base_version:
            raise StaleVersion(base_version, current)
        if payload != raw:
            _keep(raw, _history(folder))
            _replace_data(path, payload)
    return version_of(payload)


def save_webinar_edit(folder: Path, base_version: str, webinar: Webinar) -> str:
    return save_text(folder, base_version, dump_webinar(webinar))


def undo(folder: Path, base_version: str) -> str:
    """Put the newest history version back; the replaced file is kept in history/undone/.

    Repeated undos walk further back. Returns the version now in place.
    """
    folder = Path(folder)
    path = folder / DATA_FILE
    with _locked(folder):
        raw, current = read_current(folder)
        if current != base_version:
            raise StaleVersion(base_version, current)
        kept = history_files(folder)
        if not kept:
            raise NothingToUndo()
        previous = kept[0].read_bytes()
        parse_webinar(previous.decode("utf-8-sig"), folder.name, kept[0])
        _keep(raw, _history(folder) / UNDONE_DIR)
        _replace_data(path, previous)
        kept[0].unlink()  # after the swap: a crash between leaves it to be undone again
    return version_of(previous)


def find_version(folder: Path, version: str) -> bytes | None:
    """The bytes of a version still on disk (the data file, history/, history/undone/)."""
    folder = Path(folder)
    for path in [
        folder / DATA_FILE,
        *history_files(folder),
        *history_files(folder, UNDONE_DIR),
    ]:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if version_of(raw) == version:
            return raw
    return None


# ---------------------------------------------------------------- what changed


KIND_LABELS = {
    "chapters": "Chapitre",
    "speakers": "Intervenant",
    "questions": "Question",
    "resources": "Ressource",
    "themes": "Thème",
    "contacts": "Contact",
}
FIELD_LABELS = {
    "start": "début",
    "end": "fin",
    "title": "titre",
    "summary": "résumé",
    "speakers": "intervenants",
    "chapter": "chapitre de la réponse",
    "url": "adresse",
    "role": "rôle",
    "organisation": "organisation",
    "emails": "adresses e-mail",
    "name": "nom",
    "text": "texte",
    "answer": "réponse",
    "date": "date",
    "organiser": "organisateur",
    "recording": "enregistrement",
}


@dataclass
class Change:
    """One difference between two versions, in words; ``name`` is the editor's form field."""

    what: str  # 'Chapitre « Capa'Cité »'
    field: str  # 'début', or '' for an item added or removed
    before: str
    after: str
    name: str = ""


def _shown(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key in ("start", "end") and isinstance(value, (int, float)):
        return _clock(float(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _label(kind: str, item: dict) -> str:
    name = item.get("title") or item.get("name") or item.get("text") or item["id"]
    name = " ".join(str(name).split())
    if len(name) > 60:
        name = name[:59] + "…"
    return f"{KIND_LABELS.get(kind, kind)} « {name} »"


def diff(old: Webinar, new: Webinar) -> list[Change]:
    """What differs from ``old`` to ``new``, item by item (by id), field by field."""
    a, b = webinar_to_dict(old), webinar_to_dict(new)
    out: list[Change] = []
    for key in ("title", "date", "organiser"):
        if a[key] != b[key]:
            out.append(Change("Webinaire", FIELD_LABELS[key], _shown(key, a[key]), _shown(key, b[key])))
    if a["recording"] != b["recording"]:
        out.append(Change("Webinaire", "enregistrement", "", ""))
    for kind in KIND_LABELS:
        before, after = _by_id(a[kind]), _by_id(b[kind])
        for item_id, item in after.items():
            if item_id not in before:
                out.append(Change(_label(kind, item), "", "", "ajouté", f"{kind}.{item_id}"))
                continue
            old_item = before[item_id]
            for key, value in item.items():
                if key != "id" and old_item.get(key) != value:
                    out.append(
                        Change(
                            _label(kind, item),
                            FIELD_LABELS.get(key, key),
                            _shown(key, old_item.get(key)),
                            _shown(key, value),
                            f"{kind}.{item_id}.{key}",
                        )
                    )
        for item_id, item in before.items():
            if item_id not in after:
                out.append(Change(_label(kind, item), "", "", "supprimé", f"{kind}.{item_id}"))
    return out


def field_label(webinar: Webinar, name: str) -> str:
    """A form field named for people: ``Chapitre « Capa'Cité… », début``."""
    parts = name.split(".")
    if len(parts) != 3:
        return name
    kind, item_id, key = parts
    if item_id == NEW:
        what = "Nouveau chapitre"
    else:
        item = next((x for x in getattr(webinar, kind, []) if x.id == item_id), None)
        what = _label(kind, {"id": item_id, **vars(item)}) if item else f"{KIND_LABELS.get(kind, kind)} {item_id}"
    return f"{what}, {FIELD_LABELS.get(key, key)}"


# ---------------------------------------------------------------- a pasted chapter list


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
    """Pair the pasted lines with the chapters: same titles (case and accents aside) first, in
    order; what is left between two pairs is paired in order (a title rewritten), and the rest
    is added or removed."""
    old = webinar.chapters
    matcher = difflib.SequenceMatcher(
        None, [fold(c.title) for c in old], [fold(i.title) for i in items], autojunk=False
    )
    plan: list[ListChange] = []

    def pair(c, i):
        kinds = []
        if abs(c.start - i.start) >= 0.001:
            kinds.append("start")
        if c.title != i.title:
            kinds.append("title")
        kind = "both" if len(kinds) == 2 else (kinds[0] if kinds else "same")
        plan.append(ListChange(kind, c.id, c.start, c.title, i.start, i.title, i.line))

    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        for a, b in _align(old[a0:a1], items[b0:b1]) if op != "equal" else zip(old[a0:a1], items[b0:b1]):
            if a is not None and b is not None:
                pair(a, b)
            elif a is not None:
                plan.append(ListChange("removed", a.id, a.start, a.title))
            else:
                plan.append(ListChange("added", None, None, "", b.start, b.title, b.line))
    return plan


def _align(olds: list, news: list[ListItem]) -> list[tuple]:
    """Between two lines of the same title: pairs in order that most look alike (similar
    titles, the same start), each pair worth at least PAIR_SCORE; the others stand alone."""

    def score(a, b) -> float:
        x, y = fold(a.title), fold(b.title)
        alike = difflib.SequenceMatcher(None, x, y).ratio()
        if x and y and (x.startswith(y) or y.startswith(x)):
            alike = max(alike, 0.8)  # "Capa'Cité" for "Capa'Cité, chantier d'insertion…"
        gap = abs(a.start - b.start)
        return alike + (1.0 if gap < 1 else 0.5 if gap <= 120 else 0.0)

    n, m = len(olds), len(news)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(olds[i], news[j])
            paired = s + best[i + 1][j + 1] if s >= PAIR_SCORE else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    out, i, j = [], 0, 0
    while i < n and j < m:
        s = score(olds[i], news[j])
        if s >= PAIR_SCORE and best[i][j] == s + best[i + 1][j + 1]:
            out.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((olds[i], None))
            i += 1
        else:
            out.append((None, news[j]))
            j += 1
    out += [(a, None) for a in olds[i:]] + [(None, b) for b in news[j:]]
    return out


def apply_plan(data: dict, plan: list[ListChange]) -> dict:
    """The data with a pasted list's plan applied: starts and titles, chapters added, removed."""
    data = copy.deepcopy(data)
    chapters = _by_id(data["chapters"])
    taken = set(chapters)
    for change in plan:
        if change.kind in ("start", "title", "both", "same"):
            ch = chapters[change.chapter_id]
            ch["start"], ch["title"] = change.new_start, change.new_title
        elif change.kind == "added":
            cid = _unique_id(change.new_title, taken)
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
    m = _FIELD.match(error.field or "")
    if m and m[1] == "chapters":
        try:
            return f"{_label('chapters', data['chapters'][int(m[2])])} : {error.message}"
        except (IndexError, KeyError):
            pass
    return _located(error)
