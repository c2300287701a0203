"""Background jobs that run ``flask set-recording`` for the organisers' recording page.

A request never resolves or downloads anything: ``start`` launches a small runner process
(``python -m player.organisers.jobs``, its own session) that runs the real command line,
``python -m flask --app app set-recording --webinar ID -- URL``, with the app's settings passed
as ``PLAYER_*`` variables, reads its output line by line and keeps the job's state in
``<instance>/jobs/<wid>.json`` (written atomically): ``running``, then ``done``, ``failed``
(the command's French error line) or ``interrupted`` (cancelled, or its runner died).

One job per webinar: the runner holds an exclusive ``flock`` on ``jobs/<wid>.lock`` for its
whole life, which the kernel releases however it ends, so a server restart never leaves a
job "running" forever: a job whose lock is free or whose runner's pid is gone reads as
interrupted. ``cancel`` sends SIGTERM to the runner's process group; set-recording stops
cleanly on it (temporary files removed, data files untouched).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from chapters.files import write_atomic
from player.paths import ROOT

JOBS_DIR = "jobs"
KEPT_LINES = 40  # the end of the command's output kept in the status file
WRITE_EVERY = 0.2  # seconds between two status writes while output streams
PERCENT = re.compile(r"^Téléchargement : (\d{1,3}) %$")
STAGE = "Étape : "
ERROR = "erreur : "
FIRST_STAGE = "lecture de l'adresse"  # until set-recording prints its first stage line
RUNNER_MODULE = "player.organisers.jobs"  # this module, run as the job's runner with -m
RUNNER_MARK = RUNNER_MODULE.encode()  # found in the runner's command line (/proc/<pid>/cmdline)

INTERRUPTED = ("Tâche interrompue avant sa fin (serveur redémarré ou processus arrêté) ; "
               "l'enregistrement précédent reste en place.")
CANCELLED = "Annulé à la demande d'un organisateur ; l'enregistrement précédent reste en place."
NOT_STARTED = "La commande n'a pas pu être lancée ; l'enregistrement précédent reste en place."

_children: list[subprocess.Popen] = []  # runners started by this process, reaped when done


class JobBusy(Exception):
    """A job is already running for this webinar."""


def status_path(instance_path: str | os.PathLike, wid: str) -> Path:
    return Path(instance_path) / JOBS_DIR / f"{wid}.json"


def _lock_path(instance_path: str | os.PathLike, wid: str) -> Path:
    return Path(instance_path) / JOBS_DIR / f"{wid}.lock"


def _write(path: Path, job: dict) -> None:
    write_atomic(path, json.dumps(job, ensure_ascii=False, indent=1), mode=0o600)


def _read(path: Path) -> dict | None:
    try:
        job = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return job if isinstance(job, dict) else None


def _reap() -> None:
    """Collect the runners of this process that have ended (no zombies left behind)."""
    _children[:] = [p for p in _children if p.poll() is None]


def _locked(instance_path, wid: str) -> bool:
    """Whether a runner holds the webinar's lock now."""
    try:
        fd = os.open(_lock_path(instance_path, wid), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the lock just taken
    return False


def _runner_alive(pid) -> bool:
    """Whether ``pid`` is a live runner (not gone, not a zombie, not a reused pid)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z" and RUNNER_MARK in cmdline


def status(instance_path, wid: str) -> dict | None:
    """The job of ``wid`` as last written, or None; a "running" job whose runner is gone
    (lock free, or its pid dead) reads as ``interrupted``."""
    _reap()
    job = _read(status_path(instance_path, wid))
    if job is None or job.get("state") != "running":
        return job
    pid = job.get("pid")
    if _locked(instance_path, wid) and (pid is None or _runner_alive(pid)):
        return job
    return {**job, "state": "interrupted", "error": INTERRUPTED}


def start(instance_path, webinars_dir, wid: str, url: str, mode: str | None = None) -> dict:
    """Start set-recording for ``wid`` in the background (``--mode`` when given); JobBusy if
    one is running."""
    _reap()
    folder = Path(instance_path) / JOBS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(_lock_path(instance_path, wid), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobBusy(wid) from None
        path = status_path(instance_path, wid)
        job = {"state": "running", "wid": wid, "url": url, "pid": None, "started": time.time(),
               "ended": None, "lines": [], "stage": FIRST_STAGE, "percent": None, "error": None}
        _write(path, job)
        command = [sys.executable, "-m", "flask", "--app", "app", "set-recording",
                   "--webinar", wid, *(["--mode", mode] if mode else []), "--", url]
        env = {**os.environ, "PLAYER_WEBINARS_DIR": str(webinars_dir),
               "PLAYER_INSTANCE_PATH": str(instance_path), "PYTHONUNBUFFERED": "1"}
        try:
            # the lock's descriptor goes to the runner, which keeps the lock until it ends
            runner = subprocess.Popen(
                [sys.executable, "-m", RUNNER_MODULE, str(path), str(fd), "--", *command],
                # ROOT: where ``--app app`` is found
                cwd=ROOT, env=env, pass_fds=(fd,), start_new_session=True,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        except OSError:
            job.update(state="failed", error=NOT_STARTED, ended=time.time())
            _write(path, job)
            raise
        _children.append(runner)
        return job
    finally:
        os.close(fd)


def cancel(instance_path, wid: str) -> bool:
    """Send SIGTERM to the running job of ``wid``; False when none is running."""
    job = status(instance_path, wid)
    pid = job.get("pid") if job else None
    if not job or job.get("state") != "running" or not _runner_alive(pid):
        return False
    try:
        os.killpg(pid, signal.SIGTERM)  # the runner leads its group: the command gets it too
    except ProcessLookupError:
        return False
    return True


# --- the runner: ``python -m player.organisers.jobs STATUS LOCK_FD -- COMMAND...`` ------------


def _follow(path: Path, command: list[str]) -> int:
    """Run ``command``, keep ``path`` up to date with its output; returns its exit code."""
    cancelled = False

    def stop(_signum, _frame):
        nonlocal cancelled
        cancelled = True  # the command, in the same group, got the signal too: let it clean up

    signal.signal(signal.SIGTERM, stop)
    job = _read(path) or {}
    job.update(pid=os.getpid(), state="running")
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            errors="replace", bufsize=1)
    _write(path, job)
    lines: list[str] = []
    written = time.monotonic()
    for raw in proc.stdout:
        line = " ".join(raw.split())
        if not line:
            continue
        lines.append(line)
        if match := PERCENT.match(line):
            job["percent"] = min(int(match.group(1)), 100)
        if line.startswith(STAGE):
            job["stage"] = line[len(STAGE):]
        job["lines"] = lines[-KEPT_LINES:]
        if time.monotonic() - written >= WRITE_EVERY:
            _write(path, job)
            written = time.monotonic()
    code = proc.wait()
    errors = [line for line in lines if line.startswith(ERROR)]
    job["lines"] = lines[-KEPT_LINES:]
    job["ended"] = time.time()
    job["code"] = code
    if code == 0:
        job.update(state="done", error=None, percent=job["percent"] and 100)
    elif cancelled:
        job.update(state="interrupted", error=CANCELLED)
    else:
        job.update(state="failed",
                   error=errors[-1][len(ERROR):] if errors else f"la commande a échoué (code {code})")
    _write(path, job)
    return code


def main(argv: list[str]) -> int:
    path, fd, separator, *command = argv
    assert separator == "--" and command
    try:
        return 0 if _follow(Path(path), command) == 0 else 1
    finally:
        os.close(int(fd))  # the lock goes with it (it would at exit anyway)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
