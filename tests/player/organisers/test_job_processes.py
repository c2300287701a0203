"""A recording job's processes: none outlives a cancel, a runner killed with -9 takes its
command with it, and a process left over holds the webinar until "Annuler" stops it.

Real processes only: the runner (``python -m player.organisers.jobs``), the real set-recording
against the local HTTP server, and shell commands whose children ignore SIGTERM; what runs is
read from /proc, as the kernel sees it.
"""

from __future__ import annotations

import json
import os
import signal
import time
from html import unescape
from pathlib import Path

import pytest

from app import create_app
from player.organisers import jobs
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, session_csrf, sign_in

WID = "2021-05-04"
PAGE = f"/w/{WID}/enregistrement"


@pytest.fixture
def instance(tmp_path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app(webinars_dir, instance):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}, instance_path=str(instance))
    add_organiser(app, EMAIL, PASSWORD)
    yield app
    # nothing of a test's job outlives it, whatever the test left
    path = jobs.status_path(instance, WID)
    job = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if job and job.get("pid"):
        for pid in group(job["pid"]):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def organiser(app):
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def group(pgid: int) -> list[int]:
    """The live processes of group ``pgid``, read from /proc directly."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(name))
    return found


def until(check, seconds: float, what: str):
    limit = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < limit, what
        time.sleep(0.05)
    return found


def running_job(instance: Path) -> dict:
    return until(lambda: (job := jobs.status(instance, WID)) and job.get("since") and job, 30,
                 "the runner never wrote its pid")


# A command whose child ignores SIGTERM (as a stuck download or ffmpeg might), in the background:
# the shell itself goes on SIGTERM, the child stays in the group.
STUBBORN = ["sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & wait"]
LINGERING = ["sh", "-c", "sleep 300 & wait"]  # the shell goes on SIGTERM, its child stays


def test_cancel_ends_every_process_of_the_job(organiser, instance):
    jobs.start_command(instance, WID, "https://exemple.org/v", STUBBORN)
    job = running_job(instance)
    until(lambda: len(group(job["pid"])) >= 4, 10, "runner, shell and two children")
    answer = organiser.post(f"{PAGE}/annuler", data={"csrf_token": session_csrf(organiser)})
    assert answer.status_code == 303
    # SIGTERM is ignored by all three: SIGKILL after KILL_AFTER seconds (generous margin here)
    until(lambda: not group(job["pid"]), jobs.KILL_AFTER + 20, f"left: {group(job['pid'])}")
    ended = until(lambda: (j := jobs.status(instance, WID))["state"] != "running" and j, 10, "state")
    assert ended["state"] == "interrupted" and ended["error"] == jobs.CANCELLED


def test_a_runner_killed_with_9_takes_the_real_download_with_it(
    organiser, instance, webinars_dir, http_fixture
):
    data = webinars_dir / WID / "webinar.yaml"
    before = data.read_bytes()
    slow = http_fixture.url("drip.html")  # a page that never ends: set-recording stays in yt-dlp
    answer = organiser.post(PAGE, data={"adresse": slow, "mode": "",
                                        "csrf_token": session_csrf(organiser)})
    assert answer.status_code == 303
    job = running_job(instance)
    runner = job["pid"]
    media = webinars_dir / WID / "media"
    until(lambda: list(media.glob(".incoming-*")), 30, "set-recording never reached yt-dlp")
    command = [pid for pid in group(runner) if pid != runner]
    assert command, "no set-recording process in the runner's group"
    os.kill(runner, signal.SIGKILL)
    # the command got SIGTERM from the kernel (PR_SET_PDEATHSIG), cleaned up and ended
    until(lambda: not group(runner), 20, f"still running: {group(runner)}")
    assert not list(media.glob(".incoming-*"))
    assert data.read_bytes() == before
    assert jobs.status(instance, WID)["state"] == "interrupted"
    # and the webinar is free again
    jobs.start_command(instance, WID, "https://exemple.org/v", ["true"])


def test_an_orphan_holds_the_webinar_until_annuler_stops_it(organiser, instance, http_fixture):
    jobs.start_command(instance, WID, "https://exemple.org/v", LINGERING)
    job = running_job(instance)
    runner = job["pid"]
    until(lambda: len(group(runner)) >= 3, 10, "runner, shell and sleep")
    os.kill(runner, signal.SIGKILL)
    # the shell goes with its runner; its child is left, in the group: an orphan
    until(lambda: runner not in group(runner) and len(group(runner)) == 1, 20, "the shell stayed")
    orphan = jobs.status(instance, WID)
    assert orphan["state"] == "running" and orphan["orphan"]
    page = unescape(organiser.get(PAGE).get_data(as_text=True))
    assert "En cours" in page and "superviseur" in page and ">Annuler</button>" in page
    # a new job is refused while it runs, in French, through the real form
    refused = organiser.post(PAGE, data={"adresse": http_fixture.url("webinaire.html"), "mode": "",
                                         "csrf_token": session_csrf(organiser)})
    assert refused.status_code == 409
    assert "Une tâche est déjà en cours" in unescape(refused.get_data(as_text=True))
    with pytest.raises(jobs.JobBusy):
        jobs.start_command(instance, WID, "https://exemple.org/v", ["true"])
    # "Annuler" stops it
    answer = organiser.post(f"{PAGE}/annuler", data={"csrf_token": session_csrf(organiser)})
    assert answer.status_code == 303
    assert group(runner) == []
    ended = jobs.status(instance, WID)
    assert ended["state"] == "interrupted" and ended["error"] == jobs.CANCELLED
    assert "Interrompu" in unescape(organiser.get(PAGE).get_data(as_text=True))
    jobs.start_command(instance, WID, "https://exemple.org/v", ["true"])  # free again
