"""What changed between two versions of a webinar, in the editor's French words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import timecode
from ..model import Webinar
from ..store import webinar_to_dict
from .form import NEW, by_id

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
        return timecode.to_clock_exact(float(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def item_label(kind: str, item: dict) -> str:
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
        before, after = by_id(a[kind]), by_id(b[kind])
        for item_id, item in after.items():
            if item_id not in before:
                out.append(Change(item_label(kind, item), "", "", "ajouté", f"{kind}.{item_id}"))
                continue
            old_item = before[item_id]
            for key, value in item.items():
                if key != "id" and old_item.get(key) != value:
                    out.append(
                        Change(
                            item_label(kind, item),
                            FIELD_LABELS.get(key, key),
                            _shown(key, old_item.get(key)),
                            _shown(key, value),
                            f"{kind}.{item_id}.{key}",
                        )
                    )
        for item_id, item in before.items():
            if item_id not in after:
                out.append(Change(item_label(kind, item), "", "", "supprimé", f"{kind}.{item_id}"))
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
        what = item_label(kind, {"id": item_id, **vars(item)}) if item else f"{KIND_LABELS.get(kind, kind)} {item_id}"
    return f"{what}, {FIELD_LABELS.get(key, key)}"
