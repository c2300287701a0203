"""Per-second histograms summed as big integers, and second by second when a lane could carry."""

from __future__ import annotations

from array import array

from chapters.audience import histogram


def test_blobs_of_any_length_are_summed_second_by_second():
    a = histogram.dump(array("I", [1, 2, 3, 4]))
    b = histogram.dump(array("I", [10, 20]))  # a shorter recording then
    c = histogram.dump(array("I", [100, 200, 300, 400, 500, 600]))  # a longer one: cut
    rows = [(a, 10), (b, 30), (c, 2100), (None, 0)]
    assert histogram.sum_blobs(rows, 5) == (111, 222, 303, 404, 500)


def test_counts_near_the_uint32_limit_do_not_carry_into_the_next_second():
    top = 2**32 - 1
    blob = histogram.dump(array("I", [top, 1]))
    # two such days: 2 * top in the first second, more than a lane holds
    assert histogram.sum_blobs([(blob, top + 1), (blob, top + 1)], 2) == (2 * top, 2)


def test_load_pads_and_cuts():
    assert list(histogram.load(histogram.dump(array("I", [5, 6, 7])), 2)) == [5, 6]
    assert list(histogram.load(None, 3)) == [0, 0, 0]
