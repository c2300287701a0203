"""Organisers' sessions kept on the server, so that signing out really ends one.

The signed cookie alone cannot be taken back: a copy saved before sign-out would open the
organisers' pages until it expires. So each sign-in starts a session here, in
``instance/sessions.sqlite3`` (shared by every worker), and the cookie carries its random id; a
request counts as signed in only while that row exists, is under 8 hours old, and was started
with the account's current password:

- signing out deletes this session only (this device: a shared computer's sign-out leaves the
  organiser's own laptop signed in; a stolen copy of this cookie is this session and ends too);
- changing a password or removing an account ends every session of that account: each row holds
  a stamp of the password hash it was started under, checked on every request, so even a
  sign-in racing the change, or an accounts file restored by hand, cannot keep an old one alive
  (``forget_account`` also deletes the rows, as tidying);
- the store stays small: expired rows go at each sign-in, and an account keeps its
  ``MAX_PER_ACCOUNT`` newest sessions.

The table holds a sha256 of each id, never the id itself: reading the file opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from pathlib import Path

from player.organisers.store import StoreError, opened

FILE_NAME = "sessions.sqlite3"
LIFETIME = timedelta(hours=8)
MAX_PER_ACCOUNT = 20  # sessions an account keeps at once; the oldest go first

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, email TEXT NOT NULL, stamp TEXT NOT NULL, started REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_email ON sessions (email, started);
"""


def _path(instance_path: str | Path) -> Path:
    return Path(instance_path) / FILE_NAME


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def stamp(password_hash: str) -> str:
    """What a session remembers of the password it was started under."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:32]


def start(instance_path: str | Path, email: str, password_hash: str,
          now: float | None = None) -> str:
    """A new session for ``email``: its id, for the cookie. StoreError when it cannot be kept."""
    now = time.time() if now is None else now
    session_id = secrets.token_urlsafe(32)
    with opened(_path(instance_path), _SCHEMA) as db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM sessions WHERE started <= ?", (now - LIFETIME.total_seconds(),))
        db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                   (_digest(session_id), email, stamp(password_hash), now))
        db.execute(
            "DELETE FROM sessions WHERE email = ? AND id NOT IN "
            "(SELECT id FROM sessions WHERE email = ? ORDER BY started DESC LIMIT ?)",
            (email, email, MAX_PER_ACCOUNT),
        )
        db.execute("COMMIT")
    return session_id


def is_open(instance_path: str | Path, session_id: str, email: str, password_hash: str,
            now: float | None = None) -> bool:
    """True while the session exists, belongs to ``email``, is under 8 hours old and was
    started with the password whose hash is ``password_hash``."""
    if not isinstance(session_id, str) or not session_id:
        return False
    now = time.time() if now is None else now
    with opened(_path(instance_path), _SCHEMA) as db:
        row = db.execute("SELECT email, stamp, started FROM sessions WHERE id = ?",
                         (_digest(session_id),)).fetchone()
    if row is None:
        return False
    owner, remembered, started = row
    return (owner == email and remembered == stamp(password_hash)
            and started > now - LIFETIME.total_seconds())


def end(instance_path: str | Path, session_id: str) -> None:
    """Sign-out: this session is over, wherever its cookie is."""
    if isinstance(session_id, str) and session_id:
        with opened(_path(instance_path), _SCHEMA) as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (_digest(session_id),))


def end_all(instance_path: str | Path, email: str) -> int:
    """Every session of ``email`` is over; how many there were."""
    with opened(_path(instance_path), _SCHEMA) as db:
        return db.execute("DELETE FROM sessions WHERE email = ?", (email,)).rowcount


def forget_account(instance_path: str | Path, email: str) -> None:
    """Tidying after a password change or a removal: the rows go when the file can be written.
    When it cannot, nothing is lost: those sessions' stamps no longer match, so they are refused."""
    if not _path(instance_path).exists():
        return
    try:
        end_all(instance_path, email)
    except StoreError:
        pass

