"""Slow clients against the server as scripts/run starts it: 40 sending their headers a byte every
two seconds and 40 reading the recording at 1 KB/s, spread over 127.0.0.2-21, while the watch page is
asked from 127.0.0.1 twice a second. Run by bench/attack (``run(target)``), or alone against a
running server: ``.venv/bin/python bench/attack_slow.py http://127.0.0.1:5000``."""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# the same slow clients as the test of the front (tests/player/site/test_front.py)
from tests.support.front import WATCH, get_from, slow_header_client, slow_reader  # noqa: E402

HEADER_CLIENTS = 40
SLOW_READERS = 40
SECONDS = 15


def _page_time(port: int) -> tuple[float, int]:
    started = time.monotonic()
    try:
        status, _ = get_from("127.0.0.1", port, WATCH)
    except (OSError, IndexError, ValueError):
        status = 0
    return time.monotonic() - started, status


def run(target) -> list[tuple[str, str, str]]:
    """The watch page's latency during the attack (p50, max, every answer a 200), and how soon
    nginx closed the slow headers."""
    port = urlsplit(target.base).port
    calm = [_page_time(port)[0] for _ in range(10)]
    stop = threading.Event()
    closed_after: list[float] = []
    statuses: list = []
    read: list[int] = []
    threads = [threading.Thread(target=slow_header_client, daemon=True,
                                args=(f"127.0.0.{2 + i % 20}", port, stop, closed_after))
               for i in range(HEADER_CLIENTS)]
    threads += [threading.Thread(target=slow_reader, daemon=True,
                                 args=(f"127.0.0.{2 + i % 20}", port, stop, statuses, read))
                for i in range(SLOW_READERS)]
    for thread in threads:
        thread.start()
    answers = []
    try:
        time.sleep(2)
        deadline = time.monotonic() + SECONDS - 2
        while time.monotonic() < deadline:
            answers.append(_page_time(port))
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    times = [seconds for seconds, _ in answers]
    failed = sum(status != 200 for _, status in answers)
    worst = max(times)
    ok = worst < 1 and failed == 0
    served = sum(status in (200, 206) for status in statuses)
    return [
        ("slow clients: watch page p50 / max, calm", f"{statistics.median(calm) * 1000:.0f} / "
         f"{max(calm) * 1000:.0f} ms", ""),
        (f"slow clients ({HEADER_CLIENTS} headers at 1 byte / 2 s, {SLOW_READERS} readers at 1 KB/s): "
         f"watch page p50 / max over {len(times)} requests, non-200",
         f"{statistics.median(times) * 1000:.0f} / {worst * 1000:.0f} ms, {failed}",
         f"every one within 1 s: {'met' if ok else 'NOT met'}"),
        ("slow readers being served (200/206)", f"{served} of {SLOW_READERS}", ""),
        ("slow headers closed by nginx after (min / max)",
         f"{min(closed_after):.1f} / {max(closed_after):.1f} s" if closed_after else "none closed",
         "client_header_timeout 10 s"),
    ]


if __name__ == "__main__":
    for row in run(SimpleNamespace(base=sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000")):
        print(" | ".join(row))
