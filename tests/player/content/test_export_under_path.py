"""A static export for a base address with a path (``--base-url https://example.org/replays``),
served under ``/replays`` by ``scripts/serve-static --path /replays`` on 127.0.0.1 and crawled
from its home page: every address a page, a script module or the search index names answers,
none is written with the path twice, and the public addresses (canonical, Open Graph, JSON-LD,
copy buttons) start with the base address exactly once. Then the app itself mounted at /replays
(SCRIPT_NAME): canonical, oEmbed, our static files named in settings. The same export in
Chromium: tests/browser/test_frozen_under_path_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import PurePath
from urllib.parse import urljoin, urlsplit

import pytest

from app import create_app
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from tests.support.captions import write_vtt
from tests.support.frozen import freeze, serving_export
from tests.support.html import dom
from tests.support.paths import ROOT
from tests.support.webinar import WID

PUBLIC = "https://example.org/replays"
PREFIX = "/replays"
# a module's imports: static, dynamic, and files named beside it (new URL("…", import.meta.url))
IMPORTS = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["']([^"']+)["']""")
JSON_ADDRESS = re.compile(r'"((?:https?:)?/[^"\s]*)"')


@pytest.fixture(scope="module")
def served(tmp_path_factory, small_recording):
    """The built-in webinar with a real recording and captions, exported for PUBLIC and served
    under PREFIX: (the export folder, the served root ``http://127.0.0.1:PORT/replays``)."""
    base = tmp_path_factory.mktemp("under-path")
    shutil.copytree(ROOT / "webinars", base / "webinars", ignore=shutil.ignore_patterns("media", ".*"))
    media = base / "webinars" / WID / "media"
    media.mkdir()
    shutil.copyfile(small_recording, media / "demo.mp4")
    write_vtt(media / "demo.fr.vtt")
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(base / "webinars")})
    freeze(app, base / "site", "--base-url", PUBLIC)
    with serving_export(base / "site", PREFIX) as root:
        yield base / "site", root


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, redirects followed."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def named_in_page(html: str) -> list[str]:
    """Every address an HTML document names: any attribute holding one (href, src, action,
    content, data-…) and the addresses inside its JSON-LD."""
    found = []
    for tag, attrs in dom(html).tags:
        for name, value in attrs.items():
            value = (value or "").strip()
            if not value or value.startswith(("#", "data:", "mailto:", "javascript:")):
                continue
            if name in ("href", "src", "action") or value.startswith(("/", "http://", "https://")):
                found.append(value)
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        found += re.findall(r'"(https?://[^"]+)"', block)
    return found


def file_of(path: str) -> str:
    """The file of the export an address's path names (a folder's ``index.html``)."""
    if path.endswith("/"):
        return path[1:] + "index.html"
    return path[1:] if PurePath(path).suffix else path[1:] + "/index.html"


def crawl(root: str) -> tuple[dict[str, int], list[str], dict[str, set[str]]]:
    """From ``root/``, follow every address of the site: (status by address, the addresses
    named outside the site's path, every public address named, by the page naming it)."""
    status: dict[str, int] = {}
    outside: list[str] = []
    public: dict[str, set[str]] = {}
    queue = [root + "/"]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, kind, body = fetch(url)
        status[url] = code
        if code != 200:
            continue
        text = body.decode("utf-8", "replace") if kind.startswith(("text/", "application/")) else ""
        assert PREFIX + PREFIX not in text, f"{url} names {PREFIX}{PREFIX}"
        if kind == "text/html":
            named = named_in_page(text)
        elif url.endswith(".js") and "/vendor/" not in url:  # htmx imports nothing
            named = IMPORTS.findall(text)
        elif kind == "application/json":
            named = JSON_ADDRESS.findall(text)
        else:
            named = []
        for address in named:
            absolute = urljoin(url, address)
            parts = urlsplit(absolute)
            if parts.netloc == "example.org":
                public.setdefault(absolute.split("#")[0], set()).add(url)
                if not (absolute + "/").startswith(PUBLIC + "/"):
                    outside.append(f"{address} in {url}")
                    continue
                absolute = root + absolute[len(PUBLIC):]
            elif absolute.startswith(root.rsplit(PREFIX, 1)[0]):
                if not (urlsplit(absolute).path + "/").startswith(PREFIX + "/"):
                    outside.append(f"{address} in {url}")
                    continue
            else:
                continue  # another site's address, from the data (a resource's link)
            queue.append(absolute.split("#")[0].split("?")[0])
    return status, outside, public


def test_every_address_of_an_export_under_a_path_answers(served):
    out, root = served
    status, outside, public = crawl(root)
    assert outside == []
    assert [url for url, code in status.items() if code != 200] == []
    reached = {urlsplit(url).path for url in status}
    for path in ("/", f"/w/{WID}/", f"/w/{WID}/chapitres.vtt", f"/w/{WID}/recherche.json",
                 f"/w/{WID}/media/demo.mp4", f"/w/{WID}/media/demo.fr.vtt", f"/w/{WID}/carte.jpg",
                 f"/w/{WID}/integrer/", f"/w/{WID}/transcription/", f"/w/{WID}/chapitres/capa-cite/",
                 f"/w/{WID}/fragments/chapitres/capa-cite.html", "/recherche/", f"/w/{WID}/chapitres.json",
                 f"/w/{WID}/transcription.srt", f"/w/{WID}/chapitres/capa-cite/carte.jpg"):
        assert PREFIX + path in reached or PREFIX + path.rstrip("/") in reached, path
    # every module of the site reached from the pages (the entry points and what they import)
    scripts = {p.name for p in (out / "static").rglob("*.js") if "vendor" not in p.parts}
    loaded = {PurePath(url).name for url in status if url.endswith(".js") and "/vendor/" not in url}
    assert {"main.js", "search.js", "transcript.js", "dom.js"} <= loaded <= scripts
    # every page and fragment written is reached by following the links from the home page
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert written <= {file_of(path.removeprefix(PREFIX)) for path in reached}
    # the files every format of Télécharger offers, and the public addresses, under the path
    assert all(url.startswith(PUBLIC + "/") and PREFIX + PREFIX not in url for url in public)
    assert not [p for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] == "replays"]


