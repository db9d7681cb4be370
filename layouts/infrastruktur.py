"""Infrastruktur: cameras, network and data-centre devices by state on a map (filters by kind and
state), the faults now (one card per root cause, opened to the devices it hides), current
outages with their age, the blind-spot map of camera availability per kelurahan, one device's
detail (a click on a map point or a row) and the vendor SLA report for a period with its XLSX."""

import dash
from dash import dash_table, dcc, html

from core.clock import city_today
from core.formatting import date_picker_props, graph_config
from layouts.components import infra_builders as builders
from layouts.components.ids_infrastruktur import REFRESH_MS, ROLES, SLA_XLSX_PATH, Infrastruktur as I

dash.register_page(__name__, path="/infrastruktur", name="Infrastruktur", title="Infrastruktur · Pantau", order=17,
                   roles=ROLES)

TABLE_CELL = {"textAlign": "left", "padding": "6px 8px", "cursor": "pointer"}


def layout(**_query):
    return html.Div(id=I.PAGE, className="infra", children=[
        html.Div(className="infra-head", children=[
            html.H2("Infrastruktur", className="page-title"),
            html.P(id=I.CAPTION, className="muted"),
        ]),
        html.Div(className="panel infra-filters", children=[
            dcc.Dropdown(id=I.KIND, multi=True, placeholder="Semua jenis perangkat", options=builders.kind_options()),
            dcc.Dropdown(id=I.STATE, multi=True, placeholder="Semua status", options=builders.state_options()),
        ]),
        html.Div(className="infra-body", children=[
            html.Div(className="panel infra-map-panel", children=[
                dcc.Graph(id=I.MAP, className="infra-map", config=graph_config(scrollZoom=True)),
                html.P("Titik: perangkat berwarna menurut statusnya. Klik titik untuk detail.", className="muted"),
            ]),
            html.Div(className="infra-side", children=[
                html.Div(className="panel", children=[
                    html.H3("Gangguan saat ini", className="panel-title"),
                    html.Div(id=I.FAULTS),
                ]),
                html.Div(id=I.DETAIL, className="panel infra-detail", children=html.P(builders.NO_DEVICE,
                                                                                      className="muted")),
            ]),
        ]),
        html.Div(className="panel", children=[
            html.H3("Perangkat bermasalah (terlama di atas)", className="panel-title"),
            dash_table.DataTable(id=I.OUTAGES, columns=builders.OUTAGE_COLUMNS, data=[], page_size=12,
                                 style_as_list_view=True, style_cell=TABLE_CELL),
        ]),
        period_row(),
        html.Div(className="infra-period", children=[
            html.Div(className="panel infra-blind-panel", children=[
                html.H3("Titik buta: ketersediaan kamera per kelurahan", className="panel-title"),
                dcc.Graph(id=I.BLIND_SPOTS, className="infra-blind-map", config=graph_config(scrollZoom=True)),
                html.P("Waktu pemeliharaan dan tak terjangkau tidak dihitung.", className="muted"),
            ]),
            html.Div(className="panel infra-sla-panel", children=[
                html.H3("SLA vendor", className="panel-title"),
                dash_table.DataTable(id=I.SLA, columns=builders.SLA_COLUMNS, data=[], page_size=12,
                                     style_as_list_view=True, style_cell={**TABLE_CELL, "cursor": "default"}),
                html.A("Unduh laporan SLA (XLSX)", id=I.SLA_DOWNLOAD, href=SLA_XLSX_PATH, className="button"),
            ]),
        ]),
        dcc.Store(id=I.SELECTED),
        dcc.Store(id=I.MAP_DRAWN),
        dcc.Interval(id=I.TICK, interval=REFRESH_MS),
    ])


def period_row():
    today = city_today()
    return html.Div(className="panel infra-filters", children=[
        html.Label("Periode titik buta dan SLA", className="filter-label"),
        dcc.DatePickerRange(id=I.DATES, start_date=today.replace(day=1), end_date=today, max_date_allowed=today,
                            **date_picker_props("range")),
    ])
