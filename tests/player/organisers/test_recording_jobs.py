"""/w/<id>/enregistrement: set-recording as a background job, against the local HTTP server
(real yt-dlp, the real command line in its own process)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest

from app import create_app
from chapters.store import load_webinar
from player.organisers import jobs
from tests.support.organisers import add_organiser, session_csrf, sign_in

WID = "2021-05-04"
PAGE = f"/w/{WID}/enregistrement"
STATE = f"{PAGE}/etat"
EMAIL, PASSWORD = "orga@example.org", "un mot de passe assez long"


@pytest.fixture
def instance(tmp_path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app(webinars_dir, instance):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)},
                     instance_path=str(instance))
    add_organiser(app, EMAIL, PASSWORD)
    yield app
    # no job outlives its test (the slow page would keep one for minutes)
    if jobs.cancel(instance, WID):
        wait_for(instance, lambda job: job["state"] != "running")


@pytest.fixture
def organiser(app):
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def start(client, url: str, mode: str = "", token: str | None = None):
    data = {"adresse": url, "mode": mode,
            "csrf_token": session_csrf(client) if token is None else token}
    return client.post(PAGE, data=data)


def wait_for(instance: Path, done, seconds: float = 90) -> dict:
    """The job's state once ``done(job)`` holds (read as the page reads it)."""
    limit = time.monotonic() + seconds
    while True:
        job = jobs.status(instance, WID)
        if job and done(job):
            return job
        assert time.monotonic() < limit, job
        time.sleep(0.1)


