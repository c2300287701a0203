"""Writing files so that a crash never leaves half of one in place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
