"""A webinar without a recording yet: its pages say so in place of the player and name no
file that is not there; the stand-in's label only with the stand-in; a signed-in organiser is
shown the way to add one, on a page no cache shares. (Chromium: tests/browser/test_no_recording_browser.py.)"""

from __future__ import annotations

import json
import re

from tests.support.organisers import EMAIL, PASSWORD, add_organiser, sign_in
from tests.support.webinar import WID

MISSING = "L'enregistrement n'est pas encore disponible."
PAGES = [f"/w/{WID}", f"/w/{WID}?t=24m5s", f"/w/{WID}/chapitres/capa-cite", f"/w/{WID}/integrer"]


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])


def test_the_pages_say_it_and_name_no_missing_file(client, webinars_dir):
    assert not (webinars_dir / WID / "media").exists()
    for path in PAGES:
        answer = client.get(path)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200, path
        assert MISSING in html, path
        assert "<video" not in html and 'id="bar"' not in html, path
        assert "/media/" not in html, path  # no recording, no thumbnail, no captions asked for
        assert "démonstration" not in html, path  # the stand-in's label: only on the stand-in
        assert "js/no-recording.js" in html and "js/main.js" not in html, path
        # the webinar is all there
        assert html.count('class="chapter-link"') == 7 and "Cédric Hervé" in html, path
        assert "Choisir l'enregistrement" not in html, path  # viewers are not told how
        assert "private" not in answer.headers.get("Cache-Control", ""), path
    data = _json_ld(client.get(f"/w/{WID}").get_data(as_text=True))
    assert "contentUrl" not in data and len(data["hasPart"]) == 7


def test_with_the_stand_in_in_place_the_player_and_its_label_come_back(client, recorded):
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert "<video" in html and f'src="/w/{WID}/media/demo.mp4#t=0.0"' in html
    assert "Enregistrement de démonstration généré" in html and MISSING not in html
    assert "js/main.js" in html and "js/no-recording.js" not in html
    assert _json_ld(html)["contentUrl"].endswith(f"/w/{WID}/media/demo.mp4")


def test_a_signed_in_organiser_is_shown_the_way_to_add_one(app, client):
    add_organiser(app, EMAIL, PASSWORD)
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    answer = client.get(f"/w/{WID}")
    html = answer.get_data(as_text=True)
    assert f'<a href="/w/{WID}/enregistrement">Choisir l\'enregistrement</a>' in html
    assert f"flask --app app demo-recording {WID}" in html
    assert answer.headers["Cache-Control"] == "private, no-store"
    # the editor: the same empty state, and no script that would drive a player
    editor = client.get(f"/w/{WID}/modifier").get_data(as_text=True)
    assert MISSING in editor and "js/editor.js" not in editor
