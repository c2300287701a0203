"""The browser the tests drive keeps Playwright's disabled features and adds ours to them."""

from __future__ import annotations

import re

from tests.support.chromium import QUIET_FEATURES


def test_one_disable_features_switch_holds_playwrights_list_and_ours(browser):
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        command_line = page.inner_text("#command_line")
    finally:
        page.close()
    # Chromium honours only the last switch of a name
    last = re.findall(r"--disable-features=(\S+)", command_line)[-1].split(",")
    assert "PaintHolding" in last  # one of Playwright's own
    assert set(QUIET_FEATURES) <= set(last)
