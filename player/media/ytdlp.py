"""A recording's URL -> metadata and a playable source, through yt-dlp.

Everything here touches the network and is meant for CLI commands only, never for a request:
the results are saved next to the webinar's data so the app serves the page offline.
Every failure is raised as one ``SourceError`` (player/media/ytdlp_errors.py) whose message
names the URL and the reason. The captions are fetched by player/media/captions.py.
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yt_dlp
from yt_dlp.utils import YoutubeDLError, unsmuggle_url

from chapters.files import write_atomic
from chapters.model import PLATFORM_NAMES, slugify
from player.media.embeds import embed_url
from player.media.ffmpeg import ffmpeg_exe
from player.media.ytdlp_errors import PAGE_MAX_BYTES, PageTooLarge, SourceError, failure

__all__ = ["SourceError", "SourceInfo", "resolve", "save_metadata", "download", "download_track",
           "published_name", "remove_partial", "fetch", "METADATA_FILE", "PAGE_MAX_BYTES"]

METADATA_FILE = "recording.json"
Progress = Callable[[int, int | None], None]
_READ_BLOCK = 64 * 1024


@dataclass
class SourceInfo:
    """What yt-dlp learned about a recording; ``raw`` is its sanitised info dict."""

    url: str
    webpage_url: str
    extractor: str
    title: str | None = None
    duration: float | None = None
    thumbnail: str | None = None
    uploader: str | None = None
    chapters: list[tuple[float, str]] = field(default_factory=list)
    subtitles: list[dict] = field(default_factory=list)  # lang, ext, url, automatic, name
    media_url: str | None = None
    platform: str | None = None  # youtube, vimeo, peertube
    embed_id: str | None = None
    raw: dict = field(default_factory=dict, repr=False)
    warnings: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def from_raw(cls, raw: dict, url: str | None = None) -> SourceInfo:
        """Build from a (sanitised) yt-dlp info dict, fresh or loaded from disk."""
        webpage_url = raw.get("webpage_url") or raw.get("original_url") or url or ""
        platform = _platform(raw)
        return cls(
            url=url or raw.get("original_url") or webpage_url,
            webpage_url=webpage_url,
            extractor=raw.get("extractor_key") or raw.get("extractor") or "",
            title=_title(raw),
            duration=float(raw["duration"]) if raw.get("duration") else None,
            thumbnail=raw.get("thumbnail"),
            uploader=raw.get("uploader"),
            chapters=[
                (float(c.get("start_time") or 0), c.get("title") or "")
                for c in raw.get("chapters") or []
            ],
            subtitles=_subtitle_tracks(raw),
            media_url=_media_url(raw),
            platform=platform,
            embed_id=raw.get("id") if platform else None,
            raw=raw,
        )

    @property
    def host(self) -> str:
        return urlsplit(self.webpage_url).netloc

    def embed_url(self, *, start: float | None = None) -> str | None:
        """The site's player URL, or None when this is not a known video site."""
        if not self.platform or not self.embed_id:
            return None
        return embed_url(self.platform, self.embed_id, start=start, host=self.host)


# --- yt-dlp plumbing -------------------------------------------------------------------


