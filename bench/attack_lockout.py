"""Attack case "lockout" (issue 15, items 4 and 5): can an attacker lock the organiser out, and
does a cookie saved before sign-out still open the organisers' pages?

Against a running server (``scripts/run``: nginx in front of gunicorn, or gunicorn alone), from
real loopback source addresses (each client socket bound to 127.0.0.x, so the server, or nginx's
X-Forwarded-For, sees distinct clients):

1. twenty attacking addresses (127.0.0.2-21) try wrong passwords on the organiser's account,
   three rounds, and one more address (127.0.0.22) hammers it twenty times;
2. the organiser then signs in with the right password from 127.0.0.1;
3. signed in, the organiser signs out, and the cookie saved before is replayed on ``/nouveau``.

It prints the attackers' answers (heard: 401; refused: 429 with its Retry-After), whether and
how fast the right password worked, and what the old cookie got. Afterwards it deletes the
failures it caused from the instance folder's ``login-attempts.sqlite3`` (rows on that account
since it started), so later runs and benches find the account as it was.

    .venv/bin/python bench/attack_lockout.py --base http://127.0.0.1:5000 \\
        --instance-dir instance --email orga@example.org   # password on stdin or $BENCH_PASSWORD

``run(target)`` is what the ``bench/attack`` driver calls.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sqlite3
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

ATTACKERS = [f"127.0.0.{i}" for i in range(2, 22)]
HAMMER = "127.0.0.22"
ORGANISER = "127.0.0.1"
ROUNDS = 3
HAMMER_TRIES = 20
WRONG = "pas le bon mot de passe du tout"
ADDRESS_LIMIT = 5  # player/organisers/login_limits.py: failures heard from one address
ACCOUNT_FREE = 5  # failures on the account before addresses that failed wait
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Client:
    """One browser at one loopback source address: its cookie, its CSRF token."""

    def __init__(self, base: str, source: str):
        self.netloc = urlsplit(base).netloc
        self.source = source
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None,
                cookie: str | None = None) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(self.netloc, timeout=30,
                                                source_address=(self.source, 0))
        headers = {}
        sent_cookie = self.cookie if cookie is None else cookie
        if sent_cookie:
            headers["Cookie"] = sent_cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            answer = {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()
        if cookie is None and "set-cookie" in answer:
            self.cookie = answer["set-cookie"].split(";", 1)[0]
        return response.status, answer, text

    def token(self, path: str = "/connexion") -> str:
        status, _, page = self.request("GET", path)
        found = _TOKEN.search(page)
        if not found:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return found.group(1)

    def sign_in(self, email: str, password: str) -> tuple[int, dict[str, str]]:
        form = {"csrf_token": self.token(), "email": email, "mot_de_passe": password}
        status, headers, _ = self.request("POST", "/connexion", form)
        return status, headers


def _attack(base: str, email: str) -> dict:
    answers: dict[str, list[int]] = {}
    waits: list[int] = []

    def one(source: str) -> None:
        status, headers = Client(base, source).sign_in(email, WRONG)
        answers.setdefault(source, []).append(status)
        if status == 429:
            waits.append(int(headers.get("retry-after", "0")))

    started = time.perf_counter()
    for _ in range(ROUNDS):
        for source in ATTACKERS:
            one(source)
    for _ in range(HAMMER_TRIES):
        one(HAMMER)
    return {"answers": answers, "waits": waits, "seconds": time.perf_counter() - started}


def _forget_failures(instance_dir: Path, email: str, since: float) -> None:
    """The bench's own failures go, so the account is left as it was found (a bench is not
    an attack the organiser should feel afterwards)."""
    path = Path(instance_dir) / "login-attempts.sqlite3"
    if not path.is_file():
        return
    with sqlite3.connect(path, timeout=10) as db:
        db.execute("DELETE FROM failures WHERE account = ? AND at >= ?", (email.lower(), since))
    db.close()


def run(target) -> list[tuple[str, str, str]]:
    """The figures of this attack case, as table rows (figure, measured, target: verdict)."""
    since = time.time() - 1
    rows: list[tuple[str, str, str]] = []
    try:
        attack = _attack(target.base, target.email)
        answers = attack["answers"]
        spread = [answers[a] for a in ATTACKERS]
        heard = sum(s.count(401) for s in spread)
        refused = sum(s.count(429) for s in spread)
        other = sorted({c for s in spread + [answers[HAMMER]] for c in s} - {401, 429})
        rows.append((
            f"distributed attack: {len(ATTACKERS)} addresses x {ROUNDS} wrong passwords",
            f"{heard} heard (401), {refused} refused (429)"
            + (f", other answers {other}" if other else ""),
            f"at most one try per address once the account has had {ACCOUNT_FREE} failures "
            f"(<= {len(ATTACKERS) + ACCOUNT_FREE} heard): "
            + ("met" if heard <= len(ATTACKERS) + ACCOUNT_FREE and not other else "NOT met"),
        ))
        hammer_heard = answers[HAMMER].count(401)
        hammer_ok = hammer_heard <= ADDRESS_LIMIT and not other
        rows.append((
            f"one address, {HAMMER_TRIES} wrong passwords in a row",
            f"{hammer_heard} heard, {answers[HAMMER].count(429)} refused",
            f"at most {ADDRESS_LIMIT} heard: " + ("met" if hammer_ok else "NOT met"),
        ))
        waits = attack["waits"]
        rows.append((
            "Retry-After given to the attackers",
            f"{min(waits)}-{max(waits)} s over {len(waits)} refusals" if waits else "none",
            "a delay (at most 300 s per account), never a sleeping worker: "
            + ("met" if waits and max(waits) <= 300 else "NOT met"),
        ))

        organiser = Client(target.base, ORGANISER)
        token = organiser.token()
        form = {"csrf_token": token, "email": target.email, "mot_de_passe": target.password}
        started = time.perf_counter()
        status, headers, _ = organiser.request("POST", "/connexion", form)
        took = time.perf_counter() - started
        rows.append((
            f"right password from {ORGANISER} right after the attack "
            f"({attack['seconds']:.1f} s of attack)",
            f"{status}{' to ' + headers.get('location', '') if status == 303 else ''} "
            f"in {took * 1000:.0f} ms",
            "signs in (303), not 429: " + ("met" if status == 303 else "NOT met"),
        ))
        if status == 303:
            rows.append(_replay_after_sign_out(target.base, organiser))
    finally:
        _forget_failures(target.instance_dir, target.email, since)
    return rows


def _replay_after_sign_out(base: str, organiser: Client) -> tuple[str, str, str]:
    saved = organiser.cookie
    before, _, _ = organiser.request("GET", "/nouveau")
    token = organiser.token("/nouveau")
    out, _, _ = organiser.request("POST", "/deconnexion", {"csrf_token": token})
    replay = Client(base, ORGANISER)
    status, headers, _ = replay.request("GET", "/nouveau", cookie=saved)
    where = headers.get("location", "")
    ok = before == 200 and out == 303 and status in (302, 303) and "/connexion" in where
    return (
        "cookie saved before sign-out, replayed on /nouveau",
        f"before sign-out {before}; sign-out {out}; replay {status}"
        + (f" to {where}" if where else ""),
        "refused (redirect to /connexion): " + ("met" if ok else "NOT met"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--instance-dir", default="instance")
    parser.add_argument("--data-dir", default="webinars")
    parser.add_argument("--email", required=True)
    args = parser.parse_args()
    password = os.environ.get("BENCH_PASSWORD") or sys.stdin.readline().rstrip("\r\n")
    target = SimpleNamespace(base=args.base.rstrip("/"), root=Path(args.root),
                             data_dir=Path(args.data_dir), instance_dir=Path(args.instance_dir),
                             email=args.email, password=password)
    rows = run(target)
    width = max(len(r[0]) for r in rows)
    for figure, measured, verdict in rows:
        print(f"{figure:<{width}}  {measured}  [{verdict}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
