"""Kinerja: how the city's (or the viewer's OPD's) staff report their work, in aggregates. Reporting
compliance per OPD and working day, approved minutes against the daily target, the supervisors'
approval backlog, the share of activities backed by cases and the quarterly score distributions.
No person's name or line: one's own activities are on /kinerja/aktivitas."""

import dash
from dash import dcc, html

from core.formatting import graph_config
from data.kinerja.pages import DEFAULT_DAYS, PERIOD_DAYS
from layouts.components.ids_kinerja import ROLES, Kinerja as K

dash.register_page(__name__, path="/kinerja", name="Kinerja", title="Kinerja · Pantau", order=30, roles=ROLES)

GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])
CARD_ROW = {"gridTemplateColumns": "repeat(auto-fit, minmax(14rem, 1fr))"}
PERIODS = [{"label": f"{days} hari kerja terakhir", "value": days} for days in PERIOD_DAYS]


def layout(**_query):
    return html.Div(id=K.PAGE, className="perencanaan kinerja-analisis", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Kinerja pegawai", id=K.TITLE, className="page-title"),
            html.Div(className="filter", children=[
                html.Label("Periode", className="filter-label"),
                dcc.Dropdown(id=K.PERIOD, options=PERIODS, value=DEFAULT_DAYS, clearable=False,
                             style={"minWidth": "12rem"}),
            ]),
        ]),
        html.P(id=K.CAPTION, className="muted"),
        html.Div(id=K.CARDS, className="kpi-grid", style=CARD_ROW),
        panel("Kepatuhan lapor harian (% pegawai aktif yang melapor)",
              dcc.Graph(id=K.HEATMAP, config=GRAPH_CONFIG)),
        html.Div(className="planning-top", children=[
            panel("Menit disetujui per pegawai per hari kerja", dcc.Graph(id=K.MINUTES, config=GRAPH_CONFIG)),
            panel("Aktivitas yang terhubung dengan kasus", dcc.Graph(id=K.LINKED, config=GRAPH_CONFIG)),
        ]),
        html.Div(id=K.BACKLOG, className="panel planning-proposals"),
        html.Div(className="planning-top", children=[
            panel("Sebaran predikat per triwulan", dcc.Graph(id=K.BANDS, config=GRAPH_CONFIG)),
            panel("Sebaran nilai akhir", dcc.Graph(id=K.HISTOGRAM, config=GRAPH_CONFIG)),
        ]),
    ])


def panel(title: str, content) -> html.Div:
    return html.Div(className="panel", children=[html.H3(title, className="panel-title"), content])
