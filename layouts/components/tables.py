"""Plain HTML tables of the analytical pages (Sipandu, Kinerja, Surat): rows of text and counts,
and the note of a list cut short."""

from __future__ import annotations

from dash import html

from core import formatting
from layouts.components import plain_html


def table(headers: tuple[str, ...], rows: list[list]) -> html.Table:
    """Rows of cells: text as it is, a count (number_cell) right-aligned; the rows as plain
    elements (layouts/components/plain_html.py)."""
    return html.Table(className="planning-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in headers])),
        html.Tbody([plain_html.row([value if plain_html.is_element(value, "Td") or isinstance(value, html.Td)
                                    else plain_html.cell(value) for value in row])
                    for row in rows])])


def number_cell(value) -> dict:
    return plain_html.cell(formatting.count(value), "num")


def more_text(total: int, shown: int) -> str:
    """What a list of `total` rows says when it shows only the first `shown`."""
    return f" (ditampilkan {shown} teratas)" if total > shown else ""
