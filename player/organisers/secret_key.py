"""The key that signs session cookies: from the settings, else made once in the instance folder.

``instance/secret_key`` (mode 0600, never in the repository) is written whole under a temporary
name, then linked to its final name: the link fails if the name exists (as O_EXCL would), so
when several gunicorn workers start together one wins and the others read the winner's key.
"""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from pathlib import Path

FILE_NAME = "secret_key"
MIN_LENGTH = 32  # characters of a usable key


class SecretKeyError(RuntimeError):
    pass


def _read(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(
            f"{path} : clé trop courte ({MIN_LENGTH} caractères au moins) ; supprimez ce "
            "fichier pour qu'une clé soit créée"
        )
    return key


def instance_secret_key(instance_path: str | Path) -> str:
    """The key in ``<instance>/secret_key``, created (0600, atomically, once) if missing."""
    path = Path(instance_path) / FILE_NAME
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{FILE_NAME}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)  # atomic and exclusive: complete when visible, never replaced
        except OSError as error:
            if error.errno != errno.EEXIST:
                raise
    finally:
        os.unlink(tmp)
    return _read(path)  # ours, or the one another process made first
