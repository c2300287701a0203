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
