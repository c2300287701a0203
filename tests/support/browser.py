"""What the real-browser tests share: Debian's Chromium, a page recorder, a JavaScript wait,
and the checkers from node_modules (fixtures are in tests/browser/conftest.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .paths import ROOT

CHROMIUM = "/usr/bin/chromium"
LAPTOP = {"width": 1366, "height": 768}
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def wait_js(page, expression: str, timeout: float = 10_000) -> None:
    """Poll a JavaScript expression until it is truthy.

    ``page.wait_for_function`` evaluates its predicate with ``eval`` inside the page, which the
    page's Content-Security-Policy (no 'unsafe-eval') rightly forbids; ``page.evaluate`` goes
    through the DevTools protocol and is not subject to it. The tests keep the CSP on, so that
    a violation by the page itself shows up as a console error.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        if page.evaluate(expression):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} ms: {expression}")
        page.wait_for_timeout(25)


@dataclass
class PageLog:
    """What a page did: console errors, uncaught errors, and every URL it requested."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors

    def foreign_requests(self, base: str) -> list[str]:
        own = base.rstrip("/") + "/"
        return [u for u in self.requests if not (u.startswith(own) or u.startswith("data:"))]


def record(page) -> PageLog:
    """Start recording what ``page`` does."""
    log = PageLog()
    page.on(
        "console",
        lambda msg: log.console_errors.append(f"{msg.text} @ {msg.location}")
        if msg.type == "error"
        else None,
    )
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("request", lambda req: log.requests.append(req.url))
    return log