def test_canonical_og_and_json_ld_name_the_base_address_once(served):
    out, root = served
    status, body = fetch(f"{root}/w/{WID}/chapitres/capa-cite/")[0::2]
    assert status == 200
    doc = dom(body.decode("utf-8"))
    canonical = f"{PUBLIC}/w/{WID}/chapitres/capa-cite"
    assert doc.one("link", rel="canonical").attrs["href"] == canonical
    assert doc.one("meta", property="og:url").attrs["content"] == canonical
    assert doc.one("meta", property="og:image").attrs["content"] == f"{PUBLIC}/w/{WID}/chapitres/capa-cite/carte.jpg"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                body.decode("utf-8"), re.S).group(1))
    assert data["url"] == f"{PUBLIC}/w/{WID}"
    assert data["contentUrl"] == f"{PUBLIC}/w/{WID}/media/demo.mp4"
    assert data["embedUrl"] == f"{PUBLIC}/w/{WID}/integrer"
    assert data["hasPart"][0]["url"] == f"{PUBLIC}/w/{WID}?t=0"
    # each public address answers once its base address is the served one
    for url in (data["url"], data["contentUrl"], data["embedUrl"], canonical,
                doc.one("meta", property="og:image").attrs["content"]):
        assert fetch(root + url[len(PUBLIC):])[0] == 200, url
    # the chapters track, whose address was 404 under a path
    code, kind, vtt = fetch(f"{root}/w/{WID}/chapitres.vtt")
    assert (code, kind) == (200, "text/vtt") and vtt.startswith(b"WEBVTT")
    assert "Capa'Cité" in vtt.decode("utf-8")


# ---------------------------------------------------------------- the app itself, mounted under a path


@pytest.mark.parametrize("public", [PUBLIC, None])
def test_the_app_mounted_under_a_path_writes_its_addresses_once(webinars_dir, recorded, public):
    """Behind a proxy that mounts it at /replays (SCRIPT_NAME), with PUBLIC_BASE_URL or without:
    canonical, og:url and oEmbed name /replays once, and oEmbed reads the addresses it wrote."""
    config = {"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}
    client = create_app({**config, "PUBLIC_BASE_URL": public} if public else config).test_client()
    root = public or "http://localhost/replays"
    mounted = "http://localhost/replays"
    page = client.get(f"/w/{WID}/chapitres/capa-cite", base_url=mounted)
    doc = dom(page.get_data(as_text=True))
    canonical = f"{root}/w/{WID}/chapitres/capa-cite"
    assert doc.one("link", rel="canonical").attrs["href"] == canonical
    assert doc.one("meta", property="og:url").attrs["content"] == canonical
    assert doc.one("a", cls="chapter-link", data_chapter="capa-cite").attrs["href"].startswith(
        f"/replays/w/{WID}?t=")
    answer = client.get("/oembed", query_string={"url": canonical + "?t=25m"}, base_url=mounted)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    data = answer.get_json()
    assert data["provider_url"] == root + "/"
    assert f'src="{root}/w/{WID}/integrer?t=25m' in data["html"]
    assert data["thumbnail_url"] == f"{root}/w/{WID}/chapitres/capa-cite/carte.jpg"
    host = "{0.scheme}://{0.netloc}".format(urlsplit(root))  # the same host, outside /replays
    outside = client.get("/oembed", query_string={"url": f"{host}/w/{WID}"}, base_url=mounted)
    assert outside.status_code == 404 and "n'est pas une page de ce site" in outside.get_json()["error"]


def test_addresses_of_our_own_files_follow_the_path_too(webinars_dir):
    """A video site's API served from our static files (PeerTube's) and the organisers' refusal
    page name their addresses through url_for: under /replays when mounted there."""
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(kind="embed", platform="peertube", embed_id="abc", duration=6300,
                                  src="https://video.example.net/videos/embed/abc?api=1")
    save_webinar(webinar, folder)
    client = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)}).test_client()
    for mounted, prefix in (("http://localhost/replays", "/replays"), ("http://localhost", "")):
        page = client.get(f"/w/{WID}", base_url=mounted)
        (api,) = [a["data-api-src"] for _, a in dom(page.get_data(as_text=True)).tags if "data-api-src" in a]
        assert re.fullmatch(prefix + r"/static/[^/]+/vendor/peertube-embed-api\.min\.js", api), api
        assert "video.example.net" in page.headers["Content-Security-Policy"]
        refused = client.post(f"/w/{WID}/modifier", base_url=mounted)
        assert refused.status_code == 401
        assert f'<a href="{prefix}/">Revenir à l\'accueil</a>' in refused.get_data(as_text=True)
