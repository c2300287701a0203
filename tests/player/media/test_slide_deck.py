"""The slide deck as a PDF (player/media/slide_deck.py): the stills go in as they are, one page
each, read back by a real PDF reader; what is not a JPEG is refused in French."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from player.media.slide_deck import DeckError, deck_pdf
from tests.support.slides import make_still


def test_pages_follow_the_stills_in_order_and_keep_their_shape(tmp_path):
    wide = make_still(tmp_path / "a.jpg", "navy", "640x360")
    square = make_still(tmp_path / "b.jpg", "maroon", "300x300")
    reader = PdfReader(io.BytesIO(deck_pdf([wide, square], title="Été « 2021 »")))
    assert reader.metadata.title == "Été « 2021 »"
    shapes = [tuple(float(v) for v in p.mediabox[2:]) for p in reader.pages]
    assert shapes == [(842.0, 473.62), (842.0, 842.0)]
    data = [p["/Resources"]["/XObject"]["/Im"].get_object()._data for p in reader.pages]
    assert data == [wide.read_bytes(), square.read_bytes()]


@pytest.mark.parametrize(
    "data, message",
    [(b"GIF89a....", "pas une image JPEG"), (b"\xff\xd8\xff\xe0\x00\x10JFIF", "taille de l'image JPEG introuvable"),
     (b"\xff\xd8\x00\x00\x00\x00", "image JPEG abîmée")],
)
def test_what_is_not_a_jpeg_is_refused_in_french(tmp_path, data, message):
    bad = tmp_path / "diapo.jpg"
    bad.write_bytes(data)
    with pytest.raises(DeckError, match=message) as caught:
        deck_pdf([bad])
    assert "diapo.jpg" in str(caught.value)


def test_no_still_no_deck():
    with pytest.raises(DeckError, match="aucune diapositive"):
        deck_pdf([])