def fragment(client) -> str:
    answer = client.get(STATE, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "private, no-store"
    return unescape(answer.get_data(as_text=True))


def incoming(webinars_dir: Path) -> list[Path]:
    media = webinars_dir / WID / "media"
    return sorted(media.glob(".incoming-*")) if media.exists() else []


def test_closed_without_a_session(client):
    page = client.get(PAGE)
    assert page.status_code == 302 and "/connexion" in page.headers["Location"]
    assert client.post(PAGE, data={"adresse": "https://exemple.org/v"}).status_code == 401
    assert client.get(STATE, headers={"HX-Request": "true"}).status_code == 401
    assert client.post(f"{PAGE}/annuler").status_code == 401


def test_refused_without_the_csrf_token(organiser, instance):
    assert start(organiser, "https://exemple.org/v", token="").status_code == 403
    assert organiser.post(f"{PAGE}/annuler").status_code == 403
    assert jobs.status(instance, WID) is None


def test_the_page_is_french_labelled_and_private(organiser, static_url):
    page = organiser.get(PAGE)
    html = unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert '<label for="enregistrement-adresse">Adresse de l\'enregistrement</label>' in html
    assert 'name="csrf_token"' in html and "Aucune tâche lancée" in html
    assert static_url("css/organisers.css") in html and static_url("js/recording-job.js") in html
    assert "data-hx-trigger" not in html  # nothing to poll
    assert organiser.get("/w/inconnu/enregistrement").status_code == 404


def test_an_address_that_is_not_http_is_refused_before_any_job(organiser, instance):
    for url in ("ftp://exemple.org/v.mp4", "exemple.org/v", "https://exemple.org/a b", "-h"):
        answer = start(organiser, url)
        assert answer.status_code == 400
        assert "commençant par https://" in answer.get_data(as_text=True)
    assert jobs.status(instance, WID) is None


def test_a_job_runs_shows_its_progress_and_sets_the_recording(
    organiser, instance, webinars_dir, http_fixture
):
    url = http_fixture.url("webinaire.html")
    answer = start(organiser, url, mode="download")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(PAGE)
    # the request only started it: the job is running, and the page polls its fragment
    page = unescape(organiser.get(PAGE).get_data(as_text=True))
    if "En cours" in page:
        assert f'data-hx-get="{STATE}" data-hx-trigger="every 1s"' in page
        assert 'role="status"' in page and ">Actualiser</a>" in page and ">Annuler</button>" in page
    seen = set()
    limit = time.monotonic() + 90
    while True:  # what htmx would see, once a tenth of a second
        html = fragment(organiser)
        seen.add("running" if "En cours" in html else "other")
        if "téléchargement 100 %" in html:
            seen.add("percent")
        if "Terminé" in html:
            break
        assert "Échec" not in html and time.monotonic() < limit, html
        time.sleep(0.1)
    assert "running" in seen
    # done: the watch page is a link, polling stops
    assert f'href="/w/{WID}"' in html and "data-hx-trigger" not in html and 'role="status"' in html
    job = json.loads(jobs.status_path(instance, WID).read_text(encoding="utf-8"))
    assert job["state"] == "done" and job["code"] == 0 and job["url"] == url
    assert "Étape : sous-titres" in job["lines"] and "Étape : enregistrement des données" in job["lines"]
    assert "Téléchargement : 100 %" in job["lines"] and job["percent"] == 100
    # the data file has the downloaded recording, as the command alone would have written it
    rec = load_webinar(webinars_dir / WID).recording
    assert rec.kind == "file" and abs(rec.duration - 6400) < 1
    assert (webinars_dir / WID / "media" / rec.src).read_bytes() == \
        http_fixture.file("media/webinaire.mp4").read_bytes()
    assert incoming(webinars_dir) == []


def test_a_failing_address_shows_the_commands_french_line(organiser, instance, webinars_dir, http_fixture):
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    missing = http_fixture.url("absent.html")
    assert start(organiser, missing).status_code == 303
    job = wait_for(instance, lambda job: job["state"] != "running")
    assert job["state"] == "failed" and missing in job["error"] and "404" in job["error"]
    html = fragment(organiser)
    assert 'role="alert"' in html and "Échec" in html and job["error"] in html
    assert "erreur : " not in html.split("Échec", 1)[1].split("</p>", 1)[0]
    assert "data-hx-trigger" not in html
    assert data.read_bytes() == before


def test_one_job_at_a_time_and_cancel_stops_it_cleanly(organiser, instance, webinars_dir, http_fixture):
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    slow = http_fixture.url("drip.html")  # a page that never ends
    assert start(organiser, slow).status_code == 303
    wait_for(instance, lambda job: job.get("pid"), 30)
    # a second start is refused while the first runs
    second = start(organiser, http_fixture.url("webinaire.html"))
    assert second.status_code == 409
    assert "Une tâche est déjà en cours" in unescape(second.get_data(as_text=True))
    assert jobs.status(instance, WID)["url"] == slow
    # wait until the command is inside yt-dlp, with its temporary folder
    limit = time.monotonic() + 30
    while not incoming(webinars_dir):
        assert time.monotonic() < limit, "no .incoming-* folder"
        time.sleep(0.05)
    cancelled = organiser.post(f"{PAGE}/annuler", data={"csrf_token": session_csrf(organiser)})
    assert cancelled.status_code == 303
    job = wait_for(instance, lambda job: job["state"] != "running", 30)
    assert job["state"] == "interrupted" and job["code"] == 143
    assert "arrêtée (signal SIGTERM)" in job["lines"][-1]
    html = fragment(organiser)
    assert "Interrompu" in html
    assert "Annulé à la demande d'un organisateur" in html and 'role="alert"' in html
    assert incoming(webinars_dir) == []
    assert data.read_bytes() == before
    # the lock went with it: a new job may start
    assert not jobs.cancel(instance, WID)


def test_a_job_whose_process_died_reads_as_interrupted(organiser, instance):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    path = jobs.status_path(instance, WID)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"state": "running", "url": "https://exemple.org/v", "pid": gone.pid,
                                "lines": ["Étape : lecture de l'adresse"], "stage": "lecture de l'adresse",
                                "percent": None, "error": None}), encoding="utf-8")
    assert jobs.status(instance, WID)["state"] == "interrupted"
    page = unescape(organiser.get(PAGE).get_data(as_text=True))
    assert "Interrompu" in page and "serveur redémarré" in page and "data-hx-trigger" not in page
    assert not jobs.cancel(instance, WID)  # nothing to stop: no signal sent anywhere
