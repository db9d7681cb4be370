"""Builders of the landing page (`/`): a section per domain with today's figures and a short list,
and the table of districts beside the map. Pure functions of plain values and frames."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layouts.components.plain_figures import values


def number(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def today_section(key: str, title: str, figures: list[tuple[str, int, str]], rows: list[list[str]],
                  columns: list[str], link: tuple[str, str] | None = None, empty: str = "",
                  note: str = "") -> html.Section:
    """One domain's section: figures (label, value, tone: '' | 'is-alarm' | 'is-warn'), a short
    table (`rows` under `columns`, or `empty` when there are none) and a link to its page."""
    return html.Section(className="panel home-section", id=f"home-section-{key}", children=[
        html.Div(className="home-section-head", children=[
            html.H3(title, className="panel-title"),
            *([dcc.Link(link[0], href=link[1], className="home-section-link")] if link else []),
        ]),
        *([html.P(note, className="muted home-section-note")] if note else []),
        html.Div(className="home-figures", children=[
            html.Div(className=f"home-figure {tone}".strip(), **{"data-figure": label}, children=[
                html.Span(number(value), className="home-figure-value"),
                html.Span(label, className="home-figure-label"),
            ]) for label, value, tone in figures
        ]),
        table(rows, columns) if rows else html.P(empty, className="muted"),
    ])


def unreadable_section(key: str, title: str, reason: str) -> html.Section:
    """A domain whose data the viewer's area cannot be read from (e.g. complaints for an RW): said,
    not shown as zeros."""
    return html.Section(className="panel home-section", id=f"home-section-{key}", children=[
        html.H3(title, className="panel-title"), html.P(reason, className="home-section-note"),
    ])


def table(rows: list[list[str]], columns: list[str]) -> html.Table:
    return html.Table(className="ranking-table home-table", children=[
        html.Thead(html.Tr([html.Th(c) for c in columns])),
        html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
    ])


def district_table(level: str, summary: pd.DataFrame, outside_count: int) -> list:
    """The districts of the viewer's area, most open complaints first (`summary`: name, open)."""
    ordered = summary.sort_values(["open", "name"], ascending=[False, True])
    total = int(summary["open"].sum()) if not summary.empty else 0
    head = f"{len(summary)} {level} · {number(total)} aduan masih terbuka"
    rows = [html.Tr([html.Td(name, className="district-name"), html.Td(number(count), className="num")])
            for name, count in zip(ordered["name"], values(ordered["open"]))]
    return [html.H3(head), html.Table([html.Thead(html.Tr([html.Th(level.capitalize()), html.Th("Terbuka", className="num")])),
                                      html.Tbody(rows)]),
            *([html.P(f"{outside_count} {level} lain di luar wilayah Anda (abu-abu di peta).", className="muted")]
              if outside_count else [])]
