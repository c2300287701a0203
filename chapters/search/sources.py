"""What the index reads beside a webinar's data file, and the stamps that say it changed: the
slides file (``chapters/slides.py``) with the words read on them, and the audience's messages
(``chapters/chat``: ``discussion.json``, renamed into the webinar's folder, whose stamp says it
changed)."""

from __future__ import annotations

import logging
from pathlib import Path

from ..chat.model import Message
from ..chat.store import DiscussionError, read_discussion
from ..model import Webinar
from ..slides import INDEX, Slide, SlidesError, of_recording, read_slides, slides_folder

log = logging.getLogger(__name__)


def stat_of(path: Path) -> list[int] | None:
    """A file's stamp: modification time (ns), size and inode; None when it is not there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def slides_stamp(folder: Path) -> list[int] | None:
    """The stamp of a webinar folder's slides file (written by a rename: a new inode each time)."""
    return stat_of(slides_folder(Path(folder) / "media") / INDEX)


def indexed_slides(folder: Path, webinar: Webinar) -> tuple[tuple[Slide, ...], str | None]:
    """The slides of a webinar folder's current recording (none for slides made from another
    one), and why they were left out, if they were."""
    media = Path(folder) / "media"
    try:
        slides = of_recording(read_slides(media), media, webinar.recording.file_name)
    except SlidesError as error:
        log.warning("%s : diapositives non indexées : %s", Path(folder).name, error)
        return (), str(error)
    return (slides.slides if slides else ()), None


def indexed_messages(folder: Path) -> tuple[Message, ...]:
    """The audience's messages of a webinar folder (``discussion.json``; none when it is broken,
    which is logged: the rest is searched)."""
    try:
        return tuple(read_discussion(Path(folder)))
    except DiscussionError as error:
        log.warning("%s : discussion non indexée : %s", Path(folder).name, error)
        return ()
