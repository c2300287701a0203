"""A recording's captions: the WebVTT track to take, fetched through yt-dlp, checked and stored."""

from __future__ import annotations

import os
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from chapters.files import write_atomic
from player.media.ytdlp import SourceInfo, fetch
from player.media.ytdlp_errors import SourceError

__all__ = ["pick_captions", "download_captions"]


def pick_captions(info: SourceInfo, lang: str = "fr") -> dict | None:
    """The WebVTT track in ``lang``: manual before automatic, exact language before variants."""
    def rank(t: dict) -> tuple[int, int] | None:
        code = t["lang"].lower()
        if code == lang:
            closeness = 0
        elif code == f"{lang}-orig":  # YouTube: speech recognised in that language, not translated
            closeness = 0
        elif code.startswith(f"{lang}-"):
            closeness = 1
        else:
            return None
        return (1 if t["automatic"] else 0, closeness)

    ranked = [(rank(t), i, t) for i, t in enumerate(info.subtitles) if t["ext"] == "vtt"]
    ranked = [r for r in ranked if r[0] is not None]
    return min(ranked)[2] if ranked else None


def download_captions(
    info: SourceInfo, folder: str | os.PathLike, *, lang: str = "fr", timeout: float = 10.0
) -> Path | None:
    """Fetch, validate (webvtt-py, strict) and store ``folder/captions.<lang>.vtt``.

    Returns None when the recording offers no WebVTT track in ``lang``.
    """
    track = pick_captions(info, lang)
    if track is None:
        return None
    text = _fetch_text(track["url"], timeout)
    _validate_vtt(track["url"], text)
    return write_atomic(Path(folder) / f"captions.{lang}.vtt", text.encode("utf-8"))


def _fetch_text(url: str, timeout: float) -> str:
    data = fetch(url, timeout=timeout)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(url, "sous-titres invalides (pas en UTF-8)") from exc


def _validate_vtt(url: str, text: str) -> None:
    try:
        vtt = webvtt.from_string(text, strict=True)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise SourceError(url, f"sous-titres WebVTT invalides ({exc})") from exc
    if not len(vtt):
        raise SourceError(url, "sous-titres WebVTT vides")
