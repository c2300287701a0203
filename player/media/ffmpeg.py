"""ffmpeg: finding the binary, running it with French errors, reading a media file's duration.

No Flask here: the pages serve media through player/site/media_files.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from player.media import processes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FFMPEG_TIMEOUT = 900  # seconds; the full 1 h 45 demo takes far less


class MediaError(Exception):
    """A media file that cannot be made or read; the message is one line in French."""


def ffmpeg_exe() -> str:
    """The ffmpeg binary: the one shipped in imageio-ffmpeg's wheel, else the system's."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if not found:
            raise MediaError("ffmpeg introuvable : installez imageio-ffmpeg ou ffmpeg") from None
        return found


def filter_value(value: str) -> str:
    """Escape a filter option value at both levels of ffmpeg's filtergraph syntax."""
    value = re.sub(r"([\\':])", r"\\\1", value)  # option level
    return re.sub(r"([\\'\[\],;])", r"\\\1", value)  # graph level


def run(command: list[str], target: Path) -> None:
    """Run ffmpeg to make ``target``; any failure is one French MediaError."""
    processes.run(command, MediaError, program="ffmpeg", timeout=FFMPEG_TIMEOUT, text=True,
                  subject=f"{target.name} : ", failed=f"{target.name} non généré",
                  fallback="erreur inconnue")


_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")


def probe_url_duration(url: str, *, timeout: float = 15.0) -> float:
    """The duration of a media file at an http(s) URL, read by ffmpeg with bounded waits."""
    micros = str(int(timeout * 1_000_000))
    out = capture([ffmpeg_exe(), "-nostdin", "-hide_banner", "-rw_timeout", micros,
                    "-i", url], timeout=timeout * 3)  # fmt: skip
    match = _DURATION.search(out.stderr)
    if not match:
        raise MediaError(f"{url} : durée illisible ({processes.error_line(out.stderr)})")
    h, m, s = match.groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def probe_duration(path: Path | str, *, timeout: float = 15.0) -> float:
    """A media file's duration in seconds, from ffprobe when installed, else ffmpeg's banner.

    ``path`` may also be an http(s) URL (a recording played from where it is hosted).
    """
    if isinstance(path, str) and path.startswith(("http://", "https://")):
        return probe_url_duration(path, timeout=timeout)
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"fichier média introuvable : {path.name}")
    ffprobe = shutil.which("ffprobe")
    if ffprobe:
        out = capture([ffprobe, "-v", "error", "-show_entries", "format=duration",
                        "-of", "default=nw=1:nk=1", str(path)])  # fmt: skip
        try:
            return float(out.stdout.strip())
        except ValueError:
            raise MediaError(f"durée illisible pour {path.name}") from None
    # Without an output file ffmpeg exits with an error, but it has printed the input's header.
    out = capture([ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(path)])
    match = _DURATION.search(out.stderr)
    if not match:
        raise MediaError(f"durée illisible pour {path.name}")
    h, m, s = match.groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def capture(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a probe and return what it printed; a failure to start or a timeout is a MediaError."""
    return processes.run(command, MediaError, program=Path(command[0]).name, timeout=timeout,
                         text=True)
