"""Bounded work (issue 15, item 3): big handouts answer within the issue's 10 s through the
import-programme command and /nouveau, a zip-bomb .docx is refused before parsing, an import
past IMPORT_SECONDS is stopped, and the search has caps, a time budget and a bounded cache."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app import create_app
from chapters.programme import HandoutError, import_programme, read_docx
from chapters.programme.docx import MAX_PARAGRAPHS
from chapters.search import SearchIndex
from chapters.search.limits import CACHED_ANSWERS, MAX_TERMS, TOO_SLOW
from tests.support.big_handouts import big_programme, bomb_docx
from tests.support.handouts import june_programme
from tests.support.organisers import EMAIL, PASSWORD, add_organiser, session_csrf, sign_in

WITHIN = 10.0  # seconds: the bound for a 1 MB .txt and a 10 MB-unpacked .docx


def make_organiser(webinars_dir: Path, tmp_path: Path, **settings):
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), **settings},
                     instance_path=str(tmp_path / "instance"))
    add_organiser(app, EMAIL, PASSWORD)
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return app, client


def upload(client, content: bytes, name: str):
    # the body built in memory (the test client would spool it to a file it never closes)
    boundary, body = encode_multipart({
        "csrf_token": session_csrf(client), "identifiant": "",
        "fichier": FileStorage(io.BytesIO(content), name),
    })
    return client.post("/nouveau", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def folders(webinars_dir: Path) -> list[str]:
    return sorted(p.name for p in webinars_dir.iterdir())


# --- the importer


def test_a_1_mb_programme_is_read_in_linear_time():
    """The reader itself on 1 MB of programme: 200 rows, 1,900 questions, a question wrapped
    over 2,000 lines (the quadratic join took minutes)."""
    text = big_programme(1_000_000)
    assert len(text) >= 1_000_000
    started = time.monotonic()
    result = import_programme(text)
    assert time.monotonic() - started < WITHIN
    assert len(result.webinar.chapters) == 200
    assert len(result.webinar.questions) > 1000
    long_one = result.webinar.questions[0].text
    assert "inter-réseau" in long_one and len(long_one) > 50_000


@pytest.fixture
def big_txt(tmp_path) -> Path:
    path = tmp_path / "grand" / "programme.txt"
    path.parent.mkdir()
    path.write_text(big_programme(1_000_000), encoding="utf-8")
    return path


@pytest.fixture
def bomb(tmp_path) -> Path:
    path = tmp_path / "bombe" / "programme.docx"
    path.parent.mkdir()
    bomb_docx(path, 10_000_000)
    assert path.stat().st_size < 100_000
    return path


def test_cli_answers_a_1_mb_txt_and_a_10_mb_docx_within_10_s(runner, big_txt, bomb, tmp_path):
    for path, said in ((big_txt, "document trop long"), (bomb, "trop grosse une fois décompressée")):
        started = time.monotonic()
        result = runner.invoke(args=["import-programme", str(path), "--out", str(tmp_path / "w")])
        assert time.monotonic() - started < WITHIN
        assert result.exit_code != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0] and str(path) in lines[0]
        assert "Traceback" not in result.output
        assert not (tmp_path / "w").exists()


def test_nouveau_answers_a_1_mb_txt_and_a_10_mb_docx_within_10_s(webinars_dir, tmp_path, big_txt, bomb):
    _, client = make_organiser(webinars_dir, tmp_path)
    before = folders(webinars_dir)
    for path, said in ((big_txt, "document trop long"), (bomb, "trop grosse une fois décompressée")):
        started = time.monotonic()
        answer = upload(client, path.read_bytes(), path.name)
        assert time.monotonic() - started < WITHIN
        assert answer.status_code == 400
        assert said in answer.get_data(as_text=True)
    assert folders(webinars_dir) == before


def test_docx_refused_by_compression_ratio_and_paragraph_count(tmp_path):
    ratio = bomb_docx(tmp_path / "ratio.docx", 3_000_000)  # under the part's size limit
    with pytest.raises(HandoutError, match="anormalement compressée"):
        read_docx(ratio)
    many = bomb_docx(tmp_path / "many.docx", (MAX_PARAGRAPHS + 100) * 60)  # under 1 Mo
    with pytest.raises(HandoutError, match=f"plus de {MAX_PARAGRAPHS} paragraphes"):
        read_docx(many)


def test_an_import_past_its_deadline_is_stopped(webinars_dir, tmp_path):
    app, client = make_organiser(webinars_dir, tmp_path, IMPORT_SECONDS=0.01)
    before = folders(webinars_dir)
    answer = upload(client, june_programme(), "programme.txt")
    assert answer.status_code == 400
    assert "import arrêté après 0,01 s" in answer.get_data(as_text=True)
    assert folders(webinars_dir) == before
    handout = tmp_path / "juin" / "programme.txt"
    handout.parent.mkdir()
    handout.write_bytes(june_programme())
    result = app.test_cli_runner().invoke(args=["import-programme", str(handout)])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "import arrêté" in lines[0] and str(handout) in lines[0]
    # the same handout, with the default deadline, is imported
    app.config["IMPORT_SECONDS"] = 20
    assert upload(client, june_programme(), "programme.txt").status_code == 201


# --- the search


def test_search_caps_its_words(client):
    words = " ".join(f"mot{n}" for n in range(MAX_TERMS + 1))
    answer = client.get("/recherche", query_string={"q": words})
    assert answer.status_code == 400
    assert f"{MAX_TERMS} au plus" in answer.get_data(as_text=True)
    assert client.get("/recherche", query_string={"q": " ".join(words.split()[:MAX_TERMS])}).status_code == 200


def test_a_search_past_its_budget_answers_in_french(webinars_dir, tmp_path):
    index = SearchIndex(tmp_path / "index.sqlite3", webinars_dir, budget=1e-9)
    results = index.search("de", "2021-05-04")
    assert results.problem == "too-slow" and results.message == TOO_SLOW
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(webinars_dir), "SEARCH_SECONDS": 1e-9},
                     instance_path=str(tmp_path / "instance"))
    page = app.test_client().get("/w/2021-05-04/recherche", query_string={"q": "insertion"})
    assert page.status_code == 200
    assert "trop de temps" in page.get_data(as_text=True)
    # with its budget, the same search finds
    assert SearchIndex(tmp_path / "index.sqlite3", webinars_dir).search("de", "2021-05-04").total > 0


def test_repeated_searches_come_from_a_bounded_cache(webinars_dir, tmp_path):
    index = SearchIndex(tmp_path / "index.sqlite3", webinars_dir)
    first = index.search("insertion", "2021-05-04")
    assert first.total > 0
    assert index.search("insertion", "2021-05-04") is first  # from memory
    # the data file changes: the stamps differ, the search is made again
    data = webinars_dir / "2021-05-04" / "webinar.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = index.search("insertion", "2021-05-04")
    assert again is not first and again.total == first.total
    for n in range(CACHED_ANSWERS * 3):  # a flood of distinct queries
        index.search(f"mot{n}")
    assert len(index._answers) <= CACHED_ANSWERS


def test_an_unchanged_data_file_is_not_parsed_again_to_search(webinars_dir, tmp_path):
    SearchIndex(tmp_path / "index.sqlite3", webinars_dir).search("insertion")
    fresh = SearchIndex(tmp_path / "index.sqlite3", webinars_dir)  # another worker
    assert fresh.search("insertion").total > 0
    assert len(fresh._loaded) == 0
