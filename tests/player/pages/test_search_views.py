"""The search pages and fragments through Flask's test client, and ``flask reindex``."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from app import create_app
from chapters.store import load_webinar, save_webinar

from tests.support.captions import write_vtt
from tests.support.html import dom

WID = "2021-05-04"
OTHER = "2022-01-01"


@pytest.fixture
def app(webinars_dir: Path, tmp_path: Path):
    """The app with its index in the test's own folder (not the project's instance folder)."""
    return create_app(
        {
            "TESTING": True,
            "WEBINARS_DIR": str(webinars_dir),
            "SEARCH_INDEX": str(tmp_path / "instance" / "search.sqlite3"),
        }
    )


def hit_links(html: str) -> list[dict]:
    """The result links, in order (each hit is one <a> inside li.search-hit)."""
    out, inside = [], False
    for tag, attrs in dom(html).tags:
        if tag == "li":
            inside = "search-hit" in (attrs.get("class") or "")
        elif tag == "a" and inside:
            out.append(attrs)
            inside = False
    return out


def get(client, url: str, fragment: bool = False):
    response = client.get(url, headers={"HX-Request": "true"} if fragment else {})
    return response, response.get_data(as_text=True)


# ---------- one webinar


def test_the_page_has_a_plain_form_and_grouped_highlighted_results(client, static_url):
    response, html = get(client, f"/w/{WID}/recherche?q=regie")
    assert response.status_code == 200
    assert '<html lang="fr">' in html and "<h1>Rechercher dans ce webinaire</h1>" in html
    doc = dom(html)
    (form,) = doc.find("form", role="search")
    assert form["action"] == f"/w/{WID}/recherche" and form["method"] == "get"
    (field,) = doc.find("input", type="search")
    assert field["name"] == "q" and field["value"] == "regie" and field["id"] == "search-q"
    assert doc.find("label", **{"for": "search-q"})
    # active search, declared for htmx (loaded by search.js when the box is first used)
    assert field["data-hx-get"] == f"/w/{WID}/recherche"
    assert field["data-hx-trigger"] == "input changed delay:200ms, search"
    assert field["data-hx-target"] == "#search-results"
    assert "data-hx-push-url" not in field
    assert doc.find("script", type="module", src=static_url("js/search-page.js"))
    assert '<h2 class="search-group-title" id="sr-chapitres">Chapitres' in html
    assert "Les <mark>régies</mark> de quartier face aux besoins sociaux" in html
    first = hit_links(html)[0]
    assert first["href"] == f"/w/{WID}?t=55m34s,1h10m"
    assert (first["data-seek"], first["data-end"]) == ("3334.0", "4200.0")
    assert '<span class="hit-time">55:34 – 1:10:00</span>' in html


def test_the_fragment_is_the_results_alone(client):
    response, html = get(client, f"/w/{WID}/recherche?q=regie", fragment=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and "<form" not in html
    assert html.lstrip().startswith('<div class="search-answer"')
    assert "Les <mark>régies</mark> de quartier" in html
    _, page = get(client, f"/w/{WID}/recherche?q=regie")
    assert html.strip() in page  # one partial for both


def test_cqp_opens_the_answering_chapter_of_question_q2(client):
    _, html = get(client, f"/w/{WID}/recherche?q=cqp", fragment=True)
    assert "Questions" in html
    (link,) = hit_links(html)
    assert link["href"] == f"/w/{WID}?t=24m5s,40m25s"
    assert (link["data-seek"], link["data-end"]) == ("1445.0", "2425.0")
    assert "<mark>CQP</mark>" in html
    assert "Réponse de Cédric Hervé" in html


def test_a_speaker_opens_on_their_segment(client):
    _, html = get(client, f"/w/{WID}/recherche?q=herve", fragment=True)
    assert '<h2 class="search-group-title" id="sr-intervenants">Intervenants' in html
    assert "Cédric <mark>Hervé</mark>" in html
    assert hit_links(html)[0]["href"] == f"/w/{WID}?t=24m5s,40m25s"


def test_a_transcript_hit_opens_at_its_cue_and_is_listed_for_the_scrubber(client, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    _, html = get(client, f"/w/{WID}/recherche?q=boulangerie", fragment=True)
    assert '<h2 class="search-group-title" id="sr-transcription">Transcription' in html
    (link,) = hit_links(html)
    assert link["href"] == f"/w/{WID}?t=25m"  # whole seconds, rounded down: the line is all in
    assert link["data-seek"] == "1500.25" and "data-end" not in link
    assert '<span class="hit-time">25:00</span>' in html
    assert "La <mark>boulangerie</mark> solidaire" in html
    assert '<span class="hit-who">Cédric Hervé</span>' in html
    (answer,) = dom(html).find("div", **{"class": "search-answer"})
    assert answer["data-hit-times"] == "1500.25"


def test_the_watch_page_variant_has_smaller_headings(client):
    _, html = get(client, f"/w/{WID}/recherche?q=regie&vue=lecteur", fragment=True)
    assert '<h3 class="search-group-title" id="sr-chapitres">' in html


# ---------- the French answers


@pytest.mark.parametrize("url", [f"/w/{WID}/recherche", f"/w/{WID}/recherche?q=", f"/w/{WID}/recherche?q=+++", "/recherche"])
def test_an_empty_query_asks_for_a_word(client, url):
    for fragment in (False, True):
        response, html = get(client, url, fragment)
        assert response.status_code == 200
        assert "Tapez un mot pour chercher…" in html
        assert 'class="search-group"' not in html


def test_no_result_says_so_with_a_hint(client):
    response, html = get(client, f"/w/{WID}/recherche?q=zzyzx")
    assert response.status_code == 200
    assert "Aucun résultat pour « zzyzx »." in html
    assert "le début d'un mot" in html
    assert dom(html).find("a", href="/recherche?q=zzyzx")  # try every webinar


@pytest.mark.parametrize("q", ['"', "*", "()", "-:^", "%00"])
def test_a_query_without_words_gets_a_french_sentence(client, q):
    response, html = get(client, f"/w/{WID}/recherche?q={q}")
    assert response.status_code == 200
    assert ("aucun mot à chercher" in html) or ("Tapez un mot" in html)
    assert "\x00" not in html


def test_fts_syntax_is_an_answer_not_an_error(client):
    for q in ['"regie', "NEAR(regie", "regie -cqp", "title:regie", "(cqp)", "regie*"]:
        response = client.get(f"/w/{WID}/recherche", query_string={"q": q})
        assert response.status_code == 200, q


def test_a_query_over_the_limit_is_a_bad_request(client):
    for fragment in (False, True):
        response = client.get(
            f"/w/{WID}/recherche",
            query_string={"q": "régie " * 40},
            headers={"HX-Request": "true"} if fragment else {},
        )
        assert response.status_code == 400
        assert "La recherche est trop longue (240 caractères, 200 au plus)" in response.get_data(as_text=True)
    response = client.get("/recherche", query_string={"q": "x" * 10_000})
    assert response.status_code == 400


def test_unknown_webinars_are_404(client):
    assert client.get("/w/nulle-part/recherche?q=regie").status_code == 404
    assert client.get("/w/..%2Fetc/recherche?q=regie").status_code == 404


def test_data_from_the_file_is_escaped_and_only_marks_are_tags(client, webinars_dir):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    chapter = webinar.chapter("regies-de-quartier")
    chapter.title = "<script>alert(1)</script> régies"
    chapter.summary = '<img src=x onerror="alert(2)"> les régies'
    save_webinar(webinar, folder)
    _, html = get(client, f"/w/{WID}/recherche?q=regie")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>régies</mark>" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt; les <mark>régies</mark>" in html


def test_the_query_is_escaped_where_it_is_shown(client):
    _, html = get(client, f"/w/{WID}/recherche?q=%3Cscript%3Ezz")
    assert "<script>zz" not in html
    assert "Aucun résultat pour « &lt;script&gt;zz »." in html


# ---------- across webinars


def add_webinar(webinars_dir: Path, wid: str = OTHER, title: str = "Second webinaire sur les régies") -> Path:
    folder = webinars_dir / wid
    shutil.copytree(webinars_dir / WID, folder)
    webinar = load_webinar(folder)
    webinar.title = title
    webinar.date = "2022-01-01"
    webinar.chapters[1].title = "Les régies de quartier, deux ans après"
    save_webinar(webinar, folder)
    return folder


def test_the_cross_webinar_page_names_each_webinar_and_links_into_it(client, webinars_dir):
    add_webinar(webinars_dir)
    response, html = get(client, "/recherche?q=regie")
    assert response.status_code == 200
    assert "<h1>Rechercher dans tous les webinaires</h1>" in html
    (form,) = dom(html).find("form", role="search")
    assert form["action"] == "/recherche"
    hrefs = [a["href"] for a in hit_links(html)]
    assert f"/w/{WID}?t=55m34s,1h10m" in hrefs
    assert f"/w/{OTHER}?t=6m5s,24m5s" in hrefs
    assert "Webinaire du 1er janvier 2022 — Second webinaire sur les régies" in html
    assert "Webinaire du 4 mai 2021 — Créer et transformer" in html
    # no player on this page: plain links, no scrubber times
    assert all("data-seek" not in a for a in hit_links(html))
    assert "data-hit-times" not in html


def test_a_broken_webinar_is_left_out_of_the_cross_search(client, webinars_dir, caplog):
    folder = add_webinar(webinars_dir)
    (folder / "webinar.yaml").write_text("title: [\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        response, html = get(client, "/recherche?q=regie")
    assert response.status_code == 200
    assert f"/w/{WID}?t=55m34s,1h10m" in [a["href"] for a in hit_links(html)]
    assert OTHER not in "".join(a["href"] for a in hit_links(html))
    assert "Un webinaire n'a pas pu être lu : il reste hors de la recherche." in html
    assert OTHER in caplog.text


def test_a_broken_webinar_searched_alone_gets_the_data_error_page(client, webinars_dir):
    (webinars_dir / WID / "webinar.yaml").write_text("title: [\n", encoding="utf-8")
    response = client.get(f"/w/{WID}/recherche?q=regie")
    assert response.status_code == 503
    assert "YAML invalide" in response.get_data(as_text=True)


def test_the_index_lives_in_the_instance_folder_by_default(webinars_dir, tmp_path):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir)})
    app.instance_path = str(tmp_path / "instance")
    response = app.test_client().get(f"/w/{WID}/recherche?q=regie")
    assert response.status_code == 200
    (index,) = (tmp_path / "instance").glob("search-*.sqlite3")
    assert index.stat().st_size > 0


def test_an_unwritable_index_is_a_french_503(webinars_dir, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index's folder should be", encoding="utf-8")
    app = create_app(
        {"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "SEARCH_INDEX": str(blocker / "search.sqlite3")}
    )
    response = app.test_client().get(f"/w/{WID}/recherche?q=regie")
    assert response.status_code == 503
    assert "La recherche ne répond pas pour le moment" in response.get_data(as_text=True)


# ---------- flask reindex


def test_reindex_prints_the_counts(runner, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert (
        f"index de recherche : {WID} : 7 chapitres, 7 intervenants, 6 questions, 5 ressources, "
        "9 contacts, 4 lignes de transcription" in result.output
    )
    assert "fichier de l'index : " in result.output


def test_reindex_one_webinar_and_the_pages_use_it(runner, client, webinars_dir):
    add_webinar(webinars_dir)
    result = runner.invoke(args=["reindex", OTHER])
    assert result.exit_code == 0, result.output
    assert re.search(rf"index de recherche : {OTHER} : 7 chapitres", result.output)
    assert WID not in result.output.replace(str(webinars_dir), "")
    _, html = get(client, "/recherche?q=deux+ans", fragment=True)
    assert f"/w/{OTHER}?t=6m5s,24m5s" in html


def test_reindex_errors_are_one_french_line(runner, webinars_dir):
    result = runner.invoke(args=["reindex", "nulle-part"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"erreur : {webinars_dir / 'nulle-part' / 'webinar.yaml'} : aucun webinaire « nulle-part » (fichier absent)"
    ]
    (webinars_dir / WID / "webinar.yaml").write_text("title: [\n", encoding="utf-8")
    result = runner.invoke(args=["reindex", WID])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("erreur : ") and "YAML invalide" in line and "Traceback" not in result.output


def test_reindex_warns_about_unreadable_captions(runner, webinars_dir):
    (webinars_dir / WID / "transcription.fr.vtt").write_text("pas du WebVTT\n", encoding="utf-8")
    result = runner.invoke(args=["reindex", WID])
    assert result.exit_code == 0
    assert "attention : transcription.fr.vtt : WebVTT illisible" in result.output
    assert "0 ligne de transcription" in result.output
