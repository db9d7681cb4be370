"""Insiden: the live map of active incidents and units (moving), filters, and the drill-down from a
map point or a list row into one incident: its timeline, units with their clocks, the calls behind
it, cameras and notes. An agency representative updates his own agency's units here."""

import dash
from dash import dash_table, dcc, html

from core.formatting import graph_config
from layouts.components.ids_insiden import REFRESH_MS, ROLES, Insiden as I

dash.register_page(__name__, path="/insiden", name="Insiden 112", title="Insiden 112 · Pantau", order=14, roles=ROLES)

LIST_COLUMNS = [{"id": "number", "name": "Nomor"}, {"id": "category", "name": "Kategori"},
                {"id": "priority", "name": "Prioritas"}, {"id": "status", "name": "Status"},
                {"id": "age", "name": "Sejak laporan"}, {"id": "place", "name": "Lokasi"}]


def layout(**_query):
    return html.Div(id=I.PAGE, className="insiden", children=[
        html.Div(className="insiden-head", children=[
            html.H2("Insiden 112 aktif", className="page-title"),
            html.P(id=I.CAPTION, className="muted"),
        ]),
        html.Div(className="panel insiden-filters", children=[
            dcc.Dropdown(id=I.CATEGORY, multi=True, placeholder="Semua kategori"),
            dcc.Dropdown(id=I.PRIORITY, multi=True, placeholder="Semua prioritas"),
            dcc.Dropdown(id=I.AGENCY, multi=True, placeholder="Semua instansi"),
        ]),
        html.Div(className="insiden-body", children=[
            html.Div(className="panel insiden-map-panel", children=[
                dcc.Graph(id=I.MAP, className="insiden-map", config=graph_config(scrollZoom=True)),
                html.P("Titik besar: insiden (merah: lewat 7 menit tanpa unit di lokasi, jingga: menunggu, "
                       "hijau: unit di lokasi) · titik kecil: unit, warna per instansi. Klik titik untuk detail.",
                       className="muted"),
            ]),
            html.Div(className="insiden-side", children=[
                html.Div(id=I.DETAIL, className="panel insiden-detail",
                         children=html.P("Pilih satu insiden di peta atau di daftar.", className="muted")),
                html.Div(id=I.UNIT_PANEL, className="panel insiden-units", style={"display": "none"}, children=[
                    html.H3("Status unit instansi Anda", className="panel-title"),
                    dcc.Dropdown(id=I.UNIT, placeholder="Unit"),
                    dcc.Dropdown(id=I.UNIT_STATUS, placeholder="Status baru"),
                    html.Button("Kirim status", id=I.UNIT_SEND, className="button"),
                    html.Div(id=I.MESSAGE, role="status"),
                ]),
            ]),
        ]),
        html.Div(className="panel", children=[
            html.H3("Daftar insiden aktif", className="panel-title"),
            dash_table.DataTable(id=I.LIST, columns=LIST_COLUMNS, data=[], page_size=12, style_as_list_view=True,
                                 style_cell={"textAlign": "left", "padding": "6px 8px", "cursor": "pointer"}),
        ]),
        dcc.Store(id=I.SELECTED), dcc.Store(id=I.DONE, data=0),
        dcc.Interval(id=I.TICK, interval=REFRESH_MS),
    ])
