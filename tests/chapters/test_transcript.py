"""Reading captions into a transcript: cues, voices, paragraphs under chapters, where files are."""

from __future__ import annotations

import pytest

from chapters.model import Chapter, Recording, Webinar
from chapters.transcript import (
    TranscriptError,
    caption_file,
    read_cues,
    read_transcript,
    sections,
)

VTT = """WEBVTT

00:00:01.000 --> 00:00:02.500
<v Dominique Dasso>Bonjour &amp; bienvenue
à toutes et à tous.</v>

00:00:03.000 --> 00:00:04.000
<v Dominique Dasso>Voici le programme.

00:01:00.000 --> 00:01:03.000
<v Florence Oulès>Merci. Les <b>relocalisations</b> d'abord.

00:01:20.000 --> 00:01:22.000
Après un silence, sans voix.
"""


def webinar() -> Webinar:
    return Webinar(
        id="w", title="T", date="2021-05-04",
        chapters=[Chapter(id="a", start=0, title="A"), Chapter(id="b", start=60, title="B")],
    )


def test_cues_keep_times_voices_and_plain_text():
    cues = read_cues(VTT)
    assert [(c.start, c.end) for c in cues] == [(1, 2.5), (3, 4), (60, 63), (80, 82)]
    assert cues[0].text == "Bonjour & bienvenue\nà toutes et à tous."
    assert [c.voice for c in cues] == ["Dominique Dasso", "Dominique Dasso", "Florence Oulès", None]
    assert cues[2].text == "Merci. Les relocalisations d'abord."


@pytest.mark.parametrize(
    "text, message",
    [("pas du webvtt", "la première ligne"), ("WEBVTT\n\n00:00:01.000 --> nimporte\ntexte\n", "cue invalide")],
)
def test_bad_captions_are_one_french_line(text, message):
    with pytest.raises(TranscriptError, match=message) as caught:
        read_cues(text, "demo.fr.vtt")
    assert str(caught.value).startswith("demo.fr.vtt : ") and "\n" not in str(caught.value)


def test_sections_group_paragraphs_under_chapters():
    out = sections(webinar(), read_cues(VTT))
    assert [s.chapter.id for s in out] == ["a", "b"]
    assert [[c.start for c in p.cues] for p in out[0].paragraphs] == [[1, 3]]
    assert out[0].paragraphs[0].voice == "Dominique Dasso"
    # a new voice, then a silence of more than 4 s, each start a paragraph
    assert [(p.voice, p.start) for p in out[1].paragraphs] == [("Florence Oulès", 60), (None, 80)]


def test_caption_file_prefers_the_organisers_then_the_downloaded_then_the_stand_ins(tmp_path):
    w = webinar()
    w.recording = Recording(kind="demo", src="demo.mp4")
    media = tmp_path / "media"
    media.mkdir()
    assert caption_file(w, tmp_path) is None
    (media / "demo.fr.vtt").write_text(VTT, encoding="utf-8")
    assert caption_file(w, tmp_path) == media / "demo.fr.vtt"
    w.recording = Recording(kind="file", src="r.mp4", captions=[{"lang": "fr", "file": "captions.fr.vtt"}])
    assert caption_file(w, tmp_path) is None  # a stand-in's captions are not a real recording's
    (media / "captions.fr.vtt").write_text(VTT, encoding="utf-8")
    assert caption_file(w, tmp_path) == media / "captions.fr.vtt"
    (tmp_path / "transcription.fr.vtt").write_text(VTT, encoding="utf-8")
    assert caption_file(w, tmp_path) == tmp_path / "transcription.fr.vtt"
    assert [c.start for c in read_transcript(tmp_path / "transcription.fr.vtt")] == [1, 3, 60, 80]


def test_entities_in_a_voice_name_are_decoded_like_the_words():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jean&amp;Marc &lt;Dupont&gt;>Salut &amp; merci\n"
    (cue,) = read_cues(text)
    assert cue.voice == "Jean&Marc <Dupont>"
    assert cue.text == "Salut & merci"
