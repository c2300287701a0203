"""A recording set from its URL plays in Chromium: downloaded with its French captions, or linked."""

from __future__ import annotations

import shutil

import pytest

from app import create_app
from tests.support.browser import record, wait_js
from tests.support.paths import ROOT
from tests.support.servers import live_app
from tests.support.webinar import WID


@pytest.fixture
def app_with_recording(tmp_path, http_fixture):
    """A copy of the webinars, served live; ``set(mode)`` runs set-recording on the fixture page."""
    webinars = tmp_path / "webinars"
    shutil.copytree(ROOT / "webinars", webinars, ignore=shutil.ignore_patterns("media"))
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars)})

    def set_recording(mode: str) -> str:
        result = app.test_cli_runner().invoke(
            args=["set-recording", http_fixture.url("webinaire.html"), "--mode", mode]
        )
        assert result.exit_code == 0, result.output
        return url

    with live_app(app) as url:
        yield set_recording


def test_downloaded_recording_plays_here_with_french_captions(page, app_with_recording):
    base = app_with_recording("download")
    log = record(page)
    page.goto(f"{base}/w/{WID}?t=1")
    assert "Enregistrement de démonstration" not in page.content()
    page.evaluate("document.getElementById('video').play()")
    wait_js(page, "document.getElementById('video').currentTime > 1.3")
    page.get_by_role("button", name="Sous-titres").click()
    wait_js(page, """(() => { const t = [...document.getElementById('video').textTracks]
        .find(t => t.kind === 'subtitles'); return t && t.mode === 'showing' && t.cues
        && t.cues.length === 2; })()""")
    texts = page.evaluate("""[...[...document.getElementById('video').textTracks]
        .find(t => t.kind === 'subtitles').cues].map(c => c.text)""")
    assert texts == ["Bonjour à toutes et à tous.", "Ouverture du webinaire."]
    assert page.get_by_role("button", name="Sous-titres").get_attribute("aria-pressed") == "true"
    assert log.foreign_requests(base) == []
    assert log.errors() == []


def test_linked_recording_plays_from_where_it_is_hosted(page, app_with_recording, http_fixture):
    base = app_with_recording("link")
    log = record(page)
    page.goto(f"{base}/w/{WID}?t=1h10m")
    page.evaluate("document.getElementById('video').play()")
    wait_js(page, "document.getElementById('video').currentTime > 4200.3")
    media = http_fixture.url("media/webinaire.mp4")
    assert media in log.requests
    assert [u for u in log.foreign_requests(base) if not u.startswith(media)] == []
    assert log.errors() == []
