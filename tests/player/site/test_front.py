"""The server as scripts/run starts it, nginx in front of gunicorn, against slow clients over real
sockets: they cost nginx a connection, never a gunicorn thread (issue 15)."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from player.factory import create_app
from tests.support.front import (
    WATCH, copy_webinars, free_port, get_from, run_env, running_front, slow_header_client,
    slow_reader,
)
from tests.support.paths import ROOT

HEADER_CLIENTS = 40
SLOW_READERS = 40
ATTACK_SECONDS = 13  # longer than nginx's client_header_timeout (10 s), to see it act
CAP = 32  # limit_conn per address in deploy/nginx.conf


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    root = tmp_path_factory.mktemp("front")
    webinars = copy_webinars(root / "webinars")
    with running_front(webinars, root / "instance") as running:
        yield running


def test_watch_page_answers_within_a_second_under_slow_clients(front):
    """40 clients sending headers a byte every 2 s and 40 reading the recording at 1 KB/s, spread
    over 127.0.0.2-21 (under the per-address cap); the watch page, asked from 127.0.0.1 every
    half second, answers every time within 1 s; and the header timeout closes the slow headers."""
    stop = threading.Event()
    closed_after: list[float] = []
    statuses: list = []
    read: list[int] = []
    threads = [
        threading.Thread(target=slow_header_client, daemon=True,
                         args=(f"127.0.0.{2 + i % 20}", front.port, stop, closed_after))
        for i in range(HEADER_CLIENTS)
    ] + [
        threading.Thread(target=slow_reader, daemon=True,
                         args=(f"127.0.0.{2 + i % 20}", front.port, stop, statuses, read))
        for i in range(SLOW_READERS)
    ]
    for thread in threads:
        thread.start()
    times = []
    try:
        time.sleep(2)  # every slow client connected and holding its connection
        deadline = time.monotonic() + ATTACK_SECONDS - 2
        while time.monotonic() < deadline:
            started = time.monotonic()
            status, answer = get_from("127.0.0.1", front.port, WATCH)
            times.append(time.monotonic() - started)
            assert status == 200 and b'<html lang="fr">' in answer
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert len(times) >= 15
    assert max(times) < 1.0, f"watch page times under attack: {sorted(times)[-5:]}"
    # the slow readers were really being served, and slowly: 206/200, far from the whole file
    assert statuses.count(200) == SLOW_READERS, statuses
    assert len(read) == SLOW_READERS and max(read) < 200 * 1024
    # nginx closed each slow header after client_header_timeout (10 s), not before
    assert len(closed_after) >= HEADER_CLIENTS, closed_after
    assert all(9 <= seconds < 13 for seconds in closed_after), sorted(closed_after)


def test_one_address_over_the_cap_is_refused_another_is_served(front):
    stop = threading.Event()
    statuses: list = []
    read: list[int] = []
    readers = [threading.Thread(target=slow_reader, daemon=True,
                                args=("127.0.0.60", front.port, stop, statuses, read))
               for _ in range(CAP)]
    for thread in readers:
        thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(statuses) < CAP and time.monotonic() < deadline:
            time.sleep(0.1)
        assert statuses == [200] * CAP
        status, answer = get_from("127.0.0.60", front.port, WATCH)
        assert status == 429
        assert "Trop de connexions".encode() in answer and b"Traceback" not in answer
        status, answer = get_from("127.0.0.61", front.port, WATCH)
        assert status == 200 and b'<html lang="fr">' in answer
    finally:
        stop.set()
        for thread in readers:
            thread.join(10)
    # the readers gone, the address is served again
    assert get_from("127.0.0.60", front.port, WATCH)[0] == 200


CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')


def test_front_sets_the_forwarded_headers_a_client_cannot_choose(front):
    spoofed = ("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
               "X-Forwarded-Host: evil.example.org\r\nForwarded: for=203.0.113.9;proto=https\r\n")
    status, answer = get_from("127.0.0.1", front.port, WATCH, extra=spoofed)
    assert status == 200
    assert CANONICAL.search(answer).group(1).decode() == f"{front.base}{WATCH}"
    head = answer.split(b"\r\n\r\n", 1)[0].decode()
    assert "Content-Security-Policy: " in head and "Server: nginx\r\n" in head  # no version
    assert "gunicorn" not in head
    # one "Lecteur servi sur" line, with the public address
    assert [line for line in front.output if "Lecteur servi" in line] == [
        f"Lecteur servi sur {front.base}/  (Ctrl+C pour arrêter)\n"]


def _remote_addr_app(webinars_dir: Path, tmp_path: Path, proxy_fix):
    config = {"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}
    if proxy_fix is not None:
        config["PROXY_FIX"] = proxy_fix
    app = create_app(config, instance_path=str(tmp_path / "i"))
    app.add_url_rule("/__adresse", "adresse", lambda: __import__("flask").request.remote_addr)
    return app.test_client()


def test_behind_the_front_the_app_sees_the_forwarded_client_address(webinars_dir, tmp_path):
    """scripts/run's setting: X-Forwarded-For and -Proto believed (one proxy), -Host not."""
    client = _remote_addr_app(webinars_dir, tmp_path, {"x_for": 1, "x_proto": 1})
    headers = {"X-Forwarded-For": "127.0.0.7", "X-Forwarded-Host": "evil.example.org"}
    answer = client.get("/__adresse", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert answer.get_data(as_text=True) == "127.0.0.7"
    assert b"evil.example.org" not in client.get(WATCH, headers=headers).data


def test_without_the_setting_the_forwarded_address_is_ignored(webinars_dir, tmp_path):
    client = _remote_addr_app(webinars_dir, tmp_path, None)
    answer = client.get("/__adresse", headers={"X-Forwarded-For": "203.0.113.9"},
                        environ_base={"REMOTE_ADDR": "127.0.0.5"})
    assert answer.get_data(as_text=True) == "127.0.0.5"


def test_run_says_in_french_when_the_address_is_taken_and_leaves_nothing_running(tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen(1)
        done = subprocess.run([str(ROOT / "scripts" / "run")], cwd=ROOT, capture_output=True, text=True,
                              env=run_env(ROOT / "webinars", tmp_path / "instance", port), timeout=120)
    assert done.returncode != 0
    assert f"erreur : nginx n'a pas démarré sur 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr and "Lecteur servi" not in done.stdout


def test_stopping_run_stops_nginx_and_gunicorn(tmp_path):
    webinars = copy_webinars(tmp_path / "webinars")
    with running_front(webinars, tmp_path / "instance") as running:
        children = [int(pid) for task in Path(f"/proc/{running.proc.pid}/task").iterdir()
                    for pid in (task / "children").read_text().split()]
        assert len(children) == 2  # nginx's master and gunicorn's
    assert running.proc.returncode == 0
    time.sleep(0.5)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    with pytest.raises(OSError):
        get_from("127.0.0.1", running.port, WATCH, timeout=2)
