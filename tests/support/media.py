"""What the tests measure in a generated recording (the app itself never needs it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from player.media.ffmpeg import ffmpeg_exe

_PTS_TIME = re.compile(r"pts_time:\s*(-?\d+(?:\.\d+)?)")


def keyframe_times(path: Path) -> list[float]:
    """Presentation times of the first video stream's keyframes, in seconds (ffmpeg's showinfo
    over keyframes only, ``-skip_frame nokey``, so even the full demo takes a second or two)."""
    out = subprocess.run([
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "info",
        "-skip_frame", "nokey", "-i", str(path),
        "-map", "0:v:0", "-vf", "showinfo", "-f", "null", "-",
    ], capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return [float(t) for t in _PTS_TIME.findall(out.stderr)]


def make_small_recording(target: Path, seconds: int = 1) -> Path:
    """A real, tiny MP4 (a test pattern and a tone) at ``target``: a recording file in place."""
    subprocess.run([
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc=size=160x90:rate=10:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(target),
    ], capture_output=True, timeout=120, check=True)  # fmt: skip
    return target
