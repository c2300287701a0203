"""The server exactly as ``scripts/run`` starts it (nginx in front, gunicorn on a socket), on a free
port of 127.0.0.1, with a given data folder and instance folder; and raw sockets bound to a
chosen loopback source address (all of 127.0.0.0/8 is this machine on Linux)."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

WATCH = "/w/2021-05-04"
RECORDING = "/w/2021-05-04/media/demo.mp4"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN = Path(sys.executable).with_name("gunicorn")


def start_gunicorn(webinars: Path, workers: int, threads: int,
                   stdout=subprocess.DEVNULL) -> tuple[int, subprocess.Popen]:
    """gunicorn alone, with gunicorn.conf.py, on a free port of 127.0.0.1 serving ``webinars``
    (no PLAYER_ or GUNICORN_ setting from outside); returns (port, process) once it accepts
    connections, or fails the test with its output after 30 s. The caller stops it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAYER_", "GUNICORN_"))}
    env.update(PLAYER_WEBINARS_DIR=str(webinars), GUNICORN_WORKERS=str(workers),
               GUNICORN_THREADS=str(threads))
    if os.environ.get("PLAYER_INSTANCE_PATH"):  # the tests' own instance folder (conftest), never
        env["PLAYER_INSTANCE_PATH"] = os.environ["PLAYER_INSTANCE_PATH"]  # the repository's
    proc = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--pythonpath", str(ROOT), "--chdir", str(ROOT)],
        cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return port, proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out, err = proc.communicate(timeout=10)
                pytest.fail(f"gunicorn did not start:\n{out or ''}\n{err}")
            time.sleep(0.2)


def copy_webinars(target: Path) -> Path:
    """A copy of the repository's webinars with the stand-in recording made first (instant when
    up to date), so scripts/run's own demo-recording finds it done."""
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "app", "demo-recording"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=600)
    shutil.copytree(ROOT / "webinars", target)
    return target


@dataclass
class Front:
    base: str
    port: int
    proc: subprocess.Popen
    output: list[str]  # scripts/run's stdout lines so far


def run_env(webinars: Path, instance: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAYER_", "GUNICORN_"))}
    env.update(PORT=str(port), PLAYER_WEBINARS_DIR=str(webinars), PLAYER_INSTANCE_PATH=str(instance))
    return env


@contextmanager
def running_front(webinars: Path, instance: Path, timeout: float = 120):
    """``scripts/run`` on a free port until the block ends, then SIGTERM (as Ctrl+C's trap)."""
    port = free_port()
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "run")], cwd=ROOT, env=run_env(webinars, instance, port),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    output: list[str] = []
    ready = threading.Event()

    def read():
        for line in proc.stdout:
            output.append(line)
            if line.startswith("Lecteur servi sur"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.2):
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            reader.join(5)
            error = proc.stderr.read()
            proc.stdout.close()
            proc.stderr.close()
            raise RuntimeError(f"scripts/run did not start: {''.join(output)}\n{error}")
    try:
        yield Front(base=f"http://127.0.0.1:{port}", port=port, proc=proc, output=output)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        reader.join(5)
        proc.stdout.close()
        proc.stderr.close()


def connect_from(source: str, port: int, timeout: float = 5, rcvbuf: int | None = None) -> socket.socket:
    """A TCP connection to 127.0.0.1:port whose source address is ``source`` (127.0.0.x)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.settimeout(timeout)
        sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


def request_bytes(path: str, port: int, extra: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n".encode()


def get_from(source: str, port: int, path: str, timeout: float = 10, extra: str = "") -> tuple[int, bytes]:
    """One GET over a fresh connection from ``source``: (status, whole answer), Connection: close."""
    with connect_from(source, port, timeout) as sock:
        sock.sendall(request_bytes(path, port, "Connection: close\r\n" + extra))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    return int(answer.split(b" ", 2)[1]), answer


def slow_header_client(source: str, port: int, stop: threading.Event, closed_after: list[float]):
    """Send a request's header one byte every two seconds; when nginx closes the connection,
    note after how long and start again (as an attacker would)."""
    header = request_bytes(WATCH, port, "X-Slow: " + "a" * 200 + "\r\n")
    while not stop.is_set():
        try:
            sock = connect_from(source, port)
        except OSError:
            time.sleep(0.2)
            continue
        opened = time.monotonic()
        with sock:
            for byte in header:
                try:
                    sock.send(bytes([byte]))
                except OSError:
                    break
                readable, _, _ = select.select([sock], [], [], 2)
                if readable:  # nginx closed it (or answered 408): the header came too slowly
                    try:
                        sock.recv(4096)
                    except OSError:
                        pass
                    break
                if stop.is_set():
                    return
            else:
                continue
            closed_after.append(time.monotonic() - opened)


def slow_reader(source: str, port: int, stop: threading.Event, statuses: list[int], read: list[int]):
    """Ask for the whole recording and read it at 1 KB/s through a small receive buffer."""
    try:
        sock = connect_from(source, port, timeout=10, rcvbuf=4096)
    except OSError as error:
        statuses.append(f"connect: {error}")
        return
    with sock:
        sock.sendall(request_bytes(RECORDING, port))
        first = sock.recv(1024)
        match = re.match(rb"HTTP/1\.1 (\d{3})", first)
        statuses.append(int(match.group(1)) if match else repr(first[:40]))
        total = len(first)
        while not stop.wait(1):
            try:
                chunk = sock.recv(1024)
            except OSError:
                break
            if not chunk:
                break
            total += len(chunk)
        read.append(total)
