"""The watch page's first load stays within its weight (issue 16, item 10): at most 32 KB gzip
for everything Chromium fetches until network idle, the recording and thumbnails excepted.

A size, not a time: the same on any machine. bench/page_bench.py prints the same figure, file
by file."""

from __future__ import annotations

from tests.support.page_weight import WEIGHT_TARGET, first_load
from tests.support.webinar import WID


def test_the_watch_page_s_first_load_weighs_at_most_32_kb_gzip(laptop, live_server):
    rows, excluded = first_load(laptop, f"{live_server}/w/{WID}")
    kinds = {kind for kind, *_ in rows}
    # what is weighed is the page: its document, every module of its first graph
    assert "document" in kinds and "script" in kinds, rows
    assert any(path.endswith("/js/main.js") for _, path, *_ in rows), rows
    assert excluded, "the recording and thumbnails are loaded, and left out of the weight"
    total = sum(packed for *_, packed in rows)
    assert total <= WEIGHT_TARGET, (total, sorted(rows, key=lambda r: -r[3]))
