"""How much of the slides' titles the search finds once Tesseract has read them, and how long
reading takes.

    .venv/bin/python bench/ocr_bench.py [WEBINAR_ID] [--slides FOLDER] [--drawn] [--line-size 18]

Which slides: the webinar's own (``webinars/<id>/media/slides/``, as ``flask --app app slides``
leaves them), or any slides folder (``--slides``), or, with ``--drawn`` (also when the webinar
has no slides yet), a deck drawn by ffmpeg for the bench (tests/support/slide_stills.py): one
640x360 slide per chapter of the webinar at its start, the chapter's title and three lines of
text (``--line-size`` px high), a small camera picture in a corner. Everything is copied to a
temporary folder with the webinar's data file; the webinar's own files are left alone.

The title of a slide: for a drawn deck, the title drawn; for the webinar's or a folder's slides,
the title of the chapter on at the slide's start (the stand-in shows its chapters' titles).

For each way of reading (``player/media/ocr.py``'s settings: page segmentation, enlarging,
Tesseract's threads), every slide is read again from nothing (``read_slide_texts``), then the
search index of the copy (``chapters/search/``) is asked for each title word of two letters or
more, in that webinar: the word counts as found when a "Diapositive" hit opens at that slide's
start. Prints the share of title words found, the words missed, for a drawn deck the share of
its lines' words read, and the seconds per slide. The first line is the app's setting; target:
at least 95 % of the title words found. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chapters.search import SearchIndex  # noqa: E402
from chapters.slides import Slide, media_stamp, read_slides, slides_folder, write_slides  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from player.media import ocr  # noqa: E402
from tests.support.slide_stills import Drawn, words, write_deck  # noqa: E402

LINES = ("Les régies de quartier en 2021", "Financement des chantiers d'insertion",
         "Qualification : le CQP ouvrier polyvalent")
WAYS = (  # (label, psm, target width, threads): the app's setting first
    (f"psm {ocr.PSM}, enlarged to {ocr.TARGET_WIDTH} px (the app's)", ocr.PSM, ocr.TARGET_WIDTH, ocr.THREADS),
    ("psm 3, as it is", 3, 0, 1),
    ("psm 6, as it is", 6, 0, 1),
    ("psm 11, enlarged", 11, ocr.TARGET_WIDTH, 1),
    ("the app's, Tesseract's own threads", ocr.PSM, ocr.TARGET_WIDTH, 0),
)


def copy_webinar(wid: str, work: Path) -> Path:
    folder = work / "webinars" / wid
    folder.mkdir(parents=True)
    shutil.copyfile(ROOT / "webinars" / wid / "webinar.yaml", folder / "webinar.yaml")
    return folder


def titles_of(webinar, slides, drawn: dict[float, str] | None) -> dict[float, str]:
    if drawn is not None:
        return drawn
    ordered = sorted(webinar.chapters, key=lambda c: c.start)
    out = {}
    for slide in slides.slides:
        on = [c for c in ordered if c.start <= slide.start]
        out[slide.start] = on[-1].title if on else ""
    return out


def measure(label: str, media: Path, wid: str, titles: dict[float, str], lines: dict[float, str]) -> None:
    slides = read_slides(media)
    write_slides(media, type(slides)(slides.media, slides.stamp, tuple(
        Slide(s.start, s.end, s.still, s.thumb) for s in slides.slides)))
    began = time.perf_counter()
    read_slide = ocr.read_slide_texts(media)
    seconds = (time.perf_counter() - began) / max(1, len(read_slide.slides))
    index = SearchIndex(media.parents[2] / f"index-{time.monotonic_ns()}.sqlite3", media.parents[1])
    found, total, missed = 0, 0, []
    for start, title in titles.items():
        for word in sorted(set(w for w in words(title) if len(w) >= 2)):
            total += 1
            results = index.search(word, wid, per_group=10_000)
            hits = [h for g in results.groups if g.key == "diapositives" for h in g.hits]
            if any(h.start == start for h in hits):
                found += 1
            else:
                missed.append(word)
    share = found / total if total else 0.0
    verdict = "met" if share >= 0.95 else "NOT met"
    print(f"{label:<40} {found}/{total} title words found ({share:.1%}; target 95 %: {verdict})"
          f"  {seconds:.2f} s per slide")
    if lines:  # a drawn deck: the lines under the titles, read on their slide
        read = {s.start: set(words(s.text or "")) for s in read_slide.slides}
        drawn = [(start, w) for start, text in lines.items() for w in words(text)]
        seen = sum(w in read[start] for start, w in drawn)
        print(f"{'':<40} lines under the titles: {seen}/{len(drawn)} words read ({seen / len(drawn):.1%})")
    if missed:
        print(f"{'':<40} missed: {', '.join(missed[:20])}")


def with_recording(webinar, media: Path, slides):
    """The slides as the copy's recording's own: the site shows and indexes slides only with the
    recording they were found in (chapters.slides.of_recording), so the copy gets it too (a hard
    link, or a stand-in file of the same name and size)."""
    name = webinar.recording.file_name or "demo.mp4"
    original = ROOT / "webinars" / webinar.id / "media" / name
    target = media / name
    if not target.exists():
        try:
            os.link(original, target)
        except OSError:
            target.write_bytes(b"\0" * 1024)
    slides = type(slides)(name, media_stamp(target), slides.slides)
    write_slides(media, slides)
    return slides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("webinar", nargs="?", default="2021-05-04")
    parser.add_argument("--slides", type=Path, help="a slides folder (with its slides.json)")
    parser.add_argument("--drawn", action="store_true", help="a deck drawn for the bench")
    parser.add_argument("--line-size", type=int, default=18, help="drawn lines' height (px)")
    args = parser.parse_args()
    webinar = load_webinar(ROOT / "webinars" / args.webinar)
    own = slides_folder(ROOT / "webinars" / args.webinar / "media")
    source = args.slides or (own if (own / "slides.json").is_file() and not args.drawn else None)
    with tempfile.TemporaryDirectory() as tmp:
        media = copy_webinar(args.webinar, Path(tmp)) / "media"
        drawn, lines = None, {}
        if source is None:
            ordered = sorted(webinar.chapters, key=lambda c: c.start)
            ends = [c.start for c in ordered[1:]] + [webinar.recording.duration or ordered[-1].start + 60]
            deck = tuple(Drawn(c.start, end, c.title, LINES) for c, end in zip(ordered, ends))
            write_deck(media, deck, line_size=args.line_size)
            drawn = {d.start: d.title for d in deck}
            lines = {d.start: " ".join(d.lines) for d in deck}
            print(f"slides: {len(deck)} drawn by ffmpeg (640x360, one per chapter of {args.webinar},"
                  f" title 26 px, lines {args.line_size} px)")
        else:
            shutil.copytree(source, slides_folder(media))
            print(f"slides: {source}")
        slides = with_recording(webinar, media, read_slides(media))
        titles = titles_of(webinar, slides, drawn)
        distinct = sum(len({w for w in words(t) if len(w) >= 2}) for t in titles.values())
        print(f"{len(slides.slides)} slides, {distinct} distinct title words (2 letters or more);"
              f" tesseract {ocr.tesseract_exe()}, language {ocr.LANGUAGE}")
        ocr.read_still(slides_folder(media) / slides.slides[0].still)  # unmeasured: files cached
        for label, psm, width, threads in WAYS:
            ocr.PSM, ocr.TARGET_WIDTH, ocr.THREADS = psm, width, threads
            measure(label, media, args.webinar, titles, lines)


if __name__ == "__main__":
    main()
