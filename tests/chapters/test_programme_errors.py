"""The importer's errors: a document it cannot read gets one line naming the file and the line."""

from __future__ import annotations

import pytest

from chapters.programme import ProgrammeError, import_file, import_programme
from tests.support.programme import may_text


# --- documents it cannot read -------------------------------------------------------------


def _error(text: str) -> ProgrammeError:
    with pytest.raises(ProgrammeError) as info:
        import_programme(text, source="programme.txt")
    return info.value


def test_a_document_without_running_order():
    lines = may_text().splitlines()
    # keep the header (lines 1-10), drop the tables (lines 11-96)
    text = "\n".join(lines[:10] + lines[96:])
    error = _error(text)
    assert isinstance(error, ValueError)
    assert error.line == 11
    assert error.source == "programme.txt"
    assert str(error) == (
        "programme.txt:11: attendu : une ligne « Temporalité » ouvrant le déroulé, "
        "trouvé « - Le 110 est un centre socioculturel… »"
    )


def test_an_empty_document_names_its_end():
    error = _error("Webinaire du 4 mai 2021\n\n« Titre »\n")
    assert str(error) == (
        "programme.txt:3: attendu : une ligne « Temporalité » ouvrant le déroulé, "
        "trouvé la fin du document"
    )


def test_a_bad_time_names_its_line():
    text = may_text().replace("\n6'05\n", "\n6'75\n")
    error = _error(text)
    assert error.line == 17
    assert str(error) == (
        "programme.txt:17: temps illisible « 6'75 » (les secondes doivent être inférieures "
        "à 60) ; attendu : un temps comme 6'05 ou 1'10'00, ou la ligne « Intervenant »"
    )


def test_times_must_increase_across_tables():
    text = may_text().replace("\n55'34\n", "\n40'25\n")
    error = _error(text)
    assert error.line == 75
    assert error.message == (
        "temps « 40'25 » pas après « 40'25 » ; attendu : des temps strictement croissants"
    )


def test_times_must_increase_within_a_table():
    text = may_text().replace("\n24'05\n", "\n5'00\n")
    assert _error(text).line == 19


def test_a_table_with_a_missing_cell_names_the_table():
    text = may_text().replace("\n24'05\n", "\n")
    error = _error(text)
    assert error.line == 13
    assert error.message == (
        "tableau du déroulé incomplet : 3 temps, 4 intervenant(s), 4 contenu(s) ; "
        "attendu : autant de cellules dans chaque colonne"
    )


def test_a_table_without_content_column():
    text = may_text().replace("\nContenu\n\nLa réponse", "\nLa réponse")
    error = _error(text)
    assert error.line == 95
    assert error.message == "attendu : la ligne « Contenu » du déroulé"


def test_a_document_without_date():
    text = may_text().replace("Webinaire du 4 mai 2021", "Webinaire")
    error = _error(text)
    assert error.line == 13
    assert "« Webinaire du 4 mai 2021 »" in error.message


def test_an_impossible_date():
    error = _error(may_text().replace("4 mai 2021", "31 avril 2021"))
    assert str(error) == "programme.txt:5: date impossible « 31 avril 2021 »"


def test_import_file_names_the_path_as_given(tmp_path):
    folder = tmp_path / "2030-01-01"
    folder.mkdir()
    path = folder / "programme.txt"
    path.write_text(may_text().replace("\n6'05\n", "\nsix minutes\n"), encoding="utf-8")
    with pytest.raises(ProgrammeError) as info:
        import_file(path)
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}:17: temps illisible « six minutes »")
