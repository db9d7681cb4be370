"""Beranda: the map of Surabaya's kecamatan and kelurahan."""

import dash
from dash import dcc, html

from auth.pages import ALL_PERSON_ROLES
from core.formatting import graph_config
from layouts.components.ids import Home
from layouts.components.maps import BOUNDARY_CREDITS

dash.register_page(__name__, path="/", name="Peta Wilayah", title="Peta Wilayah · Pantau", order=0,
                   roles=ALL_PERSON_ROLES)


def layout(**_query):
    return html.Div([
        html.H2("Peta wilayah Kota Surabaya", className="page-title"),
        html.Div(className="toolbar", children=[
            html.Span("Tampilkan:"),
            dcc.RadioItems(id=Home.LEVEL, value="kecamatan", inline=True, options=[
                {"label": " Kecamatan", "value": "kecamatan"},
                {"label": " Kelurahan", "value": "kelurahan"},
            ]),
        ]),
        html.Div(className="map-and-list", children=[
            html.Div(className="panel", children=[
                dcc.Graph(id=Home.MAP, style={"height": "72vh"}, config=graph_config()),
                html.P(BOUNDARY_CREDITS, className="map-note"),
            ]),
            html.Div(id=Home.DISTRICT_LIST, className="panel district-list"),
        ]),
    ])
