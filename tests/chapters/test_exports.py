"""Chapter exports: exact output of each format, YouTube's rules, real readers (webvtt-py, ffmpeg)."""

from __future__ import annotations

import json
import re
import subprocess

import imageio_ffmpeg
import pytest

from chapters.exports import (
    FORMATS,
    ExportError,
    YouTubeChaptersError,
    to_ffmetadata,
    to_podcast_json,
    to_webvtt,
    to_youtube,
)
from chapters.model import Chapter, Recording, Webinar
from chapters.transcript import TranscriptError, read_cues


def read_webvtt(text: str) -> list[tuple[str | None, float, float, str]]:
    """The cues as the strict reader the app uses gives them, as (id, start, end, text)."""
    return [(c.identifier, c.start, c.end, c.text) for c in read_cues(text)]


def webinar(starts=(0, 365, 4200.5), duration=5400, titles=None) -> Webinar:
    titles = titles or ["Ouverture", "Réseaux & <ESS>", "Financer l'activité"]
    return Webinar(
        id="demo",
        title="Créer & transformer",
        date="2021-05-04",
        recording=Recording(duration=duration),
        chapters=[
            Chapter(f"c{i + 1}", start, title)
            for i, (start, title) in enumerate(zip(starts, titles))
        ],
    )


# ---------------------------------------------------------------- WebVTT


def test_webvtt_exact():
    assert to_webvtt(webinar()) == (
        "WEBVTT\n"
        "\n"
        "c1\n"
        "00:00:00.000 --> 00:06:05.000\n"
        "Ouverture\n"
        "\n"
        "c2\n"
        "00:06:05.000 --> 01:10:00.500\n"
        "Réseaux &amp; &lt;ESS&gt;\n"
        "\n"
        "c3\n"
        "01:10:00.500 --> 01:30:00.000\n"
        "Financer l'activité\n"
    )


def test_webvtt_round_trip():
    assert read_webvtt(to_webvtt(webinar())) == [
        ("c1", 0.0, 365.0, "Ouverture"),
        ("c2", 365.0, 4200.5, "Réseaux & <ESS>"),
        ("c3", 4200.5, 5400.0, "Financer l'activité"),
    ]


def test_webvtt_last_chapter_gets_an_hour_when_length_unknown():
    cues = read_webvtt(to_webvtt(webinar(duration=None)))
    assert cues[-1] == ("c3", 4200.5, 7800.5, "Financer l'activité")


def test_webvtt_title_holding_an_arrow_stays_one_cue():
    cues = read_webvtt(to_webvtt(webinar(titles=["A --> B", "x\ny", "z"])))
    assert [c[3] for c in cues] == ["A --> B", "x y", "z"]


def test_read_webvtt_keeps_milliseconds_and_unescapes():
    text = (
        "WEBVTT\n\n"
        "00:00:01.999 --> 00:00:02.001\n"
        "<v Anne>Bonjour &amp; merci</v> &lt;3\n\n"
        "intro\n"
        "01:00:00.250 --> 01:00:10.000 align:start\n"
        "Deux\nlignes\n"
    )
    assert read_webvtt(text) == [
        (None, 1.999, 2.001, "Bonjour & merci <3"),
        ("intro", 3600.25, 3610.0, "Deux\nlignes"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nUn\n\n00:00:05.000 --> 00:00:1O.000\nDeux\n",
            "WebVTT illisible : cue invalide (Invalid cue block ['00:00:05.000 --> 00:00:1O.000', 'Deux'])",
        ),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:75.000\nUn\n",
            "WebVTT illisible : cue invalide (Invalid timestamp '00:00:75.000')",
        ),
        (
            "WEBVTT\n\n0:0:1.5 --> 0:0:2.5\nUn\n",
            "WebVTT illisible : cue invalide (Invalid cue block ['0:0:1.5 --> 0:0:2.5', 'Un'])",
        ),
        (
            "00:00:00.000 --> 00:00:05.000\nUn\n",
            "WebVTT illisible : la première ligne doit commencer par WEBVTT",
        ),
        ("", "WebVTT illisible : la première ligne doit commencer par WEBVTT"),
    ],
)
def test_read_webvtt_rejects_bad_cues(text, expected):
    with pytest.raises(TranscriptError) as info:
        read_webvtt(text)
    assert str(info.value) == f"WebVTT : {expected}"


# ---------------------------------------------------------------- YouTube


def test_youtube_exact():
    assert to_youtube(webinar()) == (
        "0:00 Ouverture\n6:05 Réseaux & <ESS>\n1:10:00 Financer l'activité\n"
    )


def test_youtube_last_chapter_unchecked_when_length_unknown():
    assert to_youtube(webinar(starts=(0, 10, 20), duration=None)).startswith("0:00 ")


