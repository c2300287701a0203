"""Debian's Chromium as the browser tests and the benches launch it (never a downloaded one).

``launch_args`` gives its command-line switches: quiet (no background networking, component
updates, sync or first-run page), allowed to autoplay, and with four of Chromium's own features
off on top of Playwright's (``QUIET_FEATURES``). In headless mode every fresh browser context
opens a window, and each new window would otherwise load Chromium's address-bar popup (a page of
its own, some 150 modules parsed and run) while the test or the measured page loads: on two
cores that took a fifth of the browser tests' time, and it lands inside a bench's timings."""

from __future__ import annotations

import re

CHROMIUM = "/usr/bin/chromium"
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
)
QUIET_FEATURES = (
    "PreloadTopChromeWebUI",
    "WebUIOmniboxPopup",
    "WebUIOmniboxFullPopup",
    "WebUIOmniboxAimPopup",
)


def launch_args(playwright) -> list[str]:
    """ARGS, and one ``--disable-features`` holding Playwright's list and QUIET_FEATURES.

    Chromium keeps only the last ``--disable-features`` of its command line, so a switch holding
    ours alone would turn Playwright's back on (``PaintHolding`` among them); Playwright's list
    is read off a probe browser (one launch, about a second)."""
    probe = playwright.chromium.launch(executable_path=CHROMIUM, args=list(ARGS))
    try:
        features = disabled_features(probe.new_page())
    finally:
        probe.close()
    features += [name for name in QUIET_FEATURES if name not in features]
    return [*ARGS, f"--disable-features={','.join(features)}"]


def disabled_features(page) -> list[str]:
    """The features the browser of ``page`` runs without: its last ``--disable-features`` (the
    one Chromium honours), read off ``chrome://version``, where ``page`` is left."""
    page.goto("chrome://version")
    found = re.findall(r"--disable-features=(\S+)", page.inner_text("#command_line"))
    return found[-1].split(",") if found else []
