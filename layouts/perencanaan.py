"""Perencanaan: the musrenbang round of a year, from proposal to plan. The funnel of its stages, the
drill-down from the city to a kecamatan, its kelurahan and their single proposals (each linking to
its public page), the reasons for rejection, and the share of the APBD that traces back to
musrenbang. A camat starts in his kecamatan, a lurah in his kelurahan, and neither drills out."""

import dash
from dash import dcc, html

from core.formatting import graph_config
from layouts.components.ids_perencanaan import ROLES, Perencanaan as P

dash.register_page(__name__, path="/perencanaan", name="Perencanaan", title="Perencanaan · Pantau", order=18,
                   roles=ROLES)

GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])


def layout(**_query):
    return html.Div(id=P.PAGE, className="perencanaan", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Perencanaan: dari usulan musrenbang ke rencana kerja", id=P.TITLE, className="page-title"),
            html.Div(className="filter", children=[
                html.Label("Tahun musrenbang", className="filter-label"),
                dcc.Dropdown(id=P.YEAR, clearable=False, style={"minWidth": "9rem"}),
            ]),
            dcc.Link("Peta kebijakan: aduan dan karya →", href="/perencanaan/kebijakan", className="button secondary"),
        ]),
        html.P(id=P.CAPTION, className="muted"),
        html.Div(className="planning-top", children=[
            html.Div(className="panel", children=[
                html.H3("Tahapan usulan (klik tahap untuk memilihnya)", className="panel-title"),
                dcc.Graph(id=P.FUNNEL, config=GRAPH_CONFIG),
            ]),
            html.Div(className="panel planning-share", children=[
                html.H3("Porsi APBD dari musrenbang", className="panel-title"),
                html.Div(id=P.SHARE),
            ]),
        ]),
        html.Div(className="panel", children=[
            html.Div(className="map-toolbar", children=[
                html.Span(id=P.BREADCRUMB, className="map-caption"),
                html.Button("← Kembali", id=P.BACK, className="button secondary", style={"display": "none"}),
            ]),
            dcc.Graph(id=P.AREA, config=GRAPH_CONFIG),
            html.P("Klik batang kecamatan untuk melihat kelurahannya, lalu kelurahan untuk melihat usulannya. "
                   "Persentase diterima: dari usulan yang sudah diputus kecamatan.", className="map-note"),
        ]),
        html.Div(id=P.PROPOSALS, className="panel planning-proposals"),
        html.Div(className="panel", children=[
            html.H3("Alasan penolakan", className="panel-title"),
            dcc.Graph(id=P.REJECTIONS, config=GRAPH_CONFIG),
        ]),
        dcc.Store(id=P.DRILL),
    ])
