"""The stand-in that speaks: real espeak-ng and ffmpeg on a short webinar, through the command.

A four-chapter webinar of 80 s is written to a temporary webinars folder and rendered once by
``flask --app app demo-recording``; the tests read its captions (the one strict reader), listen
to its audio (ffmpeg's silencedetect) and run the command again in other conditions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from chapters.model import (
    Chapter,
    Contact,
    Question,
    Recording,
    Speaker,
    Theme,
    Webinar,
)
from chapters.store import load_webinar, save_webinar
from chapters.transcript import Cue, caption_file, read_transcript
from player.media import demo
from player.media import ffmpeg
from player.media import voice
from tests.support.media import keyframe_times
from tests.support.paths import ROOT

WID = "2024-02-01"
DURATION = 80.0
MISSING = "attention : espeak-ng absent : enregistrement de démonstration muet, sans sous-titres"

def short_webinar() -> Webinar:
    """Four chapters over 80 s; the third has more to say than its 20 s can hold."""
    return Webinar(
        id=WID,
        title="Essai de voix",
        date="2024-02-01",
        recording=Recording(kind="demo", src="demo.mp4", duration=DURATION, duration_assumed=True),
        speakers=[
            Speaker("anne", "Anne Lefèvre", organisation="R&D Insertion"),
            Speaker("cedric-herve", "Cédric Hervé", organisation="Capa'Cité"),
        ],
        chapters=[
            Chapter("accueil", 0, "Accueil : le programme", speakers=["anne"],
                    summary="Présentation du programme et des intervenants."),
            Chapter("capa-cite", 18, "Capa'Cité, chantier d'insertion", speakers=["cedric-herve"],
                    summary="Un chantier d'insertion avec une entreprise de restauration."),
            Chapter("financer", 40, "Financer : les prêts", speakers=["anne"],
                    summary="Les offres d'accompagnement et de financement pour les structures "
                    "de l'économie sociale et solidaire. Les prêts d'honneur, les garanties "
                    "bancaires et les apports en fonds propres. Les conditions d'accès pour "
                    "les chantiers d'insertion qui changent de modèle économique."),
            Chapter("cloture", 60, "Clôture", speakers=["anne", "cedric-herve"]),
        ],
        questions=[
            Question("q1", "Le chantier prépare-t-il au CQP & à quel niveau ?",
                     "Oui : trois promotions de douze personnes ont passé le CQP.",
                     answered_by="Cédric Hervé", speaker="cedric-herve", chapter="capa-cite"),
            Question("q2", "Et les prêts pour une association ?", "Aussi, sous conditions.",
                     answered_by="Anne Lefèvre", speaker="anne", chapter="financer"),
            Question("q3", "Un effectif < 10 salariés est-il éligible ?", "Oui, dès un salarié.",
                     answered_by="Jeanne Invitée", chapter="cloture"),
        ],
        themes=[Theme("I", "Thème", ["accueil", "capa-cite", "financer", "cloture"])],
        contacts=[Contact("c1", "I", "Écrire à l'équipe.")],
    )


def run_command(webinars: Path, path: str | None = None) -> subprocess.CompletedProcess:
    """``flask --app app demo-recording`` in its own process, on ``webinars``, PATH as given."""
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    factory = f"app:create_app({{'WEBINARS_DIR': {str(webinars)!r}}})"
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", factory, "demo-recording", WID],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def media_dir(webinars: Path) -> Path:
    return webinars / WID / "media"


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of each file: a file written again (atomically) gets a new inode."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The short webinar's webinars folder, its stand-in rendered by the real command."""
    webinars = tmp_path_factory.mktemp("voice") / "webinars"
    save_webinar(short_webinar(), webinars / WID)
    done = run_command(webinars)
    assert done.returncode == 0, done.stderr
    assert MISSING not in done.stderr
    assert "sous-titres français" in done.stdout
    return webinars


@pytest.fixture
def copy(rendered: Path, tmp_path: Path) -> Path:
    """A copy of the rendered folder (times kept), for tests that change it."""
    target = tmp_path / "webinars"
    shutil.copytree(rendered, target)
    return target


@pytest.fixture(scope="module")
def cues(rendered: Path) -> list[Cue]:
    path = media_dir(rendered) / "demo.fr.vtt"
    webinar = load_webinar(rendered / WID)
    assert caption_file(webinar, rendered / WID) == path
    return read_transcript(path)  # strict: a malformed cue would raise


def chapter_of(cue: Cue) -> Chapter:
    return short_webinar().chapter_at(cue.start)


def words(text: str) -> str:
    return " ".join(text.split())


def sources(chapter: Chapter) -> list[tuple[str, str | None]]:
    """What a chapter may say that is not its announcement: (text, voice of its cues)."""
    webinar = short_webinar()
    names = [s.name for s in webinar.speakers_of(chapter)]
    out = [(chapter.summary, names[0])] if chapter.summary else []
    for q in webinar.questions_in(chapter.id):
        answerer = webinar.speaker(q.speaker).name if q.speaker else q.answered_by
        out += [(q.text, "Question du public"), (q.answer, answerer)]
    return out


