"""Reading an audio edition back with ffprobe, as podcast apps' libraries read it (Debian's
ffmpeg package, which scripts/setup installs for the tests: imageio-ffmpeg ships no ffprobe),
and making short recordings to make one from."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from player.media.ffmpeg import ffmpeg_exe

FFPROBE = shutil.which("ffprobe") or "/usr/bin/ffprobe"


def ffmpeg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([ffmpeg_exe(), "-nostdin", "-hide_banner", *args],
                          capture_output=True, timeout=120)  # fmt: skip


def make_recording(target: Path, seconds: int, *, sound: bool = True, picture: bool = True) -> Path:
    """A real MP4 at ``target``: a moving test pattern and a stereo tone, either left out."""
    inputs, codecs = [], []
    if picture:
        inputs += ["-f", "lavfi", "-i", f"testsrc=size=320x180:rate=10:duration={seconds}"]
        codecs += ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    if sound:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}"]
        codecs += ["-c:a", "aac", "-ac", "2"]
    target.parent.mkdir(parents=True, exist_ok=True)
    done = ffmpeg("-v", "error", "-y", *inputs, *codecs, str(target))
    assert done.returncode == 0, done.stderr
    return target


def read_back(path: Path) -> dict:
    """What a player reads in an .m4a, as ffprobe tells it: its tags, chapters (start, end,
    title), duration, audio stream (codec, rate, layout) and attached picture (codec, width,
    height)."""
    done = subprocess.run([FFPROBE, "-v", "error", "-print_format", "json", "-show_format",
                           "-show_streams", "-show_chapters", str(path)],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    streams = data["streams"]
    return {
        "tags": {key.lower(): value for key, value in data["format"].get("tags", {}).items()},
        "chapters": [(float(c["start_time"]), float(c["end_time"]), c.get("tags", {}).get("title", ""))
                     for c in data["chapters"]],
        "duration": float(data["format"]["duration"]),
        "audio": [(s["codec_name"], int(s["sample_rate"]), s["channel_layout"])
                  for s in streams if s["codec_type"] == "audio"],
        "pictures": [(s["codec_name"], s["width"], s["height"]) for s in streams
                     if s["codec_type"] == "video" and s.get("disposition", {}).get("attached_pic")],
    }


def stream_bytes(path: Path, stream: str) -> bytes:
    """One stream's packets as they are (``0:a``: the sound, ``0:v``: the attached picture)."""
    form = "adts" if stream == "0:a" else "mjpeg"
    done = ffmpeg("-v", "error", "-i", str(path), "-map", stream, "-c", "copy", "-f", form, "-")
    assert done.returncode == 0, done.stderr
    return done.stdout


def jpeg_components(data: bytes) -> int:
    """How many colour components a JPEG's frame has: 3 for RGB (YCbCr), 1 grey, 4 CMYK."""
    pos = 2
    while pos + 4 <= len(data):
        marker, length = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return data[pos + 9]
        pos += 2 + length
    raise AssertionError("no start-of-frame marker")
