"""The podcast feeds (/w/<id>/podcast.xml, /podcast.xml): read by feedparser and by ElementTree
field by field, every address they name fetched through the app (types, sizes, Range, CORS),
the soundbites at the answers found in the captions, and nothing for a recording without an
audio edition. The audio edition is real (ffmpeg, tests/support/audio_edition.py)."""

from __future__ import annotations

import gzip
from html import unescape
import json
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
import webvtt

from app import create_app
from chapters.audio_edition import read_edition
from chapters.chat import read_discussion
from chapters.model import Recording
from chapters.store import load_webinar, save_webinar
from player.content import podcast
from tests.support.answers import ANSWERED, CHAT, CUES
from tests.support.audio_edition import place_edition
from tests.support.captions import write_vtt
from tests.support.html import dom
from tests.support.images import jpeg_frame
from tests.support.webinar import CHAPTER_STARTS, WID

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
FEED = f"/w/{WID}/podcast.xml"


@pytest.fixture
def answered(edition, runner, webinars_dir, tmp_path):
    """Captions beside the data and the audience's chat imported: two questions answered."""
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", CUES)
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    done = runner.invoke(args=["import-chat", WID, str(chat)])
    assert done.exit_code == 0, done.output
    return {m.text: m.answer_at for m in read_discussion(webinars_dir / WID) if m.answer_at is not None}


def fetched(response):
    """The answer read whole and its file closed."""
    response.get_data()
    response.close()
    return response


