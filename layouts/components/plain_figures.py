"""Plotly figures as plain dicts ({"data": [...], "layout": {...}}), which Dash sends as they are.

go.Figure validates every property in its constructors and in update_layout: the complaints
page's five charts took about 22 ms that way (most of a 35 ms warm callback), 2 ms as dicts. The
builders write the figure go.Figure would send (lists where it sends typed arrays); their tests
pass each one through go.Figure, so the validation happens in the tests, not on every request.
"""

from __future__ import annotations

import math
from functools import cache

import plotly.io as pio

from core.formatting import localise_layout


def figure(data: list[dict], layout: dict) -> dict:
    """A figure with Plotly's default template, as go.Figure sends it, so it looks the same, and the
    city's decimal comma and thousands dot on its axes and hovers."""
    return {"data": data, "layout": localise_layout({**layout, "template": default_template()})}


@cache
def default_template() -> dict:
    # one dict shared by every figure and never changed: Dash only serialises it
    return pio.templates[pio.templates.default].to_plotly_json()


def values(column) -> list:
    """A column as a JSON-ready list: numpy numbers as Python ones, NaN as None (a gap), since a
    NaN makes Plotly's encoder parse and write the whole answer a second time."""
    return [None if isinstance(value, float) and math.isnan(value) else value for value in column.tolist()]


def records(frame, columns) -> list[tuple]:
    """`frame`'s `columns` as rows of plain values (NaN as None). A chart of a few dozen rows filters
    and sorts these in microseconds, where each pandas step (dropna, sort_values) costs a few
    hundred: most of a warm request's time on the 112 analysis page before."""
    return list(zip(*(values(frame[name]) for name in columns)))


def day_strings(days) -> list[str]:
    """'YYYY-MM-DD' for each day (a date, a timestamp at midnight or such a string), which a
    Plotly date axis reads as that day."""
    return [str(day)[:10] for day in days]


def count_axis(most) -> dict:
    """An axis of whole things (people, letters, proposals): no 0,5 ticks when the counts are small."""
    axis = {"gridcolor": "#eef1f4", "rangemode": "tozero", "tickformat": ",d"}
    return {**axis, "dtick": 1} if int(most or 0) < 10 else axis
