"""The slides found in a recording, for viewers (issue 17, item 3): the watch page's
"Diapositives" tab, the page /w/<id>/diapositives (links to each slide's moment, no script
needed), the deck as a PDF built once, and nothing shown for slides of another recording or a
broken slides file. (In Chromium: tests/browser/test_slides_browser.py.)"""

from __future__ import annotations

import io
import os
import time
from html import unescape

import pytest
from pypdf import PdfReader

from chapters.slides import INDEX, slides_folder
from tests.support.html import dom
from tests.support.images import jpeg_size
from tests.support.slides import add_slides
from tests.support.webinar import WID

SPANS = [(0.0, 65.0), (65.0, 432.5), (432.5, 600.0)]
TEXTS = ["Relocalisations industrielles", "Le CQP <b>en</b> 2021", None]


def pdf_of(client):
    """The deck's answer, read whole and closed (a file sent by send_file stays open otherwise)."""
    with client.get(f"/w/{WID}/diapositives.pdf") as answer:
        answer.get_data()
        return answer


@pytest.fixture
def slides(recorded):
    return add_slides(recorded.parent, recorded.name, SPANS, TEXTS)


def test_the_slide_page_links_every_slide_to_its_moment(client, slides):
    answer = client.get(f"/w/{WID}/diapositives")
    assert answer.status_code == 200
    page = dom(answer.get_data(as_text=True))
    assert page.one("h1").text() == "Diapositives"
    links = page.all("a", cls="slide-link")
    assert [a.attrs["href"] for a in links] == [f"/w/{WID}?t=0s", f"/w/{WID}?t=1m5s", f"/w/{WID}?t=7m12s"]
    assert [a.attrs["data-seek"] for a in links] == ["0.0", "65.0", "432.5"]
    texts = [" ".join(a.text().split()) for a in links]
    assert texts[0] == "0:00 Diapositive 1 Relocalisations industrielles"
    assert texts[1] == "1:05 Diapositive 2 Le CQP <b>en</b> 2021"  # escaped, shown as written
    assert texts[2] == "7:12 Diapositive 3"
    thumbs = [a.one("img").attrs["src"] for a in links]
    assert thumbs[1] == f"/w/{WID}/media/slides/000065000.small.jpg"
    for src in thumbs:  # each picture is served
        with client.get(src) as got:
            assert got.status_code == 200 and jpeg_size(got.get_data()) == (160, 90)
    pdf = page.one("a", href=f"/w/{WID}/diapositives.pdf")
    assert pdf.text() == "Télécharger les diapositives (PDF)"


def test_the_tab_is_on_the_watch_page_and_its_fragment_is_the_same_partial(client, slides):
    page = dom(client.get(f"/w/{WID}").get_data(as_text=True))
    tab = page.one("div", id="diapositives")
    assert tab.attrs["data-tab"] == "Diapositives"
    # without a script, a link to the slide page; the slides themselves come when the tab opens
    assert tab.one("a").attrs["href"] == f"/w/{WID}/diapositives"
    holder = tab.one("div", id="slides-holder")
    assert holder.attrs["data-hx-get"] == f"/w/{WID}/fragments/diapositives.html"
    assert not tab.all("a", cls="slide-link")
    # the tab comes right after the chapters
    panels = [p.attrs["id"] for p in page.all("div", cls="tabpanel")]
    assert panels[:2] == ["chapitres", "diapositives"]
    fragment = client.get(f"/w/{WID}/diapositives", headers={"HX-Request": "true"})
    static = client.get(f"/w/{WID}/fragments/diapositives.html")
    assert fragment.get_data() == static.get_data()
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and html.count('class="slide-link"') == 3
    assert "HX-Request" in fragment.headers["Vary"]
    # in the tab, a link to the slide page; on the page, none to itself
    assert f'href="/w/{WID}/diapositives"' in html


def test_the_download_menu_offers_the_deck(client, slides):
    menu = dom(client.get(f"/w/{WID}").get_data(as_text=True)).one("details", id="telecharger")
    link = menu.one("a", href=f"/w/{WID}/diapositives.pdf")
    assert link.attrs["download"] == f"{WID}-diapositives.pdf"
    assert "PDF" in link.text()


