"""The data file: ``webinars/<id>/webinar.yaml``, read, validated and written.

Organisers edit this file by hand, so loading it checks every field and reports the first
problem as one French line naming the file, the line and the field. The YAML is read as a node
tree (``yaml.compose``, nothing constructed) so that every value keeps its line number, and
scalars are taken as written: ``24:05`` stays a time, not YAML 1.1's base-60 integer.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import yaml

from . import timecode
from .files import write_atomic
from .model import (
    ALLOWED_SCHEMES,
    PLATFORM_NAMES,
    Chapter,
    Contact,
    Question,
    Recording,
    Resource,
    Speaker,
    Theme,
    Webinar,
)
from .names import DATA_FILE, TITLE_MAX
from .names import ID as _ID

__all__ = [
    "DATA_FILE",
    "StoreError",
    "load_webinar",
    "parse_webinar",
    "compose_data",
    "dump_webinar",
    "dump_data",
    "save_webinar",
    "webinar_to_dict",
    "list_webinars",
]

# Limits on the data file, so a hostile or mangled one fails in one line instead of exhausting
# memory or the stack: the committed webinar is 13 KB and 5 levels deep (root > recording >
# captions > item > value); anchors and aliases are refused, so nothing expands past the file.
SIZE_MAX = 2_000_000  # bytes (2 Mo)
DEPTH_MAX = 50  # nested nodes, the root mapping being level 1
RECORDING_KINDS = ("demo", "file", "link", "embed")

_EMAIL = re.compile(r"[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:.]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_T = "tag:yaml.org,2002:"
_NULL = _T + "null"
_NUMBERS = (_T + "int", _T + "float")
# Tags a hand-written scalar can resolve to; taken as text when a text is expected.
_PLAIN = (_T + "str", _T + "bool", _T + "timestamp", *_NUMBERS)

HEADER = """\
# Données du webinaire : fichier modifiable à la main, vérifié à chaque chargement.
# chapters[].start (début d'un chapitre) s'écrit au choix : "24:05", "1:10:00", "1:10:00.250",
#   "24'05", "1'10'00", "1h10m5s", "70m" ou un nombre de secondes (4200).
# Les liens se font par id : chapters[].speakers -> speakers[].id, questions[].speaker,
#   questions[].chapter, themes[].chapters, resources[].theme, contacts[].theme / speakers.
# Un titre de chapitre tient en 70 caractères ; summary garde le texte complet.
# Les erreurs comptent à partir de 0 : chapters[0] est le premier chapitre.
"""


class StoreError(ValueError):
    """A data file that cannot be used; ``str()`` is one French line naming file, line, field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = " ".join(str(message).split())
        super().__init__(self._line())

    def _line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field} : {self.message}" if self.field else self.message
        return f"{where}: {what}"


# ---------------------------------------------------------------- reading


