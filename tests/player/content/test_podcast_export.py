"""The podcast feeds in the static export (``flask freeze --base-url``): written with absolute
addresses, each naming a file the export holds (the audio edition and its cover copied like the
other media); no feed at all in an export for no known address."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tests.support.answers import CHAT, CUES
from tests.support.captions import write_vtt
from tests.support.html import dom
from tests.support.webinar import WID

BASE = "https://example.org"
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}


@pytest.fixture
def site(edition, runner, webinars_dir, tmp_path):
    """The built-in webinar with its audio edition, captions and an answered chat."""
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", CUES)
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    assert runner.invoke(args=["import-chat", WID, str(chat)]).exit_code == 0
    return edition


def freeze(runner, out: Path, *args: str) -> None:
    result = runner.invoke(args=["freeze", str(out), *args])
    assert result.exit_code == 0, result.output


def addresses(feed: ET.Element) -> set[str]:
    """Every address a feed names: links, enclosures, images, tags' url and href, and the links
    inside the HTML description."""
    found = {e.text for e in feed.iter() if e.tag in ("link", "url") and e.text}
    for element in feed.iter():
        found |= {element.get(a) for a in ("url", "href") if element.get(a)}
    for html in feed.iterfind(".//content:encoded", NS):
        found |= {a.attrs["href"] for a in dom(html.text).all("a")}
    return found


def exported(out: Path, url: str, base: str = BASE) -> Path:
    """The file of the export a ``base`` address is answered from (the export's rule: an
    address with an extension is that file, a page is its folder's index.html)."""
    path = urlsplit(url).path.removeprefix(urlsplit(base).path)
    return out / (path[1:] if Path(path).suffix else path[1:].rstrip("/") + "/index.html")


def test_feeds_are_exported_with_absolute_addresses_of_exported_files(runner, site, tmp_path):
    out = tmp_path / "site"
    freeze(runner, out, "--base-url", BASE)
    for name in ("podcast.xml", f"w/{WID}/podcast.xml"):
        data = (out / name).read_bytes()
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        [entry] = parsed.entries
        assert entry.enclosures[0].href == f"{BASE}/w/{WID}/media/audio/edition.m4a"
        feed = ET.fromstring(data)
        named = addresses(feed)
        assert {urlsplit(u).netloc for u in named} == {"example.org"}, named
        assert all(u.startswith(f"{BASE}/") or u == BASE for u in named)
        missing = sorted(u for u in named if not exported(out, u).is_file())
        assert missing == []
        # the enclosure's length is the exported file's; the soundbites and transcripts came too
        assert (out / f"w/{WID}/media/audio/edition.m4a").stat().st_size == int(entry.enclosures[0].length) == site.size
        item = feed.find("channel/item")
        assert len(item.findall("podcast:soundbite", NS)) == 2
        assert len(item.findall("podcast:transcript", NS)) == 2
    assert (out / f"w/{WID}/media/audio/cover.jpg").is_file()
    assert not (out / f"w/{WID}/media/audio/edition.json").exists()  # a sidecar: never exported
    page = dom((out / f"w/{WID}/index.html").read_text(encoding="utf-8"))
    [alternate] = page.all("link", type="application/rss+xml")
    assert alternate.attrs["href"] == f"{BASE}/w/{WID}/podcast.xml"


def test_the_guid_is_the_servers(runner, client, site, tmp_path):
    out = tmp_path / "site"
    freeze(runner, out, "--base-url", BASE)
    frozen = ET.fromstring((out / f"w/{WID}/podcast.xml").read_bytes()).find("channel/item/guid").text
    served = ET.fromstring(client.get(f"/w/{WID}/podcast.xml").data).find("channel/item/guid").text
    assert frozen == served


def test_no_base_address_no_feed(runner, site, tmp_path):
    out = tmp_path / "site"
    freeze(runner, out)
    assert not (out / "podcast.xml").exists() and not (out / f"w/{WID}/podcast.xml").exists()
    page = dom((out / f"w/{WID}/index.html").read_text(encoding="utf-8"))
    assert not page.all("link", type="application/rss+xml")
    assert not page.all("input", id="dl-feed-url")


def test_feeds_of_a_site_under_a_path_name_it_once(runner, site, tmp_path):
    """Hosted at https://example.org/replays: every address of the feeds under it, the path
    written once, each one a file of the export."""
    base = BASE + "/replays"
    out = tmp_path / "site"
    freeze(runner, out, "--base-url", base)
    for name in ("podcast.xml", f"w/{WID}/podcast.xml"):
        feed = ET.fromstring((out / name).read_bytes())
        named = addresses(feed)
        assert named and all(u.startswith(base + "/") or u == base for u in named), named
        assert not [u for u in named if "/replays/replays" in u]
        assert sorted(u for u in named if not exported(out, u, base).is_file()) == []
        assert feed.find("channel/item/enclosure").get("url") == f"{base}/w/{WID}/media/audio/edition.m4a"