def test_the_deck_is_one_pdf_page_per_slide_built_once(client, slides, recorded):
    answer = pdf_of(client)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert f"{WID}-diapositives.pdf" in answer.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(answer.get_data()))
    assert len(reader.pages) == 3
    assert reader.metadata.title.startswith("Créer et transformer l'activité")
    folder = slides_folder(recorded.parent)
    for page, slide in zip(reader.pages, slides.slides):
        (image,) = page["/Resources"]["/XObject"].values()
        image = image.get_object()
        assert (image["/Width"], image["/Height"], image["/Filter"]) == (640, 360, "/DCTDecode")
        assert image._data == (folder / slide.still).read_bytes()  # the still as it is
        width, height = (float(v) for v in page.mediabox[2:])
        assert round(width / height, 3) == round(640 / 360, 3)
    deck = next(folder.glob("*.pdf"))
    first = deck.stat().st_mtime_ns
    assert pdf_of(client).get_data() == answer.get_data()
    assert deck.stat().st_mtime_ns == first  # served again, not rebuilt
    # a new slides file: a new deck
    index = folder / INDEX
    later = time.time() + 5
    os.utime(index, (later, later))
    assert len(PdfReader(io.BytesIO(pdf_of(client).get_data())).pages) == 3
    assert deck.stat().st_mtime_ns != first


def test_no_slides_no_tab_and_a_french_404(client, recorded):
    html = client.get(f"/w/{WID}").get_data(as_text=True)
    assert 'id="diapositives"' not in html and "diapositives.pdf" not in html
    for path in (f"/w/{WID}/diapositives", f"/w/{WID}/diapositives.pdf", f"/w/{WID}/fragments/diapositives.html"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Aucune diapositive n'a été trouvée" in unescape(answer.get_data(as_text=True)), path


def test_slides_of_another_recording_are_not_shown(client, slides, recorded):
    recorded.write_bytes(recorded.read_bytes() + b"\0" * 10)  # a new recording in its place
    assert 'id="diapositives"' not in client.get(f"/w/{WID}").get_data(as_text=True)
    assert client.get(f"/w/{WID}/diapositives").status_code == 404


def test_a_broken_slides_file_is_logged_and_not_shown(client, slides, recorded, caplog):
    (slides_folder(recorded.parent) / INDEX).write_text("{ pas du JSON", encoding="utf-8")
    answer = client.get(f"/w/{WID}")
    assert answer.status_code == 200 and 'id="diapositives"' not in answer.get_data(as_text=True)
    assert client.get(f"/w/{WID}/diapositives").status_code == 404
    assert any("fichier des diapositives abîmé" in r.getMessage() for r in caplog.records)


def test_a_missing_still_gives_a_french_503_for_the_deck(client, slides, recorded):
    folder = slides_folder(recorded.parent)
    (folder / slides.slides[1].still).unlink()
    answer = client.get(f"/w/{WID}/diapositives.pdf")
    assert answer.status_code == 503
    assert "Le PDF des diapositives ne peut pas être fait" in unescape(answer.get_data(as_text=True))
    assert not list(folder.glob("*.pdf")) and not list(folder.glob(".*"))  # nothing half-written


def test_the_static_export_holds_the_slides_their_page_and_the_deck(runner, slides, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(args=["freeze", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / f"w/{WID}/diapositives/index.html").read_text(encoding="utf-8")
    fragment = (out / f"w/{WID}/fragments/diapositives.html").read_text(encoding="utf-8")
    assert page.count('class="slide-link"') == fragment.count('class="slide-link"') == 3
    assert len(PdfReader(out / f"w/{WID}/diapositives.pdf").pages) == 3
    for slide in slides.slides:  # the pictures the links name are there
        for name in (slide.still, slide.thumb):
            assert (out / f"w/{WID}/media/slides/{name}").is_file(), name
    assert not (out / f"w/{WID}/media/slides/{INDEX}").exists()  # the data file stays behind