def silences(mp4: Path) -> list[tuple[float, float]]:
    """The silent intervals of the MP4's audio as ffmpeg's silencedetect hears them."""
    done = subprocess.run(
        [ffmpeg.ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(mp4), "-map", "0:a:0",
         "-af", "silencedetect=noise=-45dB:duration=0.5", "-f", "null", "-"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", done.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", done.stderr)]
    ends += [DURATION] * (len(starts) - len(ends))  # silence up to the end has no silence_end
    return list(zip(starts, ends))


def sounds(mp4: Path) -> list[tuple[float, float]]:
    """The intervals between the silences: where something is heard."""
    out, at = [], 0.0
    for start, end in silences(mp4):
        if start > at + 0.01:
            out.append((at, start))
        at = end
    if at < DURATION - 0.05:
        out.append((at, DURATION))
    return out


# --- the captions -----------------------------------------------------------------------------


def test_each_chapter_is_announced_two_to_three_seconds_in(cues: list[Cue]):
    webinar = short_webinar()
    for number, chapter in enumerate(webinar.chapters, 1):
        first = [c for c in cues if chapter_of(c) is not None and chapter_of(c).id == chapter.id][0]
        assert first.text.startswith(f"Chapitre {number}. "), first
        assert 2.0 <= first.start - chapter.start <= 3.0
        assert first.voice is None
    announcements = [words(c.text) for c in cues if c.text.startswith("Chapitre")]
    assert announcements == [
        "Chapitre 1. Anne Lefèvre, Accueil.",
        "Chapitre 2. Cédric Hervé, Capa'Cité.",
        "Chapitre 3. Anne Lefèvre, Financer.",
        "Chapitre 4. Anne Lefèvre et Cédric Hervé, Clôture.",
    ]


def test_cues_stay_inside_their_chapter_and_never_overlap(cues: list[Cue]):
    webinar = short_webinar()
    for cue in cues:
        chapter = webinar.chapter_at(cue.start)
        assert chapter.start < cue.start < cue.end <= webinar.chapter_end(chapter), cue
    for before, after in zip(cues, cues[1:]):
        assert before.end < after.start, (before, after)


def test_every_cue_is_words_of_its_chapter_in_the_right_voice(cues: list[Cue]):
    for cue in cues:
        if cue.text.startswith("Chapitre"):
            continue
        text = words(cue.text)
        found = [voice for source, voice in sources(chapter_of(cue)) if text in words(source)]
        assert found, f"{text!r} is not in the data of its chapter"
        assert cue.voice in found, (cue.voice, found)
    voices = {c.voice for c in cues}
    assert {"Anne Lefèvre", "Cédric Hervé", "Question du public", "Jeanne Invitée", None} <= voices


def test_a_chapter_says_its_summary_then_its_questions_and_answers(cues: list[Cue]):
    said = " ".join(words(c.text) for c in cues if chapter_of(c).id == "capa-cite")
    question = short_webinar().question("q1")
    assert said == " ".join(
        ["Chapitre 2. Cédric Hervé, Capa'Cité.", short_webinar().chapter("capa-cite").summary,
         question.text, question.answer]
    )  # fmt: skip


def test_what_would_run_past_a_chapter_end_is_dropped(cues: list[Cue]):
    webinar = short_webinar()
    said = " ".join(words(c.text) for c in cues if chapter_of(c).id == "financer")
    assert said.startswith("Chapitre 3. Anne Lefèvre, Financer. Les offres d'accompagnement")
    assert webinar.question("q2").answer not in said  # it did not fit in 20 s
    assert max(c.end for c in cues if chapter_of(c).id == "financer") <= 60


def test_cues_are_short_and_escaped(rendered: Path, cues: list[Cue]):
    raw = (media_dir(rendered) / "demo.fr.vtt").read_text(encoding="utf-8")
    assert "CQP &amp; à quel niveau" in raw and "effectif &lt; 10" in raw
    assert "<v Cédric Hervé>" in raw and "<v Question du public>" in raw
    assert any("CQP & à quel niveau" in c.text for c in cues)
    assert any("effectif < 10" in c.text for c in cues)
    for cue in cues:
        assert len(cue.text.splitlines()) <= 2 and len(words(cue.text)) <= 100, cue


# --- the sound --------------------------------------------------------------------------------


def test_the_audio_speaks_exactly_where_the_cues_are(rendered: Path, cues: list[Cue]):
    heard = sounds(media_dir(rendered) / "demo.mp4")
    expected = [(c.start, c.end) for c in cues]
    assert len(heard) == len(expected), (heard, expected)
    for (h_start, h_end), (c_start, c_end) in zip(heard, expected):
        assert abs(h_start - c_start) <= 0.3 and abs(h_end - c_end) <= 0.3, (h_start, h_end, c_start, c_end)


