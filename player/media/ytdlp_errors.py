"""Why yt-dlp failed, said in French: the one ``SourceError`` every failure of player/media/ytdlp.py
and player/media/captions.py is raised as, and the reasons read from what yt-dlp raised."""

from __future__ import annotations

import socket

from yt_dlp.networking.exceptions import HTTPError
from yt_dlp.utils import GeoRestrictedError, UnsupportedError, YoutubeDLError

# The most yt-dlp may read into memory at once: a web page, a manifest, a player script or a
# caption file, never the media (that streams to disk in blocks). YouTube's watch page is about
# 1.5 MB and the player script yt-dlp reads to decipher it about 3 MB, a two-hour webinar's
# captions well under 1 MB; a 2 GiB "page" read whole would take several GB of memory.
PAGE_MAX_BYTES = 10 * 1024 * 1024


class SourceError(Exception):
    """A recording could not be resolved, downloaded or checked; one line, in French."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = " ".join(str(reason).split())  # one line, whatever yt-dlp said
        super().__init__(f"{url} : {self.reason}")


class PageTooLarge(YoutubeDLError):
    """A response read whole went past PAGE_MAX_BYTES; yt-dlp lets its own errors through."""


def causes(exc: BaseException):
    """The exception, what yt-dlp wrapped in it, and their causes."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        info = getattr(e, "exc_info", None)
        todo += [info[1] if info else None, e.__cause__, e.__context__]


def reason(exc: BaseException, timeout: float) -> str:
    """A readable French reason for a yt-dlp or network failure."""
    chain = list(causes(exc))
    text = " ".join(str(e) for e in chain).lower()
    for e in chain:
        if isinstance(e, PageTooLarge):
            return (f"page trop grosse : lecture arrêtée après {PAGE_MAX_BYTES // (1024 * 1024)} Mo "
                    "(une page de vidéo en fait bien moins)")
        if isinstance(e, HTTPError):
            return _http_reason(e.status)
        if isinstance(e, TimeoutError | socket.timeout):
            return f"délai d'attente dépassé (time-out après {timeout:g} s)"
        if isinstance(e, ConnectionRefusedError):
            return "serveur injoignable (connexion refusée)"
        if isinstance(e, socket.gaierror):
            return "serveur injoignable (nom d'hôte inconnu)"
        if isinstance(e, GeoRestrictedError):
            return "vidéo non disponible depuis ce pays"
        if isinstance(e, UnsupportedError):
            return "adresse non prise en charge (aucune vidéo trouvée à cette adresse)"
    if "timed out" in text:
        return f"délai d'attente dépassé (time-out après {timeout:g} s)"
    if "file:// urls are disabled" in text:
        return ("la vidéo de cette page est un fichier local (file://) : refusée, seules les "
                "adresses http:// et https:// sont lues")
    if any(words in text for words in ("name or service not known", "name resolution",
                                       "no address associated")):
        return "serveur injoignable (nom d'hôte inconnu)"
    if "connection refused" in text:
        return "serveur injoignable (connexion refusée)"
    if "no host given" in text:
        return "adresse invalide : aucun nom de serveur"
    if "private" in text:
        return "vidéo privée"
    if "sign in" in text or "login" in text or "log in" in text:
        return "vidéo réservée aux utilisateurs connectés"
    if "is not a valid url" in text:
        return "adresse invalide"
    if "unavailable" in text or "removed" in text:
        return "vidéo indisponible ou supprimée"
    if isinstance(exc, OSError):
        return f"erreur d'accès ({exc.strerror or exc})"
    # a case not foreseen: said in French, yt-dlp's own words quoted as such
    return f"lecture impossible par yt-dlp (« {_strip_prefix(str(exc))} »)"


def _http_reason(status: int) -> str:
    known = {
        401: "accès refusé",
        403: "accès refusé",
        404: "introuvable",
        410: "supprimé",
        429: "trop de requêtes, réessayez plus tard",
    }
    if status in known:
        return f"{known[status]} (HTTP {status})"
    if 300 <= status < 400:  # yt-dlp follows http(s) redirections; this one went elsewhere
        return f"redirection refusée (HTTP {status})"
    return f"erreur du serveur (HTTP {status})" if status >= 500 else f"erreur HTTP {status}"


def _strip_prefix(message: str) -> str:
    """``ERROR: [generic] id: reason`` -> ``reason``."""
    message = message.removeprefix("ERROR: ").strip()
    if message.startswith("["):
        message = message.split("] ", 1)[-1]
    return message


def failure(url: str, exc: BaseException, timeout: float) -> SourceError:
    """The SourceError to raise for ``exc``, with its reason in French."""
    # yt-dlp's HTTPError keeps the error response (and its socket) open until collected.
    for e in causes(exc):
        if isinstance(e, HTTPError) and e.response is not None:
            e.response.close()
    return SourceError(url, reason(exc, timeout))
