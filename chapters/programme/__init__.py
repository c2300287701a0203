"""The organiser's programme document -> Webinar.

Reads documents laid out like ``webinars/2021-05-04/programme.txt``: a header (date and
« title »), running-order tables (Temporalité / Intervenant / Contenu, cells separated by blank
lines), the Q&A (``- **question**``, ``Réponse de NAME :``, answer), then resources and
contacts under roman-numbered themes. Markdown reads the same (``#`` headings, ``*`` bullets,
``[text](address)`` links); a Word ``.docx`` handout is first turned into such lines by
``docx``.

Text is kept as written; people are linked by tolerant matching because real documents misspell
names. What cannot be read raises ProgrammeError naming the line and what was expected; what can be
read but is guessed (a misspelt name linked, a name or organisation its addresses spell otherwise,
a resource without address, a question without chapter) becomes a warning, so the organiser can
check the data file afterwards.

The package: ``handout`` reads a file of any kind, ``docx`` a Word handout, ``reader`` the
document's lines, ``build`` the webinar from them, with ``text`` (links, wrapped lines),
``people`` (names matched tolerantly), ``parts`` (what is read) and ``titles`` (chapter titles).
"""

from .docx import Handout, HandoutError, read_docx
from .handout import TEXT_SUFFIXES, import_file
from .reader import ImportResult, ProgrammeError, import_programme

__all__ = [
    "ProgrammeError",
    "HandoutError",
    "Handout",
    "ImportResult",
    "import_programme",
    "import_file",
    "read_docx",
    "TEXT_SUFFIXES",
]
