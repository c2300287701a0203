"""The parts of ``bench/page_bench.py``: the server and the pages it compares (``serving``),
Chromium as the benches launch it (``browser``), and the three measures: page weight
(``weight``), chapter click against a reference button (``clicks``), the first chapter link
visible against a bare page (``first_frame``); ``stats`` prints their figures."""
