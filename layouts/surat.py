"""Surat: one's e-Office desk and the OPD's letters. One's counters as SRIKANDI shows them, one's
letters and, chosen one, the letter with its disposition tree (the module decides what one may
read); for an OPD's account its OPD's open letters by age, the overdue ones and the disposition
turnaround, for the city-wide roles the same per OPD."""

import dash
from dash import dash_table, dcc, html

from core.formatting import graph_config
from data.office.pages import DEFAULT_DAYS, PERIOD_DAYS
from layouts.components.ids_surat import ROLES, Surat as S
from layouts.components.office_charts import LETTER_COLUMNS

dash.register_page(__name__, path="/surat", name="Surat", title="Surat · Pantau", order=33, roles=ROLES)

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
CARD_ROW = {"gridTemplateColumns": "repeat(auto-fit, minmax(12rem, 1fr))"}
PERIODS = [{"label": f"{days} hari terakhir", "value": days} for days in PERIOD_DAYS]
DIRECTIONS = [{"label": "Semua surat", "value": "all"}, {"label": "Surat masuk", "value": "incoming"},
              {"label": "Surat keluar", "value": "outgoing"}]


def layout(**_query):
    return html.Div(id=S.PAGE, className="perencanaan surat", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Surat", id=S.TITLE, className="page-title"),
            html.Div(className="filter", children=[
                html.Label("Periode", className="filter-label"),
                dcc.Dropdown(id=S.PERIOD, options=PERIODS, value=DEFAULT_DAYS, clearable=False,
                             style={"minWidth": "12rem"}),
            ]),
        ]),
        html.Div(className="panel", children=[
            html.H3("Meja saya", className="panel-title"),
            html.P(id=S.DESK_NOTE, className="muted"),
            html.Div(id=S.COUNTERS, className="kpi-grid", style=CARD_ROW),
        ]),
        html.Div(className="tpkpm-body", children=[
            html.Div(className="panel", children=[
                html.Div(className="filter", children=[
                    html.Label("Surat saya", className="filter-label"),
                    dcc.Dropdown(id=S.DIRECTION, options=DIRECTIONS, value="all", clearable=False,
                                 style={"minWidth": "12rem"}),
                ]),
                dash_table.DataTable(
                    id=S.LETTERS, columns=LETTER_COLUMNS, data=[], page_size=15, style_as_list_view=True,
                    style_table={"overflowX": "auto"}, style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
                    style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                                "cursor": "pointer", "whiteSpace": "normal", "height": "auto"}),
            ]),
            html.Div(id=S.DETAIL, className="panel tpkpm-detail"),
        ]),
        dcc.Store(id=S.SELECTED),
        html.P(id=S.CAPTION, className="muted"),
        html.Div(id=S.CARDS, className="kpi-grid", style=CARD_ROW),
        html.Div(className="planning-top", children=[
            panel("Surat terbuka menurut umur", html.Div(id=S.AGEING)),
            panel("Arus surat harian", dcc.Graph(id=S.FLOW, config=graph_config())),
        ]),
        panel("Waktu disposisi per OPD", html.Div(id=S.TURNAROUND)),
    ])


def panel(title: str, content) -> html.Div:
    return html.Div(className="panel", children=[html.H3(title, className="panel-title"), content])
