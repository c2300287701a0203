"""A beacon is read only in its form and within its bounds; anything else is refused in French."""

from __future__ import annotations

import json

import pytest

from chapters.audience import BeaconError, normalise_search, parse_beacon, shape_of
from chapters.audience.beacon import MAX_BYTES, MAX_OPENED, MAX_RANGES
from chapters.store import load_webinar
from tests.support.webinar import FOLDER, SPANS

from .helpers import beacon, view_id


def body(**fields) -> bytes:
    data = {"v": 1, "w": "w1", "view": view_id(1), "seq": 0, "played": [], "opened": []}
    data.update(fields)
    return json.dumps(data).encode("utf-8")


def test_a_beacon_in_form_is_read_rounded_and_normalised():
    read = beacon(3, 2, played=[(12.04, 95.46)],
                  opened=[("chapter", "a"), ("search", "  Logement   SOCIAL "), ("search", "   ")],
                  final=True)
    assert read.view == view_id(3) and read.seq == 2 and read.final is True
    assert read.played == ((12.0, 95.5),)
    # a blank search is dropped, the others folded and collapsed
    assert read.opened == (("chapter", "a"), ("search", "logement social"))


def test_search_terms_are_cut_to_twelve_words_and_sixty_characters():
    assert normalise_search(" ".join(f"m{i}" for i in range(20))) == " ".join(f"m{i}" for i in range(12))
    assert len(normalise_search("a" * 200)) == 60
    assert normalise_search("Éducation\tPopulaire\n") == "éducation populaire"


@pytest.mark.parametrize("raw, said", [
    (b"\xff\xfe", "JSON en UTF-8"),
    (b"[1, 2]", "un objet JSON"),
    (body(v=2), "version"),
    (body(v=True), "version"),
    (body(w="../etc"), "webinaire"),
    (body(view="short"), "22 caractères"),
    (body(view="x" * 21 + "!"), "22 caractères"),
    (body(seq=-1), "seq"),
    (body(seq=4096), "seq"),
    (body(seq=1.5), "seq"),
    (body(played=[[5, 3]]), "finit avant"),
    (body(played=[[-1, 3]]), "limites"),
    (body(played=[[0, 200000]]), "limites"),
    (body(played=[[0, "9"]]), "nombres"),
    (body(played=[[0, 1, 2]]), "[début, fin]"),
    (body(played=[[0, 1]] * (MAX_RANGES + 1)), "plages"),
    (body(opened=[["video", "x"]]), "type"),
    (body(opened=[["chapter", "../x"]]), "identifiant invalide"),
    (body(opened=[["chapter", "a"]] * (MAX_OPENED + 1)), "éléments"),
    (body(final="yes"), "final"),
    (b"{" + b" " * MAX_BYTES + b"}", "trop grande"),
])
def test_what_is_not_a_beacon_is_refused_in_french(raw, said):
    with pytest.raises(BeaconError) as refused:
        parse_beacon(raw)
    message = str(refused.value)
    assert said in message and message.startswith("balise") and "\n" not in message


def test_the_shape_of_the_built_in_webinar():
    webinar = load_webinar(FOLDER)
    shape = shape_of(webinar)
    assert shape.duration == 6300 and shape.seconds == 6300
    assert {cid: (start, end) for cid, start, end in shape.chapters} == SPANS
    assert ("chapter", "capa-cite") in shape.ids
    assert {kind for kind, _ in shape.ids} >= {"chapter", "speaker", "resource"}
    webinar.recording.duration = None
    assert shape_of(webinar) is None
