"""What the real-browser tests share: a page recorder, a JavaScript wait, element boxes, the checkers from
node_modules (Chromium's switches are in chromium.py, the fixtures in tests/browser/conftest.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .paths import ROOT
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _checker_lags(message: dict) -> bool:
    """An error the checker reports where the standards have moved on.

    vnu 26.9.27 accepts ``blocking`` on a stylesheet link only; the standard also gives it to
    ``<link rel="expect" blocking="render">`` (#link-type-expect, in Chromium since 124), which the
    watch page uses to ask for its chapter list in its first frame. Its CSS checker does not know
    ``scroll-initial-target`` (CSS Scroll Snap 2, in Chromium since 133), which opens the chapters'
    column on a deep link's chapter without scripting. Only these two are let through.
    """
    text, extract = message.get("message", ""), message.get("extract", "")
    if "“blocking” attribute" in text:
        return 'rel="expect"' in extract
    return text.startswith("CSS: “scroll-initial-target”: Property “scroll-initial-target” doesn")


def html_errors(files) -> list[str]:
    """What the Nu Html Checker finds wrong in these HTML files, one "file:line: message" each."""
    java = shutil.which("java")
    assert java and VNU.is_file(), "vnu needs Java and node_modules (scripts/setup --test)"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=300, check=False)
    # vnu writes its JSON report on stderr; its exit code is 1 when there are errors
    report = json.loads(result.stderr or result.stdout)
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
            f"  [{m.get('extract', '').strip()}]"
            for m in report["messages"]
            if m.get("type") in ("error", "non-document-error") and not _checker_lags(m)]


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


def box(page, selector: str) -> dict:
    """The first match's bounding box; fails the test when it is not rendered."""
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def assert_in_view(page, selector: str) -> None:
    """The element's whole bounding box is inside the viewport (no scrolling needed)."""
    b, view = box(page, selector), page.viewport_size
    assert b["width"] > 0 and b["height"] > 0, (selector, b)
    assert b["x"] >= -0.5 and b["y"] >= -0.5, (selector, b)
    assert b["x"] + b["width"] <= view["width"] + 0.5, (selector, b, view)
    assert b["y"] + b["height"] <= view["height"] + 0.5, (selector, b, view)
