"""The data file's fields: each checked, links between ids resolved, chapters in order."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import yaml

from .. import timecode
from ..model import (
    PLATFORM_NAMES,
    Chapter,
    Contact,
    Note,
    Question,
    Recording,
    Resource,
    Speaker,
    Theme,
    Webinar,
)
from ..names import TITLE_MAX
from .nodes import Reader, fields, is_null

RECORDING_KINDS = ("demo", "file", "link", "embed")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_TOP_REQUIRED = ("title", "date", "chapters")
_TOP_OPTIONAL = ("organiser", "recording", "speakers", "questions", "themes", "resources", "contacts",
                 "notes")


def webinar_of(r: Reader, root: yaml.Node, webinar_id: str) -> Webinar:
    """The webinar a data file's root node holds, every field checked."""
    top = r.mapping(root, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    w = Webinar(
        id=webinar_id,
        title=r.text(top["title"], "title", required=True),
        date=_date(r, top["date"]),
        organiser=r.text(top.get("organiser"), "organiser") or "",
        recording=_recording(r, top.get("recording")),
    )
    links: list[tuple[str, str, yaml.Node, str]] = []  # (kind, id, node, field)
    w.speakers = _list(r, top, "speakers", lambda r, n, f: _item(Speaker, r, n, f, links))
    w.chapters = _list(r, top, "chapters", lambda r, n, f: _chapter(r, n, f, links))
    for key, cls in (("questions", Question), ("themes", Theme), ("resources", Resource),
                     ("contacts", Contact)):
        setattr(w, key, _list(r, top, key, lambda r, n, f, cls=cls: _item(cls, r, n, f, links)))
    _check_times(r, top.get("chapters"), w)
    _check_links(r, w, links)
    w.notes = [_note(r, node, f"notes[{i}]", w) for i, node in enumerate(r.items(top.get("notes"), "notes"))]
    return w


def _list(r: Reader, top: dict, key: str, read: Callable) -> list:
    """Read a top-level list and check its ids are unique."""
    out = []
    seen: set[str] = set()
    for i, node in enumerate(r.items(top.get(key), key)):
        obj = read(r, node, f"{key}[{i}]")
        if obj.id in seen:
            r.fail(node, f"{key}[{i}].id", f'id "{obj.id}" déjà utilisé dans {key}')
        seen.add(obj.id)
        out.append(obj)
    return out


def _date(r: Reader, node: yaml.Node) -> str:
    value = r.text(node, "date", required=True)
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        r.fail(
            node, "date", f'date "{value}" invalide : format AAAA-MM-JJ attendu (ex. 2021-05-04)'
        )
    return value


def _recording(r: Reader, node: yaml.Node | None) -> Recording:
    if node is None or is_null(node):
        return Recording()
    req, opt = fields(Recording)
    m = r.mapping(node, "recording", req, opt)
    rec = Recording()
    if "kind" in m:
        rec.kind = r.text(m["kind"], "recording.kind", required=True)
        if rec.kind not in RECORDING_KINDS:
            r.fail(
                m["kind"],
                "recording.kind",
                f'"{rec.kind}" inconnu (valeurs acceptées : {", ".join(RECORDING_KINDS)})',
            )
    rec.src = r.text(m.get("src"), "recording.src") or ""
    if rec.kind in ("link", "embed") and rec.src:
        r.url(m["src"], "recording.src")
    elif rec.src:
        _media_name(r, m["src"], "recording.src", rec.src)
    if "duration" in m and not is_null(m["duration"]):
        rec.duration = r.time(m["duration"], "recording.duration")
    if "duration_assumed" in m:
        rec.duration_assumed = r.boolean(m["duration_assumed"], "recording.duration_assumed")
    for key in ("platform", "embed_id", "title", "page_url"):
        setattr(rec, key, r.text(m.get(key), f"recording.{key}"))
    if rec.page_url:
        r.url(m["page_url"], "recording.page_url")
    if rec.kind == "embed" and rec.platform not in PLATFORM_NAMES:
        r.fail(
            m.get("platform", node),
            "recording.platform",
            f'"{rec.platform}" : pour kind: embed, valeurs acceptées : {", ".join(PLATFORM_NAMES)}',
        )
    rec.captions = [
        _caption(r, item, f"recording.captions[{i}]")
        for i, item in enumerate(r.items(m.get("captions"), "recording.captions"))
    ]
    return rec


def _caption(r: Reader, node: yaml.Node, field: str) -> dict:
    m = r.mapping(node, field, ("lang", "file"), ("label",))
    keys = [k for k in ("lang", "label", "file") if k in m]
    caption = {k: r.text(m[k], f"{field}.{k}", required=True) for k in keys}
    _media_name(r, m["file"], f"{field}.file", caption["file"])
    return caption


MEDIA_NAME_MAX = 200  # characters: far below the file system's 255 bytes, with room for suffixes


def _media_name(r: Reader, node: yaml.Node, field: str, name: str) -> None:
    """A file of the webinar's media/ folder: a plain name, never a path, a hidden file or one
    the file system would refuse (checked here, before any page asks the disk about it)."""
    if (
        len(name) > MEDIA_NAME_MAX
        or len(name.encode("utf-8")) > 255
        or name.startswith(".")
        or any(c in name for c in "/\\\x00")
        or any(ord(c) < 0x20 for c in name)
    ):
        r.fail(
            node, field,
            f"nom de fichier refusé : un nom simple du dossier media/, {MEDIA_NAME_MAX} caractères "
            "au plus, sans « / », sans point au début",
        )


def _chapter(r: Reader, node, field, links) -> Chapter:
    m = r.mapping(node, field, *fields(Chapter))
    ch = Chapter(
        id=r.ident(m["id"], f"{field}.id"),
        start=r.time(m["start"], f"{field}.start"),
        title=_title(r, m["title"], f"{field}.title"),
        summary=r.text(m.get("summary"), f"{field}.summary") or "",
    )
    if "end" in m and not is_null(m["end"]):
        ch.end = r.time(m["end"], f"{field}.end")
        if ch.end <= ch.start:
            r.fail(m["end"], f"{field}.end", "la fin doit venir après le début (start)")
    ch.speakers = _refs(r, m, "speakers", field, "speaker", links)
    return ch


def _title(r: Reader, node, field) -> str:
    value = r.text(node, field, required=True)
    if "\n" in value.strip():
        r.fail(node, field, "le titre doit tenir sur une ligne")
    if len(value) > TITLE_MAX:
        r.fail(
            node,
            field,
            f"titre trop long ({len(value)} caractères, {TITLE_MAX} au plus) : "
            "raccourcir, le texte complet va dans summary",
        )
    return value


def _refs(r, m, key, field, kind, links) -> list[str]:
    out = []
    for value, item in r.refs(m.get(key), f"{field}.{key}"):
        links.append((kind, value, item, f"{field}.{key}[{len(out)}]"))
        out.append(value)
    return out


def _ref(r, m, key, field, kind, links, required=False) -> str | None:
    value = r.text(m.get(key), f"{field}.{key}", required=required)
    if value is not None:
        links.append((kind, value, m[key], f"{field}.{key}"))
    return value


# How each field of a speaker, question, theme, resource or contact is read, in the order the
# errors are looked for: "id", "required" (text), "text" (optional, "" when absent), "emails",
# "url", ("ref", kind, required) for one link to an id, ("refs", kind) for a list of them.
_ITEMS = {
    Speaker: {
        "id": "id", "name": "required", "name_as_written": "text", "role": "text",
        "organisation": "text", "emails": "emails",
    },
    Question: {
        "id": "id", "text": "required", "answer": "text", "answered_by": "text",
        "speaker": ("ref", "speaker", False), "chapter": ("ref", "chapter", False),
    },
    Theme: {"id": "id", "title": "required", "chapters": ("refs", "chapter")},
    Resource: {
        "id": "id", "theme": ("ref", "theme", True), "title": "required", "text": "text",
        "url": "url",
    },
    Contact: {
        "id": "id", "theme": ("ref", "theme", True), "text": "required", "emails": "emails",
        "speakers": ("refs", "speaker"), "url": "url",
    },
}  # fmt: skip


def _item(cls, r: Reader, node, field, links):
    """A speaker, question, theme, resource or contact, read as ``_ITEMS`` says."""
    m = r.mapping(node, field, *fields(cls))
    values = {}
    for key, how in _ITEMS[cls].items():
        where = f"{field}.{key}"
        if how == "id":
            values[key] = r.ident(m[key], where)
        elif how == "required":
            values[key] = r.text(m[key], where, required=True)
        elif how == "text":
            values[key] = r.text(m.get(key), where) or ""
        elif how == "emails":
            values[key] = r.emails(m.get(key), where)
        elif how == "url":
            values[key] = r.url(m.get(key), where)
        elif how[0] == "ref":
            values[key] = _ref(r, m, key, field, how[1], links, required=how[2])
        else:
            values[key] = _refs(r, m, key, field, how[1], links)
    return cls(**values)


def _check_times(r: Reader, node: yaml.Node | None, w: Webinar) -> None:
    """Chapters strictly ascending, and inside the recording when its length is known."""
    nodes = r.items(node, "chapters")
    for i, ch in enumerate(w.chapters):
        start_node = _value_node(nodes[i], "start")
        if i and ch.start <= w.chapters[i - 1].start:
            prev = w.chapters[i - 1]
            r.fail(
                start_node,
                f"chapters[{i}].start",
                f"les chapitres doivent se suivre dans l'ordre : {timecode.to_clock(ch.start)} "
                f'ne vient pas après "{prev.id}" ({timecode.to_clock(prev.start)})',
            )
        if w.duration is not None and ch.start >= w.duration:
            r.fail(
                start_node,
                f"chapters[{i}].start",
                f"le chapitre commence après la fin de l'enregistrement "
                f"({timecode.to_clock(w.duration)})",
            )


def _value_node(mapping: yaml.MappingNode, key: str) -> yaml.Node:
    return next(v for k, v in mapping.value if k.value == key)


_TARGETS = {"speaker": "speakers", "chapter": "chapters", "theme": "themes"}


def _check_links(r: Reader, w: Webinar, links) -> None:
    """Every id used as a link names an existing speaker, chapter or theme."""
    known = {
        "speaker": {s.id for s in w.speakers},
        "chapter": {c.id for c in w.chapters},
        "theme": {t.id for t in w.themes},
    }
    for kind, value, node, field in links:
        if value not in known[kind]:
            ids = ", ".join(sorted(known[kind])) or "aucun"
            r.fail(
                node,
                field,
                f'"{value}" ne correspond à aucun id de {_TARGETS[kind]} (ids connus : {ids})',
            )


_ITEM_CLASSES = {"chapters": Chapter, "speakers": Speaker, "questions": Question,
                 "themes": Theme, "resources": Resource, "contacts": Contact}
_NOTE_TOP = ("title", "date", "organiser", "recording")


def _note(r: Reader, node: yaml.Node, field: str, w: Webinar) -> Note:
    """An organisers' note: its ``field`` names a field of this webinar, as the editor does
    (``speakers.<id>.organisation``, ``resources.<id>.url``) or a top-level key (``title``)."""
    m = r.mapping(node, field, *fields(Note))
    note = Note(r.text(m["field"], f"{field}.field", required=True),
                r.text(m["text"], f"{field}.text", required=True))
    kind, _, rest = note.field.partition(".")
    item_id, _, key = rest.rpartition(".")
    if note.field in _NOTE_TOP:
        return note
    cls = _ITEM_CLASSES.get(kind)
    if cls is None or not item_id or key not in {f for group in fields(cls) for f in group}:
        r.fail(m["field"], f"{field}.field",
               f'"{note.field}" ne désigne aucun champ : attendu par exemple '
               '"speakers.<id>.organisation", "resources.<id>.url" ou "title"')
    if not any(item.id == item_id for item in getattr(w, kind)):
        r.fail(m["field"], f"{field}.field", f'"{item_id}" ne correspond à aucun id de {kind}')
    return note
