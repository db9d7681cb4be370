"""The packed arrays the aggregates keep (data/value_arrays.py): what is packed comes back, sums per
cell equal a plain count, quantiles equal numpy's over the same values."""

from collections import Counter

import numpy as np
import pytest

from data.value_arrays import (merged_groups, merged_packed, pack, pack_cells, quantile_frame, sorted_groups, summed_cells,
                               unpack, unpack_cells)


def test_values_come_back_sorted():
    values = np.array([3.5, -1.0, 2.25, 2.25])
    assert unpack(pack(values)).tolist() == [-1.0, 2.25, 2.25, 3.5]


def test_cells_come_back_sorted_by_cell():
    packed = pack_cells([-728, -729, -728], [11274, 11280, 11270], [2, 1, 5])
    assert [tuple(cell) for cell in unpack_cells(packed).tolist()] == [(-729, 11280, 1), (-728, 11270, 5),
                                                                       (-728, 11274, 2)]


def test_summed_cells_equal_a_plain_count_per_cell():
    rng = np.random.default_rng(7)
    parts, expected = [], Counter()
    for _day in range(20):
        lat, lon = rng.integers(-740, -720, 30), rng.integers(11260, 11285, 30)
        counts = Counter(zip(lat.tolist(), lon.tolist()))
        cells = list(counts)
        parts.append(unpack_cells(pack_cells([c[0] for c in cells], [c[1] for c in cells], list(counts.values()))))
        expected.update(counts)
    lat, lon, incidents = summed_cells(parts + [unpack_cells(b"")])
    assert dict(zip(zip(lat.tolist(), lon.tolist()), incidents.tolist())) == dict(expected)


def test_no_cells_sum_to_empty_columns():
    assert [len(column) for column in summed_cells([])] == [0, 0, 0]


@pytest.mark.parametrize("size", [1, 2, 5, 101])
def test_quantiles_of_merged_groups_equal_numpys(size):
    rng = np.random.default_rng(size)
    values = rng.exponential(8.0, size)
    halves = [sorted_groups(["a"] * len(part), np.sort(part)) for part in (values[: size // 2], values[size // 2:])]
    frame = quantile_frame(merged_groups(halves), {"p50": (1, 2), "p90": (9, 10)}).set_index("code")
    assert frame.loc["a", "count"] == size
    assert frame.loc["a", "p50"] == pytest.approx(np.quantile(values, 0.5), abs=0.05)  # rounded to 0.1
    assert frame.loc["a", "p90"] == pytest.approx(np.quantile(values, 0.9), abs=0.05)


def test_packed_pieces_merge_as_their_arrays_do():
    """merged_packed (bytes joined, one sort) gives each code the arrays merged_groups would."""
    rng = np.random.default_rng(7)
    pieces = {"a": [pack(rng.exponential(5.0, n)) for n in (3, 0, 8, 1)], 4: [pack(rng.exponential(5.0, 6))]}
    merged = merged_packed(pieces)
    expected = merged_groups([{code: unpack(piece)} for code, parts in pieces.items() for piece in parts])
    assert merged.keys() == expected.keys()
    for code in expected:
        assert np.array_equal(merged[code], expected[code])
        assert np.all(np.diff(merged[code]) >= 0)