def local(client, url: str, **kwargs):
    """Fetch an absolute address of this site through the app."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "localhost", url
    return fetched(client.get(parts.path, query_string=parts.query, **kwargs))


def xml_of(response) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    return ET.fromstring(response.data)


def test_the_episode_feed_reads_in_feedparser_with_every_field(client, edition, answered):
    response = client.get(FEED)
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    feed = parsed.feed
    webinar = load_webinar_of(client)
    assert feed.title == webinar.title and feed.language == "fr"
    assert feed.link == f"http://localhost/w/{WID}"
    assert feed.subtitle.startswith("Webinaire du 4 mai 2021 organisé par GRAFIE")
    assert feed.author == "GRAFIE" and feed.itunes_type == "episodic"
    assert feed.image.href == f"http://localhost/w/{WID}/media/audio/cover.jpg"
    assert [t.term for t in feed.tags] == ["Business", "Non-Profit"]
    assert {"rel": "self", "type": "application/rss+xml", "href": "http://localhost" + FEED} in feed.links
    assert feed.get("itunes_explicit") is not True

    [entry] = parsed.entries
    assert entry.title == webinar.title and entry.link == f"http://localhost/w/{WID}"
    assert entry.id == entry.guid and not entry.guidislink
    assert entry.published == "Tue, 04 May 2021 00:00:00 +0200"
    [enclosure] = entry.enclosures
    assert enclosure.href == f"http://localhost/w/{WID}/media/audio/edition.m4a"
    assert int(enclosure.length) == edition.size and enclosure.type == "audio/mp4"
    assert entry.itunes_duration == "6300" and entry.image.href == feed.image.href
    assert entry.itunes_episodetype == "full"
    # the description lists every chapter, HH:MM:SS and its title, one a line
    for chapter in webinar.chapters:
        h, rest = divmod(int(chapter.start), 3600)
        assert f"\n{h:02d}:{rest // 60:02d}:{rest % 60:02d} {chapter.title}" in entry.summary
    # content:encoded: the same as HTML, each time a link to its moment
    html = dom(entry.content[0].value)
    links = [a.attrs["href"] for a in html.all("a")]
    assert f"http://localhost/w/{WID}?t=1h10m" in links and f"http://localhost/w/{WID}" in links
    assert entry.podcast_chapters == {"url": f"http://localhost/w/{WID}/chapitres.json",
                                      "type": "application/json+chapters"}


def load_webinar_of(client):
    return load_webinar(client.application.config["WEBINARS_DIR"] + "/" + WID)


def test_namespaced_tags_as_elementtree_reads_them(client, edition, answered):
    text = client.get(FEED).get_data(as_text=True)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    for prefix, uri in NS.items():  # every namespace declared on the root
        assert f'xmlns:{prefix}="{uri}"' in text.split(">", 2)[1]
    channel = ET.fromstring(text).find("channel")
    assert channel.find("itunes:explicit", NS).text == "false"
    assert channel.find("itunes:category", NS).attrib == {"text": "Business"}
    assert channel.find("itunes:category/itunes:category", NS).attrib == {"text": "Non-Profit"}
    assert channel.find("itunes:owner", NS) is None  # no PODCAST_OWNER_EMAIL: none made up
    assert channel.find("image/url").text == channel.find("itunes:image", NS).get("href")
    item = channel.find("item")
    assert item.find("guid").get("isPermaLink") == "false"
    transcripts = [t.attrib for t in item.findall("podcast:transcript", NS)]
    assert transcripts == [
        {"url": f"http://localhost/w/{WID}/transcription.vtt", "type": "text/vtt", "language": "fr", "rel": "captions"},
        {"url": f"http://localhost/w/{WID}/transcription.srt", "type": "application/x-subrip", "language": "fr",
         "rel": "captions"},
    ]
    persons = [(p.text, p.get("role"), p.get("group"), p.get("href")) for p in item.findall("podcast:person", NS)]
    assert persons[0] == ("Dominique Dasso (GRAFIE)", "host", "cast",
                          f"http://localhost/w/{WID}/intervenants/dominique-dasso")
    assert ("Tarek Daher (CNLRQ)", "guest", "cast", f"http://localhost/w/{WID}/intervenants/tarek-daher") in persons
    assert len(persons) == 7 and {p[1] for p in persons[1:]} == {"guest"}
    for _, _, _, href in persons:  # each a real page naming the speaker
        page = local(client, href)
        assert page.status_code == 200
    # one soundbite per answered question, at its answer, inside the audio
    bites = [(float(b.get("startTime")), float(b.get("duration")), b.text)
             for b in item.findall("podcast:soundbite", NS)]
    assert sorted((at, text) for text, at in answered.items()) == [(at, text) for at, _, text in bites]
    assert {at for at, _, _ in bites} == {a for a in ANSWERED.values() if a is not None}
    duration = int(item.find("itunes:duration", NS).text)
    for start, length, title in bites:
        assert 15 <= length <= 120 and 0 <= start and start + length <= duration
        assert 0 < len(title) <= 128
    # the answer to Jane's question (33:05, capa-cite) stops at the next chapter at the latest
    assert bites[0] == (1985.0, 120.0, "Comment financer la formation des salariés en insertion ?")


def test_the_enclosure_answers_with_its_length_and_ranges(client, edition):
    item = xml_of(client.get(FEED)).find("channel/item")
    enclosure = item.find("enclosure")
    whole = local(client, enclosure.get("url"))
    assert whole.status_code == 200 and whole.mimetype == "audio/mp4"
    assert int(whole.headers["Content-Length"]) == int(enclosure.get("length")) == edition.size
    assert whole.data[4:8] == b"ftyp" and whole.headers["Access-Control-Allow-Origin"] == "*"
    part = local(client, enclosure.get("url"), headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and len(part.data) == 1000
    assert part.headers["Content-Range"] == f"bytes 100-1099/{edition.size}"
    assert part.data == whole.data[100:1100] and part.headers["Access-Control-Allow-Origin"] == "*"
    # what directories' validators ask first: HEAD, and whether ranges are taken
    head = fetched(client.head(urlsplit(enclosure.get("url")).path))
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == edition.size
    assert head.headers["Accept-Ranges"] == "bytes" and head.data == b""
    etag = whole.headers["ETag"]
    again = local(client, enclosure.get("url"), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["Access-Control-Allow-Origin"] == "*"


def test_the_cover_is_a_square_colour_jpeg_of_1400_pixels(client, edition):
    channel = xml_of(client.get(FEED)).find("channel")
    cover = local(client, channel.find("itunes:image", NS).get("href"))
    assert cover.status_code == 200 and cover.mimetype == "image/jpeg"
    assert jpeg_frame(cover.data) == (1400, 1400, 3)
    assert cover.headers["Access-Control-Allow-Origin"] == "*"
    # the recording itself is no podcast file: no CORS for it
    assert "Access-Control-Allow-Origin" not in fetched(client.get(f"/w/{WID}/media/demo.mp4")).headers


def test_chapters_and_transcripts_are_reachable_with_their_types_and_cors(client, edition, answered):
    item = xml_of(client.get(FEED)).find("channel/item")
    tag = item.find("podcast:chapters", NS)
    chapters = local(client, tag.get("url"))
    assert chapters.status_code == 200 and chapters.mimetype == tag.get("type")
    assert chapters.headers["Access-Control-Allow-Origin"] == "*"
    starts = [c["startTime"] for c in json.loads(chapters.data)["chapters"]]
    assert starts == list(CHAPTER_STARTS.values())
    for tag in item.findall("podcast:transcript", NS):
        words = local(client, tag.get("url"))
        assert words.status_code == 200 and words.mimetype == tag.get("type")
        assert words.headers["Access-Control-Allow-Origin"] == "*"
        text = words.get_data(as_text=True)
        if tag.get("type") == "text/vtt":
            cues = webvtt.from_string(text)
            assert [c.start_in_seconds for c in cues] == [int(c[0]) for c in CUES]
        else:
            assert "00:33:05,000 --> 00:33:10,000" in text


def test_cors_is_kept_through_gzip_memory_and_304s(client, edition, answered):
    for address in (FEED, "/podcast.xml", f"/w/{WID}/transcription.vtt", f"/w/{WID}/transcription.srt",
                    f"/w/{WID}/chapitres.json"):
        for _ in range(2):  # the second time from the page cache, for the transcript
            packed = client.get(address, headers={"Accept-Encoding": "gzip"})
            assert packed.status_code == 200, address
            assert packed.headers["Access-Control-Allow-Origin"] == "*", address
            assert packed.headers["Content-Encoding"] == "gzip", address
            assert gzip.decompress(packed.data).strip(), address
    for address in (FEED, "/podcast.xml", f"/w/{WID}/media/audio/cover.jpg"):  # revalidated
        first = fetched(client.get(address, headers={"Accept-Encoding": "gzip"}))
        again = fetched(client.get(address, headers={"Accept-Encoding": "gzip",
                                                     "If-None-Match": first.headers["ETag"]}))
        assert again.status_code == 304, address
        assert again.headers["Access-Control-Allow-Origin"] == "*", address


def copy_webinar(webinars_dir, wid: str, date: str, title: str, recording: Recording | None = None):
    folder = webinars_dir / wid
    shutil.copytree(webinars_dir / WID, folder)
    webinar = load_webinar(folder)
    webinar.id, webinar.date, webinar.title = wid, date, title
    if recording is not None:
        webinar.recording = recording
    save_webinar(webinar, folder)
    return folder


def test_the_site_feed_lists_each_webinar_with_an_edition_newest_first(client, edition, webinars_dir):
    newer = copy_webinar(webinars_dir, "2021-06-01", "2021-06-01", "Un second webinaire")
    # a recording played from YouTube: its folder even holds an old edition, yet it is no episode
    copy_webinar(webinars_dir, "2021-07-01", "2021-07-01", "Vu sur YouTube", Recording(
        kind="embed", platform="youtube", embed_id="abc123", duration=6300,
        src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1"))
    parsed = feedparser.parse(client.get("/podcast.xml").data)
    assert not parsed.bozo
    feed = parsed.feed
    assert feed.title == "Lecteur de webinaire" and feed.language == "fr"
    assert feed.link == "http://localhost/w/" and feed.author == "Lecteur de webinaire"
    assert feed.subtitle == "Des webinaires enregistrés, chapitre par chapitre, à écouter."
    assert {"rel": "self", "type": "application/rss+xml", "href": "http://localhost/podcast.xml"} in feed.links
    assert [t.term for t in feed.tags] == ["Business", "Non-Profit"] and feed.itunes_type == "episodic"
    assert [e.title for e in parsed.entries] == ["Un second webinaire", load_webinar_of(client).title]
    assert all(e.enclosures and e.itunes_duration == "6300" and e.podcast_chapters for e in parsed.entries)
    assert [e.enclosures[0].href for e in parsed.entries] == [
        f"http://localhost/w/{wid}/media/audio/edition.m4a" for wid in ("2021-06-01", WID)]
    assert len({e.id for e in parsed.entries}) == 2
    assert parsed.feed.image.href == "http://localhost/w/2021-06-01/media/audio/cover.jpg"
    assert (newer / "media" / "audio" / "edition.json").is_file()

    refused = client.get("/w/2021-07-01/podcast.xml")
    assert refused.status_code == 404 and "pas d'édition audio" in unescape(refused.get_data(as_text=True))
    assert refused.mimetype == "text/html"


def test_no_edition_no_feed_and_no_link(client, recorded, webinars_dir):
    for address in (FEED, "/podcast.xml"):
        response = client.get(address)
        assert response.status_code == 404 and "édition audio" in unescape(response.get_data(as_text=True))
    page = dom(client.get(f"/w/{WID}").get_data(as_text=True))
    assert not page.all("link", type="application/rss+xml")
    assert not page.all("input", id="dl-feed-url")


def test_an_edition_of_another_recording_is_no_episode(client, edition, recorded):
    assert client.get(FEED).status_code == 200
    recorded.write_bytes(recorded.read_bytes() + b"\x00" * 10)  # a new recording, same name
    assert client.get(FEED).status_code == 404
    assert not dom(client.get(f"/w/{WID}").get_data(as_text=True)).all("link", type="application/rss+xml")


def test_the_watch_page_links_the_feed_and_the_menu_offers_its_address(client, edition):
    page = dom(client.get(f"/w/{WID}").get_data(as_text=True))
    [alternate] = page.all("link", type="application/rss+xml")
    assert alternate.attrs["rel"] == "alternate" and alternate.attrs["href"] == "http://localhost" + FEED
    assert alternate.attrs["title"].startswith("Podcast : Créer et transformer")
    menu = page.one("details", id="telecharger")
    assert "Podcast" in [p.text() for p in menu.all("p", cls="dl-group")]
    link = menu.one("a", type="application/rss+xml")
    assert link.attrs["href"] == "http://localhost" + FEED and "Flux RSS" in link.text()
    field = menu.one("input", id="dl-feed-url")
    assert field.attrs["value"] == "http://localhost" + FEED and "readonly" in field.attrs
    assert menu.one("label", **{"for": "dl-feed-url"}).text().startswith("Adresse du flux")
    button = menu.one("button", cls="copy")
    assert button.attrs["data-copy"] == "http://localhost" + FEED
    assert button.text() == "Copier l'adresse du flux" and "hidden" in button.attrs  # shown by copy.js


def test_the_watch_page_reads_the_edition_once(client, edition, monkeypatch):
    reads = []
    monkeypatch.setattr(podcast, "read_edition", lambda media: reads.append(media) or read_edition(media))
    page = dom(client.get(f"/w/{WID}").get_data(as_text=True))
    assert page.all("link", type="application/rss+xml") and page.one("input", id="dl-feed-url")
    assert len(reads) == 1


def test_the_guid_stays_when_the_site_moves(webinars_dir, edition):
    def guids(**settings):
        app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), **settings})
        channel = ET.fromstring(app.test_client().get(FEED).data).find("channel")
        return channel.find("item/guid").text, channel.find("item/enclosure").get("url")

    here, audio_here = guids()
    moved, audio_moved = guids(PUBLIC_BASE_URL="https://replays.example.org")
    assert here == moved and audio_here != audio_moved  # the file moved, the episode did not
    assert audio_moved == f"https://replays.example.org/w/{WID}/media/audio/edition.m4a"
    assert guids(PODCAST_GUID_SEED="grafie")[0] != here


def test_owner_and_channel_settings(webinars_dir, edition):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir),
                      "PODCAST_OWNER_EMAIL": "podcast@grafie.example", "PODCAST_OWNER_NAME": "GRAFIE <réseau>",
                      "PODCAST_TITLE": "Les webinaires du GRAFIE", "PODCAST_CATEGORY": ["Society & Culture"]})
    text = app.test_client().get("/podcast.xml").get_data(as_text=True)
    assert "GRAFIE &lt;réseau&gt;" in text and "Society &amp; Culture" in text  # escaped by the writer
    channel = ET.fromstring(text).find("channel")
    assert channel.find("itunes:owner/itunes:email", NS).text == "podcast@grafie.example"
    assert channel.find("itunes:owner/itunes:name", NS).text == "GRAFIE <réseau>"
    assert channel.find("title").text == "Les webinaires du GRAFIE"
    assert channel.find("itunes:category", NS).attrib == {"text": "Society & Culture"}
    assert channel.find("itunes:category/itunes:category", NS) is None


def test_a_page_kept_in_memory_links_the_feed_once_the_edition_is_made(client, recorded, webinars_dir, edition_files):
    assert not dom(client.get(f"/w/{WID}").get_data(as_text=True)).all("link", type="application/rss+xml")
    place_edition(recorded.parent, *edition_files)
    assert dom(client.get(f"/w/{WID}").get_data(as_text=True)).all("link", type="application/rss+xml")


def test_a_broken_edition_file_is_no_episode_and_no_error(client, edition, webinars_dir, caplog):
    (webinars_dir / WID / "media" / "audio" / "edition.json").write_text("{pas du json", encoding="utf-8")
    response = client.get(FEED)
    assert response.status_code == 404 and "pas d'édition audio" in unescape(response.get_data(as_text=True))
    assert client.get(f"/w/{WID}").status_code == 200
    assert "fichier de l'édition audio" in caplog.text and "edition.json" in caplog.text
