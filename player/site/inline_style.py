"""The page's stylesheet, inlined into each page and allowed by its hash."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from threading import Lock

from markupsafe import Markup

from player.paths import STATIC

STYLESHEET = STATIC / "css" / "player.css"


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
                text = self.path.read_text(encoding="utf-8")
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


STYLE = InlineStyle(STYLESHEET)
