"""The slides file: written atomically, read back the same, refused in French when broken."""

import json

import pytest

from chapters.slides import (
    INDEX,
    Slide,
    Slides,
    SlidesError,
    read_slides,
    slides_folder,
    still_name,
    thumb_name,
    write_slides,
)


def sample() -> Slides:
    slides = tuple(
        Slide(start, end, still_name(start), thumb_name(start))
        for start, end in ((0.0, 12.5), (12.5, 432.0), (432.0, 600.0))
    )
    return Slides(media="demo.mp4", stamp=(1234, 5678), slides=slides)


def test_written_slides_read_back_the_same(tmp_path):
    slides = sample().with_texts({still_name(12.5): "Relocalisations industrielles"})
    write_slides(tmp_path, slides)
    assert read_slides(tmp_path) == slides
    assert read_slides(tmp_path).slides[1].text == "Relocalisations industrielles"
    assert [p.name for p in slides_folder(tmp_path).iterdir()] == [INDEX]  # no temporary left


def test_no_file_is_no_slides(tmp_path):
    assert read_slides(tmp_path) is None


def test_slide_on_screen_at_a_time():
    slides = sample()
    assert slides.at(0) == 0
    assert slides.at(12.4) == 0
    assert slides.at(12.5) == 1
    assert slides.at(5000) == 2
    assert Slides("x.mp4", (0, 0), (Slide(3.0, 4.0, "a.jpg", "b.jpg"),)).at(1.0) is None


def test_picture_names_from_milliseconds():
    assert still_name(432.0) == "000432000.jpg"
    assert thumb_name(7.25) == "000007250.small.jpg"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{", "abîmé"),
        ('{"version": 9, "slides": []}', "version 9 inconnue"),
        ('{"version": 1, "media": "a", "stamp": [1, 2], "slides": [{"start": 1}]}', "abîmé"),
        (
            '{"version": 1, "media": "a", "stamp": [1, 2], "slides": [{"start": 1, "end": 2,'
            ' "still": "../../secret.jpg", "thumb": "t.jpg"}]}',
            "nom d'image refusé",
        ),
        (
            '{"version": 1, "media": "a", "stamp": [1, 2], "slides": ['
            '{"start": 5, "end": 6, "still": "a.jpg", "thumb": "b.jpg"},'
            '{"start": 1, "end": 2, "still": "c.jpg", "thumb": "d.jpg"}]}',
            "hors d'ordre",
        ),
    ],
)
def test_broken_file_is_refused_in_french_naming_it(tmp_path, content, expected):
    folder = slides_folder(tmp_path)
    folder.mkdir()
    (folder / INDEX).write_text(content, encoding="utf-8")
    with pytest.raises(SlidesError) as caught:
        read_slides(tmp_path)
    assert expected in str(caught.value)
    assert str(folder / INDEX) in str(caught.value)


def test_file_is_plain_json(tmp_path):
    path = write_slides(tmp_path, sample())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["media"] == "demo.mp4"
    assert [s["start"] for s in data["slides"]] == [0.0, 12.5, 432.0]
