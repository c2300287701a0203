"""Atomic writes: the old file or the new one, never a part, and no temporary left behind."""

from __future__ import annotations

import pytest

from chapters.files import StampCache, write_atomic


def test_replaces_the_whole_file(tmp_path):
    target = tmp_path / "sub" / "data.yaml"
    write_atomic(target, "ancien\n")
    write_atomic(target, "nouveau é\n")
    assert target.read_text(encoding="utf-8") == "nouveau é\n"
    assert [p.name for p in target.parent.iterdir()] == ["data.yaml"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_rename_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "media"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "keep.txt").write_text("gardé", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(target, b"data")
    assert (target / "keep.txt").read_text(encoding="utf-8") == "gardé"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]


def test_stamp_cache_reads_once_per_stamp():
    cache, reads = StampCache(), []

    def load(value):
        reads.append(value)
        return value

    assert cache.get("a", 1, lambda: load("un")) == "un"
    assert cache.get("a", 1, lambda: load("autre")) == "un"  # same stamp: kept
    assert cache.get("a", 2, lambda: load("deux")) == "deux"  # the file changed: read again
    assert reads == ["un", "deux"]
