"""A short recording of slides the tests make themselves (real ffmpeg): slides at times of
their own, hard cuts and fades, a busy camera picture in a corner, a mouse pointer wandering
over the slide."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from player.media.ffmpeg import FONT, ffmpeg_exe, filter_value


@dataclass(frozen=True)
class PlannedSlide:
    start: float  # when it begins to show (a fade begins here)
    title: str
    lines: tuple[str, ...] = ()
    fade: float = 0.0  # seconds of cross-fade from the slide before


def _alpha(slides: list[PlannedSlide], i: int, duration: float) -> str:
    """drawtext alpha: 0 before the slide, rising over its fade, falling over the next one's."""
    slide = slides[i]
    end = slides[i + 1].start if i + 1 < len(slides) else duration + 1
    fade_out = slides[i + 1].fade if i + 1 < len(slides) else 0.0
    rise = f"min(1,(t-{slide.start})/{slide.fade})" if slide.fade else "1"
    fall = f"max(0,1-(t-{end})/{fade_out})" if fade_out else "0"
    return f"if(lt(t,{slide.start}),0,if(lt(t,{end}),{rise},{fall}))"


def make_slide_recording(
    target: Path, slides: list[PlannedSlide], duration: float, *, fps: int = 10,
    camera: bool = True, pointer: bool = True, size: str = "640x360",
) -> Path:
    """An MP4 at ``target`` showing ``slides`` (one at a time, dark text on a light page)."""
    folder = target.parent
    font = filter_value(str(FONT))
    parts = []
    for i, slide in enumerate(slides):
        alpha = filter_value(_alpha(slides, i, duration))
        title = folder / f".slide{i}.title.txt"
        title.write_text(slide.title, encoding="utf-8")
        parts.append(f"drawtext=fontfile={font}:expansion=none:fontsize=30:fontcolor=0x202020:"
                     f"x=40:y=40:alpha={alpha}:textfile={filter_value(str(title))}")
        if slide.lines:
            body = folder / f".slide{i}.lines.txt"
            body.write_text("\n".join(slide.lines), encoding="utf-8")
            parts.append(f"drawtext=fontfile={font}:expansion=none:fontsize=20:line_spacing=10:"
                         f"fontcolor=0x303030:x=40:y=110:alpha={alpha}:"
                         f"textfile={filter_value(str(body))}")
    if pointer:  # a small arrow-like mark gliding over the text, never still for long
        parts.append("drawbox=x=60+200*abs(sin(t/3)):y=90+120*abs(sin(t/5)):w=14:h=20:"
                     "color=black:t=fill")
    graph = f"[0:v]{','.join(parts)}[page]"
    if camera:
        graph += (f";testsrc2=s=128x72:r={fps}:d={duration}[camera];"
                  "[page][camera]overlay=x=W-w-8:y=H-h-8[video]")
    else:
        graph += ";[page]null[video]"
    subprocess.run([
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c=0xf0ede6:s={size}:r={fps}:d={duration}",
        "-filter_complex", graph, "-map", "[video]",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(target),
    ], capture_output=True, timeout=120, check=True)  # fmt: skip
    for leftover in folder.glob(".slide*.txt"):
        leftover.unlink()
    return target
