"""The audio edition of the 1 h 45 stand-in: seconds of work per hour of recording.

    .venv/bin/python bench/audio_edition.py [--webinar 2021-05-04] [--media FILE]

Uses ``--media`` (a stand-in already made, e.g. ``webinars/2021-05-04/media/demo.mp4``), else
renders the stand-in into a temporary folder; the webinar's own media are left alone: the
recording is linked into a temporary folder and the edition made there
(player/media/audio_edition.py). Prints, per hour of recording, the seconds taken to make the
edition (AAC encoding, chapters, cover), to remake it when only the chapters changed (a copy of
the sound, no encoding) and to find it up to date, and the edition's size per hour. Asserts
nothing.
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
from player.media import audio_edition, demo  # noqa: E402

TARGET = 60.0  # seconds of work per hour of recording for a first edition


def timed(call) -> tuple[float, object]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webinar", default="2021-05-04")
    parser.add_argument("--media", type=Path, help="a stand-in already rendered")
    args = parser.parse_args()
    webinar = load_webinar(ROOT / "webinars" / args.webinar)
    with tempfile.TemporaryDirectory(prefix="audio-bench-") as folder:
        media = Path(folder) / "media" / "demo.mp4"
        media.parent.mkdir()
        if args.media is None:
            seconds, _ = timed(lambda: demo.make_demo_recording(webinar, media))
            print(f"stand-in rendered in {seconds:.1f} s")
        else:
            media.symlink_to(args.media.resolve())
        made, (edition, _) = timed(lambda: audio_edition.make_audio_edition(webinar, media))
        webinar.chapters[-1].title += " (titre changé)"
        remuxed, (_, done) = timed(lambda: audio_edition.make_audio_edition(webinar, media))
        kept, (_, again) = timed(lambda: audio_edition.make_audio_edition(webinar, media))
    hours = edition.duration / 3600
    print(f"recording: {args.webinar}, {edition.duration / 60:.1f} min, {len(webinar.chapters)} chapters")
    print(f"edition: {edition.size / 2**20:.1f} MB = {edition.size / 2**20 / hours:.1f} MB per hour")
    per_hour = made / hours
    print(f"first edition: {made:.1f} s = {per_hour:.1f} s per hour of recording "
          f"(target <= {TARGET:g}): {'met' if per_hour <= TARGET else 'NOT met'}")
    print(f"chapters changed ({done}): {remuxed:.2f} s = {remuxed / hours:.2f} s per hour")
    print(f"up to date ({again}): {kept * 1000:.0f} ms")


if __name__ == "__main__":
    main()
