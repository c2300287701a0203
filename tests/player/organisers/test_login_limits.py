"""Limits that can't be turned against the organiser (issue 15, point 5).

An address that keeps failing is stopped; an account under attack slows the addresses that
failed on it with growing delays, never the organiser's own address: the right password from
an address with no recent failure signs in whatever happens elsewhere. Real scrypt checks, real
SQLite counts; addresses are ``REMOTE_ADDR`` (Flask's client) or real source addresses
(127.0.0.x sockets against a live server).
"""

from __future__ import annotations

import http.client
import re
import sqlite3
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from player.organisers.login_limits import (
    ADDRESS_WINDOW,
    DELAY_CAP,
    FILE_NAME,
    Limiter,
    Policy,
    TooManyAttempts,
)
from tests.support.organisers import EMAIL, PASSWORD, PRIVATE_PATH, add_organiser, make_app, sign_in
from tests.support.organisers import app, client, instance, text  # noqa: F401 (fixtures)
from tests.support.servers import live_app

WRONG = "pas le bon mot de passe"


def attempt(client, addr: str, password: str = WRONG, email: str = EMAIL):
    return sign_in(client, email, password, environ_base={"REMOTE_ADDR": addr})


def refused(limiter: Limiter, address: str, account: str, now: float) -> TooManyAttempts | None:
    try:
        limiter.reserve(address, account, now=now)
    except TooManyAttempts as refusal:
        return refusal
    return None


# --- through the app ----------------------------------------------------------------------


def test_an_address_is_stopped_after_five_failures_with_a_french_wait(client):
    for _ in range(5):
        assert attempt(client, "10.0.0.1").status_code == 401
    sixth = attempt(client, "10.0.0.1", PASSWORD)  # even the right password
    assert sixth.status_code == 429
    wait = int(sixth.headers["Retry-After"])
    assert ADDRESS_WINDOW - 60 < wait <= ADDRESS_WINDOW
    assert re.search(r"Trop de tentatives : réessayez dans \d+ min\.", text(sixth))
    assert 'lang="fr"' in text(sixth)
    assert client.get(PRIVATE_PATH).status_code == 302


def test_an_address_is_stopped_across_accounts_and_others_are_not(client):
    for i in range(5):
        assert attempt(client, "10.0.0.1", email=f"inconnu{i}@example.org").status_code == 401
    assert attempt(client, "10.0.0.1", PASSWORD).status_code == 429
    assert attempt(client, "10.0.0.2", PASSWORD).status_code == 303


def test_the_right_password_signs_in_during_an_attack_from_many_addresses(client):
    """The finding: five failures from five addresses made the right password from a sixth get
    429. Now twenty attacking addresses are slowed, and the organiser's address is not."""
    attackers = [f"10.0.1.{i}" for i in range(20)]
    first_round = [attempt(client, a).status_code for a in attackers]
    assert first_round == [401] * 20  # a fresh address is heard once
    second_round = [attempt(client, a) for a in attackers]
    assert {r.status_code for r in second_round} == {429}  # then waits as the account says
    assert all(int(r.headers["Retry-After"]) >= 60 for r in second_round)
    # meanwhile, from an address with no recent failure, the right password works at once
    response = attempt(client, "10.0.2.1", PASSWORD)
    assert response.status_code == 303
    assert client.get(PRIVATE_PATH).status_code == 200
    # and an attacker holding a fresh address gets one try, no more
    assert attempt(client, "10.0.3.1").status_code == 401
    assert attempt(client, "10.0.3.1").status_code == 429


def test_a_typo_during_an_attack_delays_the_organiser_but_never_locks(app, client):
    limiter = Limiter(app.instance_path)
    for i in range(20):  # an attack under way on the account
        limiter.reserve(f"10.0.1.{i}", EMAIL)
    assert attempt(client, "10.0.2.1").status_code == 401  # the organiser mistypes once
    wait = attempt(client, "10.0.2.1", PASSWORD)
    assert wait.status_code == 429
    assert int(wait.headers["Retry-After"]) <= DELAY_CAP  # a delay, never a lock
    # the organiser's address after the delay: the attack goes on, the password still works
    with sqlite3.connect(limiter.path) as db:
        db.execute("UPDATE failures SET at = at - ? WHERE address = '10.0.2.1'", (DELAY_CAP,))
    db.close()
    limiter.reserve("10.0.1.99", EMAIL)
    assert attempt(client, "10.0.2.1", PASSWORD).status_code == 303


def test_limits_shared_by_two_workers_on_one_instance_folder(webinars_dir, instance):
    first, second = make_app(webinars_dir, instance), make_app(webinars_dir, instance)
    add_organiser(first, EMAIL, PASSWORD)
    a, b = first.test_client(), second.test_client()
    for client in (a, b, a, b, a):
        assert attempt(client, "10.0.0.1").status_code == 401
    assert attempt(b, "10.0.0.1", PASSWORD).status_code == 429
    assert (instance / FILE_NAME).is_file()


def test_an_unusable_count_file_is_a_french_503_not_a_500(app, client):
    (Path(app.instance_path) / FILE_NAME).mkdir(parents=True)
    response = attempt(client, "10.0.0.1", PASSWORD)
    assert response.status_code == 503
    assert "Connexion impossible pour l'instant : réessayez dans un moment." in text(response)


