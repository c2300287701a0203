"""Where things are, found from this package rather than from each test file's own place."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent  # the repository
WEBINARS = ROOT / "webinars"
FIXTURES = TESTS / "fixtures"
EMBED_STANDIN = TESTS / "embed_standin"
