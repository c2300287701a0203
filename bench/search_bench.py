"""Bench of the search: how long a search takes, server side, over a two-hour transcript.

Run it from the project folder (it prints figures; it is not a test, asserts nothing and exits 0
even when a target is missed):

    .venv/bin/python bench/search_bench.py [--cues 2000] [--hours 2] [--rounds 3] [--webinar 2021-05-04]

In a temporary folder it copies the webinar (its programme: chapters, speakers, questions,
resources, contacts) and writes beside it a French transcript of ``--cues`` cues spread over
``--hours`` hours (``transcription.fr.vtt``, through webvtt-py), made from the programme's
own texts: in each chapter, its speaker reads the chapter's summary, the questions and answers
of that chapter and the resources and contacts of its theme, cut into captions of eight to
fourteen words, with everyday spoken phrases in between. The index goes to the same temporary
folder. It then prints:

1. **rebuild**: the webinar's rows rebuilt from its files (reading the captions with
   webvtt-py and writing the rows in one transaction), median and max of 5 forced rebuilds; and
   the first search after the caption file changed (the stamp check finds it, rebuilds, answers);
2. **search function** (``SearchIndex.search``, what the view calls): p50, p95 and max over
   the query list, each query timed alone with ``time.perf_counter``, stamp check and SQLite
   connection included; with, for each figure, the p95 of the CPU time the call used in its
   thread (``time.thread_time``), which a busy machine disturbs far less than the wall time;
3. **Flask route** ``GET /w/<id>/recherche?q=`` with ``HX-Request`` (the results fragment the
   page swaps in as the viewer types), through Flask's test client: the same figures, template
   rendering included; and the full page, and the search across all webinars, for information.

The query list (a few hundred): the issue's words ("financement", "CQP", "régies de quartier"),
names without accents ("herve", "leveugle"), every prefix of a few words as they are typed
("f", "fi", "fin"...), frequent words ("de", "les", "insertion"), words found nowhere, and
malformed input (quotes, ``NEAR(``, a lone ``*``); the list is run ``--rounds`` times.
The target: p95 at most 20 ms, server side.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import webvtt  # noqa: E402

from app import create_app  # noqa: E402
from chapters.search import SearchIndex  # noqa: E402
from chapters.store import load_webinar  # noqa: E402
from chapters.timecode import to_vtt  # noqa: E402

TARGET_MS = 20.0

FILLERS = [
    "Alors, je vais vous présenter rapidement notre démarche.",
    "Merci pour cette question, c'est un point important.",
    "Comme je le disais tout à l'heure, c'est un travail de longue haleine.",
    "On voit bien que les besoins sont très différents d'un territoire à l'autre.",
    "Je passe la parole, si vous le voulez bien.",
    "Vous avez la diapositive à l'écran, je la commente.",
    "C'est vraiment ce qui a permis au projet de démarrer.",
    "Et donc, concrètement, qu'est-ce que ça change pour les salariés ?",
    "Nous avons beaucoup appris avec nos partenaires.",
    "Je vous mets le lien dans la discussion.",
]


def transcript_texts(webinar) -> list[tuple[str, list[str]]]:
    """Per chapter: the speaker's name and what they say (the programme's own sentences)."""
    out = []
    for chapter in webinar.chapters:
        names = [s.name for s in webinar.speakers_of(chapter)] or [None]
        texts = [chapter.title, chapter.summary]
        for q in webinar.questions_in(chapter.id):
            texts += [q.text, q.answer]
        for theme in webinar.themes_of(chapter):
            texts += [r.text for r in webinar.resources_in(theme.id)]
            texts += [c.text for c in webinar.contacts_in(theme.id)]
        out.append((names[0], [t for t in texts if t]))
    return out


def make_transcript(webinar, count: int, rng: random.Random, duration: float) -> list[webvtt.Caption]:
    """``count`` cues over ``duration`` seconds, each chapter's share proportional to its length
    (past the programme's end, the last chapter's speaker goes on)."""
    step = duration / count
    per_chapter = transcript_texts(webinar)
    captions = []
    for i in range(count):
        start = i * step
        chapter = webinar.chapter_at(start) or webinar.chapters[0]
        voice, texts = per_chapter[webinar.chapters.index(chapter)]
        if rng.random() < 0.25:
            words = rng.choice(FILLERS).split()
        else:
            words = rng.choice(texts).split()
            size = rng.randint(8, 14)
            at = rng.randrange(max(1, len(words) - size + 1))
            words = words[at : at + size]
        text = " ".join(words)
        if voice:
            text = f"<v {voice}>{text}"
        captions.append(webvtt.Caption(to_vtt(start), to_vtt(start + step * 0.95), text))
    return captions


def queries(webinar) -> list[str]:
    typed = []
    for phrase in ("financement", "régies de quartier", "chantier d'insertion", "cqp", "herve"):
        typed += [phrase[:n] for n in range(1, len(phrase) + 1)]
    fixed = [
        "financement", "CQP", "cqp", "régies de quartier", "regie", "regies", "herve", "Hervé",
        "leveugle", "auziere", "cite", "Capa'Cité", "insertion", "entreprise", "accompagnement",
        "besoins sociaux", "France Active", "fleurs d'halage", "économie sociale et solidaire",
        "de", "les", "la", "et", "projet", "structure", "grafie", "coorace", "formation",
        "qualifiante", "relocalisations", "sous-traitants", "task force", "monde d'après",
        "zyzzyva", "ornithorynque", "kubernetes", "xylophone bleu", "qwertz",
        '"', '"financement', "NEAR(cqp", "*", "regie -cqp", "title:cqp", "(((", "a" * 60,
    ]
    words = sorted({w for c in webinar.chapters for w in re.findall(r"\w{4,}", c.summary.lower())})
    return typed + fixed + words[:120]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


class Clock:
    """Wall time of each call (the figure), and the thread's CPU time (what the call itself
    cost, whatever else the machine was doing)."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, fn) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        fn()
        self.cpu.append((time.thread_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)


def timed(fn) -> float:
    clock = Clock()
    clock(fn)
    return clock.wall[0]


def line(label: str, clock: Clock, target: bool = True) -> str:
    values = clock.wall
    p50, p95, top = statistics.median(values), percentile(values, 95), max(values)
    verdict = ""
    if target:
        verdict = f"  target p95 <= {TARGET_MS:.0f} ms: {'met' if p95 <= TARGET_MS else 'NOT met'}"
    return (
        f"{label:<42} n={len(values):<4} p50 {p50:6.2f}  p95 {p95:6.2f}  max {top:6.2f} ms"
        f"  (CPU p95 {percentile(clock.cpu, 95):5.2f} ms){verdict}"
    )


def run(batch: list[str], fn) -> Clock:
    clock = Clock()
    for q in batch:
        clock(lambda q=q: fn(q))
    return clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hours", type=float, default=2.0, help="length of the transcript")
    parser.add_argument("--webinar", default="2021-05-04")
    args = parser.parse_args()
    rng = random.Random(8)

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        root = Path(tmp) / "webinars"
        folder = root / args.webinar
        shutil.copytree(ROOT / "webinars" / args.webinar, folder, ignore=shutil.ignore_patterns("media"))
        webinar = load_webinar(folder)
        vtt = folder / "transcription.fr.vtt"
        duration = args.hours * 3600
        captions = make_transcript(webinar, args.cues, rng, duration)
        vtt.write_text(webvtt.WebVTT(captions=captions).content, encoding="utf-8")
        index_path = Path(tmp) / "instance" / "search.sqlite3"
        index = SearchIndex(index_path, root)

        print(f"webinar {args.webinar}: {len(webinar.chapters)} chapters, {len(webinar.questions)} questions, "
              f"{len(webinar.resources)} resources, {len(webinar.contacts)} contacts; transcript of "
              f"{args.cues} cues over {duration / 3600:.2f} h ({vtt.stat().st_size / 1024:.0f} KB)")

        # 1. rebuilds
        first = timed(lambda: index.search("financement", args.webinar))
        rebuilds = run(["-"] * 5, lambda _: index.rebuild([args.webinar]))
        counts = index.stats()[args.webinar]["counts"]
        print(f"rows: {sum(counts.values())} ({counts['transcription']} transcript lines); "
              f"index file {index_path.stat().st_size / 1024:.0f} KB")
        print(f"{'first search, index built from nothing':<42} {first:6.1f} ms")
        print(line("rebuild of the webinar (forced, 5 times)", rebuilds, target=False))
        vtt.write_text(vtt.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new stamp
        after_change = timed(lambda: index.search("financement", args.webinar))
        print(f"{'first search after the captions changed':<42} {after_change:6.1f} ms (rebuild included)")

        # 2. the search function
        batch = queries(webinar) * args.rounds
        rng.shuffle(batch)
        for q in batch[:20]:  # the file's pages in the OS cache, the code paths warm
            index.search(q, args.webinar)
        function = run(batch, lambda q: index.search(q, args.webinar))
        everywhere = run(batch, lambda q: index.search(q))
        hits = sum(1 for q in set(batch) if index.search(q, args.webinar).total)
        print(f"queries: {len(set(batch))} distinct, {hits} with results, run {args.rounds} times "
              f"in a shuffled order")
        print(line("search function, one webinar", function))
        print(line("search function, all webinars", everywhere, target=False))

        # 3. the Flask route
        app = create_app({"TESTING": True, "WEBINARS_DIR": str(root), "SEARCH_INDEX": str(index_path)})
        client = app.test_client()
        url = f"/w/{args.webinar}/recherche"
        fragment_headers = {"HX-Request": "true"}
        for q in batch[:20]:
            client.get(url, query_string={"q": q}, headers=fragment_headers)

        def get(q, headers, path=url):
            response = client.get(path, query_string={"q": q}, headers=headers)
            assert response.status_code in (200, 400), response.status_code
            response.close()

        route = run(batch, lambda q: get(q, fragment_headers))
        page = run(batch, lambda q: get(q, {}))
        cross = run(batch, lambda q: get(q, fragment_headers, "/recherche"))
        print(line("route, results fragment (HX-Request)", route))
        print(line("route, full page", page, target=False))
        print(line("route /recherche, fragment, all webinars", cross, target=False))


if __name__ == "__main__":
    main()
