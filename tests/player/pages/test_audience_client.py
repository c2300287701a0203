"""What viewers' pages carry of the audience measure: the collecting address (the watch page's own,
the embed's and the static export's only when AUDIENCE_COLLECT_URL is set, none when off), the
policy allowing it, the privacy page and its footer link, pages made again while measuring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import create_app
from chapters.store import load_webinar, save_webinar
from player.content.audience_public import curve_path
from player.site import page_cache
from tests.support.webinar import WID

pytestmark = pytest.mark.usefixtures("recorded")
COLLECT = "https://mesure.example.org/audience/beacon"


def collecting(html: str) -> list[str]:
    return re.findall(r'data-audience="([^"]*)"', html)


@pytest.fixture
def make(webinars_dir: Path, tmp_path: Path):
    def build(**config):
        return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), **config},
                          instance_path=str(tmp_path / "instance"))
    return build


def test_the_watch_page_names_its_own_address_and_the_embed_none(make):
    client = make().test_client()
    page = client.get(f"/w/{WID}")
    assert collecting(page.text) == ["/audience/beacon"]
    assert "connect-src 'self';" in page.headers["Content-Security-Policy"]
    assert collecting(client.get(f"/w/{WID}/chapitres/capa-cite").text) == ["/audience/beacon"]
    # the embeddable player, on another site's page: nothing without a collecting address
    embed = client.get(f"/w/{WID}/integrer").text
    assert collecting(embed) == [] and "/mesure-d-audience" not in embed


def test_the_embed_sends_to_the_collecting_address_its_policy_allows(make):
    client = make(AUDIENCE_COLLECT_URL=COLLECT).test_client()
    embed = client.get(f"/w/{WID}/integrer")
    assert collecting(embed.text) == [COLLECT]
    assert '<a href="/mesure-d-audience">Mesure d\'audience</a>' in embed.text  # no footer: here
    assert "connect-src 'self' https://mesure.example.org;" in embed.headers["Content-Security-Policy"]
    # the watch page keeps its own address
    assert collecting(client.get(f"/w/{WID}").text) == ["/audience/beacon"]


@pytest.mark.parametrize("config", [{"AUDIENCE": False},
                                    {"AUDIENCE": False, "AUDIENCE_COLLECT_URL": COLLECT}])
def test_collecting_off_leaves_no_address_anywhere(make, config):
    client = make(**config).test_client()
    for path in (f"/w/{WID}", f"/w/{WID}/integrer"):
        assert collecting(client.get(path).text) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//ailleurs.example.org/b", "ftp://x.example.org/b"])
def test_a_collecting_address_not_http_is_not_used(make, url):
    embed = make(AUDIENCE_COLLECT_URL=url).test_client().get(f"/w/{WID}/integrer")
    assert collecting(embed.text) == []


def test_the_privacy_page_in_plain_french_from_every_footer(make):
    client = make(AUDIENCE_RETENTION_DAYS=200, AUDIENCE_PUBLIC_MIN_VIEWS=80).test_client()
    for path in (f"/w/{WID}", f"/w/{WID}/questions", "/w/"):
        assert '<a href="/mesure-d-audience">Mesure d\'audience</a>' in client.get(path).text, path
    page = client.get("/mesure-d-audience")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Mesure d'audience</h1>" in text
    assert "aucun cookie" in text and "adresse IP" in text
    assert "GPC" in text and "Do Not Track" in text
    assert "plus de 200 jours sont effacés" in text
    assert "au moins 80 fois" in text
    assert "moins de 3 fois dans une journée" in text
    assert "rien n'est mesuré" not in text


def test_the_privacy_page_says_when_nothing_is_measured(make):
    assert "rien n'est mesuré" in make(AUDIENCE=False).test_client().get("/mesure-d-audience").text


def test_the_static_export_writes_the_privacy_page_and_sends_nothing_without_an_address(make, tmp_path):
    app = make()
    out = tmp_path / "site"
    assert app.test_cli_runner().invoke(args=["freeze", str(out)]).exit_code == 0
    privacy = (out / "mesure-d-audience" / "index.html").read_text(encoding="utf-8")
    assert "rien n'est mesuré" in privacy
    watch = (out / "w" / WID / "index.html").read_text(encoding="utf-8")
    assert collecting(watch) == [] and 'href="/mesure-d-audience"' in watch

    app = make(AUDIENCE_COLLECT_URL=COLLECT)
    out = tmp_path / "site2"
    assert app.test_cli_runner().invoke(args=["freeze", str(out)]).exit_code == 0
    assert collecting((out / "w" / WID / "index.html").read_text(encoding="utf-8")) == [COLLECT]
    assert "rien n'est mesuré" not in (out / "mesure-d-audience" / "index.html").read_text(encoding="utf-8")


def test_a_webinars_pages_are_made_again_each_period_while_measuring(make, monkeypatch):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": f"/w/{WID}", "HTTP_HOST": "localhost"}
    for measuring in (True, False):
        app = make(AUDIENCE=measuring)
        now = 1_000_000_000.0
        monkeypatch.setattr(page_cache.time, "time", lambda: now)
        first = page_cache.request_key(app, environ)
        now += page_cache.AUDIENCE_SECONDS
        assert (page_cache.request_key(app, environ) != first) is measuring
    # the catalogue's list holds no curve: kept as long as its files
    app = make()
    listing = {**environ, "PATH_INFO": "/w/"}
    now = 1_000_000_000.0
    first = page_cache.request_key(app, listing)
    now += page_cache.AUDIENCE_SECONDS
    assert page_cache.request_key(app, listing) == first


def test_the_curve_is_a_closed_area_from_the_bottom():
    assert curve_path((0.0, 1.0, 0.5)) == "M0 20 L0.5 20.0 L1.5 0.0 L2.5 10.0 L3 20Z"


def test_a_resource_link_says_which_resource_it_opens(make, webinars_dir):
    webinar = load_webinar(webinars_dir / WID)
    webinar.resources[0].url = "https://www.example.org/guide"
    save_webinar(webinar, webinars_dir / WID)
    client = make().test_client()
    for path in (f"/w/{WID}/ressources", f"/w/{WID}/chapitres/relocalisations"):
        html = client.get(path).text
        assert f'<a href="https://www.example.org/guide" data-audience-open="resource:{webinar.resources[0].id}">' in html, path