def test_the_recording_is_still_the_same_mp4(rendered: Path):
    mp4 = media_dir(rendered) / "demo.mp4"
    assert ffmpeg.probe_duration(mp4) == pytest.approx(DURATION, abs=0.1)
    header = subprocess.run([ffmpeg.ffmpeg_exe(), "-hide_banner", "-i", str(mp4)],
                            capture_output=True, text=True).stderr  # fmt: skip
    assert "Video: h264" in header and "Audio: aac" in header and "mono" in header
    keys = keyframe_times(mp4)
    for chapter in short_webinar().chapters:
        assert any(abs(k - chapter.start) < 0.01 for k in keys), (chapter.start, keys)


# --- runs again -------------------------------------------------------------------------------


def test_a_second_run_rewrites_nothing(copy: Path):
    before = stamps(media_dir(copy))
    assert {"demo.mp4", "demo.mp4.json", "demo.fr.vtt"} <= before.keys()
    done = run_command(copy)
    assert done.returncode == 0, done.stderr
    assert stamps(media_dir(copy)) == before


def test_a_changed_answer_is_spoken_and_captioned_again(copy: Path):
    before = stamps(media_dir(copy))
    webinar = load_webinar(copy / WID)
    webinar.question("q1").answer = "Non, plus aujourd'hui."
    save_webinar(webinar, copy / WID)
    done = run_command(copy)
    assert done.returncode == 0, done.stderr
    after = stamps(media_dir(copy))
    assert after["demo.mp4"] != before["demo.mp4"] and after["demo.fr.vtt"] != before["demo.fr.vtt"]
    said = " ".join(words(c.text) for c in read_transcript(media_dir(copy) / "demo.fr.vtt"))
    assert "Non, plus aujourd'hui." in said and "trois promotions" not in said


def test_the_fingerprint_follows_the_words_the_voice_and_espeak_version(tmp_path: Path, monkeypatch):
    exe = voice.espeak_exe()
    base = demo.demo_fingerprint(short_webinar(), DURATION, espeak=exe)
    unspoken = short_webinar()
    unspoken.contacts[0].text = "Écrire à toute l'équipe."
    unspoken.themes[0].title = "Autre thème"
    assert demo.demo_fingerprint(unspoken, DURATION, espeak=exe) == base
    spoken = short_webinar()
    spoken.chapters[0].summary += " Bienvenue."
    assert demo.demo_fingerprint(spoken, DURATION, espeak=exe) != base
    # Another espeak-ng version: a real program on PATH that says so and speaks as the real one.
    other = tmp_path / "espeak-ng"
    other.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "eSpeak NG text-to-speech: 9.99  Data at: x"; '
        f'exit 0; }}\nexec {exe} "$@"\n'
    )
    other.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    assert voice.espeak_exe() == str(other)
    assert demo.demo_fingerprint(short_webinar(), DURATION, espeak=voice.espeak_exe()) != base
    monkeypatch.setattr(voice, "QUESTION_VOICE", "fr+m3")
    assert demo.demo_fingerprint(short_webinar(), DURATION, espeak=exe) != base


def test_without_espeak_the_stand_in_is_silent_and_says_so(copy: Path):
    folder = media_dir(copy)
    saved = json.loads((folder / "demo.mp4.json").read_text(encoding="utf-8"))
    assert saved["speech"]["engine"].startswith("eSpeak NG") and saved["captions"] > 0
    # PATH without espeak-ng (nor anything else): ffmpeg comes from imageio-ffmpeg's wheel.
    done = run_command(copy, path=str(Path(sys.executable).parent))
    assert done.returncode == 0, done.stderr
    # the one other warning: Tesseract is not on that PATH either (the slides are shown unread)
    lines = done.stderr.strip().splitlines()
    assert lines[0] == MISSING
    assert [line.split(" : tesseract")[0] for line in lines[1:]] == ["attention : diapositives non lues"]
    assert "sous-titres" not in done.stdout
    assert not (folder / "demo.fr.vtt").exists()  # the stale captions are gone
    assert json.loads((folder / "demo.mp4.json").read_text(encoding="utf-8"))["speech"] is None
    assert sounds(folder / "demo.mp4") == []
    assert ffmpeg.probe_duration(folder / "demo.mp4") == pytest.approx(DURATION, abs=0.1)


# --- the page -----------------------------------------------------------------------------------


def test_the_watch_page_offers_the_captions_only_when_they_exist(copy: Path):
    client = create_app({"TESTING": True, "WEBINARS_DIR": str(copy)}).test_client()
    page = client.get(f"/w/{WID}").get_data(as_text=True)
    track = (f'<track kind="subtitles" src="/w/{WID}/media/demo.fr.vtt" srclang="fr" '
             'label="Français">')  # fmt: skip
    assert track in page and 'id="captions-toggle"' in page
    assert "Enregistrement de démonstration généré" in page
    served = client.get(f"/w/{WID}/media/demo.fr.vtt")
    assert served.status_code == 200 and served.mimetype == "text/vtt"
    assert served.get_data(as_text=True).startswith("WEBVTT")
    served.close()
    (media_dir(copy) / "demo.fr.vtt").unlink()
    page = client.get(f"/w/{WID}").get_data(as_text=True)
    assert 'kind="subtitles"' not in page and 'id="captions-toggle"' not in page
