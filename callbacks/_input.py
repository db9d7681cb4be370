"""Values a callback reads from the browser, checked against what a page can send.

A crafted request (a date of year 1, a row id of 10^30, the month "2026-13") ends here with a 400
(werkzeug's BadRequest, naming the value) instead of a 500 from deep inside a date calculation or
a query. Values a page may legitimately send empty stay None, and the page uses its default.
"""

from __future__ import annotations

import re
from datetime import date

from werkzeug.exceptions import BadRequest

from core.domains import part_of

# The years the data can hold, as Open311's date filters (modules/complaints/open311/formats.py);
# year 1 or 9999 would overflow the moment it is turned into a UTC time.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)
MAX_ROW_ID = 2**63 - 1  # the largest id a BIGINT column holds
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def day_or_none(value, name: str) -> date | None:
    """The day of an ISO date (its first 10 characters); None when empty or unreadable;
    BadRequest outside EARLIEST_DAY..LATEST_DAY."""
    try:
        day = date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
    if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
        raise BadRequest(f"{name}: {day.isoformat()} lies outside {EARLIEST_DAY} to {LATEST_DAY}")
    return day


def month_or_none(value, name: str) -> str | None:
    """A 'YYYY-MM' month as given; None when empty; BadRequest when it is no month of the years above."""
    if not value:
        return None
    found = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if found is None or not 1 <= int(found.group(2)) <= 12 \
            or not EARLIEST_DAY.year <= int(found.group(1)) <= LATEST_DAY.year:
        raise BadRequest(f"{name}: {str(value)[:20]!r} is no month from {EARLIEST_DAY:%Y-%m} to {LATEST_DAY:%Y-%m}")
    return value


def row_id_or_none(cell, name: str) -> int | None:
    """The row id of a table's active cell; None when no row is chosen (or the id is no integer);
    BadRequest for an integer no row can have."""
    row_id = cell.get("row_id") if isinstance(cell, dict) else None
    if not isinstance(row_id, int) or isinstance(row_id, bool):
        return None
    if not 0 < row_id <= MAX_ROW_ID:
        raise BadRequest(f"{name}: no row has the id {row_id}")
    return row_id


SORT_DIRECTIONS = ("asc", "desc")


def sort_by_or_none(value, columns: set[str], name: str) -> tuple[str, bool] | None:
    """(column id, descending) of a DataTable's single-column `sort_by`; None when not sorted;
    BadRequest for a column the table does not have or a direction that is none."""
    if not value:
        return None
    first = value[0] if isinstance(value, list) else None
    column = first.get("column_id") if isinstance(first, dict) else None
    direction = first.get("direction") if isinstance(first, dict) else None
    if column not in columns or direction not in SORT_DIRECTIONS:
        raise BadRequest(f"{name}: {str(value)[:80]!r} is no column_id of {sorted(columns)} with direction asc or desc")
    return column, direction == "desc"


def clicked_point(click) -> tuple[str, str] | None:
    """The point a map click gave ("lat", "lon" to five decimals, about a metre), or None for
    anything else a browser might send."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    lat, lon = point.get("lat"), point.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    return f"{lat:.5f}", f"{lon:.5f}"


def domain_part(component_id, attribute: str, name: str):
    """The part (`today`, `kpi_cards`) of the domain a pattern-matching component's id names
    ({"type": ..., "domain": ...}); BadRequest naming `name` when no registered domain declares it."""
    found = part_of(component_id.get("domain") if isinstance(component_id, dict) else None, attribute)
    if found is None:
        raise BadRequest(f"{name}: {str(component_id)[:60]} names no domain declaring {attribute}")
    return found
