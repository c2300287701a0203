"""The browser the tests drive keeps Playwright's disabled features and adds ours to them."""

from __future__ import annotations

from tests.support.chromium import QUIET_FEATURES, disabled_features


def test_one_disable_features_switch_holds_playwrights_list_and_ours(browser):
    page = browser.new_page()
    try:
        disabled = disabled_features(page)
    finally:
        page.close()
    assert "PaintHolding" in disabled  # one of Playwright's own
    assert set(QUIET_FEATURES) <= set(disabled)