class _YoutubeDL(yt_dlp.YoutubeDL):
    """yt-dlp whose whole-body reads stop at PAGE_MAX_BYTES.

    Every request of yt-dlp goes through ``urlopen``; extractors then read a page with
    ``read()`` (all of it, into memory), while the downloader reads blocks of a given size.
    Only the first kind is capped: it is read here in blocks, and stops one block past the cap.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._responses: weakref.WeakSet = weakref.WeakSet()

    def urlopen(self, req):
        response = super().urlopen(req)
        response.read = _capped(weakref.ref(response))
        self._responses.add(response)
        return response

    def close(self):
        # A stop (Ctrl-C, SIGTERM, the deadline) can come in the middle of a read: the
        # response yt-dlp was reading is then left open; close it with the rest.
        for response in list(self._responses):
            response.close()
        super().close()


def _capped(ref: weakref.ref) -> Callable[..., bytes]:
    """The response's ``read``, capped for whole reads. It holds the response weakly: a cycle
    would keep it (and its socket) open until the garbage collector runs."""
    own_read = type(ref()).read
    taken = 0  # what was read before, e.g. the 512 bytes yt-dlp sniffs first

    def read(amt: int | None = None) -> bytes:
        return own_read(ref(), amt)

    def capped_read(amt: int | None = None) -> bytes:
        nonlocal taken
        if amt is not None and amt >= 0:
            data = read(amt)
            taken += len(data)
            return data
        parts = []
        while chunk := read(min(_READ_BLOCK, PAGE_MAX_BYTES - taken + 1)):
            taken += len(chunk)
            parts.append(chunk)
            if taken > PAGE_MAX_BYTES:
                ref().close()
                raise PageTooLarge(f"more than {PAGE_MAX_BYTES} bytes")
        return b"".join(parts)

    return capped_read


class _Collector:
    """A yt-dlp logger that keeps warnings and errors instead of printing them."""

    def __init__(self):
        self.messages: list[str] = []

    def debug(self, msg: str) -> None:
        pass

    info = debug

    def warning(self, msg: str) -> None:
        self.messages.append(msg)

    error = warning


def _options(timeout: float, logger: _Collector, **extra) -> dict:
    """Bounded, quiet yt-dlp options: every network wait has a limit."""
    return {
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "logger": logger,
        "socket_timeout": timeout,
        "extractor_retries": 1,
        "retries": 2,
        "fragment_retries": 2,
        "noplaylist": True,
        "color": {"stderr": "no_color", "stdout": "no_color"},
        # yt-dlp decompresses a gzip or deflate body whole, before any read could stop it:
        # ask for plain bytes, so the page cap holds (the pages are small, the media not compressed)
        "http_headers": {"Accept-Encoding": "identity"},
        **extra,
    }


# --- resolving -------------------------------------------------------------------------


def _platform(raw: dict) -> str | None:
    key = (raw.get("extractor_key") or "").lower()
    return key if key in PLATFORM_NAMES else None


def _title(raw: dict) -> str | None:
    """yt-dlp's title, without the "(1)" its HTML5 extractor appends to a page's only video."""
    title = raw.get("title")
    if title and raw.get("extractor_key") == "HTML5MediaEmbed" and str(raw.get("id", "")).endswith("-1"):
        title = title.removesuffix(" (1)")
    return title


def _subtitle_tracks(raw: dict) -> list[dict]:
    tracks = []
    for key, automatic in (("subtitles", False), ("automatic_captions", True)):
        for lang, formats in (raw.get(key) or {}).items():
            for f in formats or []:
                if not f.get("url"):
                    continue
                tracks.append({
                    "lang": lang,
                    "ext": f.get("ext") or "",
                    "url": f["url"],
                    "automatic": automatic,
                    "name": f.get("name"),
                })
    return tracks


def _is_single_file(f: dict) -> bool:
    """A plain HTTP file with both picture and sound (or codecs unknown, as for HTML5 media)."""
    return (
        f.get("protocol") in ("http", "https")
        and bool(f.get("url"))
        and f.get("vcodec") != "none"
        and f.get("acodec") != "none"
    )


def _media_url(raw: dict) -> str | None:
    # yt-dlp lists formats worst first, so the last single file is the best one.
    singles = [f for f in raw.get("formats") or [] if _is_single_file(f)]
    url = singles[-1]["url"] if singles else raw["url"] if _is_single_file(raw) else None
    # yt-dlp may smuggle its own hints in the fragment: the page must get the plain address
    return unsmuggle_url(url)[0] if url else None


def _check_url(url: str) -> None:
    """Refuse in French what yt-dlp would refuse in English, or should not be asked at all."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme:
        raise SourceError(url, "adresse invalide : donnez une adresse http:// ou https://")
    if scheme not in ("http", "https"):
        # yt-dlp would answer file:// and the like in English; a recording comes from the web
        raise SourceError(url, "seules les adresses http:// et https:// sont acceptées "
                          "(pour un fichier sur ce disque, copiez-le dans le dossier media/ du webinaire)")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise SourceError(url, "adresse invalide : elle contient une espace ou un caractère de contrôle")
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket or a port that is not a number
        host = None
    if not host:
        raise SourceError(url, "adresse invalide : aucun nom de serveur après http://")


def resolve(url: str, *, timeout: float = 10.0) -> SourceInfo:
    """Ask yt-dlp what ``url`` is, without downloading the media."""
    _check_url(url)
    logger = _Collector()
    try:
        with _YoutubeDL(_options(timeout, logger)) as ydl:
            raw = ydl.sanitize_info(ydl.extract_info(url, download=False))
    except (YoutubeDLError, OSError) as exc:
        raise failure(url, exc, timeout) from exc
    raw = _single_entry(url, raw)
    if raw.get("is_live"):
        raise SourceError(url, "diffusion en direct en cours : attendez l'enregistrement")
    info = SourceInfo.from_raw(raw, url)
    info.warnings = logger.messages
    return info


def _single_entry(url: str, raw: dict) -> dict:
    """A page holding exactly one video is that video; several are ambiguous."""
    if raw.get("_type") != "playlist":
        return raw
    entries = [e for e in raw.get("entries") or [] if e]
    if len(entries) != 1:
        raise SourceError(url, f"{len(entries)} vidéos à cette adresse : donnez celle d'une seule")
    return entries[0]


# --- saving ----------------------------------------------------------------------------


