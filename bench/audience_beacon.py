"""Bench of one audience beacon, server side: how long counting it takes.

Run it from the project folder (it prints figures; it is not a test, asserts nothing and exits 0
even when a target is missed):

    .venv/bin/python bench/audience_beacon.py [--beacons 2000] [--webinar 2021-05-04]

In a temporary folder (a copy of the webinars, a fresh instance folder) it sends ``--beacons``
beacons as viewers would: views of 4 to 8 beacons each, a beacon every 3 minutes of wall time
carrying about 3 minutes of the recording played (sometimes with a seek, sometimes a chapter,
question or search opened). It prints median, 95th percentile and max, in milliseconds, of:

1. ``AudienceStore.record`` alone (the SQLite transaction: the view's state read and written,
   the day's two histograms read and written, the chapters' counts);
2. ``POST /audience/beacon`` through the Flask app (test client, the per-connection limits set
   high enough to count every beacon): reading, checks, the webinar's shape, the store.

With each, the CPU time the thread used (``time.thread_time``), which a busy machine disturbs far
less than the wall time. Target: less than 2 ms per beacon (issue 18, "Cheap").
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from chapters.audience import AudienceStore, parse_beacon, shape_of  # noqa: E402
from chapters.store import load_webinar  # noqa: E402

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
TARGET_MS = 2.0


def beacons(count: int, webinar, rng: random.Random):
    """(body, seconds of wall time since the view's first beacon) for ``count`` beacons."""
    duration = webinar.duration
    chapters = [c.id for c in webinar.chapters]
    questions = [q.id for q in webinar.questions] or chapters
    made, view = [], 0
    while len(made) < count:
        view += 1
        vid = f"bench{view:017d}"
        position = rng.uniform(0, duration * 0.8)
        for seq in range(rng.randint(4, 8)):
            played = []
            if seq:
                start = position
                if rng.random() < 0.3:  # a seek halfway through
                    played.append([round(start, 1), round(start + 60, 1)])
                    start = rng.uniform(0, duration - 200)
                    played.append([round(start, 1), round(start + 120, 1)])
                else:
                    played.append([round(start, 1), round(min(duration, start + 180), 1)])
                position = played[-1][1]
            opened = []
            if rng.random() < 0.3:
                opened.append(["chapter", rng.choice(chapters)])
            if rng.random() < 0.2:
                opened.append(["question", rng.choice(questions)])
            if rng.random() < 0.1:
                opened.append(["search", rng.choice(["insertion", "logement social", "régie"])])
            body = {"v": 1, "w": webinar.id, "view": vid, "seq": seq, "played": played,
                    "opened": opened, "final": seq == 7}
            made.append((json.dumps(body), 180.0 * seq))
    return made[:count]


def figures(label: str, times: list[float], cpu: list[float]) -> None:
    times = sorted(t * 1000 for t in times)
    cpu = sorted(t * 1000 for t in cpu)
    p95 = times[int(0.95 * (len(times) - 1))]
    verdict = "met" if p95 < TARGET_MS else "NOT met"
    print(f"{label}: median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms, "
          f"max {times[-1]:.3f} ms ({len(times)} beacons) -- p95 < {TARGET_MS} ms: {verdict}")
    print(f"   CPU time of the thread: median {statistics.median(cpu):.3f} ms, "
          f"p95 {cpu[int(0.95 * (len(cpu) - 1))]:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beacons", type=int, default=2000)
    parser.add_argument("--webinar", default="2021-05-04")
    args = parser.parse_args()
    rng = random.Random(18)
    with tempfile.TemporaryDirectory(prefix="audience-bench-") as folder:
        folder = Path(folder)
        shutil.copytree(ROOT / "webinars", folder / "webinars", ignore=shutil.ignore_patterns("media"))
        webinar = load_webinar(folder / "webinars" / args.webinar)
        shape = shape_of(webinar)
        sent = beacons(args.beacons, webinar, rng)

        store = AudienceStore(folder / "store" / "audience.sqlite")
        today, start = date.today(), 1_000_000.0
        times, cpu = [], []
        for body, after in sent:
            parsed = parse_beacon(body.encode())
            began, began_cpu = time.perf_counter(), time.thread_time()
            store.record(parsed, shape, day=today, now=start + after)
            times.append(time.perf_counter() - began)
            cpu.append(time.thread_time() - began_cpu)
        figures("1. AudienceStore.record", times, cpu)

        app = create_app({"WEBINARS_DIR": str(folder / "webinars"),
                          "AUDIENCE_RATE": {"beacons_per_minute": 10**9, "views_per_hour": 10**9}},
                         instance_path=str(folder / "instance"))
        client = app.test_client()
        headers = {"User-Agent": CHROME}
        client.post("/audience/beacon", data=sent[0][0], content_type="text/plain", headers=headers)
        times, cpu = [], []
        for body, _ in sent[1:]:
            began, began_cpu = time.perf_counter(), time.thread_time()
            answer = client.post("/audience/beacon", data=body,
                                 content_type="text/plain;charset=UTF-8", headers=headers)
            times.append(time.perf_counter() - began)
            cpu.append(time.thread_time() - began_cpu)
            assert answer.status_code == 204, answer.get_data(as_text=True)
        figures("2. POST /audience/beacon (Flask test client)", times, cpu)
        with app.app_context():
            from player.content.audience import store as app_store
            print(f"   views counted through the app: {app_store().views(args.webinar)}")


if __name__ == "__main__":
    main()
