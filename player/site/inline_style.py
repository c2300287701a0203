"""The page's stylesheet, inlined into each page (compacted) and allowed by its hash."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from threading import Lock

from markupsafe import Markup

from player.paths import STATIC

STYLESHEET = STATIC / "css" / "player.css"

# a string, kept as it is, or a comment, dropped: whichever starts first (a quote inside a
# comment starts no string, a "/*" inside a string starts no comment)
_STRING_OR_COMMENT = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|/\*.*?\*/""", re.S)
_STRING = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
# no space is needed around these, outside strings ("a > b" is "a>b"; a space before ":" is kept:
# ".x :is(...)" is a descendant, ".x:is(...)" is not; "+" and "-" are left alone for calc())
_AROUND = re.compile(r"\s*([{};,>])\s*")


def compact(css: str) -> str:
    """The stylesheet without its comments and the white space it does not need.

    Every rule keeps its meaning: strings are kept byte for byte, white space between words is
    kept (one space), and only the space around ``{ } ; , >`` and after ``:`` goes. The page then
    parses and sends less (bench/page_bench.py, first paint).
    """
    css = _STRING_OR_COMMENT.sub(lambda m: m.group(1) or "", css)
    parts = _STRING.split(css)
    for i in range(0, len(parts), 2):  # outside strings
        text = re.sub(r"\s+", " ", parts[i])
        text = _AROUND.sub(r"\1", text)
        parts[i] = re.sub(r":\s+", ":", text).replace(";}", "}")
    return "".join(parts).strip()


class InlineStyle:
    """The stylesheet, written into each page's <style> and allowed by its sha256 in the CSP.

    The first paint then waits on no second request (measured in bench/page_bench.py: the
    chapter list shows about a third sooner). Read again when the file changes.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock = Lock()
        self._stamp: int | None = None
        self._css = Markup("")
        self._hash = ""

    def _load(self) -> None:
        stamp = self.path.stat().st_mtime_ns
        with self._lock:
            if stamp != self._stamp:
                text = compact(self.path.read_text(encoding="utf-8"))
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                # our own file, never data: safe to write unescaped inside <style>
                self._css, self._hash, self._stamp = Markup(text), f"'sha256-{digest}'", stamp

    def css(self) -> Markup:
        self._load()
        return self._css

    def source(self) -> str:
        """The CSP source naming this stylesheet: ``'sha256-…'``."""
        self._load()
        return self._hash


STYLE = InlineStyle(STYLESHEET)
