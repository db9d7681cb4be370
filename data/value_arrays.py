"""Measured values (response times) as sorted float64 arrays: how the aggregates that keep them
store them (the ETL packs, the queries unpack) and how exact quantiles are worked out from them.

Why arrays and not a median or P90 per day or month: quantiles do not add up, values do. A day's
or a month's values per breakdown code, sorted and packed (numpy float64 bytes), let a year's
quantiles be those of its facts, read from a few hundred rows. The quantiles here use exact ranks
(integer arithmetic, numpy's linear interpolation), the ranks data/incidents/queries.py's
percentiles_in_sql uses, so a figure comes out the same whichever way its values were read. Used by
agg_incident_response_monthly and agg_complaints_response_daily.

The heat-map cells are packed the same way (whole numbers, not sorted values): a day's or a month's
(lat_cell, lon_cell, incidents) triples in one row of agg_incident_heat_daily / _monthly, added up
per cell in numpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Float, Integer, LargeBinary, String

VALUES_DTYPE = np.dtype("<f8")  # float64, little-endian, whatever the machine


def pack(values: np.ndarray) -> bytes:
    """The values sorted, as bytes for the aggregate's LargeBinary column."""
    return np.sort(np.asarray(values, dtype=VALUES_DTYPE)).tobytes()


def unpack(packed: bytes | memoryview) -> np.ndarray:
    """The sorted values a `pack` wrote (read-only: a view of the bytes)."""
    return np.frombuffer(packed, dtype=VALUES_DTYPE)


def read_rows(connection, query) -> list[tuple]:
    """The query's rows as the DBAPI cursor's tuples, without Row objects, when every column is
    text, a whole number, a float or bytes (neither database's driver needs those converted); as
    SQLAlchemy's rows otherwise (a day is text on SQLite until SQLAlchemy reads it)."""
    if not all(_plain(column.type) for column in query.selected_columns):
        return [tuple(row) for row in connection.execute(query)]
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _plain(column_type) -> bool:
    if isinstance(column_type, Float):
        return not column_type.asdecimal
    return isinstance(column_type, (String, Integer, LargeBinary))


def read_columns(connection, query) -> list[tuple]:
    """read_rows column by column (none: no rows)."""
    rows = read_rows(connection, query)
    return list(zip(*rows)) if rows else []


def sorted_groups(codes: Iterable, values: np.ndarray) -> dict:
    """{code: its values sorted} for parallel sequences of codes and values."""
    return {code: group for (code,), group in sorted_groups_by([list(codes)], values).items()}


def sorted_groups_by(keys: Sequence[Sequence], values: np.ndarray) -> dict[tuple, np.ndarray]:
    """{(key, ...): its values sorted} for parallel key columns and values (a day and a code, say).
    Each column is factorised on its own and the numbers combined, so a million rows group in
    integer arithmetic, not as tuples (a column already of numbers, a numpy array, is factorised
    as it is)."""
    if not len(values):
        return {}
    combined, uniques = np.zeros(len(values), dtype=np.int64), []
    for key in keys:
        numbers, found = pd.factorize(key if isinstance(key, np.ndarray) else pd.Series(key, dtype=object),
                                      sort=False)
        combined = combined * len(found) + numbers
        uniques.append(found)
    numbers, groups = pd.factorize(combined, sort=False)
    positions = np.unravel_index(groups, [len(found) for found in uniques])
    names = list(zip(*[found[position].tolist() for found, position in zip(uniques, positions)]))
    return dict(zip(names, _split_sorted(numbers, len(groups), values)))


def _split_sorted(numbers: np.ndarray, groups: int, values) -> list[np.ndarray]:
    """The values of each group number 0..groups-1, each sorted."""
    order = np.lexsort((values, numbers))
    counts = np.bincount(numbers, minlength=groups)
    return np.split(np.asarray(values, dtype=VALUES_DTYPE)[order], np.cumsum(counts)[:-1])


def merged_groups(parts: Iterable[Mapping]) -> dict:
    """{code: sorted values} of several such dicts (months, the period's loose days) together."""
    collected: dict = {}
    for part in parts:
        for code, values in part.items():
            collected.setdefault(code, []).append(values)
    return {code: pieces[0] if len(pieces) == 1 else np.sort(np.concatenate(pieces), kind="stable")
            for code, pieces in collected.items()}


def merged_packed(pieces: Mapping[Any, list]) -> dict:
    """{code: sorted values} of {code: [packed values, ...]} (a month's or a day's each): a code's
    bytes joined and read as one array, then sorted once (the pieces are sorted runs), not an
    array per piece: a month of days is thousands of pieces."""
    return {code: unpack(parts[0]) if len(parts) == 1 else np.sort(unpack(b"".join(parts)), kind="stable")
            for code, parts in pieces.items()}


def quantile_frame(groups: Mapping, quantiles: Mapping[str, tuple[int, int]]) -> pd.DataFrame:
    """columns code, count and one per quantile (seconds, to 0.1), by code, as percentiles_in_sql."""
    rows = [{"code": code, "count": len(values),
             **{name: round(_quantile(values, fraction), 1) for name, fraction in quantiles.items()}}
            for code, values in sorted(groups.items())]
    return pd.DataFrame(rows, columns=["code", "count", *quantiles])


def _quantile(ordered: np.ndarray, fraction: tuple[int, int]) -> float:
    """numpy's linear quantile at position (n - 1) x fraction, with integer ranks (exact)."""
    numerator, denominator = fraction
    n = len(ordered)
    low, remainder = divmod((n - 1) * numerator, denominator)
    below = float(ordered[low])
    above = float(ordered[low + 1]) if low + 1 < n else below
    return below + (above - below) * remainder / denominator


# --- heat-map cells --------------------------------------------------------------------------

CELLS_DTYPE = np.dtype("<i4")


def pack_cells(lat_cells, lon_cells, incidents) -> bytes:
    """Cells and their incidents as bytes for a heat aggregate's `cells` column (sorted by cell)."""
    cells = np.column_stack([np.asarray(column, dtype=CELLS_DTYPE) for column in (lat_cells, lon_cells, incidents)])
    return cells[np.lexsort((cells[:, 1], cells[:, 0]))].tobytes()


def unpack_cells(packed: bytes | memoryview) -> np.ndarray:
    """The (n, 3) array of lat_cell, lon_cell, incidents a `pack_cells` wrote (read-only)."""
    return np.frombuffer(packed, dtype=CELLS_DTYPE).reshape(-1, 3)


def summed_cells(arrays: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell arrays (unpack_cells) added up: lat_cell, lon_cell and incidents, one per cell."""
    arrays = [array for array in arrays if len(array)]
    if not arrays:
        return tuple(np.empty(0, dtype=np.int64) for _ in range(3))
    every = np.concatenate(arrays).astype(np.int64)
    keys = (every[:, 0] << 32) | (every[:, 1] & 0xFFFFFFFF)  # one number per cell, negative degrees too
    _keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    incidents = np.bincount(inverse.ravel(), weights=every[:, 2]).astype(np.int64)
    return every[first, 0], every[first, 1], incidents
