"""Share cards, key moments, the embeddable player and oEmbed, through Flask's test client,
with real ffmpeg for the card pictures and webvtt-py for the captions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import webvtt

from app import create_app
from chapters.model import Chapter, Recording, Speaker, Webinar
from chapters.store import StoreError, dump_webinar, load_webinar, parse_webinar, save_webinar
from player.media import ffmpeg as ffmpeg_module
from player.media import card_images
from player.media.card_images import CARDS_DIR, DEFAULT_CARD, card_name, make_cards
from tests.support.html import dom
from tests.support.images import jpeg_size
from tests.support.webinar import ENDS, STARTS, WID

BASE = "http://localhost"
CAPA = "Capa'Cité, chantier d'insertion avec GERES Restauration — Cédric Hervé"

PAGES = {
    "watch": f"/w/{WID}",
    "home": "/",
    "watch-at-time": f"/w/{WID}?t=1h10m",
    "chapter": f"/w/{WID}/chapitres/capa-cite",
    "speaker": f"/w/{WID}/intervenants/cedric-herve",
    "questions": f"/w/{WID}/questions",
    "question": f"/w/{WID}/questions/q2",
    "resources": f"/w/{WID}/ressources",
    "embed": f"/w/{WID}/integrer",
    "search": f"/w/{WID}/recherche?q=regie",
    "search-all": "/recherche?q=cqp",
    "missing-chapter": f"/w/{WID}/chapitres/nulle-part",
    "missing-page": "/nulle-part",
}


class Head:
    """The head's tags: <meta> by name or property, <link>s, JSON-LD blocks, <title>; and
    every tag of the page."""

    def __init__(self, html: str):
        doc = dom(html)
        self.tags = doc.tags
        self.meta: dict[str, list[str]] = {}
        for node in doc.all("meta"):
            key = node.attrs.get("name") or node.attrs.get("property")
            if key:
                self.meta.setdefault(key, []).append(node.attrs.get("content") or "")
        self.links = [node.attrs for node in doc.all("link")]
        self.scripts = [(node.attrs, node.text()) for node in doc.all("script")]
        self.title = "".join(node.text() for node in doc.all("title"))

    def one(self, key: str) -> str:
        (value,) = self.meta[key]
        return value

    def link(self, rel: str) -> dict:
        (found,) = [a for a in self.links if a.get("rel") == rel]
        return found

    def json_ld(self) -> list[dict]:
        return [json.loads(t) for a, t in self.scripts if a.get("type") == "application/ld+json"]


def head_of(client, path: str) -> tuple[int, Head, str]:
    response = client.get(path)
    html = response.get_data(as_text=True)
    return response.status_code, Head(html), html


def local(url: str) -> str:
    """An absolute address of the test app, as the path the test client asks for."""
    assert url.startswith(BASE + "/"), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetch_card(client, url: str) -> bytes:
    with client.get(local(url)) as response:  # a file response: closed when read
        assert response.status_code == 200, url
        assert response.mimetype == "image/jpeg"
        data = response.get_data()
    assert jpeg_size(data) == (1200, 630)
    return data


def captions(path: Path, cues: list[tuple[str, str, str]]) -> Path:
    vtt = webvtt.WebVTT()
    for start, end, text in cues:
        vtt.captions.append(webvtt.Caption(start, end, text))
    vtt.save(str(path))
    return path


# --- the tags of every page -------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_has_its_card(client, name):
    status, head, _ = head_of(client, PAGES[name])
    assert status == (404 if name.startswith("missing") else 200)
    description = head.one("description")
    assert description and len(description) <= 160 and "\n" not in description
    canonical = head.link("canonical")["href"]
    assert canonical.startswith(BASE + "/")
    for key in ("og:title", "og:description", "og:type", "og:url", "og:image", "og:image:alt",
                "og:site_name", "twitter:title", "twitter:description", "twitter:image"):  # fmt: skip
        assert head.one(key).strip(), key
    assert head.one("og:description") == head.one("twitter:description") == description
    assert head.one("og:url") == canonical
    assert head.one("og:locale") == "fr_FR"
    assert head.one("twitter:card") == "summary_large_image"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("twitter:image") == head.one("og:image")
    video = name in ("watch", "home", "watch-at-time", "chapter", "embed")
    assert head.one("og:type") == ("video.other" if video else "website")
    fetch_card(client, head.one("og:image"))
    if not name.startswith("missing") and name != "search-all":  # no webinar, nothing to embed
        oembed = head.link("alternate")
        assert oembed["type"] == "application/json+oembed" and oembed["title"]
        answer = client.get(local(oembed["href"]))
        assert answer.status_code == 200 and answer.get_json()["type"] == "video"


def test_watch_page_canonical_drops_the_time_and_says_title_and_date(client):
    for path in (f"/w/{WID}", f"/w/{WID}?t=1h10m", "/", f"/w/{WID}/integrer?t=5m"):
        _, head, _ = head_of(client, path)
        assert head.link("canonical")["href"] == f"{BASE}/w/{WID}", path
    _, head, _ = head_of(client, f"/w/{WID}")
    description = head.one("description")
    assert description.startswith("Webinaire du 4 mai 2021 : Créer et transformer l'activité")
    assert head.one("og:title") == head.title == load_webinar(Path("webinars") / WID).title
    # the oEmbed discovery link names this page, with the time it was asked at
    _, timed, _ = head_of(client, f"/w/{WID}?t=1h10m")
    query = parse_qs(urlsplit(timed.link("alternate")["href"]).query)
    assert query == {"url": [f"{BASE}/w/{WID}?t=1h10m"], "format": ["json"]}


def test_chapter_page_is_titled_with_chapter_and_speaker_and_shows_its_span(client):
    _, head, _ = head_of(client, f"/w/{WID}/chapitres/capa-cite")
    assert head.title == head.one("og:title") == head.one("twitter:title") == CAPA
    assert "24:05 – 40:25" in head.one("description")
    assert head.one("description").startswith("Capa'Cité, chantier d'insertion avec GERES")
    assert head.link("canonical")["href"] == f"{BASE}/w/{WID}/chapitres/capa-cite"
    assert head.one("og:image") == f"{BASE}/w/{WID}/chapitres/capa-cite/carte.jpg"
    assert head.one("og:image:alt") == f"{CAPA}, 24:05 – 40:25"


def test_speaker_and_question_pages_use_the_segment_they_lead_to(client):
    _, head, _ = head_of(client, f"/w/{WID}/intervenants/cedric-herve")
    description = head.one("description")
    assert description.startswith("Cédric Hervé : « Capa'Cité")
    assert "24:05 – 40:25" in description and "webinaire du 4 mai 2021" in description
    assert head.one("og:image").endswith("/chapitres/capa-cite/carte.jpg")
    _, head, _ = head_of(client, f"/w/{WID}/questions/q2")
    assert head.one("description").startswith("Réponse de Cédric Hervé : ")


def test_search_pages_say_what_they_search_and_drop_the_query(client):
    _, head, _ = head_of(client, f"/w/{WID}/recherche?q=regie")
    assert head.one("og:title").startswith("Recherche — Créer et transformer")
    assert head.one("description").startswith("Chercher un sujet dans le webinaire du 4 mai 2021")
    assert head.link("canonical")["href"] == f"{BASE}/w/{WID}/recherche"
    _, head, _ = head_of(client, "/recherche?q=cqp")
    assert head.one("og:title") == "Recherche dans tous les webinaires"
    assert head.link("canonical")["href"] == f"{BASE}/recherche"
    assert [a for a in head.links if a.get("rel") == "alternate"] == []


def test_error_page_card_says_what_was_not_found(client, static_url):
    status, head, _ = head_of(client, f"/w/{WID}/chapitres/nulle-part")
    assert status == 404
    assert head.one("description") == "Page introuvable : Aucun chapitre « nulle-part » dans ce webinaire."
    assert head.one("og:image") == BASE + static_url("img/carte.jpg")


def test_public_base_url_makes_the_absolute_addresses(webinars_dir):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir),
                      "PUBLIC_BASE_URL": "https://webinaires.example.org/"})  # fmt: skip
    _, head, _ = head_of(app.test_client(), f"/w/{WID}/chapitres/capa-cite")
    assert head.link("canonical")["href"] == f"https://webinaires.example.org/w/{WID}/chapitres/capa-cite"
    assert head.one("og:image").startswith("https://webinaires.example.org/w/")


def test_long_texts_are_cut_between_words(client, webinars_dir):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.chapters[2].summary = "mot " * 200
    save_webinar(webinar, folder)
    _, head, _ = head_of(client, f"/w/{WID}/chapitres/capa-cite")
    description = head.one("description")
    assert len(description) <= 160 and description.endswith("mot…")


# --- JSON-LD ----------------------------------------------------------------------------


def video_object(client, path: str = f"/w/{WID}") -> dict:
    _, head, _ = head_of(client, path)
    (data,) = head.json_ld()
    return data


@pytest.mark.usefixtures("recorded")  # the recording in place (tests/conftest.py)
def test_json_ld_lists_seven_clips_with_the_programme_offsets(client):
    data = video_object(client)
    assert data["@context"] == "https://schema.org" and data["@type"] == "VideoObject"
    assert data["name"].startswith("Créer et transformer")
    assert data["uploadDate"] == "2021-05-04T00:00:00+02:00"
    assert data["duration"] == "PT1H45M"
    assert data["thumbnailUrl"] == [f"{BASE}/w/{WID}/carte.jpg"]
    assert data["contentUrl"] == f"{BASE}/w/{WID}/media/demo.mp4"
    assert data["embedUrl"] == f"{BASE}/w/{WID}/integrer"
    assert data["publisher"] == {"@type": "Organization", "name": "GRAFIE"}
    clips = data["hasPart"]
    assert [c["@type"] for c in clips] == ["Clip"] * 7
    assert [c["startOffset"] for c in clips] == STARTS
    assert [c["endOffset"] for c in clips] == ENDS
    assert len({c["startOffset"] for c in clips}) == 7
    assert [c["url"] for c in clips] == [f"{BASE}/w/{WID}?t={s}" for s in STARTS]
    assert clips[2]["name"] == CAPA
    action = data["potentialAction"]
    assert action == {
        "@type": "SeekToAction",
        "target": f"{BASE}/w/{WID}?t={{seek_to_second_number}}",
        "startOffset-input": "required name=seek_to_second_number",
    }
    assert "transcript" not in data  # no captions in this copy
    # the chapter page carries the same video, its clips still on the watch page's address
    assert video_object(client, f"/w/{WID}/chapitres/capa-cite") == data
    # the other pages have none
    _, head, _ = head_of(client, f"/w/{WID}/questions")
    assert head.json_ld() == []


def test_json_ld_carries_no_transcript_even_with_captions(client, webinars_dir):
    """An excerpt would weigh on every first load; the whole text is the transcription page."""
    captions(webinars_dir / WID / "webinaire.fr.vtt", [
        ("00:24:09.000", "00:24:12.000", "Chapitre 3. Cédric Hervé, Capa'Cité."),
        ("00:24:12.500", "00:24:16.000", "Présentation d'un chantier d'insertion."),
    ])  # fmt: skip
    assert "transcript" not in video_object(client)
    page = client.get(f"/w/{WID}").get_data(as_text=True)
    assert f'href="/w/{WID}/transcription"' in page
    text = client.get(f"/w/{WID}/transcription").get_data(as_text=True)
    assert "Présentation d&#39;un chantier d&#39;insertion." in text


def test_json_ld_survives_a_title_that_closes_the_script(client, webinars_dir):
    folder = webinars_dir / WID
    hostile = "</script><script>alert(1)</script> & <!-- «x»"
    text = (folder / "webinar.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Les régies de quartier face aux besoins sociaux", f"title: '{hostile}'")
    (folder / "webinar.yaml").write_text(text, encoding="utf-8")
    _, head, html = head_of(client, f"/w/{WID}")
    block = html[html.index('<script type="application/ld+json">'):]
    block = block[: block.index("</script>")]
    assert "<" not in block.split(">", 1)[1] and "&" not in block
    (data,) = head.json_ld()
    assert data["hasPart"][4]["name"] == hostile + " — Tarek Daher"
    assert "<script>alert(1)</script>" not in html


def test_json_ld_of_an_embedded_recording_gives_its_player(client, webinars_dir):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    webinar.recording = Recording(
        kind="embed", platform="youtube", embed_id="abc123", duration=6305,
        src="https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1",
    )  # fmt: skip
    save_webinar(webinar, folder)
    data = video_object(client)
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/abc123?enablejsapi=1"
    assert "contentUrl" not in data
    assert data["duration"] == "PT1H45M5S"
    assert data["hasPart"][-1]["endOffset"] == 6305


# --- card pictures ----------------------------------------------------------------------


def test_committed_default_card_is_a_small_1200x630_jpeg():
    data = DEFAULT_CARD.read_bytes()
    assert jpeg_size(data) == (1200, 630) and len(data) <= card_images.MAX_BYTES


def test_card_routes_fall_back_to_the_default_card(client):
    default = DEFAULT_CARD.read_bytes()
    assert fetch_card(client, f"{BASE}/w/{WID}/carte.jpg") == default
    assert fetch_card(client, f"{BASE}/w/{WID}/chapitres/capa-cite/carte.jpg") == default
    assert client.get(f"/w/{WID}/chapitres/nulle-part/carte.jpg").status_code == 404
    assert client.get("/w/inconnu/carte.jpg").status_code == 404


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_module.ffmpeg_exe(), "-nostdin", "-v", "error", "-y", *args],
                   check=True, capture_output=True, timeout=120)  # fmt: skip


def short_webinar() -> Webinar:
    return Webinar(
        id="essai",
        title="Essai d'une carte « 100 % » : titres, deux-points et apostrophes",
        date="2021-05-04",
        organiser="GRAFIE",
        recording=Recording(kind="file", src="essai.mp4", duration=30),
        speakers=[Speaker("nina", "Nina O'Brien")],
        chapters=[
            Chapter("ouverture", 0, "Ouverture"),
            Chapter("capacite", 10,
                    "Capa'Cité : 50 % de réussite, et un titre assez long pour trois lignes"),
            Chapter("fin", 20, "Questions", speakers=["nina"]),
        ],
    )


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    """A 30-second 16:9 video with a moving picture: real frames for the cards."""
    path = tmp_path_factory.mktemp("rec") / "essai.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360:r=5:d=30", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-g", "10", str(path))  # fmt: skip
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_cards_from_frames_are_small_1200x630_jpegs_made_once(recording, tmp_path):
    media_dir = tmp_path / "media"
    media_dir.mkdir()
    source = shutil.copyfile(recording, media_dir / "essai.mp4")
    webinar = short_webinar()
    paths = make_cards(webinar, media_dir, source)
    assert sorted(p.name for p in paths) == [
        "chapter-capacite.jpg", "chapter-fin.jpg", "chapter-ouverture.jpg", "webinar.jpg"
    ]
    for path in paths:
        data = path.read_bytes()
        assert jpeg_size(data) == (1200, 630) and len(data) <= card_images.MAX_BYTES
    index = json.loads((media_dir / CARDS_DIR / "index.json").read_text(encoding="utf-8"))
    spec = index["cards"][card_name(webinar.chapters[1])]
    assert spec["detail"] == "0:10 – 0:20"
    assert spec["frame"] == 14.0  # 4 s in, as the thumbnail
    assert spec["kicker"] == "Webinaire du 4 mai 2021 · chapitre 2 / 3"
    assert len(spec["title"]) == 3
    # up to date: nothing is rewritten
    before = snapshot(media_dir / CARDS_DIR)
    make_cards(webinar, media_dir, source)
    assert snapshot(media_dir / CARDS_DIR) == before
    # a retitled chapter remakes its card only
    webinar.chapters[2].title = "Questions du public"
    make_cards(webinar, media_dir, source)
    after = snapshot(media_dir / CARDS_DIR)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["chapter-fin.jpg", "index.json"]
    # a removed chapter loses its card; the webinar's shows the new first chapter's frame
    del webinar.chapters[0]
    make_cards(webinar, media_dir, source)
    last = snapshot(media_dir / CARDS_DIR)
    assert "chapter-ouverture.jpg" not in last
    assert last["webinar.jpg"] != after["webinar.jpg"]


def test_cards_without_a_local_recording_carry_the_text_alone(tmp_path):
    paths = make_cards(short_webinar(), tmp_path)
    assert len(paths) == 4
    for path in paths:
        assert jpeg_size(path.read_bytes()) == (1200, 630)
    index = json.loads((tmp_path / CARDS_DIR / "index.json").read_text(encoding="utf-8"))
    assert index["media"] is None and all(c["frame"] is None for c in index["cards"].values())


def test_cards_of_an_audio_file_fail_in_one_french_line(tmp_path):
    sound = tmp_path / "voix.m4a"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "30", "-c:a", "aac", str(sound))
    with pytest.raises(ffmpeg_module.MediaError, match="^voix.m4a : aucune piste vidéo, pas de cartes$"):
        make_cards(short_webinar(), tmp_path, sound)


def test_cards_command_and_routes_serve_the_made_cards(client, runner, webinars_dir):
    result = runner.invoke(args=["cards"])
    assert result.exit_code == 0, result.output
    media_dir = webinars_dir / WID / "media"
    assert f"{media_dir / CARDS_DIR} : 8 cartes de partage" in result.stdout
    assert "absent : cartes sans image de l'enregistrement" in result.stderr
    made = (media_dir / CARDS_DIR / "chapter-capa-cite.jpg").read_bytes()
    assert fetch_card(client, f"{BASE}/w/{WID}/chapitres/capa-cite/carte.jpg") == made
    assert made != DEFAULT_CARD.read_bytes()
    webinar_card = (media_dir / CARDS_DIR / "webinar.jpg").read_bytes()
    assert fetch_card(client, f"{BASE}/w/{WID}/carte.jpg") == webinar_card


def test_thumbnails_command_makes_the_cards_beside_the_thumbnails(runner, webinars_dir, recording):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    for i, chapter in enumerate(webinar.chapters):
        chapter.start = i * 4
    webinar.recording = Recording(kind="file", src="essai.mp4", duration=30)
    save_webinar(webinar, folder)
    (folder / "media").mkdir()
    shutil.copyfile(recording, folder / "media" / "essai.mp4")
    result = runner.invoke(args=["thumbnails"])
    assert result.exit_code == 0, result.output
    assert f"{folder / 'media' / CARDS_DIR} : 8 cartes de partage" in result.stdout
    index = json.loads((folder / "media" / CARDS_DIR / "index.json").read_text(encoding="utf-8"))
    assert index["media"]["name"] == "essai.mp4" and index["cards"]["cards/chapter-capa-cite.jpg"]["frame"]


# --- the data file's organiser ------------------------------------------------------------


def test_organiser_is_optional_and_kept_by_the_data_file(tmp_path):
    webinar = short_webinar()
    text = dump_webinar(webinar)
    assert "organiser: GRAFIE\n" in text
    assert parse_webinar(text, "essai").organiser == "GRAFIE"
    webinar.organiser = ""
    assert "organiser" not in dump_webinar(webinar)
    assert parse_webinar(dump_webinar(webinar), "essai").organiser == ""
    with pytest.raises(StoreError, match="organiser : un texte est attendu"):
        parse_webinar(text.replace("organiser: GRAFIE", "organiser: [a, b]"), "essai")
    assert load_webinar(Path("webinars") / WID).organiser == "GRAFIE"


# --- oEmbed -------------------------------------------------------------------------------


def oembed(client, url: str, **params):
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in {"url": url, **params}.items())
    return client.get(f"/oembed?{query}")


def iframe_src(answer: dict) -> str:
    html = answer["html"]
    assert html.startswith("<iframe ") and html.endswith("></iframe>")
    return html.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_oembed_of_the_watch_page(client):
    response = oembed(client, f"{BASE}/w/{WID}", format="json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    assert answer["version"] == "1.0" and answer["type"] == "video"
    assert answer["provider_name"] and answer["provider_url"] == f"{BASE}/"
    assert answer["title"].startswith("Créer et transformer")
    assert answer["author_name"] == "GRAFIE"
    assert (answer["width"], answer["height"]) == (800, 450)
    assert iframe_src(answer) == f"{BASE}/w/{WID}/integrer"
    html = answer["html"]
    for part in ('width="800"', 'height="450"', 'allow="fullscreen; picture-in-picture"',
                 'loading="lazy"', 'title="Lecteur vidéo : Créer et transformer'):  # fmt: skip
        assert part in html
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == (1200, 630)
    fetch_card(client, answer["thumbnail_url"])


@pytest.mark.parametrize(
    ("url", "src_query", "title"),
    [
        (f"/w/{WID}/chapitres/capa-cite", "t=24m5s,40m25s", CAPA),
        (f"/w/{WID}/chapitres/capa-cite?t=30m", "t=30m", CAPA),
        (f"/w/{WID}?t=4200", "t=1h10m", None),
        (f"/w/{WID}?t=6'05,24'05", "t=6m5s,24m5s", None),
        (f"/w/{WID}#t=365,1445", "t=6m5s,24m5s", None),
        (f"/w/{WID}#t=npt:24:07.5,24:20.119", "t=24m7s,24m21s", None),  # whole seconds, covering
        (f"/w/{WID}#t=1445,365", "", None),  # an invalid media fragment is ignored
        (f"/w/{WID}#t=24m5s", "", None),  # not a media fragment's notation
        (f"/w/{WID}?t=abc", "", None),
        ("/", "", None),
        (f"/w/{WID}/integrer?t=1h", "t=1h", None),
        (f"/w/{WID}/intervenants/cedric-herve", "t=24m5s,40m25s", CAPA),
        (f"/w/{WID}/questions/q2", "t=24m5s,40m25s", CAPA),
        (f"/w/{WID}/questions", "", None),
    ],
)
def test_oembed_keeps_the_time_of_the_address(client, url, src_query, title):
    answer = oembed(client, BASE + url).get_json()
    src = iframe_src(answer)
    assert src == f"{BASE}/w/{WID}/integrer" + (f"?{src_query}" if src_query else "")
    if title:
        assert answer["title"] == title
    assert answer["thumbnail_url"].endswith(
        "/chapitres/capa-cite/carte.jpg" if title else f"/w/{WID}/carte.jpg"
    )


@pytest.mark.parametrize(
    "url",
    [
        f"http://example.org/w/{WID}",
        f"ftp://localhost/w/{WID}",
        f"{BASE}/w/inconnu",
        f"{BASE}/w/{WID}/chapitres/nulle-part",
        f"{BASE}/w/{WID}/intervenants/personne",
        f"{BASE}/w/{WID}/carte.jpg",
        f"{BASE}/w/{WID}/media/demo.mp4",
        f"{BASE}/static/css/player.css",
        f"{BASE}/oembed",
        f"{BASE}/nulle-part",
        "pas une adresse",
    ],
)
def test_oembed_answers_404_in_french_for_other_addresses(client, url):
    response = oembed(client, url)
    assert response.status_code == 404 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error and ("Aucun" in error or "Adresse inconnue" in error)


def test_oembed_formats_and_parameters(client):
    xml = oembed(client, f"{BASE}/w/{WID}", format="xml")
    assert xml.status_code == 501 and "json" in xml.get_json()["error"]
    missing = client.get("/oembed")
    assert missing.status_code == 400 and "url" in missing.get_json()["error"]
    bad = oembed(client, f"{BASE}/w/{WID}", maxwidth="large")
    assert bad.status_code == 400 and "maxwidth" in bad.get_json()["error"]
    sizes = {
        (400, None): (400, 225),
        (None, 200): (355, 200),
        (1000, 1000): (800, 450),
        (640, 300): (533, 300),
    }
    for (maxwidth, maxheight), expected in sizes.items():
        params = {k: v for k, v in (("maxwidth", maxwidth), ("maxheight", maxheight)) if v}
        answer = oembed(client, f"{BASE}/w/{WID}", **params).get_json()
        assert (answer["width"], answer["height"]) == expected
        assert f'width="{expected[0]}" height="{expected[1]}"' in answer["html"]


# --- the embeddable player --------------------------------------------------------------


def test_only_the_embed_page_may_be_framed_by_other_sites(client):
    embed = client.get(f"/w/{WID}/integrer?t=24m5s")
    assert embed.status_code == 200
    csp = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "frame-ancestors 'self'" not in csp
    assert "unsafe-inline" not in csp
    assert "X-Frame-Options" not in embed.headers
    for path in PAGES.values():
        if "integrer" in path:
            continue
        policy = client.get(path).headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "frame-ancestors *" not in policy, path
    for path in (f"/oembed?url={BASE}/w/{WID}", f"/w/{WID}/carte.jpg"):
        with client.get(path) as response:
            assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.usefixtures("recorded")  # the recording in place (tests/conftest.py)
def test_embed_page_is_the_compact_player(client):
    _, head, html = head_of(client, f"/w/{WID}/integrer?t=24m5s")
    tags = head.tags
    assert '<header class="site">' not in html and '<footer class="site">' not in html
    (body,) = [a for t, a in tags if t == "body"]
    assert body["class"] == "watch compact"
    (h1,) = [a for t, a in tags if t == "h1"]
    assert h1["class"] == "compact-title"
    (title_link,) = [a for t, a in tags if t == "a" and a.get("href") == f"/w/{WID}" and a.get("target")]
    assert (title_link["target"], title_link["rel"]) == ("_blank", "noopener")
    (video,) = [a for t, a in tags if t == "video"]
    assert video["data-start"] == "1445.0" and video["data-base"] == f"/w/{WID}/integrer"
    assert [a for t, a in tags if t == "a" and "chapter-link" in a.get("class", "")]
    assert any(t == "script" and a.get("src", "").endswith("/js/framed.js") for t, a in tags)
    assert 'id="keys"' not in html  # the shortcuts list stays on the full page
    # the full page has neither
    _, _, full = head_of(client, f"/w/{WID}")
    assert "framed.js" not in full and '<header class="site">' in full


def test_share_dialog_offers_the_embed_code(client):
    _, head, _ = head_of(client, f"/w/{WID}/chapitres/capa-cite")
    (dialog,) = [a for t, a in head.tags if t == "dialog"]
    assert dialog["data-page"] == f"{BASE}/w/{WID}"
    assert dialog["data-embed"] == f"{BASE}/w/{WID}/integrer"
    assert dialog["data-frame-title"].startswith("Lecteur vidéo : Créer et transformer")
    assert [a for t, a in head.tags if t == "textarea" and a.get("id") == "share-embed"]
    assert [a for t, a in head.tags if t == "button" and a.get("id") == "share-embed-copy"]


def test_a_long_organiser_or_list_of_speakers_is_cut_to_one_line(tmp_path):
    """Text-only cards: the kicker and the detail line end with « … » rather than run off the
    card; the chapter's times stay whole."""
    webinar = short_webinar()
    webinar.organiser = "Groupement régional des acteurs franciliens d'insertion par l'économique"
    webinar.speakers = [Speaker(f"s{n}", f"Intervenante Numéro {n} Avec Un Long Nom") for n in range(4)]
    webinar.chapters[2].speakers = [s.id for s in webinar.speakers]
    media_dir = tmp_path / "media"
    make_cards(webinar, media_dir, None)
    cards = json.loads((media_dir / CARDS_DIR / "index.json").read_text(encoding="utf-8"))["cards"]
    kicker = cards[card_name()]["kicker"]
    assert kicker.startswith("Webinaire du 4 mai 2021 · Groupement régional") and kicker.endswith(" …")
    assert len(kicker) <= card_images.TITLE_CHARS * card_images.TITLE_SIZE // card_images.SMALL_SIZE
    detail = cards[card_name(webinar.chapters[2])]["detail"]
    assert detail.startswith("Intervenante Numéro 0") and detail.endswith(" … · 0:20 – 0:30")
    assert len(detail) <= card_images.TITLE_CHARS * card_images.TITLE_SIZE // card_images.DETAIL_SIZE
    # short ones are as they were
    assert cards[card_name(webinar.chapters[0])]["detail"] == "0:00 – 0:10"