# --- the limiter's rules ------------------------------------------------------------------


def test_account_delays_double_are_capped_and_apply_to_failing_addresses_only(tmp_path):
    policy = Policy()
    limiter = Limiter(tmp_path, policy)
    now = 10_000.0
    for i in range(policy.account_free - 1):
        limiter.reserve(f"10.0.0.{i}", "a@example.org", now=now)
    # failures still free: an address that failed tries again at once (the account's fifth)
    assert refused(limiter, "10.0.0.0", "a@example.org", now) is None
    waits = []
    for k in range(12):
        now += 1
        refusal = refused(limiter, "10.0.0.0", "a@example.org", now)
        assert refusal is not None and refusal.reason == "compte"
        waits.append(refusal.retry_after)
        limiter.reserve(f"10.1.0.{k}", "a@example.org", now=now)  # the attack goes on elsewhere
    # 2, 4, 8, 16, 32 s after its last failure, asked 1, 2, 3, 4, 5 s after it
    assert waits[:5] == [1, 2, 5, 12, 27]
    assert max(waits) <= DELAY_CAP and waits[-1] == DELAY_CAP - 12
    # past the cap it may try again, however many failures the account has had
    assert refused(limiter, "10.0.0.0", "a@example.org", now + DELAY_CAP) is None
    # a fresh address is never delayed
    for n in range(50):
        assert refused(limiter, f"10.2.0.{n}", "a@example.org", now + n * 0.01) is None


def test_a_success_forgets_that_address_s_failures_on_that_account(tmp_path):
    limiter = Limiter(tmp_path)
    for i in range(10):
        limiter.reserve(f"10.0.0.{i}", "a@example.org", now=100.0)
    limiter.reserve("10.9.9.9", "a@example.org", now=101.0)  # the organiser's typo
    assert refused(limiter, "10.9.9.9", "a@example.org", 102.0) is not None
    # the delay for an account with 11 failures is 128 s: then the right password
    row = limiter.reserve("10.9.9.9", "a@example.org", now=229.5)
    limiter.succeeded(row, "10.9.9.9", "a@example.org")
    for i in range(10):  # the attack goes on: delays at their cap
        limiter.reserve(f"10.1.0.{i}", "a@example.org", now=230.0)
    # the typo is forgotten: this address is fresh again, not 300 s from its typo
    assert refused(limiter, "10.9.9.9", "a@example.org", 231.0) is None


def test_the_address_window_slides_and_old_rows_are_pruned(tmp_path):
    limiter = Limiter(tmp_path, Policy(address_limit=5, address_window=60, account_window=60))
    for i in range(5):
        limiter.reserve("10.0.0.1", f"x{i}@example.org", now=1000 + i)
    refusal = refused(limiter, "10.0.0.1", "y@example.org", 1010)
    assert refusal.reason == "adresse" and refusal.retry_after == 50
    assert refused(limiter, "10.0.0.1", "y@example.org", 1061) is None  # the first one left
    with sqlite3.connect(limiter.path) as db:
        oldest = db.execute("SELECT min(at) FROM failures").fetchone()[0]
    db.close()
    assert oldest > 1061 - 60


def test_a_flood_of_addresses_keeps_the_counts_bounded(tmp_path):
    limiter = Limiter(tmp_path, Policy(max_rows=100))
    for i in range(1000):
        limiter.reserve(f"10.{i // 250}.{i % 250}.1", f"x{i}@example.org", now=5000 + i * 0.01)
    with sqlite3.connect(limiter.path) as db:
        (rows,) = db.execute("SELECT count(*) FROM failures").fetchone()
        (newest,) = db.execute("SELECT max(at) FROM failures").fetchone()
    db.close()
    assert rows <= 100 and newest == pytest.approx(5000 + 999 * 0.01)
    assert limiter.path.stat().st_size < 64 * 1024


def test_concurrent_attempts_from_one_address_cannot_slip_past_the_limit(tmp_path):
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def one() -> None:
        limiter = Limiter(tmp_path)  # each its own connection, as each worker has
        start.wait()
        ok = refused(limiter, "10.0.0.1", "a@example.org", 1000.0) is None
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 15 + [True] * 5


# --- a real server, real source addresses -------------------------------------------------


def _post_login(base: str, source: str, password: str) -> int:
    """One sign-in from the loopback address ``source``: the login page, then the form."""
    netloc = urlsplit(base).netloc
    connection = http.client.HTTPConnection(netloc, timeout=30, source_address=(source, 0))
    try:
        connection.request("GET", "/connexion")
        page = connection.getresponse()
        body = page.read().decode("utf-8")
        cookie = page.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
        form = urlencode({"csrf_token": token, "email": EMAIL, "mot_de_passe": password})
        connection.request("POST", "/connexion", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def test_on_a_live_server_attackers_are_refused_and_the_organiser_signs_in(app):
    limiter = Limiter(app.instance_path)
    for i in range(20):  # an attack under way: delays at their cap, whatever the machine's speed
        limiter.reserve(f"10.0.1.{i}", EMAIL)
    with live_app(app) as base:
        statuses = [_post_login(base, f"127.0.0.{2 + i % 6}", WRONG) for i in range(18)]
        assert statuses[:6] == [401] * 6 and set(statuses[6:]) == {429}
        assert _post_login(base, "127.0.0.1", PASSWORD) == 303
