"""data/frames.py: frames of query rows."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from data.frames import counts_frame, densified, frame_with_counts


def test_counts_frame_keeps_the_keys_and_makes_the_rest_whole_numbers_with_null_as_zero():
    frame = counts_frame([("35.78.07", 3, None), ("35.78.10", Decimal("12"), 5)], ["code", "proposed", "cost"], keys=1)
    assert list(frame.columns) == ["code", "proposed", "cost"]
    assert frame.to_dict("list") == {"code": ["35.78.07", "35.78.10"], "proposed": [3, 12], "cost": [0, 5]}
    assert str(frame["proposed"].dtype) == str(frame["cost"].dtype) == "int64"


def test_counts_frame_of_no_rows_has_the_columns_and_no_row():
    frame = counts_frame([], ["code", "proposed"], keys=1)
    assert list(frame.columns) == ["code", "proposed"] and frame.empty
    assert str(frame["proposed"].dtype) == "int64"


def test_frame_with_counts_casts_the_named_columns_wherever_they_stand_and_keeps_the_others():
    rows = [("2026-12-01", 4, 812.5, None), ("2026-12-02", None, None, 3)]
    frame = frame_with_counts(rows, ["day", "received", "minutes_sum", "open"], {"received", "open"})
    assert frame.to_dict("list")["received"] == [4, 0] and frame.to_dict("list")["open"] == [0, 3]
    assert str(frame["received"].dtype) == str(frame["open"].dtype) == "int64"
    assert frame["minutes_sum"].iloc[0] == 812.5 and frame["minutes_sum"].isna().iloc[1]  # kept, not a count
    assert frame["day"].tolist() == ["2026-12-01", "2026-12-02"]


def test_frame_with_counts_of_no_rows_keeps_its_codes_as_objects_a_merge_accepts():
    frame = frame_with_counts([], ["code", "received", "minutes_sum"], {"received"})
    assert frame.empty and str(frame["received"].dtype) == "int64" and frame["code"].dtype == object
    districts = pd.DataFrame({"code": ["35.78.07", "35.78.10"]})
    assert districts.merge(frame, on="code", how="left")["received"].isna().all()


def test_densified_gives_every_key_in_order_with_zeros_and_sums():
    from datetime import date

    days = [date(2026, 3, day) for day in (1, 2, 3)]
    rows = [(date(2026, 3, 3), 2, None), (date(2026, 3, 1), 1, 4), (date(2026, 3, 3), 5, 1),
            (date(2026, 4, 1), 9, 9)]  # a key outside `keys` is left out
    assert densified(days, rows, 2) == [(days[0], 1, 4), (days[1], 0, 0), (days[2], 7, 1)]
    assert densified(days, [], 1) == [(day, 0) for day in days]
