"""Failed sign-ins, and when an address must wait before trying again, shared by every worker.

The policy (README, "Organisers' accounts"): limits must stop an attacker without ever locking
the organiser out.

- Per address: after ``ADDRESS_LIMIT`` failures within ``ADDRESS_WINDOW`` (any accounts), the
  address is refused (429) until the oldest of them leaves the window.
- Per account: the first ``ACCOUNT_FREE`` failures within ``ACCOUNT_WINDOW`` cost nothing; past
  them, an address that has failed recently must wait a delay that doubles with each further
  failure on the account (``DELAY_BASE`` seconds, capped at ``DELAY_CAP``), counted from its own
  last failure. An address with no recent failure is never delayed: the right password from the
  organiser's own computer signs in while the account is attacked from elsewhere. Many
  addresses, each a few tries, get one try each per ``DELAY_CAP`` once the account is attacked.
- A delay is an immediate 429 with ``Retry-After``, never a sleep: a sleeping worker thread
  would hand attackers the slow-client weakness.

gunicorn runs several processes, so the counts live in a SQLite file in the instance folder
(``login-attempts.sqlite3``), one row per failure. ``reserve`` checks and records the attempt in
one write transaction, so concurrent attempts cannot slip past between the two; a success then
takes its row back, with the earlier failures of that address on that account (it has proved it
knows the password). Memory is bounded: rows past the longest window go at every write, and
beyond ``MAX_ROWS`` the oldest go first (a flood forgets old failures, never refuses anyone).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

from player.organisers.store import opened

FILE_NAME = "login-attempts.sqlite3"
ADDRESS_LIMIT = 5  # failures from one address within ADDRESS_WINDOW; the next is refused
ADDRESS_WINDOW = 300.0  # seconds
ACCOUNT_FREE = 5  # failures on one account within ACCOUNT_WINDOW before delays start
ACCOUNT_WINDOW = 3600.0  # seconds
DELAY_BASE = 2.0  # seconds: the first delay past ACCOUNT_FREE, doubled at each failure
DELAY_CAP = 300.0  # seconds: the longest an address ever waits for one account
MAX_ROWS = 50_000  # failures kept at most (a few MB): more than the longest delay lets through

_SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (
    address TEXT NOT NULL, account TEXT NOT NULL, at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_address ON failures (address, at);
CREATE INDEX IF NOT EXISTS failures_account ON failures (account, at);
"""


class TooManyAttempts(Exception):
    """The attempt is refused, uncounted; ``retry_after`` is the wait in whole seconds."""

    def __init__(self, retry_after: float, reason: str):
        super().__init__(reason)
        self.retry_after = max(1, math.ceil(retry_after))
        self.reason = reason  # "adresse" or "compte", for the log and the tests


@dataclass(frozen=True)
class Policy:
    address_limit: int = ADDRESS_LIMIT
    address_window: float = ADDRESS_WINDOW
    account_free: int = ACCOUNT_FREE
    account_window: float = ACCOUNT_WINDOW
    delay_base: float = DELAY_BASE
    delay_cap: float = DELAY_CAP
    max_rows: int = MAX_ROWS

    def delay(self, account_failures: int) -> float:
        """How long an address that failed waits after its last failure, for an account
        with that many recent failures (0 while they are free)."""
        over = account_failures - self.account_free
        if over < 0:
            return 0.0
        return min(self.delay_base * 2.0 ** min(over, 64), self.delay_cap)


class Limiter:
    def __init__(self, instance_path: str | Path, policy: Policy = Policy()):
        self.path = Path(instance_path) / FILE_NAME
        self.policy = policy

    def reserve(self, address: str, account: str, now: float | None = None) -> int:
        """Count an attempt from ``address`` on ``account`` as a failure until it succeeds;
        the row's id, for ``succeeded``. TooManyAttempts (nothing counted) when it must wait.
        StoreError when the file cannot be used."""
        now = time.time() if now is None else now
        p = self.policy
        with opened(self.path, _SCHEMA) as db:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
            db.execute("DELETE FROM failures WHERE at <= ?",
                       (now - max(p.address_window, p.account_window),))
            recent = [at for (at,) in db.execute(
                "SELECT at FROM failures WHERE address = ? AND at > ? ORDER BY at DESC",
                (address, now - p.account_window))]
            in_window = [at for at in recent if at > now - p.address_window]
            if len(in_window) >= p.address_limit:
                db.execute("COMMIT")
                # free again when fewer than the limit are left in the window
                raise TooManyAttempts(in_window[p.address_limit - 1] + p.address_window - now,
                                      "adresse")
            if recent:  # an address that failed lately waits as long as the account says
                (on_account,) = db.execute(
                    "SELECT count(*) FROM failures WHERE account = ? AND at > ?",
                    (account, now - p.account_window)).fetchone()
                ready = recent[0] + p.delay(on_account)
                if now < ready:
                    db.execute("COMMIT")
                    raise TooManyAttempts(ready - now, "compte")
            row = db.execute("INSERT INTO failures VALUES (?, ?, ?)",
                             (address, account, now)).lastrowid
            # bounded: rowids grow with each insert, so the oldest rows have the smallest
            db.execute("DELETE FROM failures WHERE rowid <= ?", (row - p.max_rows,))
            db.execute("COMMIT")
        return row

    def succeeded(self, row: int, address: str, account: str) -> None:
        """The attempt was right: it and the address's earlier failures on that account are
        forgotten (a typo or two from the organiser's computer delays it no more)."""
        with opened(self.path, _SCHEMA) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM failures WHERE rowid = ?", (row,))
            db.execute("DELETE FROM failures WHERE address = ? AND account = ?",
                       (address, account))
            db.execute("COMMIT")
