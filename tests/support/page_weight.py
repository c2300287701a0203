"""What a first load of a page weighs: every response Chromium receives until network idle, each
address once, media excluded (the recording, its thumbnails), each body gzipped at level 9. The
browser test holds the watch page to its target with it; bench/page_bench.py prints it."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

WEIGHT_TARGET = 32 * 1024  # bytes, gzip, everything but media and thumbnails (issue 16, item 10)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def is_media(url: str, content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("video/") or kind.startswith("audio/") or (
        kind.startswith("image/") and "/media/" in urlsplit(url).path
    )


def first_load(page, url: str):
    """(rows, excluded) of loading ``url`` in ``page`` (a fresh context's): rows are (resource
    type, path, raw bytes, gzip bytes), excluded are the media's (content type, path)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle", timeout=30_000)
    rows, excluded, seen = [], [], set()
    for response in responses:
        address = response.url
        if address.startswith("data:") or address in seen:
            continue
        seen.add(address)
        content_type = response.headers.get("content-type", "")
        if is_media(address, content_type):
            excluded.append((content_type.split(";")[0], urlsplit(address).path))
            continue
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            body = b""
        rows.append((response.request.resource_type, urlsplit(address).path, len(body), gz(body)))
    first = {"document": 0, "stylesheet": 1, "script": 2}
    rows.sort(key=lambda r: (first.get(r[0], 3), r[1]))
    return rows, excluded
