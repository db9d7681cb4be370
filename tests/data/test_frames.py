"""data/frames.py: frames of query rows."""

from __future__ import annotations

from decimal import Decimal

from data.frames import counts_frame


def test_counts_frame_keeps_the_keys_and_makes_the_rest_whole_numbers_with_null_as_zero():
    frame = counts_frame([("35.78.07", 3, None), ("35.78.10", Decimal("12"), 5)], ["code", "proposed", "cost"], keys=1)
    assert list(frame.columns) == ["code", "proposed", "cost"]
    assert frame.to_dict("list") == {"code": ["35.78.07", "35.78.10"], "proposed": [3, 12], "cost": [0, 5]}
    assert str(frame["proposed"].dtype) == str(frame["cost"].dtype) == "int64"


def test_counts_frame_of_no_rows_has_the_columns_and_no_row():
    frame = counts_frame([], ["code", "proposed"], keys=1)
    assert list(frame.columns) == ["code", "proposed"] and frame.empty
    assert str(frame["proposed"].dtype) == "int64"