@pytest.mark.parametrize(
    "starts, duration, rule, chapter, message",
    [
        (
            (0, 365),
            5400,
            "count",
            None,
            "YouTube demande au moins 3 chapitres ; ce webinaire en a 2",
        ),
        (
            (1, 365, 4200),
            5400,
            "first",
            "c1",
            "YouTube demande que le premier chapitre commence à 0:00 ; "
            "le chapitre 1 « Ouverture » (0:01) commence plus tard",
        ),
        (
            (0, 4200, 365),
            5400,
            "order",
            "c3",
            "YouTube demande des temps croissants ; le chapitre 3 « Financer l'activité » (6:05) "
            "ne vient pas après le chapitre 2 « Réseaux & <ESS> » (1:10:00)",
        ),
        (
            (0, 365, 365.5),
            5400,
            "order",
            "c3",
            "YouTube demande des temps croissants ; le chapitre 3 « Financer l'activité » (6:05) "
            "ne vient pas après le chapitre 2 « Réseaux & <ESS> » (6:05)",
        ),
        (
            (0, 365, 374),
            5400,
            "length",
            "c2",
            "YouTube demande des chapitres d'au moins 10 secondes ; "
            "le chapitre 2 « Réseaux & <ESS> » (6:05) dure 9 s",
        ),
        (
            (0, 365, 4200),
            4209,
            "length",
            "c3",
            "YouTube demande des chapitres d'au moins 10 secondes ; "
            "le chapitre 3 « Financer l'activité » (1:10:00) dure 9 s",
        ),
    ],
)
def test_youtube_rules(starts, duration, rule, chapter, message):
    with pytest.raises(YouTubeChaptersError) as info:
        to_youtube(webinar(starts=starts, duration=duration))
    assert (info.value.rule, info.value.chapter, str(info.value)) == (rule, chapter, message)
    assert isinstance(info.value, ValueError)


def test_youtube_exactly_ten_seconds_is_enough():
    assert to_youtube(webinar(starts=(0, 10, 20), duration=30)) == (
        "0:00 Ouverture\n0:10 Réseaux & <ESS>\n0:20 Financer l'activité\n"
    )


# ---------------------------------------------------------------- Podcasting 2.0


def test_podcast_json_exact():
    text = to_podcast_json(webinar())
    assert json.loads(text) == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Ouverture", "endTime": 365},
            {"startTime": 365, "title": "Réseaux & <ESS>", "endTime": 4200.5},
            {"startTime": 4200.5, "title": "Financer l'activité", "endTime": 5400},
        ],
    }
    assert "Réseaux" in text  # UTF-8 kept, not \u escapes
    assert '"startTime": 0,' in text


def test_podcast_json_without_duration_leaves_last_end_out():
    chapters = json.loads(to_podcast_json(webinar(duration=None)))["chapters"]
    assert chapters[-1] == {"startTime": 4200.5, "title": "Financer l'activité"}


# ---------------------------------------------------------------- ffmetadata


def test_ffmetadata_exact_and_escaped():
    w = webinar(titles=["Un", "a=b; c#d \\ e", "deux\nlignes"])
    assert to_ffmetadata(w) == (
        ";FFMETADATA1\n"
        "title=Créer & transformer\n"
        "\n"
        "[CHAPTER]\n"
        "TIMEBASE=1/1000\n"
        "START=0\n"
        "END=365000\n"
        "title=Un\n"
        "\n"
        "[CHAPTER]\n"
        "TIMEBASE=1/1000\n"
        "START=365000\n"
        "END=4200500\n"
        "title=a\\=b\\; c\\#d \\\\ e\n"
        "\n"
        "[CHAPTER]\n"
        "TIMEBASE=1/1000\n"
        "START=4200500\n"
        "END=5400000\n"
        "title=deux\\\nlignes\n"
    )


def test_ffmetadata_needs_the_duration():
    with pytest.raises(ExportError) as info:
        to_ffmetadata(webinar(duration=None))
    assert str(info.value) == (
        "ffmetadata : la fin du chapitre 3 « Financer l'activité » (1:10:00) est inconnue ; "
        "indiquer recording.duration dans le fichier de données"
    )


def test_ffmpeg_accepts_the_ffmetadata(tmp_path):
    w = webinar(starts=(0, 2.5, 4), duration=6, titles=["Un", "a=b; c#d \\ e", "Été"])
    w.title = "Titre #1; x=y"
    meta = tmp_path / "meta.txt"
    meta.write_text(to_ffmetadata(w), encoding="utf-8")
    out = tmp_path / "out.m4a"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=8000:cl=mono",
            "-i",
            str(meta),
            "-map",
            "0:a",
            "-map_metadata",
            "1",
            "-map_chapters",
            "1",
            "-t",
            "6",
            "-c:a",
            "aac",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    probe = subprocess.run(
        [ffmpeg, "-hide_banner", "-i", str(out)], capture_output=True, timeout=60
    )
    info = probe.stderr.decode("utf-8")
    chapters = re.findall(
        r"Chapter #\d+:\d+: start ([\d.]+), end ([\d.]+)\s+Metadata:\s+title\s+: (.*)", info
    )
    assert [(float(s), float(e), t) for s, e, t in chapters] == [
        (0.0, 2.5, "Un"),
        (2.5, 4.0, "a=b; c#d \\ e"),
        (4.0, 6.0, "Été"),
    ]
    assert re.search(r"^\s+title\s+: Titre #1; x=y$", info, re.M)


def test_formats_table():
    assert FORMATS == {
        "vtt": to_webvtt,
        "youtube": to_youtube,
        "json": to_podcast_json,
        "ffmetadata": to_ffmetadata,
    }
