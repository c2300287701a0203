"""set-recording against the fixture HTTP server: real yt-dlp, real files, no internet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import webvtt

from chapters.slides import read_slides
from chapters.store import load_webinar
from tests.support.paths import ROOT

WID = "2021-05-04"


def data_of(webinars_dir: Path):
    return load_webinar(webinars_dir / WID)


def test_download_makes_the_page_play_the_file_with_french_captions(
    runner, client, webinars_dir, http_fixture
):
    url = http_fixture.url("webinaire.html")
    result = runner.invoke(args=["set-recording", url, "--mode", "download"])
    assert result.exit_code == 0, result.output
    rec = data_of(webinars_dir).recording
    assert (rec.kind, rec.duration_assumed) == ("file", False)
    assert abs(rec.duration - 6400) < 1
    assert rec.captions == [{"lang": "fr", "label": "Français", "file": "captions.fr.vtt"}]
    media = webinars_dir / WID / "media"
    served = http_fixture.file("media/webinaire.mp4").read_bytes()
    assert (media / rec.src).read_bytes() == served
    assert len(webvtt.read(str(media / "captions.fr.vtt"))) == 2
    # nothing half-done is left beside it (thumbs/, cards/, slides/ and audio/: the chapter
    # thumbnails, share cards, slides and audio edition made from it), and the metadata is
    # stored for offline serving
    assert sorted(p.name for p in media.iterdir()) == sorted(
        ["captions.fr.vtt", rec.src, "thumbs", "cards", "slides", "audio"]
    )
    assert (webinars_dir / WID / "recording.json").is_file()
    # the slides were looked for: the test pattern's counter gains a digit now and then
    assert "Étape : diapositives" in result.stdout
    assert read_slides(media).media == rec.src

    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert f'src="/w/{WID}/media/{rec.src}#t=0.0"' in html
    assert f'<track kind="subtitles" src="/w/{WID}/media/captions.fr.vtt" srclang="fr"' in html
    assert "Enregistrement de démonstration généré" not in html
    with client.get(f"/w/{WID}/media/{rec.src}", headers={"Range": "bytes=0-99"}) as part:
        assert part.status_code == 206 and part.get_data() == served[:100]
    # the last chapter now ends where the real recording ends, no longer at the assumed 1:45:00
    vtt = client.get(f"/w/{WID}/chapitres.vtt").get_data(as_text=True)
    assert "01:29:40.000 --> 01:46:40.000" in vtt
    assert "Téléchargement" in result.stderr  # the progress bar, on stderr


def test_link_plays_the_file_from_where_it_is(runner, client, webinars_dir, http_fixture):
    url = http_fixture.url("webinaire.html")
    result = runner.invoke(args=["set-recording", url, "--mode", "link"])
    assert result.exit_code == 0, result.output
    rec = data_of(webinars_dir).recording
    assert rec.kind == "link" and rec.src == http_fixture.url("media/webinaire.mp4")
    assert abs(rec.duration - 6400) < 1  # read from the media itself: yt-dlp gives none
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    assert f'src="{http_fixture.url("media/webinaire.mp4")}#t=0.0"' in html
    origin = http_fixture.url("").rstrip("/")
    assert f"media-src 'self' {origin}" in response.headers["Content-Security-Policy"]
    assert [p.name for p in (webinars_dir / WID / "media").iterdir()] == ["captions.fr.vtt"]


def _unchanged_after_failure(runner, webinars_dir, args, *reason):
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    result = runner.invoke(args=["set-recording", *args])
    assert result.exit_code != 0
    # one error line, last (a chapter comparison may be printed before it)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("erreur : ")]
    assert errors == lines[-1:], result.stderr
    for words in reason:
        assert words in errors[0], errors[0]
    assert data.read_bytes() == before
    assert not (webinars_dir / WID / "recording.json").exists()
    media = webinars_dir / WID / "media"
    assert not media.exists() or not [p for p in media.iterdir() if not p.name.startswith(".")]
    return errors[0]


def test_unreachable_url_fails_in_one_line_and_changes_nothing(runner, webinars_dir, http_fixture):
    missing = http_fixture.url("absent.html")
    _unchanged_after_failure(runner, webinars_dir, [missing, "--mode", "download"], missing, "404")


def test_server_that_never_answers_times_out(runner, webinars_dir, http_fixture):
    _unchanged_after_failure(
        runner, webinars_dir, [http_fixture.hang_url, "--timeout", "2"],
        http_fixture.hang_url, "time-out",
    )


def test_page_without_video_is_unsupported(runner, webinars_dir, http_fixture):
    url = http_fixture.url("text.html")
    _unchanged_after_failure(runner, webinars_dir, [url], url, "non prise en charge")


def test_a_page_whose_video_is_a_local_file_is_refused_in_french(runner, webinars_dir, http_fixture):
    url = http_fixture.url("file-video.html")
    error = _unchanged_after_failure(runner, webinars_dir, [url], url, "fichier local (file://)")
    assert "disabled" not in error and "yt-dlp for security" not in error


def test_embed_refused_for_a_plain_page(runner, webinars_dir, http_fixture):
    url = http_fixture.url("webinaire.html")
    _unchanged_after_failure(runner, webinars_dir, [url, "--mode", "embed"], url, "embed impossible")


def test_invalid_captions_fail_and_keep_the_previous_recording(runner, webinars_dir, http_fixture):
    url = http_fixture.url("bad.html")
    _unchanged_after_failure(runner, webinars_dir, [url, "--mode", "link"], "WebVTT invalides")


def test_recording_shorter_than_the_programme_is_refused(runner, webinars_dir, http_fixture):
    url = http_fixture.url("page.html")
    _unchanged_after_failure(runner, webinars_dir, [url, "--mode", "link"], "avant le début de")


def test_short_download_is_removed_and_the_previous_recording_stays(
    runner, webinars_dir, http_fixture
):
    ok = runner.invoke(args=["set-recording", http_fixture.url("webinaire.html"), "--mode", "link"])
    assert ok.exit_code == 0, ok.output
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    short = runner.invoke(args=["set-recording", http_fixture.url("page.html"), "--mode", "download"])
    assert short.exit_code != 0 and "avant le début de" in short.stderr
    assert data.read_bytes() == before
    assert load_webinar(webinars_dir / WID).recording.kind == "link"
    media = webinars_dir / WID / "media"
    assert sorted(p.name for p in media.iterdir() if not p.name.startswith(".")) == ["captions.fr.vtt"]


CHAPTERS_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Webinaire avec chapitres</title>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "VideoObject", "name": "Webinaire avec chapitres",
 "contentUrl": "{media}", "encodingFormat": "video/mp4", "duration": "PT1H46M40S",
 "uploadDate": "2021-05-04", "hasPart": [{parts}]}}
</script></head><body><p>Le webinaire et ses chapitres.</p></body></html>
"""


