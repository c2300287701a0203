"""Shared fixtures: the app on a copy of the webinars folder, its client and CLI runner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from app import create_app
from tests.support.audio_edition import make_audio, make_cover, place_edition
from tests.support.media import make_small_recording
from tests.support.paths import ROOT
from tests.support.servers import FixtureServer, fixture_site
from tests.support.webinar import WID

# modules whose every test runs yt-dlp against the local HTTP server
NETWORK_MODULES = {"test_sources.py", "test_set_recording.py"}


def pytest_configure(config):
    """Every app the tests make keeps its instance folder (search index, accounts) in a
    temporary folder, never in the repository's ``instance/``."""
    if not os.environ.get("PLAYER_INSTANCE_PATH"):
        os.environ["PLAYER_INSTANCE_PATH"] = config._player_instance = tempfile.mkdtemp(
            prefix="player-instance-"
        )


def pytest_unconfigure(config):
    made = getattr(config, "_player_instance", None)
    if made:
        shutil.rmtree(made, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Mark ``network`` what talks HTTP through yt-dlp, so ``-m "not network"`` leaves it out."""
    for item in items:
        if item.path.name in NETWORK_MODULES or "http_fixture" in item.fixturenames:
            item.add_marker(pytest.mark.network)


@pytest.fixture(scope="session")
def http_fixture(tmp_path_factory) -> FixtureServer:
    """The HTTP server on 127.0.0.1 that recordings are fetched from (yt-dlp runs against it
    for real) and its silent listener, for the whole session (tests/support/servers.py)."""
    with fixture_site(tmp_path_factory.mktemp("http-site")) as server:
        yield server


@pytest.fixture
def webinars_dir(tmp_path: Path) -> Path:
    """A writable copy of the committed webinars (generated media left out)."""
    target = tmp_path / "webinars"
    shutil.copytree(ROOT / "webinars", target, ignore=shutil.ignore_patterns("media"))
    return target


@pytest.fixture(scope="session")
def small_recording(tmp_path_factory) -> Path:
    """A real one-second MP4 made by ffmpeg, for the pages that need a recording in place."""
    return make_small_recording(tmp_path_factory.mktemp("recording") / "small.mp4")


@pytest.fixture
def recorded(webinars_dir: Path, small_recording: Path) -> Path:
    """The built-in webinar with a file where its recording goes (``media/demo.mp4``), as after
    ``flask demo-recording``: its pages show the player. Without it, they say the recording is
    not available yet. Modules use it with ``pytestmark = pytest.mark.usefixtures("recorded")``."""
    target = webinars_dir / WID / "media" / "demo.mp4"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(small_recording, target)
    return target


@pytest.fixture(scope="session")
def edition_files(tmp_path_factory) -> tuple[Path, Path]:
    """A real audio edition's .m4a, as long as the built-in webinar (1 h 45 min), and its
    square cover, made once by ffmpeg (tests/support/audio_edition.py)."""
    folder = tmp_path_factory.mktemp("edition")
    return make_audio(folder / "edition.m4a", 6300), make_cover(folder / "cover.jpg")


@pytest.fixture
def edition(recorded: Path, edition_files):
    """The built-in webinar with its recording and an audio edition made from it in
    ``media/audio/``, as the AUDIO maker leaves it."""
    return place_edition(recorded.parent, *edition_files)


@pytest.fixture
def app(webinars_dir: Path):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def static_url(app):
    """The address the app names a static file by (versioned: see player/site/assets.py)."""

    def build(filename: str) -> str:
        from flask import url_for

        with app.test_request_context():
            return url_for("static", filename=filename)

    return build
