"""The watch page and its sibling pages through Flask's test client."""

from __future__ import annotations

import re

import pytest

from tests.support.html import dom
from tests.support.webinar import CHAPTER_STARTS as STARTS
from tests.support.webinar import WID

# pages of the built-in webinar with its recording in place (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("recorded")


def video_of(html: str) -> dict:
    (video,) = dom(html).find("video")
    return video


def test_home_is_the_default_webinar_with_every_chapter_as_a_link(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    doc = dom(html)
    links = doc.find("a", **{"class": "chapter-link"})
    assert [(a["data-chapter"], float(a["data-start"])) for a in links] == list(STARTS.items())
    # without JavaScript the link itself carries the start time
    assert [a["href"] for a in links][2] == f"/w/{WID}?t=24m5s"
    assert [a["href"] for a in links][5] == f"/w/{WID}?t=1h10m"
    assert "Capa'Cité" in html or "Capa&#39;Cité" in html


def test_page_has_landmarks_track_and_stand_in_label(client):
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    doc = dom(html)
    assert doc.find("main") and doc.find("nav") and doc.find("aside")
    (track,) = doc.find("track", kind="chapters")
    assert track["src"] == f"/w/{WID}/chapitres.vtt"
    assert video_of(html)["src"] == f"/w/{WID}/media/demo.mp4#t=0.0"
    assert "Enregistrement de démonstration généré" in html
    assert "Durée supposée : 1:45:00" in html


@pytest.mark.parametrize(
    "t, start",
    [
        ("4200", 4200), ("4200s", 4200), ("70m", 4200), ("1h10m", 4200), ("1h10m5s", 4205),
        ("1:10:00", 4200), ("01:10:00.5", 4200.5), ("1'10'00", 4200), ("1’10’00", 4200),
        ("1′10′00", 4200), ("6'05", 365),
    ],
)
def test_t_in_every_notation_starts_the_video_there(client, t, start):
    html = client.get(f"/w/{WID}", query_string={"t": t}).get_data(as_text=True)
    video = video_of(html)
    assert float(video["data-start"]) == start
    assert video["src"].endswith(f"#t={float(start)}")
    assert video["data-explicit-time"] == "true"
    assert 'id="time-notice"' not in html


def test_t_selects_the_chapter_playing_at_that_time(client):
    html = client.get(f"/w/{WID}", query_string={"t": "1h12m"}).get_data(as_text=True)
    doc = dom(html)
    current = doc.find("a", **{"aria-current": "true"})
    assert [a["data-chapter"] for a in current] == ["fleurs-d-halage"]
    (panel,) = doc.find("article", **{"class": "chapter-panel"})
    assert panel["data-chapter"] == "fleurs-d-halage"
    (now,) = doc.find("div", **{"class": "now"})
    assert now["data-chapter"] == "fleurs-d-halage"


def test_range_plays_a_span(client):
    html = client.get(f"/w/{WID}", query_string={"t": "365,1445"}).get_data(as_text=True)
    video = video_of(html)
    assert (float(video["data-start"]), float(video["data-end"])) == (365, 1445)
    assert video["src"].endswith("#t=365.0,1445.0")


@pytest.mark.parametrize("t", ["abc", "6'75", "-5", "1e9", "9" * 30, "1445,365"])
def test_invalid_time_starts_at_zero_with_a_notice(client, t):
    response = client.get(f"/w/{WID}", query_string={"t": t})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert float(video_of(html)["data-start"]) == 0
    assert "n&#39;a pas pu être lu" in html
    assert 'id="time-notice"' in html


def test_time_beyond_the_end_clamps_with_a_notice(client):
    html = client.get(f"/w/{WID}", query_string={"t": "3h"}).get_data(as_text=True)
    assert float(video_of(html)["data-start"]) == 6299
    assert "dépasse la fin de l&#39;enregistrement (1:45:00)" in html


def test_chapter_page_plays_its_chapter(client):
    response = client.get(f"/w/{WID}/chapitres/capa-cite")
    html = response.get_data(as_text=True)
    video = video_of(html)
    assert (float(video["data-start"]), float(video["data-end"])) == (1445, 2425)
    assert "Cédric Hervé" in html
    assert "HX-Request" in response.vary
    assert "<title>Capa" in html


def test_chapter_fragment_for_htmx_is_the_panel_alone(client):
    response = client.get(f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.vary
    assert "<html" not in html and "<video" not in html
    doc = dom(html)
    (panel,) = doc.find("article", **{"class": "chapter-panel"})
    assert panel["data-chapter"] == "capa-cite"
    # the "now playing" card comes along, swapped out of band
    (now,) = doc.find("div", id="now")
    assert now["data-chapter"] == "capa-cite" and now["data-hx-swap-oob"] == "true"
    assert "Chapitre 3 sur 7" in html
    # the speaker, both of his answers, and theme I's contacts as mailto links
    assert "Cédric Hervé" in html
    assert len(doc.find("article", **{"class": "question"})) == 2
    mails = {a["href"] for a in doc.find("a") if a["href"].startswith("mailto:")}
    assert {"mailto:cedric.herve@travail-partage.org", "mailto:dominique.dasso@grafie.org"} <= mails


def test_full_page_and_fragment_share_one_panel(client):
    page = client.get(f"/w/{WID}/chapitres/france-active").get_data(as_text=True)
    fragment = client.get(
        f"/w/{WID}/chapitres/france-active", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    panel, now = fragment.rsplit("</article>", 1)
    assert (panel + "</article>").strip() in page
    assert now.replace(' data-hx-swap-oob="true"', "").strip() in page


def test_speaker_page_lists_segments_and_answers(client):
    html = client.get(f"/w/{WID}/intervenants/cedric-herve").get_data(as_text=True)
    doc = dom(html)
    assert f"/w/{WID}/chapitres/capa-cite" in [a["href"] for a in doc.find("a")]
    assert len(doc.find("article", **{"class": "question"})) == 2
    assert "Capa&#39;Cité est-il un chantier qualifiant" in html


def test_question_page_links_to_the_answers_chapter(client):
    html = client.get(f"/w/{WID}/questions/q5").get_data(as_text=True)
    assert "Fleurs d&#39;Halage" in html
    assert f'href="/w/{WID}/chapitres/fleurs-d-halage"' in html
    assert "Nicolas" in html


def test_lists_of_questions_and_resources(client):
    questions = dom(client.get(f"/w/{WID}/questions").get_data(as_text=True))
    assert len(questions.find("article", **{"class": "question"})) == 6
    html = client.get(f"/w/{WID}/ressources").get_data(as_text=True)
    assert "Mode d&#39;emploi : L&#39;innovation sociale" in html
    mails = re.findall(r'href="mailto:([^"]+)"', html)
    assert "j.leveugle@franceactiveidf.fr" in mails and "tdaher@cnlrg.org" in mails


def test_chapters_track_is_webvtt_with_one_cue_per_chapter(client):
    response = client.get(f"/w/{WID}/chapitres.vtt")
    assert response.mimetype == "text/vtt"
    text = response.get_data(as_text=True)
    assert text.startswith("WEBVTT")
    for cid in STARTS:
        assert f"\n{cid}\n" in text
    assert "01:29:40.000 --> 01:45:00.000" in text


@pytest.mark.parametrize(
    "path, words",
    [
        (f"/w/{WID}/chapitres/nope", "Aucun chapitre « nope »"),
        (f"/w/{WID}/intervenants/nope", "Aucun intervenant « nope »"),
        (f"/w/{WID}/questions/q99", "Aucune question « q99 »"),
        ("/w/inconnu", "Aucun webinaire « inconnu »"),
        ("/w/..%2f..%2fetc", "Cette adresse"),
        ("/w/a.b", "Aucun webinaire « a.b »"),
        ("/nulle-part", "Cette adresse ne correspond à aucune page"),
        (f"/w/{WID}/media/../webinar.yaml", "Cette adresse"),
        (f"/w/{WID}/media/absent.mp4", "Cette adresse"),
    ],
)
def test_missing_things_get_a_french_404(client, path, words):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert words in html
    assert '<html lang="fr">' in html


def test_broken_data_file_gets_a_clear_page_not_a_500(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace('start: "24:05"', 'start: "24:75"'),
                    encoding="utf-8")
    response = client.get(f"/w/{WID}")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "webinar.yaml:" in html and "24:75" in html
    assert "Traceback" not in html


def test_every_page_sends_a_strict_csp(client):
    for path in ["/", f"/w/{WID}/questions", f"/w/{WID}/chapitres/nope"]:
        csp = client.get(path).headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "default-src 'self'" in csp


def test_page_loads_nothing_from_another_origin(client):
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    for tag, attrs in dom(html).tags:
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            continue  # addresses given to crawlers and link previews: the page loads nothing there
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag in ("script", "link", "img", "video", "track", "source", "iframe"):
                assert not re.match(r"(https?:)?//", value), (tag, value)


def test_data_is_escaped(client, webinars_dir):
    data = webinars_dir / WID / "webinar.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("title: Les régies de quartier face aux besoins sociaux", 'title: "<script>alert(1)</script>"'),
                    encoding="utf-8")
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_copy_link_buttons_carry_absolute_addresses(client):
    questions = dom(client.get(f"/w/{WID}/questions").get_data(as_text=True))
    copies = [b["data-copy"] for b in questions.find("button", **{"class": "copy"})]
    assert copies == [f"http://localhost/w/{WID}/questions/q{i}" for i in range(1, 7)]
    speaker = dom(client.get(f"/w/{WID}/intervenants/tarek-daher").get_data(as_text=True))
    assert [b["data-copy"] for b in speaker.find("button", **{"class": "copy"})] == [
        f"http://localhost/w/{WID}/intervenants/tarek-daher"
    ]
    panel = dom(client.get(f"/w/{WID}/chapitres/capa-cite", headers={"HX-Request": "true"})
                  .get_data(as_text=True))
    assert [b["data-copy"] for b in panel.find("button", **{"class": "copy"})] == [
        f"http://localhost/w/{WID}/chapitres/capa-cite",
        f"http://localhost/w/{WID}/questions/q2",
        f"http://localhost/w/{WID}/questions/q3",
    ]
    # hidden without JavaScript, where they could not work
    assert all("hidden" in b for b in panel.find("button", **{"class": "copy"}))


@pytest.mark.parametrize("path", [f"/w/{WID}", f"/w/{WID}/intervenants/cedric-herve", "/nulle-part"])
def test_stylesheet_is_inline_and_allowed_by_its_hash_only(client, path):
    import base64
    import hashlib

    response = client.get(path)
    html = response.get_data(as_text=True)
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert ".chapter-link" in css and "prefers-color-scheme:dark" in css.replace(" ", "")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    style_src = next(d for d in csp.split(";") if d.strip().startswith("style-src"))
    assert style_src.split() == ["style-src", "'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in csp and "<link rel=\"stylesheet\"" not in html
