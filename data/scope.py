"""The viewer's scope (core.scope) as SQL conditions on a mart table.

Applied inside every query function, whatever filters the request carries. The columns a scope
filters on are the ones the table's mart declares in its domain (core.domains.Mart).
"""

from __future__ import annotations

from core.domains import mart_of_table
from core.scope import NEEDED_COLUMNS
from core.users import Viewer


def scope_conditions(table, viewer: Viewer) -> list:
    return viewer.scope.conditions(table, mart_of_table(table.name).scope_columns)


def table_answers(table, viewer: Viewer) -> bool:
    """Whether `table` carries every column the viewer's scope filters on, so that a query may
    read it instead of a finer table (an RW head's scope: the facts carry the RW, aggregates not)."""
    kind = viewer.scope.kind
    if kind in ("city", "none"):
        return True  # the city reads everything and nothing reads nothing, from any table
    columns = mart_of_table(table.name).scope_columns
    return all(k in columns and columns[k] in table.c for k in NEEDED_COLUMNS[kind])
