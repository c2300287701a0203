"""A generated webinar of 80 chapters over 20 minutes, some only 3 s apart, with its stand-in
recording and thumbnails: the long list the chapter list must stay usable with."""

from __future__ import annotations

import shutil
from pathlib import Path

from chapters.model import Chapter, Speaker, Webinar
from chapters.store import save_webinar
from player.media.demo import make_demo_recording
from player.media.thumbnails import make_thumbnails

from .paths import ROOT
from .webinar import WID

EIGHTY = "quatre-vingts"


def make_eighty_chapters(root: Path) -> tuple[list[float], int]:
    """Write the webinar ``root/quatre-vingts`` (the built-in one's speakers and texts, 80
    chapters of its own); returns the chapters' starts and the duration."""
    shutil.copytree(ROOT / "webinars" / WID, root / EIGHTY, ignore=shutil.ignore_patterns("media"))
    starts = []
    t = 0.0
    for i in range(80):
        starts.append(t)
        t += 3 if i % 10 in (3, 4, 5) else 19  # clusters of close chapters
    duration = round(t + 20)
    webinar = Webinar(
        id=EIGHTY, title="Quatre-vingts chapitres", date="2024-01-01",
        speakers=[Speaker(id="s", name="Une Intervenante")],
        chapters=[Chapter(id=f"c{i + 1}", start=s, title=f"Sujet numéro {i + 1}", speakers=["s"])
                  for i, s in enumerate(starts)],
    )
    webinar.recording.duration = duration
    save_webinar(webinar, root / EIGHTY)
    target = root / EIGHTY / "media" / "demo.mp4"
    make_demo_recording(webinar, target)
    make_thumbnails(webinar, target)
    return starts, duration
