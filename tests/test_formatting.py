"""The city's one way of writing numbers, percentages, times and days (core/formatting.py)."""

from datetime import date, datetime, timezone

import pandas as pd
import pytest

from core import formatting


@pytest.mark.parametrize("value, decimals, text", [
    (0, 0, "0"), (1234, 0, "1.234"), (1234567.891, 2, "1.234.567,89"), (82.06, 1, "82,1"),
    (-1234.5, 1, "-1.234,5"), (0.5, 0, "0"), (999.95, 1, "1.000,0"),
])
def test_numbers_have_a_decimal_comma_and_thousands_dots(value, decimals, text):
    assert formatting.number(value, decimals) == text


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_a_missing_number_is_a_dash_or_what_the_caller_says(missing):
    assert formatting.number(missing) == "—"
    assert formatting.percent(missing, missing="belum ada") == "belum ada"


def test_percentages_and_counts():
    assert formatting.percent(82.06) == "82,1%"
    assert formatting.percent(100, 0) == "100%"
    assert formatting.count(12345) == "12.345"


def test_times_are_the_citys_wall_clock_and_days_day_first():
    moment = datetime(2026, 11, 30, 16, 7, tzinfo=timezone.utc)  # 23:07 WIB
    assert formatting.date_time(moment) == "30/11/2026 23:07"
    assert formatting.date_time(moment.replace(tzinfo=None)) == "30/11/2026 23:07"  # naive is UTC
    assert formatting.date_time(None) == "—"
    assert formatting.day(date(2026, 12, 1)) == "01/12/2026"


def test_plotly_settings():
    assert formatting.localise_layout({"height": 3}) == {"height": 3, "separators": ",."}
    assert formatting.graph_config(displayModeBar=False) == {
        "locale": "id", "displaylogo": False, "displayModeBar": False}
    props = formatting.date_picker_props()
    assert props["display_format"] == "DD/MM/YYYY" and props["month_format"] == "MMMM YYYY"
    assert props["placeholder"] == "Pilih tanggal"
    assert formatting.date_picker_props("range")["start_date_placeholder_text"] == "Tanggal awal"
