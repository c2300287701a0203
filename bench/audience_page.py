"""Times the organisers' audience dashboard page itself (/w/<id>/audience): the store's report,
the tables, the SVG charts and the template, through Flask's test client, warm, on a store with
a million beacons folded in.

    .venv/bin/python bench/audience_page.py [--beacons 1000000] [--days 400] [--runs 20]
    .venv/bin/python bench/audience_page.py --fold 20000 [--runs 20]

By default the store holds the aggregates a million beacons leave over 400 days, written in bulk
by bench/audience_dashboard.py's ``fill`` (the store's bench: its own schema, one transaction).
``--fold N`` instead folds N real beacons with the store's ``record``, as the endpoint does
(views of five beacons, over the last 90 days, each playing a few stretches of the built-in
webinar and opening a chapter, a question and a search): slow (a few ms a beacon), so for a
smaller N. Prints the median and the slowest of ``--runs`` requests per period, after three
unmeasured ones.
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
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app import create_app  # noqa: E402
from chapters.audience import AudienceStore, parse_beacon, shape_of  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from player.content.audience_period import today_utc  # noqa: E402
from player.organisers import accounts  # noqa: E402
from player.paths import WEBINARS  # noqa: E402

WID = "2021-05-04"
TARGET_MS = 300
PER_VIEW = 5
DAYS = 90
EMAIL, PASSWORD = "bench@example.org", "un mot de passe de banc d'essai"
SEARCHES = ("logement social", "insertion", "régie de quartier", "financement", "cqp")


def fold(store: AudienceStore, webinar, beacons: int, seed: int = 18) -> None:
    """Fold ``beacons`` real beacons into ``store`` with its ``record``."""
    rnd = random.Random(seed)
    shape = shape_of(webinar)
    duration = int(shape.duration)
    chapters = [c.id for c in webinar.chapters]
    questions = [q.id for q in webinar.questions]
    today = today_utc()
    views = beacons // PER_VIEW
    for n in range(views):
        # days in order, as they come: the store's daily chores run as they would
        day = today - timedelta(days=DAYS - 1 - n * DAYS // views)
        midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
        clock = midnight + (n % (views // DAYS + 1)) * 86000 / (views // DAYS + 1)
        view = f"bench{n:017d}"
        at = rnd.randrange(duration - 60)
        for seq in range(PER_VIEW):
            # the first beacon within the wall-time bound (60 s), then up to 10 minutes each
            length = rnd.randrange(10, 60) if seq == 0 else rnd.randrange(20, 600)
            played = [[at, min(at + length, duration)]]
            at = min(at + length, duration - 1) if rnd.random() < .8 else rnd.randrange(duration - 60)
            opened = []
            if seq == 0:
                opened = [["chapter", rnd.choice(chapters)], ["question", rnd.choice(questions)],
                          ["search", rnd.choice(SEARCHES)]]
            body = {"v": 1, "w": webinar.id, "view": view, "seq": seq, "played": played,
                    "opened": opened, "final": seq == PER_VIEW - 1}
            store.record(parse_beacon(json.dumps(body).encode()), shape, day=day,
                         now=clock + 60 * seq)


def timed(client, path: str, runs: int) -> list[float]:
    for _ in range(3):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beacons", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--fold", type=int, help="fold this many real beacons instead")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="audience-bench-"))
    try:
        shutil.copytree(WEBINARS, work / "webinars", ignore=shutil.ignore_patterns("media"))
        instance = work / "instance"
        instance.mkdir()
        webinar = load_webinar(work / "webinars" / WID)
        store = AudienceStore(instance / "audience.sqlite", retention_days=args.days + 1)
        began = time.perf_counter()
        if args.fold:
            fold(store, webinar, args.fold)
            what = f"{args.fold:,} beacons folded by record()"
        else:
            from audience_dashboard import fill  # the store's bench, beside this one

            fill(store, webinar, shape_of(webinar), args.days, args.beacons, today_utc())
            what = f"{args.beacons:,} beacons' aggregates over {args.days} days, in bulk"
        took = time.perf_counter() - began
        print(f"set-up: {what}, {store.views(WID):,} views, in {took:.1f} s")
        app = create_app({"TESTING": True, "WEBINARS_DIR": str(work / "webinars"),
                          "AUDIENCE_RETENTION_DAYS": args.days + 1}, instance_path=str(instance))
        accounts.set_password(app.instance_path, EMAIL, PASSWORD)
        client = app.test_client()
        token = client.get("/connexion").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
        signed = client.post("/connexion", data={"csrf_token": token, "email": EMAIL, "mot_de_passe": PASSWORD})
        assert signed.status_code == 303, signed.status_code
        for period in ("7", "30", "90", "tout"):
            times = timed(client, f"/w/{WID}/audience?periode={period}", args.runs)
            median = statistics.median(times)
            verdict = "met" if median < TARGET_MS else "NOT met"
            print(f"dashboard page, periode={period}: median {median:.1f} ms, slowest {max(times):.1f} ms "
                  f"(of {args.runs}); target < {TARGET_MS} ms: {verdict}")
        times = timed(client, f"/w/{WID}/audience/chapitres.csv?periode=90", args.runs)
        print(f"(info) chapitres.csv, 90 days: median {statistics.median(times):.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
