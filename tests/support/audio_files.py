"""Reading an audio edition back with ffmpeg itself (libavformat, as ffprobe would: ffprobe is
not shipped with imageio-ffmpeg), and making short recordings to make one from."""

from __future__ import annotations

import re
import subprocess
from fractions import Fraction
from pathlib import Path

from player.media.ffmpeg import ffmpeg_exe

_UNESCAPE = re.compile(r"\\(.)", re.S)
_AUDIO = re.compile(r"Stream #0:\d+\S*: Audio: (\w+)[^,]*, (\d+) Hz, (\w+)")
_PICTURE = re.compile(r"Stream #0:\d+\S*: Video: (\w+).*?, (\d+)x(\d+).*\(attached pic\)")
_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")


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
    """What a player reads in an .m4a: its tags, chapters (start, end, title), duration, audio
    stream (codec, rate, layout) and attached picture (codec, width, height)."""
    meta = ffmpeg("-v", "error", "-i", str(path), "-f", "ffmetadata", "-")
    assert meta.returncode == 0, meta.stderr
    tags: dict[str, str] = {}
    chapters: list[dict] = []
    for line in meta.stdout.decode("utf-8").splitlines()[1:]:
        if line == "[CHAPTER]":
            chapters.append({})
        elif "=" in line:
            key, value = line.split("=", 1)
            (chapters[-1] if chapters else tags)[key] = _UNESCAPE.sub(r"\1", value)
    found = []
    for chapter in chapters:
        base = Fraction(chapter["TIMEBASE"])
        found.append((float(int(chapter["START"]) * base), float(int(chapter["END"]) * base),
                      chapter.get("title", "")))
    banner = ffmpeg("-i", str(path)).stderr.decode("utf-8", "replace")
    h, m, s = _DURATION.search(banner).groups()
    audio = _AUDIO.findall(banner)
    picture = [(codec, int(w), int(h)) for codec, w, h in _PICTURE.findall(banner)]
    return {"tags": tags, "chapters": found, "duration": int(h) * 3600 + int(m) * 60 + float(s),
            "audio": [(codec, int(rate), layout) for codec, rate, layout in audio],
            "pictures": picture}


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
