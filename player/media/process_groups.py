"""A background job's processes, found by their process group in ``/proc`` (Linux).

A job's runner leads a session of its own, so every process it starts, and every process
those start, shares its process group id, its pid, unless one leaves on purpose (none of
ours does). A group outlives its leader: after a ``kill -9`` of the runner, ``members`` still
finds what it had started, and ``stop`` ends them. The start time (``since``, in clock ticks
since boot, as ``/proc/<pid>/stat`` gives it) tells the job's processes from later ones that
could reuse a number.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name: state, ppid, pgrp, …"""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot), or None when it is gone."""
    fields = _stat(pid)
    return int(fields[19]) if fields and len(fields) > 19 else None


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    fields = _stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def members(pgid: int | None, since: int | None = None) -> list[int]:
    """The live processes of group ``pgid`` started at ``since`` or later."""
    if not isinstance(pgid, int) or pgid <= 1:
        return []
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if (not fields or len(fields) < 20 or fields[0] in ("Z", "X") or int(fields[2]) != pgid
                or (since is not None and int(fields[19]) < since)):
            continue
        found.append(int(entry.name))
    return found


def signal_members(pids: list[int], signum: int) -> None:
    """Send ``signum`` to each of ``pids`` that is still there."""
    for pid in pids:
        try:
            os.kill(pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def stop(pgid: int, since: int | None, *, grace: float = 5.0, spare: int | None = None) -> bool:
    """End group ``pgid``: SIGTERM (each program cleans up), then SIGKILL for what still runs
    after ``grace`` seconds. ``spare``: a pid left alone (the caller, when it is a member).
    Returns whether the group is empty (``spare`` aside)."""
    def others() -> list[int]:
        return [pid for pid in members(pgid, since) if pid != spare]

    signal_members(others(), signal.SIGTERM)
    limit = time.monotonic() + grace
    while others() and time.monotonic() < limit:
        time.sleep(0.05)
    signal_members(others(), signal.SIGKILL)
    limit = time.monotonic() + 2.0  # the kernel takes a moment to tear a process down
    while others() and time.monotonic() < limit:
        time.sleep(0.02)
    return not others()


def die_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets ``signum`` when the process
    that started it dies, however it dies (PR_SET_PDEATHSIG), and at once if it already has."""
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork, not in the child
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # died between the fork and the prctl
            os.kill(os.getpid(), signum)

    return preexec
