"""A real audio edition for the feeds' tests: an ``.m4a`` and a square cover made by ffmpeg in
``media/audio/``, and ``edition.json`` written by ``chapters.audio_edition.write_edition``, as
the AUDIO maker leaves them (the maker itself is not run here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from chapters.audio_edition import AUDIO_FILE, COVER_FILE, COVER_SIZE, Edition, audio_folder, write_edition
from player.media.ffmpeg import ffmpeg_exe, probe_duration


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   capture_output=True, timeout=120, check=True)


def make_audio(target: Path, seconds: int) -> Path:
    """Real AAC in an .m4a, mono: a quiet tone (a few hundred kB for two hours)."""
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=8000:duration={seconds}",
            "-ac", "1", "-c:a", "aac", "-b:a", "8k", str(target))
    return target


def make_cover(target: Path, size: int = COVER_SIZE) -> Path:
    """A square JPEG (RGB, 4:2:0), ``size`` pixels a side."""
    _ffmpeg("-f", "lavfi", "-i", f"color=c=0x2a6f97:s={size}x{size}:d=1", "-frames:v", "1",
            "-pix_fmt", "yuvj420p", "-q:v", "4", str(target))
    return target


def place_edition(media: Path, audio: Path, cover: Path, recording: str = "demo.mp4") -> Edition:
    """Copy ``audio`` and ``cover`` into ``media/audio/`` and describe them in edition.json, as
    made from ``media/<recording>`` (which must be there)."""
    folder = audio_folder(media)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(audio, folder / AUDIO_FILE)
    shutil.copyfile(cover, folder / COVER_FILE)
    edition = Edition(
        media=recording,
        media_size=(media / recording).stat().st_size,
        duration=probe_duration(folder / AUDIO_FILE),
        size=(folder / AUDIO_FILE).stat().st_size,
        chapters_key="test",
        cover_size=COVER_SIZE,
    )
    write_edition(media, edition)
    return edition
