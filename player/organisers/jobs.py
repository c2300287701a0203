"""Background jobs that run ``flask set-recording`` for the organisers' recording page.

A request never resolves or downloads anything: ``start`` launches a small runner process
(``python -m player.organisers.jobs``, its own session) that runs the real command line,
``python -m flask --app app set-recording --webinar ID -- URL``, with the app's settings passed
as ``PLAYER_*`` variables, reads its output line by line and keeps the job's state in
``<instance>/jobs/<wid>.json`` (written atomically): ``running``, then ``done``, ``failed``
(the command's French error line) or ``interrupted`` (cancelled, or its runner died).

One job per webinar: the runner holds an exclusive ``flock`` on ``jobs/<wid>.lock`` for its
whole life (and so does the command, which inherits it), which the kernel releases however
they end, so a server restart never leaves a job "running" forever. The runner leads a process
group of its own, which holds every process of the job (player/media/process_groups.py):

- ``cancel`` sends SIGTERM to the group; set-recording stops cleanly on it (temporary files
  removed, data files untouched), and what still runs KILL_AFTER seconds later is killed;
- the command gets SIGTERM when its runner dies, even by ``kill -9`` (PR_SET_PDEATHSIG);
- while any process of a webinar's last job still runs, the job reads as running (``orphan``
  when its runner is gone), a new one is refused and "Annuler" stops it.
A running job whose lock is free and whose group is empty reads as interrupted.
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
from player.media import process_groups
from player.paths import ROOT

JOBS_DIR = "jobs"
KEPT_LINES = 40  # the end of the command's output kept in the status file
WRITE_EVERY = 0.2  # seconds between two status writes while output streams
PERCENT = re.compile(r"^Téléchargement : (\d{1,3}) %$")
STAGE = "Étape : "
ERROR = "erreur : "
FIRST_STAGE = "lecture de l'adresse"  # until set-recording prints its first stage line
KILL_AFTER = 5.0  # seconds a cancelled job's processes have to end on SIGTERM before SIGKILL
ORPHAN_STAGE = ("processus d'une tâche dont le superviseur s'est arrêté, encore actif : "
                "« Annuler » l'arrête")
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


def _runner_alive(pid, since=None) -> bool:
    """Whether ``pid`` is a live runner (not gone, not a zombie, not a reused pid)."""
    if not isinstance(pid, int) or pid <= 0 or not process_groups.alive(pid):
        return False
    if since is not None and process_groups.start_time(pid) != since:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return RUNNER_MARK in cmdline


def _processes(job: dict | None) -> list[int]:
    """The live processes of ``job``: its runner's group, started since the runner."""
    if not job:
        return []
    since = job.get("since")
    return process_groups.members(job.get("pid"), since if isinstance(since, int) else None)


def status(instance_path, wid: str) -> dict | None:
    """The job of ``wid`` as last written, or None. A "running" job whose runner is gone reads
    as running with ``orphan`` set while a process of it still runs, else as ``interrupted``."""
    _reap()
    job = _read(status_path(instance_path, wid))
    if job is None or job.get("state") != "running":
        return job
    pid = job.get("pid")
    if _locked(instance_path, wid) and (pid is None or _runner_alive(pid, job.get("since"))):
        return job
    if pid is not None and _processes(job):
        return {**job, "orphan": True, "stage": ORPHAN_STAGE, "percent": None}
    return {**job, "state": "interrupted", "error": INTERRUPTED}


def start(instance_path, webinars_dir, wid: str, url: str, mode: str | None = None) -> dict:
    """Start set-recording for ``wid`` in the background (``--mode`` when given); JobBusy if
    a job of this webinar, or any process of the last one, is still running."""
    command = [sys.executable, "-m", "flask", "--app", "app", "set-recording",
               "--webinar", wid, *(["--mode", mode] if mode else []), "--", url]
    env = {"PLAYER_WEBINARS_DIR": str(webinars_dir), "PLAYER_INSTANCE_PATH": str(instance_path)}
    return start_command(instance_path, wid, url, command, env)


def start_command(instance_path, wid: str, url: str, command: list[str],
                  env: dict[str, str] | None = None) -> dict:
    """Run ``command`` (with ``env`` added to this process's) as the job of ``wid``, its
    address being ``url``; JobBusy as for ``start``."""
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
        if _processes(_read(path)):  # the last job's runner is gone, not all of its processes
            raise JobBusy(wid)
        job = {"state": "running", "wid": wid, "url": url, "pid": None, "since": None,
               "started": time.time(), "ended": None, "lines": [], "stage": FIRST_STAGE,
               "percent": None, "error": None}
        _write(path, job)
        env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
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
    """Stop the running job of ``wid``; False when none is running.

    With its runner there, SIGTERM to the group: the runner records the end. An orphan (its
    runner gone) is stopped here, SIGKILL after KILL_AFTER seconds, and recorded as cancelled.
    """
    job = status(instance_path, wid)
    pid = job.get("pid") if job else None
    if not job or job.get("state") != "running" or not _processes(job):
        return False
    if not job.get("orphan"):
        try:
            os.killpg(pid, signal.SIGTERM)  # the runner leads its group: the command gets it too
        except ProcessLookupError:
            return False
        return True
    process_groups.stop(pid, job.get("since"), grace=KILL_AFTER)
    job.update(state="interrupted", error=CANCELLED, ended=time.time(), code=None)
    job.pop("orphan", None)
    _write(status_path(instance_path, wid), job)
    return True


# --- the runner: ``python -m player.organisers.jobs STATUS LOCK_FD -- COMMAND...`` ------------


def _others() -> list[int]:
    """The other processes of this runner's group (the command and what it started)."""
    return [pid for pid in process_groups.members(os.getpgrp()) if pid != os.getpid()]


def _follow(path: Path, lock_fd: int, command: list[str]) -> int:
    """Run ``command``, keep ``path`` up to date with its output; returns its exit code."""
    cancelled = False

    def stop(_signum, _frame):
        nonlocal cancelled
        cancelled = True  # the command, in the same group, got the signal too: let it clean up
        signal.alarm(int(KILL_AFTER))  # then whatever still runs is killed

    def kill_rest(_signum, _frame):
        process_groups.signal_members(_others(), signal.SIGKILL)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, kill_rest)
    job = _read(path) or {}
    job.update(pid=os.getpid(), since=process_groups.start_time(os.getpid()), state="running")
    # the command holds the lock too (a runner killed with -9 leaves it held until the command
    # ends) and gets SIGTERM when the runner dies, however it dies
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            errors="replace", bufsize=1, pass_fds=(lock_fd,),
                            preexec_fn=process_groups.die_with_parent())
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
    signal.alarm(0)
    process_groups.signal_members(_others(), signal.SIGKILL)  # nothing of the job outlives it
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
        return 0 if _follow(Path(path), int(fd), command) == 0 else 1
    finally:
        os.close(int(fd))  # the lock goes with it (it would at exit anyway)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
