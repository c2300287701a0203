"""How long the speaking stand-in takes to make, and how big it is.

    .venv/bin/python bench/demo_bench.py [--webinar 2021-05-04]

Renders into a temporary folder (the webinar's own media are left alone), twice each:
1. the built-in webinar (7 chapters over 1 h 45);
2. the same speakers and questions spread over 80 chapters of 15 s (20 minutes).
Prints the time of the speech alone (espeak-ng, every piece that fits), of the whole first
rendering, of the second (up to date: nothing to do), and the sizes of the MP4 and its captions.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chapters.model import Chapter, Question, Webinar  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from chapters.transcript import read_transcript  # noqa: E402
from player.media import demo
from player.media import voice  # noqa: E402


def eighty_chapters(webinar: Webinar) -> Webinar:
    """80 chapters of 15 s, each with a summary and a question of the real webinar."""
    chapters, questions = [], []
    for i in range(80):
        model = webinar.chapters[i % len(webinar.chapters)]
        chapters.append(Chapter(f"c{i}", i * 15.0, model.title, model.summary, list(model.speakers)))
        q = webinar.questions[i % len(webinar.questions)]
        questions.append(Question(f"q{i}", q.text, q.answer, q.answered_by, q.speaker, f"c{i}"))
    recording = replace(webinar.recording, duration=1200.0)
    return replace(webinar, chapters=chapters, questions=questions, recording=recording)


def measure(name: str, webinar: Webinar, folder: Path) -> None:
    exe = voice.espeak_exe()
    if exe is None:
        print(f"{name}: espeak-ng absent, nothing to measure")
        return
    with tempfile.TemporaryDirectory() as wavs:
        began = time.perf_counter()
        spoken = voice.speak(webinar, webinar.recording.duration, exe, Path(wavs))
        speech = time.perf_counter() - began
    target = folder / "demo.mp4"
    began = time.perf_counter()
    demo.make_demo_recording(webinar, target)
    first = time.perf_counter() - began
    began = time.perf_counter()
    demo.make_demo_recording(webinar, target)
    second = time.perf_counter() - began
    captions = demo.demo_captions(target)
    cues = read_transcript(captions)
    said = sum(c.end - c.start for c in cues)
    print(f"{name}: {len(webinar.chapters)} chapters, {webinar.recording.duration / 60:.0f} min")
    print(f"  speech alone (espeak-ng, {len(spoken)} pieces): {speech:.2f} s")
    print(f"  first rendering (speech, track, ffmpeg): {first:.1f} s")
    print(f"  second run (up to date): {second * 1000:.0f} ms")
    print(f"  demo.mp4 {target.stat().st_size / 1e6:.1f} MB, demo.fr.vtt "
          f"{captions.stat().st_size / 1e3:.1f} KB, {len(cues)} cues, {said / 60:.1f} min of speech")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webinar", default="2021-05-04")
    args = parser.parse_args()
    webinar = load_webinar(ROOT / "webinars" / args.webinar)
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        measure("built-in webinar", webinar, Path(one))
        measure("80 chapters", eighty_chapters(webinar), Path(two))


if __name__ == "__main__":
    main()
