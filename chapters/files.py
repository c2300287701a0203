"""Files: written so that a crash never leaves half of one in place, read once per version."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from chapters.bounded import BoundedCache


def write_atomic(path: Path, data: str | bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it.

    Readers see the old file or the new one, never a part; the folder is created if needed.
    ``mode`` is set before the rename (0o600 for secrets: never readable by others, even briefly).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp's 0600 would hide data files from a separate web server: 0644 by default
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_versioned_json(path: Path, version: int, error: type[Exception], what: str) -> dict | None:
    """The JSON document at ``path``, written as ``{"version": version, ...}``; None when there
    is no file. ``error`` (French, naming the file) when it cannot be read, is not JSON or is of
    another version; ``what`` names the file in that message ("fichier des diapositives")."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path} : illisible ({problem.__class__.__name__})") from None
    try:
        data = json.loads(raw)
        found = data.get("version")
    except (ValueError, AttributeError) as problem:
        raise error(f"{path} : {what} abîmé ({problem})") from None
    if found != version:
        raise error(f"{path} : version {found!r} inconnue")
    return data


class StampCache:
    """Values read from files, each kept until its file's stamp (modification time, size…)
    changes, for at most ``entries`` files (least recently used first out). Thread-safe; two
    threads missing at once may both read, and either result is kept."""

    def __init__(self, entries: int = 64, *, name: str = "") -> None:
        self._items = BoundedCache(entries, name=name)

    def get(self, key: Hashable, stamp: Any, load: Callable[[], Any]) -> Any:
        """The value kept for ``key`` at ``stamp``, else ``load()`` (kept for next time)."""
        found = self._items.get(key)
        if found is not None and found[0] == stamp:
            return found[1]
        value = load()
        self._items.put(key, (stamp, value))
        return value

    def __len__(self) -> int:
        return len(self._items)

    @property
    def entries(self) -> int:
        return self._items.entries
