"""The content caches (webinars read, transcripts, the share cards' words, the search index's
files) keep at most their bound, however many webinars there are."""

from __future__ import annotations

import pytest

from app import create_app
from chapters.files import StampCache
from chapters.search import index as search_index
from player.content import catalogue, transcripts
from tests.support.captions import write_vtt
from tests.support.webinar import VALID, write_data

COUNT, BOUND = 12, 5


@pytest.fixture
def many(tmp_path):
    """COUNT webinars, each with its captions (the stand-in's, beside the demo recording)."""
    root = tmp_path / "many"
    for i in range(COUNT):
        folder = write_data(root, VALID, f"w{i}")
        (folder / "media").mkdir()
        write_vtt(folder / "media" / "demo.fr.vtt")
    return root


@pytest.mark.parametrize(
    "module, name, read",
    [
        (catalogue, "_cache", lambda wid: catalogue.get_webinar(wid)),
        (transcripts, "_cache", lambda wid: transcripts.load_transcript(catalogue.get_webinar(wid))),
    ],
    ids=["catalogue", "transcripts"],
)
def test_each_content_cache_keeps_its_bound(many, monkeypatch, module, name, read):
    bounded = StampCache(BOUND, name=f"test: {name}")
    monkeypatch.setattr(module, name, bounded)
    app = create_app({"TESTING": True, "WEBINARS_DIR": str(many)})
    with app.test_request_context():
        for _ in range(2):
            for i in range(COUNT):
                assert read(f"w{i}")  # read for real: a webinar, its cues, their words
                assert len(bounded) <= BOUND
    assert len(bounded) == BOUND


def test_the_search_index_keeps_at_most_its_bound_of_webinars_read(many, tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "LOADED_WEBINARS", BOUND)
    index = search_index.SearchIndex(tmp_path / "search.sqlite3", many)
    index.rebuild()
    assert len(index._loaded) == BOUND
    # every webinar is still found: the bound costs rereading, never results
    found = index.search("boulangerie", per_group=100)
    assert {hit.webinar for group in found.groups for hit in group.hits} == {f"w{i}" for i in range(COUNT)}


def test_the_product_caches_are_listed_with_their_bounds(app):
    from chapters.bounded import live_caches

    caches = {cache.name: cache for cache in live_caches()}
    for name in ("catalogue: webinars read", "transcripts: cues read",
                 "delivery: compressed files", "page cache: pages", "assets: module graphs"):
        assert name in caches and caches[name].entries > 0
