"""The search index (chapters/search.py): what it finds, where results open, that it never
drifts from the data files and never raises on what a viewer types."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.search import (
    MAX_QUERY,
    OPEN,
    SearchIndex,
    fts_query,
    pieces,
)
from chapters.store import load_webinar, save_webinar
from chapters.timecode import to_clock, to_compact
from tests.support.captions import write_vtt

WID = "2021-05-04"

@pytest.fixture
def index(webinars_dir: Path, tmp_path: Path) -> SearchIndex:
    return SearchIndex(tmp_path / "index" / "search.sqlite3", webinars_dir)


def group(results, key: str):
    found = [g for g in results.groups if g.key == key]
    return found[0] if found else None


def text_of(parts) -> str:
    """Pieces back to text, matches in [brackets]."""
    return "".join(f"[{t}]" if hit else t for t, hit in parts)


# ---------- what it finds


def test_regie_finds_the_regies_de_quartier_chapter_first(index):
    results = index.search("regie", WID)
    assert results.problem is None
    chapters = group(results, "chapitres")
    first = chapters.hits[0]
    assert first.ref == "regies-de-quartier"
    assert to_clock(first.start) == "55:34"
    assert text_of(first.title) == "Les [régies] de quartier face aux besoins sociaux"
    assert results.groups[0].heading == "Chapitres"


def test_cqp_finds_question_q2_opening_on_its_answering_chapter(index):
    results = index.search("cqp", WID)
    questions = group(results, "questions")
    (hit,) = questions.hits
    assert hit.ref == "q2" and hit.kind == "question"
    # the capa-cite chapter, as a span: ?t=24m5s,40m25s
    assert (to_compact(hit.start), to_compact(hit.end)) == ("24m5s", "40m25s")
    assert "[CQP]" in text_of(hit.title)
    assert hit.who == "Cédric Hervé"


def test_herve_finds_cedric_herve_and_his_segment(index):
    speakers = group(index.search("herve", WID), "intervenants")
    hit = speakers.hits[0]
    assert hit.ref == "cedric-herve"
    assert text_of(hit.title) == "Cédric [Hervé]"
    assert (hit.start, hit.end) == (1445, 2425)


def test_cite_finds_capa_cite(index):
    results = index.search("cite", WID)
    chapters = group(results, "chapitres")
    assert chapters.hits[0].ref == "capa-cite"
    assert text_of(chapters.hits[0].title).startswith("Capa'[Cité]")


def test_case_and_accents_are_folded_both_ways(index):
    for query in ("RÉGIE", "régies", "Regies", "REGIES DE QUARTIER"):
        assert group(index.search(query, WID), "chapitres").hits[0].ref == "regies-de-quartier"
    assert group(index.search("hervé", WID), "intervenants").hits[0].ref == "cedric-herve"


def test_every_word_is_required_and_the_last_is_a_prefix(index):
    # as typed, letter by letter: the last word matches the words it begins
    assert group(index.search("régies de qua", WID), "chapitres").hits[0].ref == "regies-de-quartier"
    assert index.search("régies zzzz", WID).total == 0


def test_speakers_roles_organisations_resources_and_contacts_are_found(index):
    assert group(index.search("coorace", WID), "intervenants").hits[0].ref == "nicolas-auziere"
    assert group(index.search("délégué général", WID), "intervenants").hits[0].ref == "tarek-daher"
    resources = group(index.search("annuaire", WID), "ressources")
    assert resources.heading == "Ressources et contacts"
    assert resources.hits[0].ref == "r2" and resources.hits[0].kind == "ressource"
    # a resource opens at the first chapter of its theme (theme I: the opening)
    assert resources.hits[0].start == 0
    contacts = group(index.search("hvidaud", WID), "ressources")
    (contact,) = contacts.hits
    assert contact.kind == "contact" and contact.ref == "c6"
    # a contact naming a speaker opens at that speaker's chapter in the theme
    assert contact.start == 3334


def test_a_title_match_ranks_above_a_summary_match(index):
    chapters = group(index.search("insertion", WID), "chapitres")
    refs = [h.ref for h in chapters.hits]
    # "chantier d'insertion" is capa-cite's title, and only in fleurs-d-halage's summary
    assert refs.index("capa-cite") < refs.index("fleurs-d-halage")


def test_results_are_limited_per_group_with_the_count_of_all(index, webinars_dir):
    cues = [(10.0 * i, 10.0 * i + 4, None, f"Le mot chantier revient, fois {i}.") for i in range(30)]
    write_vtt(webinars_dir / WID / "transcription.fr.vtt", cues)
    results = index.search("chantier", WID, per_group=10)
    transcript = group(results, "transcription")
    assert transcript.count == 30 and len(transcript.hits) == 10
    # every hit's time is given for the scrubber, not only the ten shown
    assert results.times == [10.0 * i for i in range(30)]


# ---------- the transcript


def test_a_transcript_hit_opens_at_its_cue(index, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    results = index.search("boulangerie", WID)
    (hit,) = group(results, "transcription").hits
    assert hit.kind == "transcription"
    assert hit.start == 1500.25 and hit.end is None
    assert to_clock(hit.start) == "25:00"
    assert text_of(hit.text) == "La [boulangerie] solidaire ouvrira au printemps."
    assert hit.who == "Cédric Hervé"  # the cue's voice, shown, not searched
    assert hit.context == "Capa'Cité, chantier d'insertion avec GERES Restauration"
    assert results.times == [1500.25]
    # a voice is not searched: the speaker's name finds the speaker, not each of their lines
    assert group(index.search("leveugle", WID), "transcription") is None


def test_transcript_words_are_found_alongside_the_programme(index, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    results = index.search("financement", WID)
    assert {g.key for g in results.groups} >= {"chapitres", "questions", "transcription"}
    assert group(results, "transcription").hits[0].start == 5400.5


def test_a_malformed_caption_file_leaves_the_programme_searchable(index, webinars_dir, caplog):
    (webinars_dir / WID / "transcription.fr.vtt").write_text("pas du WebVTT\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="chapters.search"):
        results = index.search("regie", WID)
    assert group(results, "chapitres").hits[0].ref == "regies-de-quartier"
    assert group(results, "transcription") is None
    assert "WebVTT illisible" in caplog.text
    assert index.stats()[WID]["error"].startswith("transcription.fr.vtt")


# ---------- never drifts


def test_a_change_to_the_data_file_is_seen_by_the_next_query(index, webinars_dir):
    assert index.search("regie", WID).total > 0
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    chapter = webinar.chapter("regies-de-quartier")
    chapter.title = "Les blanchisseries de quartier"
    chapter.summary = "Le modèle des blanchisseries solidaires"
    save_webinar(webinar, folder)
    assert group(index.search("blanchisserie", WID), "chapitres").hits[0].ref == "regies-de-quartier"
    chapters = group(index.search("regie", WID), "chapitres")
    assert chapters is None  # the old words are gone with the old rows


def test_an_edit_in_place_of_the_same_size_is_seen(index, webinars_dir):
    """An editor that rewrites the file in place (same inode), same length in bytes."""
    path = webinars_dir / WID / "webinar.yaml"
    index.search("regie", WID)
    before = path.read_bytes()
    after = before.replace("Les régies de quartier face".encode(), "Les RÉGIES DE QUARTIER FACE".encode())
    assert after != before and len(after) == len(before)
    with open(path, "r+b") as handle:
        handle.write(after)
    hit = group(index.search("regie", WID), "chapitres").hits[0]
    assert text_of(hit.title) == "Les [RÉGIES] DE QUARTIER FACE aux besoins sociaux"


def test_caption_files_added_changed_and_removed_are_seen(index, webinars_dir):
    vtt = webinars_dir / WID / "transcription.fr.vtt"
    assert index.search("boulangerie", WID).total == 0
    write_vtt(vtt)
    assert index.search("boulangerie", WID).total == 1
    write_vtt(vtt, [(42.0, 44.0, None, "La pâtisserie remplace la boulangerie.")])
    results = index.search("boulangerie", WID)
    assert group(results, "transcription").hits[0].start == 42.0
    assert index.search("printemps", WID).total == 0
    vtt.unlink()
    assert index.search("boulangerie", WID).total == 0


def test_two_processes_on_one_index_file_see_the_same_data(webinars_dir, tmp_path):
    """Two workers (two SearchIndex objects on one file): a change made after both have
    answered is seen by both, whichever rebuilds first."""
    path = tmp_path / "shared.sqlite3"
    first, second = SearchIndex(path, webinars_dir), SearchIndex(path, webinars_dir)
    assert first.search("regie", WID).total == second.search("regie", WID).total > 0
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    assert second.search("boulangerie", WID).total == 1
    assert first.search("boulangerie", WID).total == 1


def test_concurrent_searches_while_the_data_changes_never_fail(webinars_dir, tmp_path):
    path = tmp_path / "shared.sqlite3"
    indexes = [SearchIndex(path, webinars_dir) for _ in range(3)]
    errors: list[BaseException] = []

    def work(index: SearchIndex):
        try:
            for _ in range(15):
                results = index.search("regie", WID)
                assert results.problem is None and results.total >= 1
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(ix,)) for ix in indexes]
    for t in threads:
        t.start()
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    for t in threads:
        t.join()
    assert errors == []
    assert indexes[0].search("boulangerie", WID).total == 1


def test_a_damaged_index_file_is_rebuilt(webinars_dir, tmp_path):
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"this is not an SQLite database" * 100)
    index = SearchIndex(path, webinars_dir)
    assert group(index.search("regie", WID), "chapitres").hits[0].ref == "regies-de-quartier"


def test_rebuild_reports_the_counts(index, webinars_dir):
    write_vtt(webinars_dir / WID / "transcription.fr.vtt")
    report = index.rebuild()
    assert report[WID]["counts"] == {
        "chapitre": 7, "intervenant": 7, "question": 6, "ressource": 5, "contact": 9,
        "transcription": 4, "slide": 0, "message": 0,
    }
    assert report[WID]["error"] is None


# ---------- across webinars


def second_webinar(webinars_dir: Path, wid: str = "2022-01-01", title: str = "Second webinaire") -> Path:
    folder = webinars_dir / wid
    shutil.copytree(webinars_dir / WID, folder)
    webinar = load_webinar(folder)
    webinar.title = title
    webinar.chapters[0].title = "Ouverture : les régies de quartier en 2022"
    save_webinar(webinar, folder)
    return folder


def test_search_across_webinars_names_each_webinar(index, webinars_dir):
    second_webinar(webinars_dir)
    results = index.search("regie")
    refs = {(h.webinar, h.ref) for h in group(results, "chapitres").hits}
    assert (WID, "regies-de-quartier") in refs and ("2022-01-01", "ouverture") in refs
    assert results.webinars["2022-01-01"] == ("Second webinaire", "2021-05-04")
    assert results.times == []  # scrubber marks only make sense inside one recording
    # one webinar's search stays inside it
    assert all(h.webinar == WID for g in index.search("regie", WID).groups for h in g.hits)


def test_a_broken_webinar_is_skipped_and_logged(index, webinars_dir, caplog):
    folder = second_webinar(webinars_dir, "casse")
    assert any(h.webinar == "casse" for h in group(index.search("regie"), "chapitres").hits)
    (folder / "webinar.yaml").write_text("title: [pas fermé\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="chapters.search"):
        results = index.search("regie")
    assert all(h.webinar != "casse" for g in results.groups for h in g.hits)
    assert [wid for wid, _ in results.skipped] == ["casse"]
    assert "YAML invalide" in results.skipped[0][1]
    assert "casse" in caplog.text


def test_a_removed_webinar_leaves_the_index(index, webinars_dir):
    folder = second_webinar(webinars_dir)
    assert "2022-01-01" in index.search("regie").webinars
    shutil.rmtree(folder)
    assert "2022-01-01" not in index.search("regie").webinars
    assert "2022-01-01" not in index.stats()


# ---------- what the viewer types


def test_the_query_is_quoted_words_the_last_a_prefix():
    assert fts_query("regie") == '"regie"*'
    assert fts_query("de la régie") == '"de" "la" "régie"*'
    assert fts_query("régies de quartier") == '"régies"* "de" "quartier"*'
    assert fts_query('NEAR("a" b) OR -c:*') == '"NEAR"* "a" "b" "OR" "c"*'
    assert fts_query("ﬁnancement") == '"financement"*'  # a ligature pasted in the box


@pytest.mark.parametrize(
    "query, code",
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("\x00", "empty"),
        ('"', "no-words"),
        ("*", "no-words"),
        ("()-:^", "no-words"),
        ("x" * (MAX_QUERY + 1), "too-long"),
        ("x" * 10_000, "too-long"),
    ],
)
def test_empty_wordless_and_long_queries_get_a_reason(index, query, code):
    results = index.search(query, WID)
    assert results.problem == code
    assert results.groups == [] and results.total == 0
    assert results.message  # a French sentence for the page
    assert "\x00" not in results.message


def test_the_messages_are_french_sentences(index):
    assert index.search("", WID).message == "Tapez un mot pour chercher…"
    assert "aucun mot à chercher" in index.search("?!", WID).message
    assert "trop longue" in index.search("a" * 300, WID).message


@pytest.mark.parametrize(
    "query",
    [
        '"', '""', '"regie', "regie*", "*regie", "NEAR(regie cqp)", "NEAR(", "regie -cqp",
        "title:regie", "{title}: regie", "(regie", "regie)", "^regie", "regie AND", "OR",
        "NOT regie", "a\x00b", "régie\x00", "'; DROP TABLE entries; --", "\ue000regie\ue001",
        "x" * MAX_QUERY, "é" * MAX_QUERY, "e\u0301", "\u0301", "😀 regie", "_", "regie_cqp",
    ],
)
def test_fts_syntax_in_the_query_never_raises(index, query):
    results = index.search(query, WID)
    assert results.problem in (None, "empty", "no-words", "too-long", "too-many")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=250))
def test_any_text_is_an_answer_never_an_exception(index, text):
    results = index.search(text, WID)
    assert results.problem in (None, "empty", "no-words", "too-long", "too-many")


# ---------- highlighting


def test_pieces_keep_text_as_text_and_only_markers_as_matches():
    assert pieces(f"a <b>{OPEN}régie{chr(0xE001)} & c") == [
        ("a <b>", False), ("régie", True), (" & c", False),
    ]


def test_html_and_markers_in_the_data_stay_text(index, webinars_dir):
    folder = webinars_dir / WID
    webinar = load_webinar(folder)
    chapter = webinar.chapter("regies-de-quartier")
    chapter.title = "<script>alert(1)</script> régies"
    chapter.summary = f"Un {OPEN}faux{chr(0xE001)} marqueur et <b>du HTML</b> sur les régies"
    save_webinar(webinar, folder)
    hit = group(index.search("regie", WID), "chapitres").hits[0]
    assert hit.title == [("<script>alert(1)</script> ", False), ("régies", True)]
    # markers in the data are dropped when indexing: only the real match is marked
    assert [t for t, is_match in hit.text if is_match] == ["régies"]
    assert "faux" in text_of(hit.text) and "[faux]" not in text_of(hit.text)


def test_an_index_damaged_after_its_header_is_rebuilt(index):
    assert index.search("regie", WID).total > 0
    data = bytearray(index.path.read_bytes())
    # keep the header (first page), scramble the rest: pages read later are malformed
    data[4096:] = bytes((b ^ 0x5A) for b in data[4096:])
    for suffix in ("-wal", "-shm"):
        Path(f"{index.path}{suffix}").unlink(missing_ok=True)
    index.path.write_bytes(bytes(data))
    assert group(index.search("regie", WID), "chapitres").hits[0].ref == "regies-de-quartier"


def test_an_index_of_another_schema_version_is_rebuilt(index):
    import sqlite3

    assert index.search("regie", WID).total > 0
    conn = sqlite3.connect(index.path)
    try:
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    finally:
        conn.close()
    assert group(index.search("regie", WID), "chapitres").hits[0].ref == "regies-de-quartier"
    conn = sqlite3.connect(index.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] > 1
        assert conn.execute("SELECT count(*) FROM rows").fetchone()[0] == conn.execute(
            "SELECT count(*) FROM entries"
        ).fetchone()[0]
    finally:
        conn.close()
