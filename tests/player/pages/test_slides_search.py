"""The words read on the slides in the search (Tesseract for real): a word written on a slide
finds that slide at its time, in the app's search pages, on the timeline's marks and in the
static export's JSON index; the index follows the slides file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from app import create_app
from chapters.slides import read_slides, slides_folder, write_slides
from chapters.timecode import to_clock, to_compact
from player.media.ocr import read_slide_texts
from tests.support.html import dom
from tests.support.slide_stills import DECK, belong_to_recording, write_deck

WID = "2021-05-04"


@pytest.fixture(scope="module")
def read_deck(tmp_path_factory) -> Path:
    """The test deck's slides, read once by Tesseract for the module."""
    media = tmp_path_factory.mktemp("deck") / "media"
    write_deck(media)
    read_slide_texts(media)
    return media


@pytest.fixture
def media(webinars_dir: Path, read_deck: Path, small_recording: Path) -> Path:
    """The built-in webinar's media folder with a recording and the read slides in it."""
    target = webinars_dir / WID / "media"
    shutil.copytree(read_deck, target)
    shutil.copyfile(small_recording, target / "demo.mp4")
    belong_to_recording(target)
    return target


@pytest.fixture
def app(webinars_dir: Path, tmp_path: Path):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir),
                       "SEARCH_INDEX": str(tmp_path / "instance" / "search.sqlite3")})


def hits(html: str) -> list[dict]:
    """Each hit's link attributes, with ``kind`` from its <li>."""
    out, kind = [], None
    for tag, attrs in dom(html).tags:
        if tag == "li" and "search-hit" in (attrs.get("class") or ""):
            kind = attrs["class"].split("kind-")[1]
        elif tag == "a" and kind:
            out.append({**attrs, "kind": kind})
            kind = None
    return out


def search(client, query: str, where: str = f"/w/{WID}") -> str:
    response = client.get(f"{where}/recherche?q={query}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_word_on_a_slide_finds_that_slide_at_its_time(client, media):
    third = DECK[2]
    html = search(client, "hydroliennes")
    assert '<h2 class="search-group-title" id="sr-diapositives">Diapositives' in html
    (link,) = [h for h in hits(html) if h["kind"] == "slide"]
    assert link["href"] == f"/w/{WID}?t={to_compact(third.start)}"
    assert link["data-seek"] == str(third.start) and "data-end" not in link
    assert f'<span class="hit-time">{to_clock(third.start)}</span>' in html
    assert '<span class="hit-title">Diapositive 3</span>' in html
    assert "<mark>Hydroliennes</mark> fluviales à Élancourt" in html
    assert '<span class="hit-where">Chapitre « ' in html
    # marked on the timeline like the transcript's hits
    (answer,) = dom(html).find("div", **{"class": "search-answer"})
    assert answer["data-hit-times"] == str(third.start)


def test_accents_and_the_lines_under_the_title_are_searched(client, media):
    html = search(client, "eoliennes citoyennes")  # typed without the accent
    assert [h["data-seek"] for h in hits(html) if h["kind"] == "slide"] == [str(DECK[1].start)]
    html = search(client, "digesteur")  # a line under the title
    assert [h["href"] for h in hits(html)] == [f"/w/{WID}?t={to_compact(DECK[0].start)}"]


def test_the_search_across_webinars_and_the_plain_page_find_slides(client, media):
    html = search(client, "methanisation", where="")
    assert f'href="/w/{WID}?t={to_compact(DECK[0].start)}"' in html
    page = client.get(f"/w/{WID}/recherche?q=methanisation").get_data(as_text=True)
    assert "Diapositive 1" in page and "<mark>Méthanisation</mark>" in page


def test_the_index_follows_the_slides_file(client, media):
    assert "Diapositive" not in search(client, "biomasse")
    slides = read_slides(media)
    first = slides.slides[0]
    write_slides(media, slides.with_texts({first.still: "Biomasse forestière du Vexin"}))
    html = search(client, "biomasse")
    assert [h["href"] for h in hits(html)] == [f"/w/{WID}?t={to_compact(first.start)}"]
    assert "Aucun résultat" in search(client, "digesteur")  # its old words are gone
    shutil.rmtree(slides_folder(media))
    assert "Aucun résultat" in search(client, "biomasse")


def test_a_slide_read_empty_or_not_yet_is_not_a_hit(client, media):
    slides = read_slides(media)
    write_slides(media, slides.with_texts({slides.slides[0].still: "", slides.slides[1].still: None}))
    assert "Aucun résultat" in search(client, "digesteur")
    assert "Aucun résultat" in search(client, "citoyennes")
    # the numbers count every slide: the third is still "Diapositive 3"
    assert '<span class="hit-title">Diapositive 3</span>' in search(client, "hydroliennes")


def test_the_static_export_index_holds_the_slides(client, media):
    response = client.get(f"/w/{WID}/recherche.json")
    index = json.loads(response.get_data(as_text=True))
    assert "slide" in index["timeline"] and "transcription" in index["timeline"]
    assert ["diapositives", "Diapositives", ["slide"]] in index["groups"]
    slide = index["kinds"].index("slide")
    rows = [r for r in index["rows"] if r[0] == slide]
    assert [(r[1], r[3]) for r in rows] == [(f"Diapositive {i}", d.start) for i, d in enumerate(DECK, 1)]
    assert rows[2][2].startswith("Hydroliennes fluviales à Élancourt")
    assert all(len(r) <= 6 for r in rows)  # no end, no who, no href: it opens the recording


def test_reindex_counts_the_slides_and_warns_of_a_broken_file(app, media):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reindex", WID])
    assert result.exit_code == 0, result.output
    assert "contacts, 0 ligne de transcription, 3 diapositives lues" in result.output
    (slides_folder(media) / "slides.json").write_text("{", encoding="utf-8")
    result = runner.invoke(args=["reindex", WID])
    assert result.exit_code == 0
    assert "slides.json : fichier des diapositives abîmé" in result.output
    assert "diapositives laissées hors de l'index" in result.output
    assert "0 diapositive lue" in result.output
    # the programme is still searched, and nothing breaks
    assert "Les <mark>régies</mark> de quartier" in search(app.test_client(), "regie")


def test_slides_of_another_recording_are_not_searched(client, media):
    assert 'id="sr-diapositives"' in search(client, "hydroliennes")
    # a new recording in its place, written beside it and renamed, as set-recording does
    (media / ".demo.mp4.tmp").write_bytes((media / "demo.mp4").read_bytes() + b"\0" * 100)
    os.replace(media / ".demo.mp4.tmp", media / "demo.mp4")
    assert 'id="sr-diapositives"' not in search(client, "hydroliennes")
