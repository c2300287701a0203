"""Debian's Chromium as the benches drive it, and a wait that the page's CSP allows."""

from __future__ import annotations

import time

from tests.support.chromium import CHROMIUM, launch_args

VIEWPORT = {"width": 1366, "height": 768}


_launch_args: list[str] = []


def launch(pw):
    """Debian's Chromium as the browser tests launch it (tests/support/chromium.py: its
    address-bar popup not loaded in each new window), the switches read once."""
    if not _launch_args:
        _launch_args.extend(launch_args(pw))
    return pw.chromium.launch(executable_path=CHROMIUM, args=_launch_args)


def wait_js(page, expression: str, timeout: float = 15.0) -> None:
    # page.wait_for_function would eval() in the page, which its CSP forbids
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {expression}")
        page.wait_for_timeout(10)
