"""Facts about the built-in webinar of 4 May 2021 (webinars/2021-05-04) that tests check."""

from __future__ import annotations

from pathlib import Path

import pytest

from chapters.model import Webinar
from chapters.store import StoreError, load_webinar, save_webinar

from .paths import WEBINARS

WID = "2021-05-04"
FOLDER = WEBINARS / WID
PROGRAMME = FOLDER / "programme.txt"  # its handout, as imported

# each chapter's id and start (seconds), in order; the last one ends at END
CHAPTER_STARTS = {
    "ouverture": 0,
    "relocalisations": 365,
    "capa-cite": 1445,
    "besoins-sociaux-iae": 2425,
    "regies-de-quartier": 3334,
    "fleurs-d-halage": 4200,
    "france-active": 5380,
}
END = 6300  # the assumed duration: 1 h 45 min
STARTS = list(CHAPTER_STARTS.values())
ENDS = STARTS[1:] + [END]
SPANS = dict(zip(CHAPTER_STARTS, zip(STARTS, ENDS)))  # id -> (start, end)

# a small valid webinar.yaml
VALID = """\
title: Créer et transformer l'activité
date: 2021-05-04
recording:
  kind: demo
  src: demo.mp4
  duration: 5400
  duration_assumed: true
chapters:
- id: ouverture
  start: Ouverture
  title: Ouverture
  speakers: [cedric-herve]
- id: reseaux
  start: 6'05
  title: Les réseaux & l'ESS
  summary: |
    Texte complet
    du programme.
  speakers: [nicolas-fescourt]
- id: financer
  start: 1'10'00
  title: Financer
speakers:
- id: cedric-herve
  name: Cédric Hervé
  name_as_written: Cédric HERVE
  role: Directeur
  emails: [c.herve@example.org]
- id: nicolas-fescourt
  name: Nicolas Fescourt
questions:
- id: q1
  text: Comment commencer ?
  answer: En réseau.
  answered_by: Nicolas Flescourt
  speaker: nicolas-fescourt
  chapter: reseaux
themes:
- id: I
  title: Créer
  chapters: [ouverture, reseaux]
resources:
- id: guide
  theme: I
  title: Le guide
  url: https://example.org/guide
contacts:
- id: c1
  theme: I
  text: Cédric Hervé, c.herve@example.org
  emails: [c.herve@example.org]
  speakers: [cedric-herve]
  url: mailto:c.herve@example.org
"""


def write_data(root: Path, text: str, wid: str = "w") -> Path:
    """A webinar folder ``root/wid`` whose data file is ``text``; returns the folder."""
    folder = root / wid
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "webinar.yaml").write_text(text, encoding="utf-8")
    return folder


def error_for(root: Path, text: str) -> str:
    """The one-line error the store gives for a data file holding ``text`` (written under
    ``root``), without the file's path in front."""
    folder = write_data(root, text)
    with pytest.raises(StoreError) as info:
        load_webinar(folder)
    message = str(info.value)
    assert "\n" not in message
    return message.removeprefix(f"{folder / 'webinar.yaml'}:")


def shorten(webinars_dir: Path, seconds: float = 5) -> Webinar:
    """The committed webinar with its chapters squeezed into a few seconds each: fast to render."""
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    for i, chapter in enumerate(webinar.chapters):
        chapter.start = i * seconds
    webinar.recording.duration = len(webinar.chapters) * seconds + 1
    save_webinar(webinar, folder)
    return load_webinar(folder)
