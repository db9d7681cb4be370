"""Numbers, percentages, times and days as the city writes them, and the matching Plotly settings:
the one place that knows `1.234,5`, `82,1%` and `30/11/2026 23:07`.

Every figure, table, card and panel formats through here, so the wall, the desks and the KPI page
cannot drift apart. Plotly draws its own axis ticks and hover numbers in the browser: figures carry
`layout.separators` (decimal comma, thousands dot) and every dcc.Graph the `id` locale (month and
day names, the toolbar's tooltips), registered by assets/plotly_locale_id.js.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from core.clock import city_text

MISSING = "—"
DATE_TIME_PATTERN = "%d/%m/%Y %H:%M"  # 30/11/2026 23:07, WIB
DAY_PATTERN = "%d/%m/%Y"

# Plotly: `separators` is "<decimal><thousands>"; the locale's name as assets/plotly_locale_id.js
# registers it.
PLOTLY_SEPARATORS = ",."
PLOTLY_LOCALE = "id"
# Axis and hover formats (d3-time-format; with the `id` locale %b is Jan, Feb, ..., Des).
AXIS_DAY_FORMAT = "%-d %b"  # 1 Des, 2 Des ...
HOVER_DAY_FORMAT = "%d/%m/%Y"

# dcc.DatePickerSingle / DatePickerRange: Dash 4 formats with date-fns in the locale that
# assets/date_fns_locale_id.js adds (window.dateFns.locale.id); tokens are moment-style.
PICKER_DISPLAY_FORMAT = "DD/MM/YYYY"
PICKER_MONTH_FORMAT = "MMMM YYYY"


def number(value, decimals: int = 0, missing: str = MISSING) -> str:
    """1234.5 -> '1.234,5' (decimals fixed); None or NaN -> `missing`."""
    if _absent(value):
        return missing
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value, decimals: int = 1, missing: str = MISSING) -> str:
    """82.06 -> '82,1%' (a value already in percent, not a fraction)."""
    return missing if _absent(value) else number(value, decimals) + "%"


def count(value) -> str:
    """A whole count with thousands dots: 12345 -> '12.345'."""
    return number(int(value), 0)


def date_time(moment: datetime | None, missing: str = MISSING) -> str:
    """A moment (UTC, aware or naive-as-UTC) as the city's wall clock: '30/11/2026 23:07'."""
    return city_text(moment, DATE_TIME_PATTERN, missing)


def day(value: date | None, missing: str = MISSING) -> str:
    """A calendar day: '30/11/2026'."""
    return missing if value is None else value.strftime(DAY_PATTERN)


def date_picker_props(kind: str = "single") -> dict:
    """What every dcc.DatePickerSingle ("single") / DatePickerRange ("range") takes: dates as
    30/11/2026, months as "Desember 2026", weeks from Monday (as Indonesian calendars print them),
    and placeholders in Indonesian (Dash's are English)."""
    common = {"display_format": PICKER_DISPLAY_FORMAT, "month_format": PICKER_MONTH_FORMAT, "first_day_of_week": 1}
    if kind == "range":
        return {**common, "start_date_placeholder_text": "Tanggal awal", "end_date_placeholder_text": "Tanggal akhir"}
    return {**common, "placeholder": "Pilih tanggal"}


def graph_config(**extra) -> dict:
    """A dcc.Graph's config: the Indonesian locale (tooltips, month names), no Plotly logo."""
    return {"locale": PLOTLY_LOCALE, "displaylogo": False, **extra}


def localise_layout(layout: dict) -> dict:
    """A figure layout with the city's decimal comma and thousands dot on axes, hovers and text."""
    return {**layout, "separators": PLOTLY_SEPARATORS}


def _absent(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):  # pd.NA, NaT, text: nothing to write as a number
        return True
