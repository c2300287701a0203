"""1. Page weight on first load: every response Chromium receives until network idle, media
excluded, and a cross-check read from the markup (modules and their static imports)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from pagebench.browser import VIEWPORT, launch
from pagebench.serving import fetch
from tests.support.page_weight import first_load, gz

IMPORT_RE = re.compile(
    r"""^\s*(?:import|export)\b[^'";]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']""",
    re.MULTILINE,
)


def attributes(tag: str) -> dict[str, str]:
    return {k.lower(): v for k, v in re.findall(r'([\w:-]+)\s*=\s*"([^"]*)"', tag)}


def weight_from_markup(base: str, path: str) -> list[tuple[str, str, int, int]]:
    """(kind, path, raw, gzip) for the HTML, its stylesheets, classic scripts and modules."""
    page_url = base + path
    html = fetch(page_url)
    rows = [("html", path, len(html), gz(html))]
    text = html.decode("utf-8")
    seen = {page_url}
    modules: list[str] = []

    def add(kind: str, url: str) -> bytes | None:
        if url.startswith("data:") or url in seen:
            return None
        seen.add(url)
        data = fetch(url)
        rows.append((kind, urlsplit(url).path, len(data), gz(data)))
        return data

    for tag in re.findall(r"<link\b[^>]*>", text):
        a = attributes(tag)
        rel = a.get("rel", "").split()
        if "stylesheet" in rel and "href" in a:
            add("css", urljoin(page_url, a["href"]))
        elif "modulepreload" in rel and "href" in a:
            modules.append(urljoin(page_url, a["href"]))
    for tag in re.findall(r"<script\b[^>]*>", text):
        a = attributes(tag)
        if "src" not in a:
            continue
        url = urljoin(page_url, a["src"])
        if a.get("type") == "module":
            modules.append(url)
        else:
            add("script", url)
    while modules:  # each module once, then its static imports
        url = modules.pop(0)
        source = add("module", url)
        if source is None:
            continue
        for found in IMPORT_RE.finditer(source.decode("utf-8")):
            modules.append(urljoin(url, found.group(1) or found.group(2)))
    return rows


def weight_in_chromium(pw, base: str, path: str):
    """(rows, excluded): every response until network idle, in a fresh context."""
    browser = launch(pw)
    try:
        context = browser.new_context(viewport=VIEWPORT)
        rows, excluded = first_load(context.new_page(), base + path)
        context.close()
        return rows, excluded
    finally:
        browser.close()


def print_weight(title: str, rows) -> int:
    print(title)
    print(f"  {'type':<11}{'file':<40}{'raw':>9}{'gzip -9':>9}")
    for kind, name, raw, packed in rows:
        print(f"  {kind:<11}{name:<40}{raw:>9,}{packed:>9,}")
    total_raw = sum(r[2] for r in rows)
    total_gz = sum(r[3] for r in rows)
    print(f"  {'total':<11}{f'{len(rows)} files':<40}{total_raw:>9,}{total_gz:>9,}")
    return total_gz
