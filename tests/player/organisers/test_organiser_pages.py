"""Every organisers' page extends templates/organisers/page.html: kept out of search engines,
styled by the organisers' stylesheet (never inlined into the viewers' pages), plus its own
stylesheet where it has one; each once."""

from __future__ import annotations

import pytest

from tests.support.organisers import app, client, instance, organiser, text  # noqa: F401 (fixtures)
from tests.support.webinar import WID

PAGES = {
    "/connexion": (),
    "/nouveau": (),
    f"/w/{WID}/modifier": ("css/editor.css",),
    f"/w/{WID}/enregistrement": (),
    f"/w/{WID}/discussion/modifier": (),
    f"/w/{WID}/audience": ("css/audience.css",),
}


@pytest.mark.parametrize("path, own", PAGES.items(), ids=list(PAGES))
def test_an_organisers_page_is_noindex_and_has_its_stylesheets(organiser, static_url, path, own):
    response = organiser.get(path)
    page = text(response)
    assert response.status_code == 200, page[:300]
    assert page.count('<meta name="robots" content="noindex">') == 1
    for sheet in ("css/organisers.css", *own):
        assert page.count(f'<link rel="stylesheet" href="{static_url(sheet)}">') == 1, sheet
    assert page.count('<link rel="stylesheet"') == 1 + len(own)


def test_a_refusal_is_an_organisers_page_too(client, static_url):
    """Signed out, a form sent to a private page is refused with a page of the same kind."""
    response = client.post("/nouveau", data={"csrf_token": "x"})
    page = text(response)
    assert response.status_code == 401 and "Connexion requise" in page
    assert page.count('<meta name="robots" content="noindex">') == 1
    assert page.count(f'<link rel="stylesheet" href="{static_url("css/organisers.css")}">') == 1
