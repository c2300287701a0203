"""The data file's rules for ids and texts: an id short enough to name an address, no control
character in any text (the editor is held to the same, tests/player/organisers/test_editor_inputs.py)."""

from __future__ import annotations

import pytest

from chapters.names import ID_MAX
from chapters.store import load_webinar
from tests.support.webinar import VALID, error_for, write_data


def test_an_id_longer_than_an_address_allows_is_refused(tmp_path):
    longest = "a" * ID_MAX
    assert load_webinar(write_data(tmp_path / "ok", VALID.replace("- id: financer", f"- id: {longest}")))
    message = error_for(tmp_path, VALID.replace("- id: financer", f"- id: {'a' * 5000}"))
    assert message.startswith("20: chapters[2].id : id ")
    assert f"trop long (5000 caractères, {ID_MAX} au plus)" in message
    assert len(message) < 200  # the id is not repeated whole


@pytest.mark.parametrize("escaped, code", [("\\0", "0000"), ("\\e", "001B"), ("\\x7f", "007F"),
                                           ("\\x85", "0085"), ("\\r", "000D"), ("\\f", "000C")])
def test_a_control_character_in_a_text_is_refused(tmp_path, escaped, code):
    message = error_for(tmp_path, VALID.replace("  title: Financer", f'  title: "Fin{escaped}ancer"'))
    assert message == (f"22: chapters[2].title : caractère de contrôle U+{code} refusé : retirez-le "
                       "(seuls la tabulation et le retour à la ligne sont admis)")


def test_tabs_and_line_breaks_stay_allowed(tmp_path):
    text = VALID.replace("  title: Financer", '  title: Financer\n  summary: "un\\tdeux\\ntrois"')
    webinar = load_webinar(write_data(tmp_path, text))
    assert webinar.chapter("financer").summary == "un\tdeux\ntrois"
