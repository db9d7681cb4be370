"""Sipandu: the non-permanent residents of the viewer's area, in aggregates. Where they live now
(per kelurahan on the map, per RW inside a kelurahan), the weekly flow, where they come from and
why, how many were reported within 24 hours, the kelurahan's verification backlog, and the gaps:
RTs that recorded nothing and boarding houses nobody is recorded at. No record, NIK or name."""

import dash
from dash import dcc, html

from core.formatting import graph_config
from data.sipandu.pages import DEFAULT_WEEKS, PERIOD_WEEKS
from layouts.components.ids_sipandu import ROLES, Sipandu as S

dash.register_page(__name__, path="/sipandu", name="Sipandu", title="Sipandu · Pantau", order=22, roles=ROLES)

GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])
CARD_ROW = {"gridTemplateColumns": "repeat(auto-fit, minmax(14rem, 1fr))"}  # three cards side by side
PERIODS = [{"label": f"{weeks} minggu terakhir", "value": weeks} for weeks in PERIOD_WEEKS]


def layout(**_query):
    return html.Div(id=S.PAGE, className="perencanaan sipandu-analisis", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Sipandu: penduduk non-permanen", id=S.TITLE, className="page-title"),
            html.Div(className="filter", children=[
                html.Label("Periode", className="filter-label"),
                dcc.Dropdown(id=S.PERIOD, options=PERIODS, value=DEFAULT_WEEKS, clearable=False,
                             style={"minWidth": "12rem"}),
            ]),
        ]),
        html.P(id=S.CAPTION, className="muted"),
        html.Div(id=S.CARDS, className="kpi-grid", style=CARD_ROW),
        html.Div(className="map-and-list", children=[
            html.Div(className="panel", children=[
                html.H3("Pendatang yang tinggal sekarang", className="panel-title"),
                dcc.Graph(id=S.MAP, style={"height": "60vh"}, config=GRAPH_CONFIG),
                html.P(id=S.MAP_NOTE, className="map-note"),
            ]),
            html.Div(id=S.AREAS, className="panel district-list"),
        ]),
        html.Div(className="planning-top", children=[
            panel("Arus mingguan: datang, pindah, habis masa tinggal", dcc.Graph(id=S.TREND, config=GRAPH_CONFIG)),
            html.Div(className="panel", children=[
                html.H3("Keperluan dan ketepatan lapor", className="panel-title"),
                html.Div(id=S.TIMELINESS),
                dcc.Graph(id=S.PURPOSES, config=GRAPH_CONFIG),
            ]),
        ]),
        html.Div(className="planning-top", children=[
            panel("Daerah asal (kabupaten/kota)", dcc.Graph(id=S.ORIGINS, config=GRAPH_CONFIG)),
            html.Div(className="panel", children=[
                html.H3("Provinsi asal", className="panel-title"),
                dcc.Graph(id=S.ORIGIN_MAP, style={"height": "24rem"}, config=GRAPH_CONFIG),
                html.P("Satu lingkaran per provinsi asal, digambar di ibu kota provinsinya (koordinat perkiraan): "
                       "daerah asal dicatat per kabupaten/kota, yang belum punya koordinat di Pantau. Pendatang "
                       "dari Jawa Timur digambar di Surabaya.", className="map-note"),
            ]),
        ]),
        html.Div(id=S.BACKLOG, className="panel planning-proposals"),
        html.Div(className="planning-top", children=[
            html.Div(id=S.SILENT, className="panel planning-proposals"),
            html.Div(id=S.KOS, className="panel planning-proposals"),
        ]),
    ])


def panel(title: str, content) -> html.Div:
    return html.Div(className="panel", children=[html.H3(title, className="panel-title"), content])
