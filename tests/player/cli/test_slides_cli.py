"""flask slides: the slides of the webinar's recording found and written beside it, in French,
and after demo-recording."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chapters.model import Recording
from chapters.slides import read_slides, slides_folder
from chapters.store import load_webinar, save_webinar
from player.media.demo_slides import demo_slide_times
from tests.support.slide_recordings import PlannedSlide, make_slide_recording
from tests.support.webinar import WID, shorten

DECK = [
    PlannedSlide(0, "Relocalisations industrielles", ("Un programme régional",)),
    PlannedSlide(6.4, "Capa'Cité et GERES", ("Chantier d'insertion", "Restauration"), fade=1.0),
    PlannedSlide(13.7, "Les régies de quartier", ("Besoins sociaux", "Territoires")),
]


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return make_slide_recording(tmp_path_factory.mktemp("deck") / "deck.mp4", DECK, 20)


@pytest.fixture(scope="module")
def one_page(tmp_path_factory) -> Path:
    return make_slide_recording(tmp_path_factory.mktemp("page") / "page.mp4", DECK[:1], 12)


def use_file(webinars_dir: Path, media: Path) -> Path:
    """The built-in webinar played from ``media``, copied into its media folder."""
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(kind="file", src="recording.mp4", duration=6300)
    save_webinar(webinar, folder)
    target = folder / "media" / "recording.mp4"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(media, target)
    return target


def test_slides_command_writes_the_slides_beside_the_recording(runner, webinars_dir, deck):
    target = use_file(webinars_dir, deck)
    result = runner.invoke(args=["slides", WID])
    assert result.exit_code == 0, result.output
    assert f"{slides_folder(target.parent)} : 3 diapositives" in result.stdout
    found = read_slides(target.parent)
    assert len(found.slides) == len(DECK)
    assert all(abs(s.start - p.start) <= 1 for s, p in zip(found.slides, DECK))
    assert found.media == "recording.mp4"


def test_a_recording_without_slides_says_so_and_leaves_the_page(runner, webinars_dir, one_page):
    target = use_file(webinars_dir, one_page)
    result = runner.invoke(args=["slides"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        "recording.mp4 : aucune diapositive trouvée, la page reste telle quelle"
    ]
    assert not slides_folder(target.parent).exists()


def test_an_unreadable_recording_fails_in_one_french_line(runner, webinars_dir, deck):
    target = use_file(webinars_dir, deck)
    target.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"abime" * 400)
    result = runner.invoke(args=["slides"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : "), lines
    assert "recording.mp4" in lines[0] and "illisible" in lines[0]
    assert "Traceback" not in result.output
    assert not slides_folder(target.parent).exists()


def test_a_missing_recording_or_an_embed(runner, webinars_dir):
    folder = webinars_dir / WID
    missing = runner.invoke(args=["slides"])
    assert missing.exit_code == 1
    assert "fichier média absent (flask --app app demo-recording)" in missing.stderr
    webinar = load_webinar(folder)
    webinar.recording = Recording(
        kind="embed", platform="youtube", embed_id="abc123", duration=6300,
        src="https://www.youtube-nocookie.com/embed/abc123",
    )
    save_webinar(webinar, folder)
    embed = runner.invoke(args=["slides"])
    assert embed.exit_code == 0, embed.output
    assert embed.stdout.strip() == (
        f"{WID} : enregistrement lu hors d'ici (embed), aucune diapositive à chercher"
    )


def test_demo_recording_finds_the_stand_in_slides(runner, webinars_dir):
    folder = webinars_dir / WID
    webinar = shorten(webinars_dir)  # 7 chapters of 5 s: quick to render
    result = runner.invoke(args=["demo-recording"])
    assert result.exit_code == 0, result.output
    media = folder / "media"
    found = read_slides(media)
    expected = demo_slide_times(load_webinar(folder), webinar.recording.duration)
    assert len(found.slides) == len(expected) == 7
    assert all(abs(s.start - t) <= 1 for s, t in zip(found.slides, expected))
    assert f"{slides_folder(media)} : 7 diapositives" in result.stdout
