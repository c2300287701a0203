"""Chapter thumbnails: one small JPEG per chapter, a frame a few seconds after its start.

Written beside the recording (``media/thumbs/``) by ``demo-recording``, ``set-recording --mode
download`` and ``flask --app app thumbnails``; none for embedded or linked recordings.
"""

from __future__ import annotations

from pathlib import Path

from chapters.model import Chapter, Webinar

THUMBS_DIR = "thumbs"


def thumb_name(chapter: Chapter) -> str:
    """The thumbnail's path relative to the media folder, keyed by the chapter's start."""
    return f"{THUMBS_DIR}/{round(chapter.start * 1000)}.jpg"


def chapter_thumbnails(webinar: Webinar, media_folder: Path) -> dict[str, str]:
    """Chapter id -> thumbnail path (relative to the media folder) for those that exist."""
    if webinar.recording.kind not in ("demo", "file"):
        return {}
    found = {}
    for chapter in webinar.chapters:
        name = thumb_name(chapter)
        if (Path(media_folder) / name).is_file():
            found[chapter.id] = name
    return found
