"""Analisis 112: response-time percentiles (P50 and P90, never means) by agency, kecamatan,
category and hour; where incidents happen (heat map); the 7-minute promise per day; the share of
prank calls; how busy each agency's units are."""

from datetime import timedelta

import dash
from dash import dcc, html

from core.formatting import date_picker_props, graph_config
from core.periods import DEFAULT_PERIOD_DAYS
from data.complaints.queries import city_today
from layouts.components.ids_insiden import ANALYSIS_ROLES, Analisis as A

dash.register_page(__name__, path="/insiden/analisis", name="Analisis 112", title="Analisis 112 · Pantau", order=16,
                   roles=ANALYSIS_ROLES)

GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])


def layout(**_query):
    today = city_today()
    return html.Div(id=A.PAGE, className="analisis", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Analisis Command Center 112", className="page-title"),
            dcc.DatePickerRange(id=A.DATES, start_date=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end_date=today,
                                max_date_allowed=today, **date_picker_props("range")),
        ]),
        html.P(id=A.CAPTION, className="muted"),
        html.Div(className="pengaduan-charts", children=[
            chart("Waktu respons per instansi (P50, P90)", A.BY_AGENCY),
            chart("Kepatuhan janji 7 menit per hari", A.COMPLIANCE),
            chart("Waktu respons per kecamatan (P50, P90)", A.BY_KECAMATAN),
            chart("Waktu respons per kategori (P50, P90)", A.BY_CATEGORY),
            chart("Waktu respons per jam (P50, P90)", A.BY_HOUR),
            chart("Peta panas insiden", A.HEAT),
            chart("Panggilan iseng per hari", A.PRANK),
            chart("Keterpakaian unit per instansi", A.UTILISATION),
        ]),
    ])


def chart(title: str, graph_id: str) -> html.Div:
    return html.Div(className="panel", children=[html.H3(title, className="panel-title"),
                                                 dcc.Graph(id=graph_id, config=GRAPH_CONFIG)])