class _Reader:
    """Walks the node tree; every check raises StoreError with the node's line."""

    def __init__(self, path: Path | str):
        self.path = path

    def fail(self, node: yaml.Node | None, field: str | None, message: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else None
        raise StoreError(self.path, line, field, message)

    def mapping(
        self,
        node: yaml.Node,
        field: str,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> dict[str, yaml.Node]:
        """The keys of a mapping node, checked against the accepted ones."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, field or None, "un ensemble de clés « nom: valeur » est attendu")
        accepted = required + optional
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{field}.{key}" if field else str(key)
            if key not in accepted:
                self.fail(
                    key_node,
                    where,
                    f'clé inconnue "{key}" (clés acceptées : {", ".join(accepted)})',
                )
            if key in found:
                self.fail(key_node, where, f'la clé "{key}" apparaît deux fois')
            found[key] = value_node
        for key in required:
            if key not in found:
                self.fail(node, field or None, f'la clé "{key}" manque')
        return found

    def items(self, node: yaml.Node | None, field: str) -> list[yaml.Node]:
        """The items of a list node; a missing or empty (null) value is an empty list."""
        if node is None or _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, field, "une liste est attendue (lignes commençant par « - »)")
        return list(node.value)

    def text(self, node: yaml.Node, field: str, *, required: bool = False) -> str | None:
        """A scalar as written, or None for null/absent; ``required`` refuses empty text."""
        if node is None or _is_null(node):
            if required:
                self.fail(node, field, "un texte est attendu")
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _PLAIN:
            self.fail(node, field, "un texte est attendu")
        if required and not node.value.strip():
            self.fail(node, field, "le texte est vide")
        return node.value

    def ident(self, node: yaml.Node, field: str) -> str:
        value = self.text(node, field, required=True)
        if not _ID.fullmatch(value):
            self.fail(
                node,
                field,
                f'id "{value}" invalide : lettres, chiffres, « - » et « _ » seulement, '
                "sans espace ni accent",
            )
        return value

    def time(self, node: yaml.Node, field: str) -> float:
        if node is None or _is_null(node):
            self.fail(node, field, "un temps est attendu")
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_T + "str", *_NUMBERS):
            self.fail(node, field, 'un temps est attendu (ex. "24:05" ou 1445)')
        try:
            return timecode.parse(node.value)
        except timecode.TimecodeError as exc:
            self.fail(node, field, str(exc))

    def boolean(self, node: yaml.Node, field: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _T + "bool":
            self.fail(node, field, "true ou false est attendu")
        return node.value.lower() in ("true", "yes", "on", "y")

    def url(self, node: yaml.Node, field: str) -> str | None:
        value = self.text(node, field)
        if value is None or value == "":
            return None
        well_formed = value.startswith(ALLOWED_SCHEMES) and value not in ALLOWED_SCHEMES
        if not well_formed or len(value.split()) != 1:
            schemes = ", ".join(ALLOWED_SCHEMES)
            hint = f"elle commence par {schemes} et ne contient pas d'espace"
            self.fail(node, field, f'adresse "{value}" invalide : {hint}')
        return value

    def emails(self, node: yaml.Node | None, field: str) -> list[str]:
        out = []
        for i, item in enumerate(self.items(node, field)):
            value = self.text(item, f"{field}[{i}]", required=True)
            if not _EMAIL.fullmatch(value):
                self.fail(item, f"{field}[{i}]", f'adresse e-mail "{value}" invalide')
            out.append(value)
        return out

    def refs(self, node: yaml.Node | None, field: str) -> list[tuple[str, yaml.Node]]:
        """A list of ids, each kept with its node so a broken link can name its line."""
        out: list[tuple[str, yaml.Node]] = []
        for i, item in enumerate(self.items(node, field)):
            value = self.text(item, f"{field}[{i}]", required=True)
            if value in (v for v, _ in out):
                self.fail(item, f"{field}[{i}]", f'"{value}" apparaît deux fois')
            out.append((value, item))
        return out


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _fields(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) keys of a dataclass: those without and with a default."""
    required, optional = [], []
    for f in dataclasses.fields(cls):
        missing = dataclasses.MISSING
        has_default = f.default is not missing or f.default_factory is not missing
        (optional if has_default else required).append(f.name)
    return tuple(required), tuple(optional)


def load_webinar(folder: Path) -> Webinar:
    """Read and validate ``folder/webinar.yaml``; the webinar id is the folder's name."""
    folder = Path(folder)
    path = folder / DATA_FILE
    try:
        with path.open("rb") as f:
            _check_size(path, os.fstat(f.fileno()).st_size)
            raw = f.read(SIZE_MAX + 1)  # never more, even if the file grows meanwhile
    except FileNotFoundError:
        raise StoreError(path, None, None, "fichier introuvable") from None
    except OSError as exc:
        raise StoreError(path, None, None, f"lecture impossible ({exc.strerror})") from None
    _check_size(path, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise StoreError(path, line, None, "le fichier n'est pas en UTF-8") from None
    return parse_webinar(text, folder.name, path)


def _check_size(path: Path | str, size: int) -> None:
    if size > SIZE_MAX:
        mo = math.ceil(size / 100_000) / 10  # rounded up: 2 000 001 bytes is not "2,0 Mo"
        shown = f"{mo:.1f}".replace(".", ",")
        limit = f"{SIZE_MAX / 1_000_000:g}".replace(".", ",")
        raise StoreError(path, None, None, f"fichier trop gros ({shown} Mo, au plus {limit} Mo)")


def parse_webinar(text: str, webinar_id: str, path: Path | str = DATA_FILE) -> Webinar:
    """Validate the YAML text of a data file; ``path`` only names it in errors."""
    if len(text) > SIZE_MAX // 4:  # a character is at most 4 bytes: encode only when it matters
        _check_size(path, len(text.encode("utf-8", "surrogatepass")))
    root = compose_data(text, path)
    if root is None:
        raise StoreError(path, None, None, "le fichier est vide")
    return _webinar(_Reader(path), root, webinar_id)


def compose_data(text: str, path: Path | str = DATA_FILE) -> yaml.Node | None:
    """The node tree of a data file's text, within the limits; StoreError otherwise.

    None for an empty document. Anchors and aliases are refused and nesting stops at
    DEPTH_MAX, so the tree is never bigger than the text nor deeper than the stack allows.
    """
    try:
        # the reader checks the characters as it is built: its error is the file's, too
        loader = _LimitedLoader(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    try:
        return loader.get_single_node()
    except _Refused as exc:
        raise StoreError(path, exc.mark.line + 1, None, exc.message) from None
    except RecursionError:  # only with a stack far smaller than DEPTH_MAX needs; still one line
        event = loader.current_event
        line = event.start_mark.line + 1 if event is not None else None
        raise StoreError(path, line, None, _too_deep()) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    finally:
        loader.dispose()


def _too_deep() -> str:
    return f"imbrication trop profonde (plus de {DEPTH_MAX} niveaux)"


class _Refused(Exception):
    """A limit hit while composing; becomes a StoreError naming the node's line."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader's composer with no anchors or aliases and at most DEPTH_MAX levels.

    PyYAML composes recursively, one Python frame per level and more, so the depth is
    checked before each node is entered: a 600-deep file stops at level 51, far from the
    interpreter's recursion limit.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "les alias YAML (&/*) ne sont pas acceptés")
        if self._depth >= DEPTH_MAX:
            raise _Refused(event.start_mark, _too_deep())
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _yaml_error(path: Path | str, exc: yaml.YAMLError) -> StoreError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    return StoreError(path, line, None, f"YAML invalide : {problem}")


_TOP_REQUIRED = ("title", "date", "chapters")
_TOP_OPTIONAL = ("organiser", "recording", "speakers", "questions", "themes", "resources", "contacts")


def _webinar(r: _Reader, root: yaml.Node, webinar_id: str) -> Webinar:
    top = r.mapping(root, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    w = Webinar(
        id=webinar_id,
        title=r.text(top["title"], "title", required=True),
        date=_date(r, top["date"]),
        organiser=r.text(top.get("organiser"), "organiser") or "",
        recording=_recording(r, top.get("recording")),
    )
    links: list[tuple[str, str, yaml.Node, str]] = []  # (kind, id, node, field)
    w.speakers = _list(r, top, "speakers", _speaker)
    w.chapters = _list(r, top, "chapters", lambda r, n, f: _chapter(r, n, f, links))
    w.questions = _list(r, top, "questions", lambda r, n, f: _question(r, n, f, links))
    w.themes = _list(r, top, "themes", lambda r, n, f: _theme(r, n, f, links))
    w.resources = _list(r, top, "resources", lambda r, n, f: _resource(r, n, f, links))
    w.contacts = _list(r, top, "contacts", lambda r, n, f: _contact(r, n, f, links))
    _check_times(r, top.get("chapters"), w)
    _check_links(r, w, links)
    return w


def _list(r: _Reader, top: dict, key: str, read: Callable) -> list:
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


def _date(r: _Reader, node: yaml.Node) -> str:
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


def _recording(r: _Reader, node: yaml.Node | None) -> Recording:
    if node is None or _is_null(node):
        return Recording()
    req, opt = _fields(Recording)
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
    if "duration" in m and not _is_null(m["duration"]):
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


def _caption(r: _Reader, node: yaml.Node, field: str) -> dict:
    m = r.mapping(node, field, ("lang", "file"), ("label",))
    keys = [k for k in ("lang", "label", "file") if k in m]
    caption = {k: r.text(m[k], f"{field}.{k}", required=True) for k in keys}
    _media_name(r, m["file"], f"{field}.file", caption["file"])
    return caption


MEDIA_NAME_MAX = 200  # characters: far below the file system's 255 bytes, with room for suffixes


def _media_name(r: _Reader, node: yaml.Node, field: str, name: str) -> None:
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


def _chapter(r: _Reader, node, field, links) -> Chapter:
    m = r.mapping(node, field, *_fields(Chapter))
    ch = Chapter(
        id=r.ident(m["id"], f"{field}.id"),
        start=r.time(m["start"], f"{field}.start"),
        title=_title(r, m["title"], f"{field}.title"),
        summary=r.text(m.get("summary"), f"{field}.summary") or "",
    )
    if "end" in m and not _is_null(m["end"]):
        ch.end = r.time(m["end"], f"{field}.end")
        if ch.end <= ch.start:
            r.fail(m["end"], f"{field}.end", "la fin doit venir après le début (start)")
    ch.speakers = _refs(r, m, "speakers", field, "speaker", links)
    return ch


def _title(r: _Reader, node, field) -> str:
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


def _speaker(r: _Reader, node, field) -> Speaker:
    m = r.mapping(node, field, *_fields(Speaker))
    return Speaker(
        id=r.ident(m["id"], f"{field}.id"),
        name=r.text(m["name"], f"{field}.name", required=True),
        name_as_written=r.text(m.get("name_as_written"), f"{field}.name_as_written") or "",
        role=r.text(m.get("role"), f"{field}.role") or "",
        organisation=r.text(m.get("organisation"), f"{field}.organisation") or "",
        emails=r.emails(m.get("emails"), f"{field}.emails"),
    )


def _question(r: _Reader, node, field, links) -> Question:
    m = r.mapping(node, field, *_fields(Question))
    return Question(
        id=r.ident(m["id"], f"{field}.id"),
        text=r.text(m["text"], f"{field}.text", required=True),
        answer=r.text(m.get("answer"), f"{field}.answer") or "",
        answered_by=r.text(m.get("answered_by"), f"{field}.answered_by") or "",
        speaker=_ref(r, m, "speaker", field, "speaker", links),
        chapter=_ref(r, m, "chapter", field, "chapter", links),
    )


def _theme(r: _Reader, node, field, links) -> Theme:
    m = r.mapping(node, field, *_fields(Theme))
    return Theme(
        id=r.ident(m["id"], f"{field}.id"),
        title=r.text(m["title"], f"{field}.title", required=True),
        chapters=_refs(r, m, "chapters", field, "chapter", links),
    )


def _resource(r: _Reader, node, field, links) -> Resource:
    m = r.mapping(node, field, *_fields(Resource))
    return Resource(
        id=r.ident(m["id"], f"{field}.id"),
        theme=_ref(r, m, "theme", field, "theme", links, required=True),
        title=r.text(m["title"], f"{field}.title", required=True),
        text=r.text(m.get("text"), f"{field}.text") or "",
        url=r.url(m.get("url"), f"{field}.url"),
    )


def _contact(r: _Reader, node, field, links) -> Contact:
    m = r.mapping(node, field, *_fields(Contact))
    return Contact(
        id=r.ident(m["id"], f"{field}.id"),
        theme=_ref(r, m, "theme", field, "theme", links, required=True),
        text=r.text(m["text"], f"{field}.text", required=True),
        emails=r.emails(m.get("emails"), f"{field}.emails"),
        speakers=_refs(r, m, "speakers", field, "speaker", links),
        url=r.url(m.get("url"), f"{field}.url"),
    )


def _check_times(r: _Reader, node: yaml.Node | None, w: Webinar) -> None:
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


def _check_links(r: _Reader, w: Webinar, links) -> None:
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


# ---------------------------------------------------------------- writing


def _number(x: float | None) -> float | int | None:
    """Whole seconds as int, so JSON and YAML read 365 rather than 365.0."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def webinar_to_dict(w: Webinar) -> dict[str, Any]:
    """The webinar as plain JSON-able data, keys in dataclass order, times in seconds."""
    data = dataclasses.asdict(w)
    data["recording"]["duration"] = _number(w.recording.duration)
    for ch in data["chapters"]:
        ch["start"] = _number(ch["start"])
        ch["end"] = _number(ch["end"])
    return data


def _clock(seconds: float) -> str:
    """``24:05`` or ``1:10:00``, with milliseconds kept when there are any (``6:05.25``)."""
    millis = int(round(seconds * 1000)) % 1000
    text = timecode.to_clock(seconds)
    return f"{text}.{millis:03d}".rstrip("0") if millis else text


class _Flow(list):
    """A short list of ids or addresses, written on one line: ``[a, b]``."""


class _Clock(str):
    """A time, always quoted: unquoted ``24:05`` is a base-60 integer to YAML 1.1 tools."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None  # long texts stay readable as blocks
    return dumper.represent_scalar(_T + "str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Clock, lambda d, v: d.represent_scalar(_T + "str", v, style='"'))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence(_T + "seq", v, flow_style=True))


def _for_yaml(value: Any, key: str | None = None) -> Any:
    """Drop empty optional fields, write times as clocks and id lists on one line."""
    if isinstance(value, dict):
        return {k: _for_yaml(v, k) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        items = [_for_yaml(v) for v in value]
        if key in ("speakers", "chapters", "emails") and all(isinstance(v, str) for v in items):
            return _Flow(items)
        return items
    if key in ("start", "end") and isinstance(value, (int, float)):
        return _Clock(_clock(value))
    return value


def dump_webinar(webinar: Webinar) -> str:
    """The data file's text: commented, block-style YAML that load_webinar reads back equal."""
    return dump_data(webinar_to_dict(webinar))


def dump_data(data: dict[str, Any]) -> str:
    """The data file's text for plain data shaped like ``webinar_to_dict``'s (the browser
    editor's changes, values still as typed: parse_webinar then checks them as in a file)."""
    data = dict(data)
    data.pop("id", None)  # the folder's name is the id
    if not data.get("organiser"):
        data.pop("organiser", None)  # optional: files without one stay as they were
    # Top-level lists stay even when empty, so the organiser sees where each kind of data goes.
    top = {
        k: [_for_yaml(item) for item in v] if isinstance(v, list) else _for_yaml(v, k)
        for k, v in data.items()
    }
    body = yaml.dump(
        top,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return HEADER + "\n" + body


def save_webinar(webinar: Webinar, folder: Path) -> Path:
    """Write ``folder/webinar.yaml`` atomically, refusing data that would not load back."""
    folder = Path(folder)
    path = folder / DATA_FILE
    text = dump_webinar(webinar)
    parse_webinar(text, webinar.id, path)  # never leave a file the next load would reject
    return write_atomic(path, text)


def list_webinars(root: Path) -> list[str]:
    """The names of the folders under ``root`` that hold a data file, sorted."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / DATA_FILE).is_file())
