"""Names and patterns shared by chapters/ and player/: one home, so they cannot drift apart."""

from __future__ import annotations

import re

# The data file each webinar folder holds.
DATA_FILE = "webinar.yaml"

# An id inside the data file (speaker, chapter, question …): letters, digits, "-" and "_", at
# most ID_MAX of them, since it names an address (/w/<webinar>/chapitres/<id>).
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
ID_MAX = 100

# Characters no text of the data file may hold: the C0 and C1 controls and DEL, but for the
# tab and the line break (a NUL, a form feed or an escape would reach pages, feeds and files).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# A webinar id, which names a folder: the same characters, at most 100 of them, since a longer
# name is no webinar and the file system would refuse it.
WEBINAR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")

# Finds e-mail addresses inside running text (programme lines, descriptions).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# The longest chapter title the data file accepts (and the programme import shortens to).
TITLE_MAX = 70
