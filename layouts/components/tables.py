"""Plain HTML tables of the analytical pages (Sipandu, Kinerja, Surat): rows of text and counts,
and the note of a list cut short."""

from __future__ import annotations

from dash import html

from core import formatting


def table(headers: tuple[str, ...], rows: list[list]) -> html.Table:
    """Rows of cells: text as it is, a count (number_cell) right-aligned."""
    return html.Table(className="planning-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in headers])),
        html.Tbody([html.Tr([value if isinstance(value, html.Td) else html.Td(value) for value in row])
                    for row in rows])])


def number_cell(value) -> html.Td:
    return html.Td(formatting.count(value), className="num")


def more_text(total: int, shown: int) -> str:
    """What a list of `total` rows says when it shows only the first `shown`."""
    return f" (ditampilkan {shown} teratas)" if total > shown else ""
