"""The editor shows, beside each start, where the recording says the chapter begins (issue 17,
item 4): the slide change (or captions) found, how far it is, and "utiliser ce temps"
(editor.js; in Chromium: tests/browser/test_editor_proposals_browser.py)."""

from __future__ import annotations

import pytest

from tests.support.html import dom
from tests.support.organisers import app, instance, organiser  # noqa: F401 (fixtures)
from tests.support.slides import add_slides

WID = "2021-05-04"
EDIT = f"/w/{WID}/modifier"
TEXTS = ["Ouverture", "Relocalisations industrielles et sous-traitants inclusifs", "Capa'Cité"]


@pytest.fixture
def slides(recorded):
    return add_slides(recorded.parent, recorded.name, [(0, 432), (432, 1450), (1450, 2000)], TEXTS)


def proposals(client) -> dict[str, str]:
    page = dom(client.get(EDIT).get_data(as_text=True))
    return {
        p.parent.parent.attrs["data-chapter"]: " ".join(p.text().split())
        for p in page.all("p", cls="ed-proposal")
    }


def test_each_moved_start_has_its_proposal(organiser, slides):
    found = proposals(organiser)
    # chapter 1 stays at 0:00 (nothing proposed), chapters 2 and 3 move; the rest: no slide
    assert found == {
        "relocalisations": "Diapositive à 7:12 (+1 min 7 s, selon l'enregistrement) : utiliser ce temps",
        "capa-cite": "Diapositive à 24:10 (+5 s, selon l'enregistrement) : utiliser ce temps",
    }
    page = dom(organiser.get(EDIT).get_data(as_text=True))
    button = page.one("button", **{"data-use-start": "432.0"})
    assert "hidden" in button.attrs  # editor.js shows it; without it the text says the time


def test_no_slides_no_captions_no_proposal(organiser, recorded):
    assert proposals(organiser) == {}
