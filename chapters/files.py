"""Files: written so that a crash never leaves half of one in place, read once per version."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from threading import Lock
from typing import Any


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


class StampCache:
    """Values read from files, each kept until its file's stamp (modification time, size…)
    changes. Thread-safe; two threads missing at once may both read, and either result is kept."""

    def __init__(self) -> None:
        self._items: dict[Hashable, tuple[Any, Any]] = {}
        self._lock = Lock()

    def get(self, key: Hashable, stamp: Any, load: Callable[[], Any]) -> Any:
        """The value kept for ``key`` at ``stamp``, else ``load()`` (kept for next time)."""
        with self._lock:
            found = self._items.get(key)
        if found is not None and found[0] == stamp:
            return found[1]
        value = load()
        with self._lock:
            self._items[key] = (stamp, value)
        return value
