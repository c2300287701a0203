"""Attack case "flood": 20,000 distinct made-up static addresses, and the workers' memory.

    .venv/bin/python bench/attack_flood.py BASE DATA_DIR     (alone, against a running server)

Asks ``/static/<made-up version>/js/pages.js`` (a file under 512 bytes: before the fix each such
address was a new cache entry of about 470 bytes in a worker) with ``Accept-Encoding: gzip``,
20,000 times, each with another version, over 4 keep-alive connections; prints the answers'
codes, the requests per second and the growth of the gunicorn workers' resident memory (VmRSS
in /proc/<pid>/status, before and after).

The workers are found through /proc: processes whose command line names gunicorn and whose
environment holds ``PLAYER_WEBINARS_DIR=<the target's data folder>`` (bench/attack starts each
server on its own copy of the webinars, so this names that server's processes only); the
workers are those among them whose parent is one of them too (the master). Reading another
process's environment needs the same user (or root).
"""

from __future__ import annotations

import http.client
import re
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

REQUESTS = 20_000
CONNECTIONS = 4
DEADLINE = 50.0  # seconds: the flood stops there, whatever it has sent
RSS_LIMIT = 5 * 1024 * 1024  # the "within 5 MB after 20,000 distinct static paths"


def _proc_file(pid: str, name: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""


def gunicorn_workers(data_dir: Path) -> list[int]:
    """The pids of the gunicorn workers serving ``data_dir`` (see the module's docstring)."""
    mark = f"PLAYER_WEBINARS_DIR={data_dir}".encode()
    found: dict[int, int] = {}  # pid -> parent pid
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or b"gunicorn" not in _proc_file(entry.name, "cmdline"):
            continue
        if mark not in _proc_file(entry.name, "environ").split(b"\0"):
            continue
        status = _proc_file(entry.name, "status").decode(errors="replace")
        parent = re.search(r"^PPid:\s+(\d+)", status, re.M)
        if parent:
            found[int(entry.name)] = int(parent.group(1))
    return sorted(pid for pid, parent in found.items() if parent in found)


def rss(pid: int) -> int | None:
    found = re.search(r"^VmRSS:\s+(\d+) kB", _proc_file(str(pid), "status").decode(errors="replace"), re.M)
    return int(found.group(1)) * 1024 if found else None


def current_version(host: str, port: int) -> str:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", "/")
        page = conn.getresponse().read().decode("utf-8", "replace")
    finally:
        conn.close()
    found = re.search(r'"/static/([0-9a-f]{12})/', page)
    return found.group(1) if found else ""


def _flood(host: str, port: int, versions, codes: dict[int, int], lock: threading.Lock,
           deadline: float) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        for n in versions:
            if time.monotonic() > deadline:
                return
            conn.request("GET", f"/static/{n:012x}/js/pages.js", headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            with lock:
                codes[response.status] = codes.get(response.status, 0) + 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
    except OSError as error:
        with lock:
            codes[-1] = codes.get(-1, 0) + 1
        print(f"attack_flood: connection failed: {error}", file=sys.stderr)
    finally:
        conn.close()


def flood(host: str, port: int, current: str, first: int = 1) -> tuple[dict[int, int], float]:
    """REQUESTS made-up versions (never ``current``) over CONNECTIONS connections: the codes
    answered (-1 for a connection that failed) and the seconds it took."""
    codes: dict[int, int] = {}
    lock = threading.Lock()
    versions = [n for n in range(first, first + REQUESTS + 1) if f"{n:012x}" != current][:REQUESTS]
    began = time.monotonic()
    threads = [
        threading.Thread(target=_flood, args=(host, port, versions[i::CONNECTIONS], codes, lock,
                                              began + DEADLINE))
        for i in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes, time.monotonic() - began


def run(target) -> list[tuple[str, str, str]]:
    parts = urlsplit(target.base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    current = current_version(host, port)
    workers = gunicorn_workers(Path(target.data_dir))
    # settle first: the workers' first requests of this kind allocate what any would
    _flood(host, port, range(10 * REQUESTS, 10 * REQUESTS + 500), {}, threading.Lock(),
           time.monotonic() + 10)
    before = {pid: rss(pid) for pid in workers}
    codes, seconds = flood(host, port, current)
    after = {pid: rss(pid) for pid in workers}
    sent = sum(codes.values())
    answered = ", ".join(f"{code}: {count}" for code, count in sorted(codes.items()))
    never_200 = 200 not in codes and -1 not in codes and sent == REQUESTS
    rate = f"{sent} in {seconds:.1f} s ({sent / seconds:.0f} req/s)"
    rows = [
        ("flood: distinct made-up static addresses", rate,
         f"{REQUESTS} within {DEADLINE:.0f} s: {'met' if sent == REQUESTS else 'NOT met'}"),
        ("flood: answers", answered,
         f"redirect or 404, never a 200 nor a failure: {'met' if never_200 else 'NOT met'}"),
    ]
    measured = {pid: after[pid] - before[pid] for pid in workers
                if before.get(pid) is not None and after.get(pid) is not None}
    if measured:
        worst = max(measured.values())
        each = ", ".join(f"{g / 1e6:+.2f}" for g in measured.values())
        rows.append(("flood: worker RSS growth (MB, each worker)", each,
                     f"within 5 MB: {'met' if worst < RSS_LIMIT else 'NOT met'}"))
    else:
        rows.append(("flood: worker RSS growth", "no gunicorn worker found in /proc",
                     "within 5 MB: not measured"))
    return rows


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: bench/attack_flood.py BASE DATA_DIR", file=sys.stderr)
        return 2
    target = SimpleNamespace(base=sys.argv[1].rstrip("/"), data_dir=Path(sys.argv[2]).resolve())
    for figure, measured, verdict in run(target):
        print(f"| {figure} | {measured} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
