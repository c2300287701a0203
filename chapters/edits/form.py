"""The editor's form: its fields as the data holds them, applied to the data as typed, and
the store's errors mapped back to the fields they came from."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping

from .. import timecode
from ..model import Webinar, slugify
from ..names import CONTROL, DATA_FILE, ID, ID_MAX
from ..store import StoreError, dump_data, parse_webinar

NEW = "_new"  # the form's empty row for a chapter to add; never an id (ids start alnum)
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

    def __init__(self, fields_: dict[str, str], general: list[str],
                 values: dict[str, list[str]] | None = None):
        self.fields = fields_
        self.general = general
        self.values = values  # the form to show again (as typed, but what a page cannot hold)
        super().__init__("; ".join([*fields_.values(), *general]))


def form_values(webinar: Webinar) -> dict[str, list[str]]:
    """The form's fields as the data holds them (the shape a posted form has)."""
    values: dict[str, list[str]] = {"chapter": [c.id for c in webinar.chapters]}
    for c in webinar.chapters:
        p = f"chapters.{c.id}."
        values[p + "start"] = [timecode.to_clock_exact(c.start)]
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


def _one(values: Mapping[str, list[str]], name: str) -> str | None:
    got = values.get(name)
    return got[0] if got else None


def _typed(text: str) -> str:
    # An empty required value stays one space: the store then says "le texte est vide" at
    # that very field, where a missing key would be reported on the whole item.
    text = text.replace("\r\n", "\n").strip()
    return text or " "


def new_chapter_id(title: str, taken: set[str]) -> str:
    base = slugify(title or "chapitre") if (title or "").strip() else "chapitre"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def remove_chapters(data: dict, ids: set[str]) -> None:
    """Take chapters out, and every link to them (questions' chapter, themes' lists)."""
    data["chapters"] = [c for c in data["chapters"] if c["id"] not in ids]
    for q in data.get("questions", []):
        if q.get("chapter") in ids:
            q["chapter"] = None
    for t in data.get("themes", []):
        t["chapters"] = [c for c in t.get("chapters", []) if c not in ids]
    # the organisers' notes about a removed chapter go with it
    data["notes"] = [n for n in data.get("notes", [])
                     if not (n["field"].startswith("chapters.") and n["field"].split(".")[1] in ids)]


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
    chapters = by_id(data["chapters"])
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
        cid = new_chapter_id(title, set(chapters))
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


FIELD = re.compile(r"(\w+)\[(\d+)\](?:\.(\w+))?")


def form_name(error: StoreError, data: dict, rows: dict[str, str]) -> str | None:
    """The form field a StoreError of ``data`` points at, or None when the form has none."""
    m = FIELD.match(error.field or "")
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


def _posted_ids(values: dict[str, list[str]]) -> dict[str, list[str]] | None:
    """The form without the chapter rows whose id the data file would refuse (a row's id is
    never typed: such a row was forged, and its id would name over-long addresses on the page
    shown again); None when every id is fine."""
    rows = values.get("chapter", [])
    bad = [cid for cid in rows if len(cid) > ID_MAX or not ID.fullmatch(cid)]
    if not bad:
        return None
    kept = {k: v for k, v in values.items()
            if not any(k.startswith(f"chapters.{cid}.") for cid in bad)}
    kept["chapter"] = [cid for cid in rows if cid not in bad]
    return kept


def check_form(
    webinar_id: str, data: dict, values: Mapping[str, list[str]]
) -> Webinar:
    """The webinar the form makes of ``data``, judged by the store's validator.

    The store stops at the first problem; to show more than one, the field at fault is put
    back to its saved value and the whole file judged again, up to MAX_ERRORS times.
    Raises FormErrors with every message found.
    """
    values = {k: list(v) for k, v in values.items()}
    if (kept := _posted_ids(values)) is not None:
        raise FormErrors({}, [f"chapitre refusé : son identifiant n'est pas celui d'un chapitre "
                              f"(lettres, chiffres, « - » et « _ », {ID_MAX} caractères au plus) ; "
                              "rechargez la page"], shown_values(kept))
    posted = {k: list(v) for k, v in values.items()}
    errors: dict[str, str] = {}
    general: list[str] = []
    for _ in range(MAX_ERRORS):
        changed, rows = apply_form(data, values)
        try:
            webinar = parse_webinar(dump_data(changed), webinar_id, DATA_FILE)
        except StoreError as error:
            name = form_name(error, changed, rows)
            if name is None or name in errors:
                general.append(error_line(error))
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
    raise FormErrors(errors, general, shown_values(posted))


def shown_values(values: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """A form to show again as typed, its control characters (refused, and a NUL no page may
    hold) each shown as « \ufffd »: the organiser sees where they were."""
    return {k: [CONTROL.sub("\ufffd", v) for v in vs] for k, vs in values.items()}


def error_line(error: StoreError) -> str:
    return f"{error.field} : {error.message}" if error.field else error.message
