"""Writing the data file: plain data, commented YAML that reads back equal, atomic saves."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .. import timecode
from ..files import write_atomic
from ..model import Webinar
from ..names import DATA_FILE
from .nodes import TAG
from .read import parse_webinar

HEADER = """\
# Données du webinaire : fichier modifiable à la main, vérifié à chaque chargement.
# chapters[].start (début d'un chapitre) s'écrit au choix : "24:05", "1:10:00", "1:10:00.250",
#   "24'05", "1'10'00", "1h10m5s", "70m" ou un nombre de secondes (4200).
# Les liens se font par id : chapters[].speakers -> speakers[].id, questions[].speaker,
#   questions[].chapter, themes[].chapters, resources[].theme, contacts[].theme / speakers.
# Un titre de chapitre tient en 70 caractères ; summary garde le texte complet.
# Les erreurs comptent à partir de 0 : chapters[0] est le premier chapitre.
"""


def webinar_to_dict(w: Webinar) -> dict[str, Any]:
    """The webinar as plain JSON-able data, keys in dataclass order, times in seconds."""
    data = dataclasses.asdict(w)
    data["recording"]["duration"] = timecode.to_number(w.recording.duration)
    for ch in data["chapters"]:
        ch["start"] = timecode.to_number(ch["start"])
        ch["end"] = timecode.to_number(ch["end"])
    return data


class _Flow(list):
    """A short list of ids or addresses, written on one line: ``[a, b]``."""


class _Clock(str):
    """A time, always quoted: unquoted ``24:05`` is a base-60 integer to YAML 1.1 tools."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None  # long texts stay readable as blocks
    return dumper.represent_scalar(TAG + "str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Clock, lambda d, v: d.represent_scalar(TAG + "str", v, style='"'))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence(TAG + "seq", v, flow_style=True))


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
        return _Clock(timecode.to_clock_exact(value))
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
    if not data.get("notes"):
        data.pop("notes", None)  # the organisers' notes: only when there are some
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