def chapters_page(http_fixture, starts: list[int]) -> str:
    """A page whose schema.org chapters yt-dlp reads as the platform's own."""
    titles = ["Ouverture", "Relocalisations", "Capa'Cité", "Task force IAE", "Régies de quartier",
              "Fleurs d'Halage", "France Active"]
    parts = ", ".join(
        f'{{"@type": "Clip", "name": "{title}", "startOffset": {start}, "endOffset": {end}}}'
        for title, start, end in zip(titles, starts, [*starts[1:], 6400])
    )
    html = CHAPTERS_PAGE.format(media=http_fixture.url("media/webinaire.mp4"), parts=parts)
    (http_fixture.root / "chapitres.html").write_text(html, encoding="utf-8")
    return http_fixture.url("chapitres.html")


PLATFORM_STARTS = [0, 365, 1450, 2425, 3334, 4200, 5380]


def test_platform_chapters_are_compared_and_the_programme_kept(runner, webinars_dir, http_fixture):
    url = chapters_page(http_fixture, PLATFORM_STARTS)
    result = runner.invoke(args=["set-recording", url, "--mode", "link"])
    assert result.exit_code == 0, result.output
    assert ("Capa'Cité, chantier d'insertion avec GERES Restauration : programme 24:05, "
            "la plateforme 24:10") in result.stderr
    webinar = data_of(webinars_dir)
    assert [c.start for c in webinar.chapters][2] == 1445
    assert webinar.recording.src == http_fixture.url("media/webinaire.mp4")


def test_platform_chapters_replace_the_programmes_times_when_chosen(
    runner, webinars_dir, http_fixture
):
    url = chapters_page(http_fixture, PLATFORM_STARTS)
    result = runner.invoke(args=["set-recording", url, "--mode", "link", "--chapters", "platform"])
    assert result.exit_code == 0, result.output
    webinar = data_of(webinars_dir)
    assert [c.start for c in webinar.chapters] == PLATFORM_STARTS
    assert webinar.chapters[2].id == "capa-cite"  # ids, titles and speakers stay


