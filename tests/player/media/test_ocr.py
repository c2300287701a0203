"""Slides read by the real Tesseract (player/media/ocr.py): the words drawn on slide-like stills
come back, accents included; a rerun reads only the slides not read yet; a machine without
Tesseract, or without its French data, gets one French line saying what to install."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chapters.slides import Slide, read_slides, slides_folder, still_name, thumb_name, write_slides
from player.media.ocr import OcrError, clean_text, read_slide_texts, read_still
from tests.support.slide_stills import DECK, Drawn, draw_still, words, write_deck


@pytest.fixture(scope="module")
def read_deck(tmp_path_factory) -> Path:
    """A media folder whose slides (the test deck) were read once for the whole module."""
    media = tmp_path_factory.mktemp("deck") / "media"
    write_deck(media)
    read_slide_texts(media)
    return media


def share_found(expected: list[str], text: str) -> float:
    got = set(words(text))
    return sum(w in got for w in expected) / len(expected)


def test_the_titles_words_come_back_with_their_accents(read_deck):
    slides = read_slides(read_deck)
    assert [s.start for s in slides.slides] == [d.start for d in DECK]
    titles = [w for d in DECK for w in words(d.title)]
    read = "\n".join(s.text for s in slides.slides)
    assert share_found(titles, read) >= 0.95
    for drawn, slide in zip(DECK, slides.slides):
        # each slide's own words, on that slide: "Élancourt" on the third, not anywhere
        assert share_found(words(drawn.title), slide.text) >= 0.95, slide.text
        assert share_found([w for line in drawn.lines for w in words(line)], slide.text) >= 0.9


def test_the_text_is_clean_lines_without_bullets_or_the_camera_picture(read_deck):
    slides = read_slides(read_deck)
    first = slides.slides[0].text.splitlines()
    assert first[0] == "Méthanisation agricole en Essonne"
    assert len(first) == 1 + len(DECK[0].lines)  # the corner picture added no line
    for slide in slides.slides:
        for line in slide.text.splitlines():
            assert line == " ".join(line.split()) and line[0].isalnum(), line


def test_a_light_slide_is_read_too(tmp_path):
    drawn = Drawn(0, 1, "Économie sociale et solidaire", ("Présentation du réseau",))
    still = draw_still(tmp_path / "light.jpg", drawn, dark=False)
    assert share_found(words(drawn.title), read_still(still)) == 1


def test_clean_text_joins_cut_words_and_drops_noise():
    raw = "• Le finance-\nment des chan-\ntiers\n| ; ~ _\nCRI\n+ Élargir  les   partenariats\n\n\x0c"
    assert clean_text(raw) == "Le financement des chantiers\nÉlargir les partenariats"
    # a hyphen that belongs to the word stays when the line goes on
    assert clean_text("Île-de-France : 2021-2022") == "Île-de-France : 2021-2022"
    assert clean_text("") == ""


def test_a_rerun_reads_only_the_new_slides(read_deck, tmp_path):
    media = tmp_path / "media"
    shutil.copytree(read_deck, media)
    slides = read_slides(media)
    # what was read stays as it is (a reader that read it again would overwrite it)
    kept = slides.with_texts({s.still: f"déjà lu {i}" for i, s in enumerate(slides.slides)})
    new = Drawn(700.0, 760.0, "Biomasse forestière du Vexin", ("Plaquettes et granulés",))
    draw_still(slides_folder(media) / still_name(new.start), new)
    folder = slides_folder(media)
    shutil.copyfile(folder / still_name(new.start), folder / thumb_name(new.start))
    added = Slide(new.start, new.end, still_name(new.start), thumb_name(new.start))
    write_slides(media, type(kept)(kept.media, kept.stamp, kept.slides + (added,)))
    done = []
    result = read_slide_texts(media, progress=lambda n, total: done.append((n, total)))
    assert done == [(1, 1)]
    assert [s.text for s in result.slides[:3]] == ["déjà lu 0", "déjà lu 1", "déjà lu 2"]
    assert share_found(words(new.title), result.slides[3].text) == 1
    assert read_slides(media) == result  # written back


def test_nothing_to_read_runs_no_tesseract(read_deck, tmp_path, monkeypatch):
    media = tmp_path / "media"
    shutil.copytree(read_deck, media)
    before = (slides_folder(media) / "slides.json").stat().st_mtime_ns
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no tesseract: not needed
    assert read_slide_texts(media) == read_slides(media)
    assert (slides_folder(media) / "slides.json").stat().st_mtime_ns == before


def unread_copy(read_deck: Path, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    shutil.copytree(read_deck, media)
    slides = read_slides(media)
    write_slides(media, type(slides)(slides.media, slides.stamp, tuple(
        Slide(s.start, s.end, s.still, s.thumb) for s in slides.slides)))
    return media


def test_without_tesseract_a_french_line_says_what_to_install(read_deck, tmp_path, monkeypatch):
    media = unread_copy(read_deck, tmp_path)
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(OcrError) as caught:
        read_slide_texts(media)
    message = str(caught.value)
    assert message.startswith("tesseract introuvable : installez tesseract-ocr et tesseract-ocr-fra")
    assert "\n" not in message
    assert all(s.text is None for s in read_slides(media).slides)  # nothing half-written


def test_without_the_french_data_a_french_line_names_the_package(read_deck, tmp_path, monkeypatch):
    media = unread_copy(read_deck, tmp_path)
    (tmp_path / "tessdata").mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "tessdata"))
    with pytest.raises(OcrError, match=r"^tesseract ne sait pas lire le français : installez "
                                       r"tesseract-ocr et tesseract-ocr-fra"):
        read_slide_texts(media)


def test_no_slides_file_and_a_missing_still_are_french_errors(read_deck, tmp_path):
    with pytest.raises(OcrError, match="aucune diapositive trouvée"):
        read_slide_texts(tmp_path / "nothing")
    media = unread_copy(read_deck, tmp_path)
    gone = slides_folder(media) / read_slides(media).slides[1].still
    os.unlink(gone)
    with pytest.raises(OcrError) as caught:
        read_slide_texts(media)
    assert str(caught.value) == f"{gone} : image absente"
    # the slide before it was read and kept: a rerun starts from the missing one
    slides = read_slides(media)
    assert slides.slides[0].text and slides.slides[1].text is None


def test_a_broken_slides_file_is_a_french_error(tmp_path):
    slides_folder(tmp_path).mkdir(parents=True)
    (slides_folder(tmp_path) / "slides.json").write_text("{", encoding="utf-8")
    with pytest.raises(OcrError, match="slides.json : fichier des diapositives abîmé"):
        read_slide_texts(tmp_path)
