"""The front door (player/pages/catalogue.py): ``/`` plays the only webinar, lists several;
``/w/`` always lists them, newest first, as cards; broken and empty folders answer in French."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from app import create_app
from player.media.card_images import DEFAULT_CARD
from chapters.wording import duration_text, speaker_names
from chapters.model import Chapter, Speaker, Webinar
from tests.support.html import dom
from tests.support.webinar import PROGRAMME as HANDOUT

WID = "2021-05-04"
TITLE = "Créer et transformer l'activité pour répondre aux besoins sociaux en Île-de-France"
SPEAKERS = "Avec Dominique Dasso, Florence Oulès, Cédric Hervé et 4 autres"


def clone(root: Path, wid: str, date: str, title: str) -> Path:
    """The committed webinar copied under another id, with another date and title."""
    target = root / wid
    shutil.copytree(root / WID, target)
    data = target / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("date: '2021-05-04'", f"date: '{date}'")
    text = re.sub(r"^title: .*$", lambda _: "title: " + json.dumps(title, ensure_ascii=False), text, count=1, flags=re.M)
    data.write_text(text, encoding="utf-8")
    return target


def cards_of(html: str) -> list[dict]:
    """The list's cards: each one's link, title, meta line, speakers and picture (the words
    said to screen readers only left out)."""
    cards = []
    for li in dom(html).all("li", cls="cat-card"):
        links, pictures = li.all("a", cls="cat-link"), li.all("img", cls="cat-thumb")
        card = {"off": "cat-off" in li.classes, "href": links[0].attrs["href"] if links else None,
                "img": pictures[0].attrs if pictures else None,
                "placeholder": bool(li.all(cls="cat-placeholder"))}
        for key in ("title", "meta", "speakers", "problem"):
            text = "".join(node.text(skip="visually-hidden") for node in li.all(cls=f"cat-{key}"))
            card[key] = " ".join(text.replace("\xa0", " ").split())
        cards.append(card)
    return cards


@pytest.fixture
def two(webinars_dir: Path) -> Path:
    """The committed webinar and a newer copy of it."""
    clone(webinars_dir, "2022-03-10", "2022-03-10", "Financer l'économie sociale et solidaire")
    return webinars_dir


def app_on(root: Path, **settings):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(root), **settings})


# ---------------------------------------------------------------- one webinar


def test_one_webinar_home_is_its_watch_page_and_w_lists_it(client):
    home = client.get("/")
    html = home.get_data(as_text=True)
    assert home.status_code == 200 and 'id="lecteur"' in html
    assert f'<link rel="canonical" href="http://localhost/w/{WID}">' in html
    listing = client.get("/w/")
    assert listing.status_code == 200
    (card,) = cards_of(listing.get_data(as_text=True))
    assert card["href"] == f"/w/{WID}" and card["title"] == TITLE
    # / is the watch page: the list names /w/ as its own address
    assert '<link rel="canonical" href="http://localhost/w/">' in listing.get_data(as_text=True)
    # /w without its slash leads there
    bare = client.get("/w")
    assert bare.status_code in (301, 308) and bare.headers["Location"].endswith("/w/")


# ---------------------------------------------------------------- several


def test_two_webinars_home_lists_them_newest_first(two: Path):
    # a share card made for the older one, thumbnails for none: a picture, then a placeholder
    (two / WID / "media" / "cards").mkdir(parents=True)
    shutil.copy(DEFAULT_CARD, two / WID / "media" / "cards" / "webinar.jpg")
    client = app_on(two).test_client()
    for path in ("/", "/w/"):
        page = client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'id="lecteur"' not in html
        assert '<main id="contenu">' in html and "<h1>Webinaires</h1>" in html
        assert '<ul class="cat-list">' in html
        newer, older = cards_of(html)
        assert newer["title"] == "Financer l'économie sociale et solidaire"
        assert newer["href"] == "/w/2022-03-10" and older["href"] == f"/w/{WID}"
        assert newer["meta"].startswith("10 mars 2022 · 1 h 45 · 7 chapitres")
        assert older["meta"].startswith("4 mai 2021 · 1 h 45 · 7 chapitres")
        assert older["speakers"] == newer["speakers"] == SPEAKERS
        assert newer["placeholder"] and newer["img"] is None
        assert older["img"]["src"] == f"/w/{WID}/media/cards/webinar.jpg" and older["img"]["alt"] == ""
        # the search box leads to the search across all webinars
        assert 'action="/recherche"' in html and 'name="q"' in html
    picture = client.get(f"/w/{WID}/media/cards/webinar.jpg")
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
    picture.close()


def test_the_list_has_its_share_card_and_one_canonical_address(two: Path):
    client = app_on(two).test_client()
    for path in ("/", "/w/"):
        html = client.get(path).get_data(as_text=True)
        assert '<link rel="canonical" href="http://localhost/">' in html, path
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert description.startswith("2 webinaires enregistrés") and len(description) <= 160
        assert '<meta property="og:title" content="Webinaires">' in html
        assert '<meta property="og:type" content="website">' in html
        assert 'property="og:image" content="http://localhost/static/' in html
        assert "application/json+oembed" not in html  # a list: nothing to embed
    # "/" is no page to embed when it lists
    assert client.get("/oembed?url=http://localhost/").status_code == 404


def test_a_thumbnail_when_there_is_no_share_card(two: Path):
    thumbs = two / WID / "media" / "thumbs"
    thumbs.mkdir(parents=True)
    shutil.copy(DEFAULT_CARD, thumbs / "0.jpg")  # the first chapter's (0:00)
    _, older = cards_of(app_on(two).test_client().get("/").get_data(as_text=True))
    assert older["img"]["src"] == f"/w/{WID}/media/thumbs/0.jpg"
    assert (older["img"]["width"], older["img"]["height"]) == ("160", "90")


def test_default_webinar_named_in_the_settings_is_what_home_plays(two: Path, caplog):
    chosen = app_on(two, DEFAULT_WEBINAR=WID).test_client()
    html = chosen.get("/").get_data(as_text=True)
    assert 'id="lecteur"' in html and f'href="http://localhost/w/{WID}">' in html
    assert len(cards_of(chosen.get("/w/").get_data(as_text=True))) == 2
    # named but not there: the list, and the log says why
    with caplog.at_level(logging.WARNING):
        missing = app_on(two, DEFAULT_WEBINAR="2030-01-01").test_client().get("/")
    assert missing.status_code == 200 and len(cards_of(missing.get_data(as_text=True))) == 2
    assert "2030-01-01" in caplog.text
    # left to its default, it names no webinar: two webinars are listed
    assert 'id="lecteur"' not in app_on(two).test_client().get("/").get_data(as_text=True)


def test_a_broken_data_file_is_listed_as_unavailable_and_logged(two: Path, caplog):
    broken = two / "2023-01-01"
    broken.mkdir()
    (broken / "webinar.yaml").write_text("title: [\n", encoding="utf-8")
    client = app_on(two).test_client()
    with caplog.at_level(logging.ERROR):
        page = client.get("/")
    assert page.status_code == 200
    cards = cards_of(page.get_data(as_text=True))
    assert [c["href"] for c in cards] == ["/w/2022-03-10", f"/w/{WID}", None]  # broken ones last
    assert cards[2]["off"] and cards[2]["title"] == "Webinaire « 2023-01-01 »"
    assert cards[2]["problem"].startswith("Indisponible pour le moment")
    assert "2023-01-01" in caplog.text and "webinar.yaml" in caplog.text
    # alone, a broken webinar is listed too: / never answers with an error
    shutil.rmtree(two / WID)
    shutil.rmtree(two / "2022-03-10")
    alone = app_on(two).test_client().get("/")
    assert alone.status_code == 200 and cards_of(alone.get_data(as_text=True))[0]["off"]


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_no_webinar_yet_says_so_in_french(tmp_path: Path, state):
    root = tmp_path / "webinars"
    if state == "empty":
        root.mkdir()
    client = app_on(root).test_client()
    for path in ("/", "/w/"):
        page = client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200, path
        assert "Aucun webinaire n'est encore publié ici." in html
        assert "flask --app app import-programme" in html
        assert 'lang="fr"' in html and "<h1>Webinaires</h1>" in html


def test_titles_and_names_are_escaped(two: Path):
    data = two / "2022-03-10" / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: '<b>Gras</b> & <script>x</script>'", text, count=1, flags=re.M)
    data.write_text(text.replace("name: Dominique Dasso", "name: <i>Dominique</i>"), encoding="utf-8")
    html = app_on(two).test_client().get("/").get_data(as_text=True)
    assert "<b>Gras</b>" not in html and "<script>x" not in html and "<i>Dominique" not in html
    assert "&lt;b&gt;Gras&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;i&gt;Dominique&lt;/i&gt;" in html


# ---------------------------------------------------------------- the cache, the import


def test_a_new_webinar_folder_shows_in_the_list_at_once(webinars_dir: Path):
    app = app_on(webinars_dir)
    assert not app.debug  # the page cache is on
    client = app.test_client()
    cache = app.extensions["page_cache"]
    for path in ("/", "/w/"):
        client.get(path)
    kept = len(cache)
    assert kept >= 2 and len(cards_of(client.get("/w/").get_data(as_text=True))) == 1
    clone(webinars_dir, "2022-03-10", "2022-03-10", "Un second webinaire")
    listing = cards_of(client.get("/w/").get_data(as_text=True))
    assert [c["title"] for c in listing] == ["Un second webinaire", TITLE]
    assert [c["title"] for c in cards_of(client.get("/").get_data(as_text=True))] == [
        "Un second webinaire", TITLE
    ]
    # its data file corrected later: the list follows too
    data = webinars_dir / "2022-03-10" / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Un second", "Un deuxième"), encoding="utf-8")
    assert cards_of(client.get("/").get_data(as_text=True))[0]["title"] == "Un deuxième webinaire"


def test_a_second_imported_webinar_appears_in_the_list_at_home(runner, client, webinars_dir, tmp_path):
    handout = tmp_path / "programme-2021-06-08.txt"
    text = HANDOUT.read_text(encoding="utf-8")
    assert "Webinaire du 4 mai 2021" in text
    text = text.replace("Webinaire du 4 mai 2021", "Webinaire du 8 juin 2021")
    text = text.replace(f"« {TITLE} »", "« Les achats responsables au service de l'insertion »")
    handout.write_text(text, encoding="utf-8")
    assert 'id="lecteur"' in client.get("/").get_data(as_text=True)  # one webinar: its watch page

    result = runner.invoke(args=["import-programme", str(handout)])
    assert result.exit_code == 0, result.output
    assert (webinars_dir / "2021-06-08" / "webinar.yaml").is_file()

    page = client.get("/")
    assert page.status_code == 200 and 'id="lecteur"' not in page.get_data(as_text=True)
    cards = cards_of(page.get_data(as_text=True))
    assert [c["href"] for c in cards] == ["/w/2021-06-08", f"/w/{WID}"]
    assert cards[0]["title"] == "Les achats responsables au service de l'insertion"
    assert cards[0]["meta"].startswith("8 juin 2021")
    assert client.get("/w/2021-06-08").status_code == 200


# ---------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(6300, "1 h 45"), (3900, "1 h 05"), (7200, "2 h"), (2700, "45 min"), (20, "1 min"), (None, ""), (0, "")],
)
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


def test_speaker_names_a_few_then_how_many_others():
    def webinar(count: int) -> Webinar:
        people = [Speaker(id=f"s{i}", name=f"Personne {i}") for i in range(count)]
        # chapters in reverse order of start: names come in order of appearance
        chapters = [Chapter(id=f"c{i}", start=100 - i, title="x", speakers=[f"s{i}"]) for i in range(count)]
        return Webinar(id="w", title="t", date="2024-01-01", speakers=people, chapters=chapters)

    assert speaker_names(webinar(0)) == ""
    assert speaker_names(webinar(1)) == "Personne 0"
    assert speaker_names(webinar(2)) == "Personne 1 et Personne 0"
    assert speaker_names(webinar(4)) == "Personne 3, Personne 2, Personne 1 et Personne 0"
    assert speaker_names(webinar(6)) == "Personne 5, Personne 4, Personne 3 et 3 autres"
