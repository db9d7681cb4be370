"""The viewer's scope (core.scope) as SQL conditions on a mart table.

Applied inside every query function, whatever filters the request carries. The columns a scope
filters on are the ones the table's mart declares in its domain (core.domains.Mart).
"""

from __future__ import annotations

from core.domains import mart_of_table
from core.users import Viewer


def scope_conditions(table, viewer: Viewer) -> list:
    return viewer.scope.conditions(table, mart_of_table(table.name).scope_columns)