def save_metadata(info: SourceInfo, folder: str | os.PathLike) -> Path:
    """Store yt-dlp's sanitised info as ``folder/recording.json``, atomically."""
    data = {"url": info.url, "info": info.raw}
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
    return write_atomic(Path(folder) / METADATA_FILE, text.encode("utf-8"))


# --- downloading -----------------------------------------------------------------------


def _progress_hook(progress: Progress | None):
    def hook(d: dict) -> None:
        if progress and d.get("status") in ("downloading", "finished"):
            total = d.get("total_bytes") or d.get("total_bytes_estimate")
            progress(int(d.get("downloaded_bytes") or 0), int(total) if total else None)

    return hook


def download(
    info_or_url: SourceInfo | str,
    media_dir: str | os.PathLike,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    timeout: float = 10.0,
    publish: bool = True,
) -> Path:
    """Download the best single file into ``media_dir``; returns its final path.

    yt-dlp writes a hidden temporary name (``.NAME.download.EXT``, ``.part`` while running,
    so a rerun resumes); only a complete file is renamed to ``NAME.EXT``. ``name`` defaults
    to the video's id. ``publish=False`` returns the complete hidden file, for a caller that
    checks it first (``published_name``). A failure removes what the download left with
    ``name`` (an interruption keeps its ``.part``, for the next run).
    """
    info = info_or_url if isinstance(info_or_url, SourceInfo) else None
    url = info.webpage_url if info else str(info_or_url)
    _check_url(url)
    media_dir = Path(media_dir)
    media_dir.mkdir(parents=True, exist_ok=True)
    # The hidden name keeps yt-dlp's id so a rerun for the same video finds its .part again.
    hidden = f".{slugify(name)}" if name else ".%(id)s"
    opts = _options(
        timeout,
        _Collector(),
        format="bv*[ext=mp4]+ba[ext=m4a]/b[ext=mp4]/bv*+ba/b",
        merge_output_format="mp4",
        ffmpeg_location=ffmpeg_exe(),
        outtmpl={"default": str(media_dir / f"{hidden}.download.%(ext)s")},
        progress_hooks=[_progress_hook(progress)],
        continuedl=True,
        updatetime=False,
        writesubtitles=False,
        writethumbnail=False,
    )
    try:
        with _YoutubeDL(opts) as ydl:
            raw = ydl.extract_info(url, download=True)
    except (YoutubeDLError, OSError) as exc:
        if name:  # a server that died mid-way or sent an error: nothing worth resuming
            remove_partial(media_dir, name)
        raise failure(url, exc, timeout) from exc
    raw = _single_entry(url, raw)
    temp = _downloaded_path(raw)
    if temp is None or not temp.is_file():
        raise SourceError(url, "téléchargement incomplet (aucun fichier produit)")
    if not publish:
        return temp
    final = media_dir / published_name(temp, name or raw.get("id"))
    os.replace(temp, final)
    return final


def published_name(temp: Path, name: str | None) -> str:
    """The served name of a finished download's hidden file: ``NAME.EXT``."""
    return f"{slugify(name or 'recording')}{temp.suffix}"


def remove_partial(media_dir: str | os.PathLike, name: str) -> list[Path]:
    """Remove what a download named ``name`` left in ``media_dir`` (its hidden ``.download.``
    files: ``.part``, fragments, a finished file not yet renamed); returns them."""
    removed = list(Path(media_dir).glob(f".{slugify(name)}.download.*"))
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _downloaded_path(raw: dict) -> Path | None:
    done = raw.get("requested_downloads") or [{}]
    path = done[-1].get("filepath") or raw.get("filepath")
    return Path(path) if path else None


def download_track(url: str, lang: str, folder: str | os.PathLike, *, timeout: float = 10.0) -> Path | None:
    """The ``lang`` track (``live_chat``: YouTube's chat replay) yt-dlp writes into ``folder``, or None."""
    opts = _options(timeout, _Collector(), skip_download=True, writesubtitles=True, subtitleslangs=[lang],
                    outtmpl={"default": str(Path(folder) / "track.%(ext)s")})
    try:
        with _YoutubeDL(opts) as ydl:
            raw = _single_entry(url, ydl.extract_info(url, download=True))
    except (YoutubeDLError, OSError) as exc:
        raise failure(url, exc, timeout) from exc
    found = ((raw.get("requested_subtitles") or {}).get(lang) or {}).get("filepath")
    return Path(found) if found and Path(found).is_file() else None


# --- plain reads -----------------------------------------------------------------------


def fetch(url: str, *, timeout: float = 10.0) -> bytes:
    """A plain GET through yt-dlp's networking (same headers, proxy, time-out and size cap)."""
    try:
        with _YoutubeDL(_options(timeout, _Collector())) as ydl:
            with ydl.urlopen(url) as response:
                return response.read()
    except (YoutubeDLError, OSError) as exc:
        raise failure(url, exc, timeout) from exc
