"""Slide changes found in the 1 h 45 stand-in, against the times it was made with.

    .venv/bin/python bench/slides_bench.py [--webinar 2021-05-04] [--media FILE]

Renders the stand-in into a temporary folder (the webinar's own media are left alone; or uses
``--media``, a stand-in already made from the same webinar), then runs the detector
(player/media/slides.py) twice: the changes alone (decoding at reduced rate and size, then
plain Python), and the whole job with a still and a thumbnail per slide. The truth is
``demo_slide_times`` (player/media/demo_slides.py). Prints the changes expected, found, missed
and false (a found change is right within 1 s of an expected one), and the time taken as a
fraction of the recording's duration. Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chapters.store import load_webinar  # noqa: E402
from player.media import demo, slides  # noqa: E402
from player.media.demo_slides import demo_slide_times  # noqa: E402

TOLERANCE = 1.0  # seconds
TARGET = 0.1  # processing time over duration


def compare(expected: list[float], found: list[float]) -> tuple[list[float], list[float], float]:
    """Expected changes no found one matches (within TOLERANCE), found ones matching none, and
    the largest distance among the matches."""
    unused = list(found)
    missed, worst = [], 0.0
    for t in expected:
        near = min(unused, key=lambda f: abs(f - t), default=None)
        if near is None or abs(near - t) > TOLERANCE:
            missed.append(t)
            continue
        worst = max(worst, abs(near - t))
        unused.remove(near)
    return missed, unused, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webinar", default="2021-05-04")
    parser.add_argument("--media", type=Path, help="a stand-in already rendered")
    args = parser.parse_args()
    webinar = load_webinar(ROOT / "webinars" / args.webinar)
    with tempfile.TemporaryDirectory(prefix="slides-bench-") as folder:
        media = args.media
        if media is None:
            media = Path(folder) / "media" / "demo.mp4"
            began = time.perf_counter()
            demo.make_demo_recording(webinar, media)
            print(f"stand-in rendered in {time.perf_counter() - began:.1f} s "
                  f"({media.stat().st_size / 2**20:.1f} MB)")
        duration = webinar.recording.duration
        expected = [t for t in demo_slide_times(webinar, duration) if t > 0]

        began = time.perf_counter()
        found, _ = slides.detect(media)
        detect_time = time.perf_counter() - began
        changes = [start for start, _ in found if start > 0]
        missed, false, worst = compare(expected, changes)

        copy = Path(folder) / "whole" / media.name
        copy.parent.mkdir()
        copy.symlink_to(media.resolve())
        began = time.perf_counter()
        written = slides.find_slides(copy, force=True)
        whole_time = time.perf_counter() - began

    print(f"recording: {args.webinar}, {duration / 60:.0f} min, {len(webinar.chapters)} chapters")
    print(f"changes expected: {len(expected)}")
    print(f"changes found:    {len(changes)}")
    print(f"missed:           {len(missed)} {missed if missed else ''}")
    print(f"false:            {len(false)} {false if false else ''}")
    print(f"largest distance: {worst:.2f} s (tolerance {TOLERANCE:g} s)")
    ok = not missed and not false
    print(f"every change found within {TOLERANCE:g} s, none false: {'met' if ok else 'NOT met'}")
    fraction = detect_time / duration
    print(f"changes only: {detect_time:.1f} s = {fraction:.3f} x duration "
          f"(target <= {TARGET}): {'met' if fraction <= TARGET else 'NOT met'}")
    fraction = whole_time / duration
    count = len(written.slides) if written else 0
    print(f"with {count} stills and thumbnails: {whole_time:.1f} s = {fraction:.3f} x duration "
          f"(target <= {TARGET}): {'met' if fraction <= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
