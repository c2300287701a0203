"""``POST /audience/beacon`` through the app: counted when it may be, always the same 204, never
a cookie, never cached; refused in French when not in form; CORS only for the origins named."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import create_app
from chapters.audience import AudienceStore, shape_of
from chapters.store import load_webinar
from player.content import audience
from tests.support.webinar import WID

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
BEACON = "text/plain;charset=UTF-8"  # what navigator.sendBeacon sends for a string Blob


@pytest.fixture
def app(webinars_dir, tmp_path):
    return create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir),
                       "AUDIENCE_ALLOWED_ORIGINS": ["https://copie.example.org"]},
                      instance_path=str(tmp_path / "instance"))


def body(view: str = "v" * 22, seq: int = 0, played=((365, 400),), webinar: str = WID, **more) -> str:
    return json.dumps({"v": 1, "w": webinar, "view": view, "seq": seq,
                       "played": [list(r) for r in played], "opened": [], "final": False, **more})


def send(client, data, headers=None, content_type=BEACON, **kwargs):
    return client.post("/audience/beacon", data=data, content_type=content_type,
                       headers={"User-Agent": CHROME, **(headers or {})}, **kwargs)


def report(app, webinars_dir):
    store = AudienceStore(app.instance_path + "/audience.sqlite")
    shape = shape_of(load_webinar(webinars_dir / WID))
    today = date.today()
    return store.report(WID, today - timedelta(days=1), today + timedelta(days=1), shape)


def chapter(app, webinars_dir, cid="relocalisations"):
    found = next(c for c in report(app, webinars_dir).chapters if c.id == cid)
    return found.started


def test_a_beacon_is_counted_and_answered_204_without_cookie_or_cache(app, client, webinars_dir):
    answer = send(client, body())
    assert answer.status_code == 204 and answer.data == b""
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer.headers and "Cookie" not in answer.headers.get("Vary", "")
    assert "Access-Control-Allow-Origin" not in answer.headers
    counted = report(app, webinars_dir)
    assert counted.views == 1 and counted.reached[370] == 1 and counted.reached[300] == 0
    assert chapter(app, webinars_dir) == 1
    # the same view again: one view still; application/json is taken too
    assert send(client, body(seq=1, played=((400, 410),)), content_type="application/json").status_code == 204
    assert report(app, webinars_dir).views == 1 and report(app, webinars_dir).reached[405] == 1
    assert app.extensions["page_cache"].keys() == []


def test_a_session_cookie_is_neither_read_nor_set(app, client):
    client.set_cookie("session", "forged-value")
    answer = send(client, body())
    assert answer.status_code == 204 and "Set-Cookie" not in answer.headers
    assert "Cookie" not in answer.headers.get("Vary", "")


@pytest.mark.parametrize("headers", [
    {"Sec-GPC": "1"},
    {"DNT": "1"},
    {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
    {"User-Agent": "curl/8.5.0"},
    {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.0.0 Safari/537.36"},
    {"User-Agent": ""},
])
def test_gpc_dnt_and_bots_are_answered_alike_and_not_counted(app, client, webinars_dir, headers):
    answer = send(client, body(), headers=headers)
    assert answer.status_code == 204 and answer.data == b""
    counted = report(app, webinars_dir)
    assert counted.views == 0 and counted.reached[370] == 0


def test_an_unknown_webinar_or_collecting_off_is_answered_alike(app, client, webinars_dir):
    assert send(client, body(webinar="nul-part")).status_code == 204
    app.config["AUDIENCE"] = False
    assert send(client, body()).status_code == 204
    assert report(app, webinars_dir).views == 0


def test_a_webinar_without_a_duration_is_not_counted(app, client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  duration: 6300\n", ""), encoding="utf-8")
    assert send(client, body()).status_code == 204
    assert AudienceStore(app.instance_path + "/audience.sqlite").views(WID) == 0


@pytest.mark.parametrize("data, said", [
    ("pas du json", "JSON en UTF-8"),
    (json.dumps({"v": 1, "w": WID, "view": "court", "seq": 0}), "22 caractères"),
    (json.dumps({"v": 1, "w": WID, "view": "v" * 22, "seq": 0, "played": [[10, 5]]}), "finit avant"),
])
def test_a_body_not_in_form_is_refused_in_one_french_line(client, data, said):
    answer = send(client, data)
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    text = answer.get_data(as_text=True)
    assert said in text and text.startswith("Balise") and text.count("\n") == 1
    assert answer.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in answer.headers


def test_another_content_type_is_refused(client):
    answer = send(client, "w=1", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 400 and "text/plain" in answer.get_data(as_text=True)


def test_more_than_8_kb_is_refused_with_413(client, app, webinars_dir):
    padded = body(extra="x" * 9000)
    answer = send(client, padded)
    assert answer.status_code == 413 and "8192 octets" in answer.get_data(as_text=True)
    assert report(app, webinars_dir).views == 0


def test_get_is_405_in_french(client):
    answer = client.get("/audience/beacon")
    assert answer.status_code == 405 and "Méthode non permise" in answer.get_data(as_text=True)


def test_cors_only_for_the_allowed_origins(client):
    allowed = send(client, body(), headers={"Origin": "https://copie.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://copie.example.org"
    other = send(client, body(view="w" * 22), headers={"Origin": "https://ailleurs.example"})
    assert other.status_code == 204 and "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/audience/beacon", headers={
        "Origin": "https://copie.example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type"
    refused = client.options("/audience/beacon", headers={"Origin": "https://ailleurs.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_a_flood_of_forged_views_from_one_address_moves_a_chapter_by_the_limit_at_most(
        app, client, webinars_dir):
    rate = app.config["AUDIENCE_RATE"]
    for n in range(200):
        answer = send(client, body(view=f"forged{n:016d}", played=((365, 425),)))
        assert answer.status_code == 204
    limit = min(rate["views_per_hour"], rate["beacons_per_minute"])
    assert chapter(app, webinars_dir) == limit == 10
    assert report(app, webinars_dir).views == 10
    # another address is not held back by the flood
    send(client, body(view="x" * 22), environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert chapter(app, webinars_dir) == 11


def test_no_view_id_address_or_user_agent_is_left_in_the_files(app, client, webinars_dir):
    agent = CHROME + " MarqueurUnique/1.0"
    for n in range(5):
        send(client, body(view=f"privee{n:016d}", played=((0, 30),),
                          opened=[["search", "terme rare et personnel"]]),
             headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": "198.51.100.23"})

    def files() -> bytes:
        return b"".join(p.read_bytes() for p in Path(app.instance_path).glob("audience.sqlite*"))

    assert b"privee0000" in files()  # kept while the views may still play
    assert b"198.51.100.23" not in files() and b"MarqueurUnique" not in files()
    with app.app_context():
        assert audience.store().fold_silent(time.time() + 31 * 60) == 5
        assert audience.store().views(WID) == 5
    kept = files()
    assert b"privee" not in kept and b"198.51.100.23" not in kept and b"MarqueurUnique" not in kept
    assert report(app, webinars_dir).searches == (("terme rare et personnel", 5),)


def test_an_unusable_audience_file_is_logged_and_answered_204(app, client, caplog):
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "audience.sqlite").write_bytes(b"pas une base de donnees" * 200)
    answer = send(client, body())
    assert answer.status_code == 204 and answer.data == b""
    assert "fichier de mesure d'audience inutilisable" in caplog.text