def test_platform_chapters_refused_when_counts_differ(runner, webinars_dir, http_fixture):
    url = chapters_page(http_fixture, [0, 365, 1450])
    _unchanged_after_failure(
        runner, webinars_dir, [url, "--mode", "link", "--chapters", "platform"],
        "3 chapitres sur la plateforme, 7 dans le programme",
    )


def test_missing_peertube_api_is_reported_to_the_organiser(app, capsys):
    from player.cli.recording import _warn_if_api_missing

    with app.app_context():
        _warn_if_api_missing("peertube")  # AGPL script, not shipped
        _warn_if_api_missing("youtube")  # the site's own address: nothing to check here
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "peertube-embed-api.min.js absent" in err[0] and "PeerTube" in err[0]


# --- stopping: a total deadline, a page-size cap, SIGTERM and Ctrl-C ------------------------



def _incoming(webinars_dir: Path) -> list[Path]:
    media = webinars_dir / WID / "media"
    return sorted(media.glob(".incoming-*")) if media.exists() else []


def test_a_page_that_drips_is_stopped_by_the_total_deadline(runner, webinars_dir, http_fixture):
    """Each line comes well within --timeout, the page never ends: --deadline stops it."""
    url = http_fixture.url("drip.html")
    started = time.monotonic()
    error = _unchanged_after_failure(
        runner, webinars_dir, [url, "--timeout", "2", "--deadline", "3"],
        url, "délai total dépassé (3 s", "l'enregistrement précédent reste en place",
    )
    assert time.monotonic() - started < 15, error
    assert _incoming(webinars_dir) == []


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "1e300"])
def test_limits_must_be_a_reasonable_number_of_seconds(runner, value):
    for option in ("--deadline", "--timeout"):
        result = runner.invoke(args=["set-recording", "https://exemple.org/v", f"{option}={value}"])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"erreur : valeur invalide pour {option} : « ")
        assert "n'est pas un nombre de secondes" in result.stderr and "Traceback" not in result.output


def _run_cli(webinars_dir: Path, *args: str, **popen) -> subprocess.Popen:
    """The real command line, in its own process, on the test's copy of the data."""
    env = {**os.environ, "PLAYER_WEBINARS_DIR": str(webinars_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "set-recording", *args],
        cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen,
    )


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("erreur : "), stderr
    return lines[0]


# Runs the command and writes its peak memory (ru_maxrss, kB on Linux) to the file named first.
PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def test_a_huge_page_is_refused_at_the_cap_with_bounded_memory(webinars_dir, http_fixture, tmp_path):
    """512 MiB of HTML, generated as it is sent: read up to the cap only, one French line."""
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    peak_file = tmp_path / "peak"
    url = http_fixture.url("huge.html")
    env = {**os.environ, "PLAYER_WEBINARS_DIR": str(webinars_dir)}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", PEAK_RSS, str(peak_file),
         sys.executable, "-m", "flask", "--app", "app", "set-recording", url, "--mode", "link"],
        cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, so a time-out ends the command with the wrapper
    )
    try:
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    elapsed = time.monotonic() - started
    peak_mb = int(peak_file.read_text()) / 1024
    assert proc.returncode == 1, stderr
    line = _one_error_line(stderr)
    assert url in line and "page trop grosse" in line and "10 Mo" in line
    assert peak_mb < 250, f"{peak_mb:.0f} MB"
    assert elapsed < 30
    assert data.read_bytes() == before
    assert _incoming(webinars_dir) == [] and not (webinars_dir / WID / "recording.json").exists()


@pytest.mark.parametrize("signum, code, words", [
    (signal.SIGTERM, 143, "arrêtée (signal SIGTERM)"),
    (signal.SIGINT, 130, "interrompue (Ctrl-C)"),
])
def test_a_stopped_command_cleans_up_and_changes_nothing(
    webinars_dir, http_fixture, signum, code, words
):
    """Killed while it reads a slow page, the command removes its .incoming-* folder."""
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    url = http_fixture.url("drip.html")
    proc = _run_cli(webinars_dir, url, "--timeout", "5")
    try:
        waited = time.monotonic()
        while not _incoming(webinars_dir):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() - waited < 30, "no .incoming-* folder"
            time.sleep(0.05)
        time.sleep(1.5)  # inside yt-dlp, reading the page
        proc.send_signal(signum)
        _stdout, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == code, stderr
    line = _one_error_line(stderr)
    assert url in line and words in line and "l'enregistrement précédent reste en place" in line
    assert _incoming(webinars_dir) == []
    assert data.read_bytes() == before
    assert not (webinars_dir / WID / "recording.json").exists()
