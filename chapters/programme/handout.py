"""A handout file of any kind: ``.docx`` through ``docx``, text and Markdown as they are, any
other format refused with advice."""

from __future__ import annotations

from pathlib import Path

from .docx import HandoutError, read_docx
from .reader import ImportResult, import_programme

# Read as text; ".docx" goes through the docx module; anything else is refused with advice.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
_OTHER_FORMATS = {".doc", ".odt", ".rtf", ".pdf", ".pages", ".html", ".htm"}
# A text handout of a few pages is some 20 Ko; far larger ones are refused before reading (the
# reader is linear, but writing and checking a data file that big takes the store many seconds).
MAX_TEXT_BYTES = 300 * 1024


def import_file(path: str | Path) -> ImportResult:
    """Read a programme file: ``.docx``, else UTF-8 text or Markdown.

    The webinar id is the name of its folder. Raises ProgrammeError, HandoutError (a Word file
    that cannot be read, a format that is not read at all), OSError or UnicodeDecodeError.
    """
    p = Path(path)
    webinar_id = p.resolve().parent.name
    suffix = p.suffix.lower()
    if suffix == ".docx":
        handout = read_docx(p)
        return import_programme(
            handout.text, source=str(path), webinar_id=webinar_id, locate=handout.place
        )
    if suffix in _OTHER_FORMATS:
        raise HandoutError(
            f"{path} : format « {suffix} » non lu ; enregistrez le document en .docx "
            "(Word), .md ou .txt"
        )
    size = p.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise HandoutError(
            f"{path} : document trop long ({size // 1024} Ko, {MAX_TEXT_BYTES // 1024} Ko au "
            "plus) ; gardez le programme seul (déroulé, questions, ressources, contacts)"
        )
    with p.open("rb") as f:  # never more than the limit, even if the file grows meanwhile
        text = f.read(MAX_TEXT_BYTES + 1).decode("utf-8-sig")
    return import_programme(text, source=str(path), webinar_id=webinar_id)
