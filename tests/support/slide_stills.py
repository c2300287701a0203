"""Slide-like pictures made by ffmpeg (a title and a few lines of text drawn on a plain
background, a small moving-camera stand-in in a corner, 640x360 like the stand-in recording),
and the slides file that lists them: what the OCR and the search of slide text are tested on."""

from __future__ import annotations

import re
import subprocess
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from chapters.slides import Slide, Slides, media_stamp, read_slides, slides_folder, still_name, thumb_name, write_slides
from player.media.ffmpeg import FONT, ffmpeg_exe, filter_value


@dataclass(frozen=True)
class Drawn:
    """One slide to draw: on screen from ``start`` to ``end``, a title and its lines."""

    start: float
    end: float
    title: str
    lines: tuple[str, ...] = ()


# French words, accents and apostrophes, none of them in the built-in webinar's programme
DECK = (
    Drawn(65.0, 130.5, "Méthanisation agricole en Essonne", (
        "Les déchets verts deviennent énergie", "Un digesteur partagé par douze fermes",
    )),
    Drawn(130.5, 412.0, "Coopératives d'éoliennes citoyennes", (
        "Épargne locale : 1 200 sociétaires", "Où installer les mâts ?", "Calendrier prévisionnel",
    )),
    Drawn(412.0, 600.0, "Hydroliennes fluviales à Élancourt", (
        "Débit mesuré à l'étiage", "Maîtrise d'ouvrage intercommunale",
    )),
)


def words(text: str) -> list[str]:
    """The words of a text, lower case, accents kept (a lost accent counts as a lost word)."""
    return re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFC", text).lower())


def draw_still(target: Path, slide: Drawn, *, dark: bool = True, line_size: int = 18) -> Path:
    """One 640x360 JPEG of ``slide``, as a frame of a shared screen would be kept; the lines
    under the title drawn ``line_size`` px high."""
    folder = target.parent
    fg, bg, sub = ("white", "0x1d2b3a", "0xb8c4d0") if dark else ("0x1a2a3a", "0xf4f1ea", "0x333333")
    font = filter_value(str(FONT))
    title = "\n".join(textwrap.wrap(slide.title, 36)[:3])  # three lines at most, as the stand-in
    top = 40 + 34 * title.count("\n")

    def text_file(name: str, text: str) -> str:
        path = folder / f"{target.stem}.{name}.txt"
        path.write_text(text, encoding="utf-8")
        return filter_value(str(path))

    parts = [
        f"drawtext=fontfile={font}:expansion=none:fontsize=26:fontcolor={fg}:x=40:y=40:"
        f"line_spacing=6:textfile={text_file('title', title)}"
    ]
    for i, line in enumerate(slide.lines):
        parts.append(
            f"drawtext=fontfile={font}:expansion=none:fontsize={line_size}:fontcolor={sub}:"
            f"x=60:y={top + 80 + 40 * i}:"
            f"textfile={text_file(f'line{i}', '• ' + line)}"
        )
    graph = f"[0:v]{','.join(parts)}[s];[s][1:v]overlay=W-w-12:H-h-12"
    subprocess.run([
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c={bg}:s=640x360:d=1",
        "-f", "lavfi", "-i", "testsrc=s=120x68:d=1",
        "-filter_complex", graph, "-frames:v", "1", "-q:v", "4", str(target),
    ], capture_output=True, timeout=60, check=True)  # fmt: skip
    for txt in folder.glob(f"{target.stem}.*.txt"):
        txt.unlink()
    return target


def write_deck(media_folder: Path, deck: tuple[Drawn, ...] = DECK, *, dark: bool = True,
               line_size: int = 18) -> Slides:
    """Draw every slide of ``deck`` into the media folder's slides folder, with a thumbnail,
    and write the slides file (texts not read yet), as the detector leaves them."""
    folder = slides_folder(media_folder)
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for slide in deck:
        still = draw_still(folder / still_name(slide.start), slide, dark=dark, line_size=line_size)
        subprocess.run([
            ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-i", str(still),
            "-vf", "scale=160:-2", str(folder / thumb_name(slide.start)),
        ], capture_output=True, timeout=60, check=True)  # fmt: skip
        items.append(Slide(slide.start, slide.end, still.name, thumb_name(slide.start)))
    slides = Slides(media="demo.mp4", stamp=recording_stamp(media_folder), slides=tuple(items))
    write_slides(media_folder, slides)
    return slides


def recording_stamp(media_folder: Path) -> tuple[int, int]:
    """The stamp of the folder's ``demo.mp4`` (slides are shown only with the recording they come
    from), or (0, 0) when there is none yet."""
    recording = media_folder / "demo.mp4"
    return media_stamp(recording) if recording.is_file() else (0, 0)


def belong_to_recording(media_folder: Path) -> None:
    """Have the folder's slides file name the ``demo.mp4`` now in it (put there after the deck)."""
    slides = read_slides(media_folder)
    write_slides(media_folder, Slides(slides.media, recording_stamp(media_folder), slides.slides))
