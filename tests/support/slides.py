"""Slides for a test webinar: real JPEG stills made with ffmpeg, and the slides file beside the
recording, as ``flask slides`` writes them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from chapters.slides import Slide, Slides, media_stamp, slides_folder, still_name, thumb_name, write_slides
from player.media.ffmpeg import ffmpeg_exe

COLOURS = ("navy", "darkgreen", "maroon", "indigo", "teal", "olive")


def make_still(path: Path, colour: str, size: str) -> Path:
    subprocess.run([
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c={colour}:size={size}:duration=1", "-frames:v", "1", str(path),
    ], capture_output=True, timeout=60, check=True)  # fmt: skip
    return path


def add_slides(media: Path, recording: str, spans: list[tuple[float, float]], texts=()) -> Slides:
    """Stills and thumbnails for each (start, end) in ``spans``, and the slides file of
    ``media/recording``; ``texts``, when given, the words read on each."""
    folder = slides_folder(media)
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for i, (start, end) in enumerate(spans):
        colour = COLOURS[i % len(COLOURS)]
        make_still(folder / still_name(start), colour, "640x360")
        make_still(folder / thumb_name(start), colour, "160x90")
        text = texts[i] if i < len(texts) else None
        items.append(Slide(start, end, still_name(start), thumb_name(start), text))
    slides = Slides(recording, media_stamp(media / recording), tuple(items))
    write_slides(media, slides)
    return slides
