"""The video sites' own players, for an iframe: YouTube, Vimeo, PeerTube."""

from __future__ import annotations


def embed_url(platform: str, embed_id: str, *, start: float | None = None, host: str | None = None) -> str:
    """The site's own player for an iframe, with its JavaScript API switched on.

    PeerTube needs ``host`` (the instance, from the video's page URL).
    """
    seconds = int(start) if start else 0
    if platform == "youtube":
        url = f"https://www.youtube-nocookie.com/embed/{embed_id}?enablejsapi=1"
        return url + (f"&start={seconds}" if seconds else "")
    if platform == "vimeo":
        return f"https://player.vimeo.com/video/{embed_id}" + (f"#t={seconds}s" if seconds else "")
    if platform == "peertube":
        if not host:
            raise ValueError("PeerTube embed needs the instance's host")
        return f"https://{host}/videos/embed/{embed_id}?api=1" + (f"&start={seconds}s" if seconds else "")
    raise ValueError(f"unknown embed platform: {platform!r}")
