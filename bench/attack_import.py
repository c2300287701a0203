"""Attack case "import": a 1 MB .txt and a 66 KB .docx that unpacks to 10 MB, through /nouveau.

    .venv/bin/python bench/attack_import.py BASE EMAIL PASSWORD     (alone, against a running server)

Signs in as the organiser (from its own loopback address, so the lockout case's failures do not
count), then uploads each handout (tests/support/big_handouts.py makes them) and times the
answer: the issue's target is an answer within 10 s for each (before the fix: 136 s and 237 s).
Then a normal handout (the built-in one, held on another day) to show imports still work; the
webinar it makes is left in the target's copy of the webinars folder.
"""

from __future__ import annotations

import http.client
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.big_handouts import big_programme, bomb_docx  # noqa: E402

WITHIN = 10.0  # seconds
SOURCE = "127.0.0.91"  # a loopback address of its own
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Organiser:
    def __init__(self, base: str):
        self.netloc = urlsplit(base).netloc
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                kind: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.netloc, timeout=60, source_address=(SOURCE, 0))
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if kind:
            headers["Content-Type"] = kind
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            cookie = response.getheader("Set-Cookie")
        finally:
            connection.close()
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text

    def token(self, path: str) -> str:
        status, page = self.request("GET", path)
        found = _TOKEN.search(page)
        if not found:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return found.group(1)

    def sign_in(self, email: str, password: str) -> int:
        form = {"csrf_token": self.token("/connexion"), "email": email, "mot_de_passe": password}
        return self.request("POST", "/connexion", urlencode(form).encode(),
                            "application/x-www-form-urlencoded")[0]

    def upload(self, name: str, content: bytes) -> tuple[int, str, float]:
        boundary = secrets.token_hex(16)
        parts = []
        for field, value in (("csrf_token", self.token("/nouveau")), ("identifiant", "")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
                         f"{value}\r\n".encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="fichier"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                     + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        started = time.perf_counter()
        status, page = self.request("POST", "/nouveau", b"".join(parts),
                                    f"multipart/form-data; boundary={boundary}")
        return status, page, time.perf_counter() - started


def _said(page: str) -> str:
    found = re.search(r'role="alert"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)', page)
    return " ".join(found.group(1).split())[:90] if found else ""


def run(target) -> list[tuple[str, str, str]]:
    """The figures of this attack case, as table rows (figure, measured, target: verdict)."""
    rows: list[tuple[str, str, str]] = []
    organiser = Organiser(target.base)
    if organiser.sign_in(target.email, target.password) != 303:
        return [("import: sign-in", "refused", "303: NOT met")]
    with tempfile.TemporaryDirectory() as work:
        bomb = bomb_docx(Path(work) / "programme.docx", 10_000_000).read_bytes()
        handouts = [
            ("1 MB .txt through /nouveau", "programme.txt", big_programme(1_000_000).encode()),
            (f"{len(bomb) // 1024} KB .docx unpacking to 10 MB through /nouveau",
             "programme.docx", bomb),
        ]
        for figure, name, content in handouts:
            status, page, took = organiser.upload(name, content)
            ok = took <= WITHIN and status in (201, 400)
            rows.append((figure, f"{took:.2f} s, {status} « {_said(page)} »",
                         f"answer within {WITHIN:.0f} s: " + ("met" if ok else "NOT met")))
    june = (ROOT / "webinars" / "2021-05-04" / "programme.txt").read_text(encoding="utf-8")
    status, _, took = organiser.upload("programme.txt", june.replace("4 mai 2021", "9 juin 2021").encode())
    rows.append(("a normal handout still imported", f"{took:.2f} s, {status}",
                 "201: " + ("met" if status == 201 else "NOT met")))
    return rows


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1].strip())
    base, email, password = sys.argv[1:]
    for row in run(SimpleNamespace(base=base, email=email, password=password)):
        print(" | ".join(row))
