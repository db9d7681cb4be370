"""Anggaran: budget absorption as an S-curve (cumulative realisation / ceiling by month) against the
years before, physical against financial progress per OPD with a drill-down to its sub kegiatan,
and the budget lines lagging behind the time elapsed. Filters: the budget year and the OPD (an OPD
user reads his own only). Every figure comes from callbacks/anggaran.py."""

import dash
from dash import dash_table, dcc, html

from core.formatting import graph_config
from layouts.components.ids_anggaran import ROLES, Anggaran as A

dash.register_page(__name__, path="/anggaran", name="Anggaran", title="Anggaran · Pantau", order=40, roles=ROLES)

GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
LAGGING_COLUMNS = [
    {"name": "OPD", "id": "opd"}, {"name": "Sub kegiatan", "id": "sub_kegiatan_code"},
    {"name": "Kode rekening", "id": "account_code"}, {"name": "Uraian", "id": "account_name"},
    {"name": "Pagu", "id": "ceiling"}, {"name": "Realisasi", "id": "paid"}, {"name": "Keuangan", "id": "financial"},
    {"name": "Fisik", "id": "physical"}, {"name": "Waktu berjalan", "id": "elapsed"},
    {"name": "Tertinggal", "id": "lagging"},
]


def layout(**_query):
    return html.Div(id=A.PAGE, className="analisis anggaran", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Anggaran: serapan dan progres", className="page-title"),
            html.Div(className="filters", children=[
                html.Label("Tahun anggaran", htmlFor=A.YEAR, className="filter-label"),
                dcc.Dropdown(id=A.YEAR, clearable=False, searchable=False, style={"minWidth": "8rem"}),
                html.Label("OPD", htmlFor=A.OPD, className="filter-label"),
                dcc.Dropdown(id=A.OPD, placeholder="Seluruh OPD", style={"minWidth": "16rem"}),
            ]),
        ]),
        html.P(id=A.CAPTION, className="muted"),
        html.Div(className="pengaduan-charts", children=[
            chart("Serapan anggaran kumulatif (kurva S) dibanding tahun sebelumnya", A.CURVE),
            chart("Progres fisik dan keuangan per OPD (klik titik untuk rincian)", A.PROGRESS),
            html.Div(className="panel", children=[html.H3(id=A.SUBS_TITLE, className="panel-title"),
                                                  dcc.Graph(id=A.SUBS, config=GRAPH_CONFIG)]),
        ]),
        html.Div(className="panel", children=[
            html.H3("Rekening yang tertinggal dari waktu berjalan", className="panel-title"),
            html.P(id=A.LAGGING_CAPTION, className="muted"),
            dash_table.DataTable(
                id=A.LAGGING, columns=LAGGING_COLUMNS, data=[], page_size=15, style_as_list_view=True,
                style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
                style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                            "whiteSpace": "normal", "height": "auto"}),
        ]),
    ])


def chart(title: str, graph_id: str) -> html.Div:
    return html.Div(className="panel", children=[html.H3(title, className="panel-title"),
                                                 dcc.Graph(id=graph_id, config=GRAPH_CONFIG)])
