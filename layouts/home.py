"""Beranda: the city (or the viewer's own area) now: each domain's figures of today, and the map
of open complaints per district."""

import dash
from dash import dcc, html

from auth.pages import ALL_PERSON_ROLES
from core.domains import declaring
from core.formatting import graph_config
from layouts.components.ids import Home
from layouts.components.maps import BOUNDARY_CREDITS

dash.register_page(__name__, path="/", name="Peta Wilayah", title="Peta Wilayah · Pantau", order=0,
                   roles=ALL_PERSON_ROLES)

REFRESH_SECONDS = 30


def layout(**_query):
    return html.Div(className="home", children=[
        html.H2("Kota Surabaya hari ini", id=Home.TITLE, className="page-title"),
        dcc.Interval(id=Home.REFRESH, interval=REFRESH_SECONDS * 1000),
        html.Div(id=Home.TODAY, className="home-today", children=[
            html.Div(id=Home.section(domain.name), className="home-today-section") for domain in declaring("today")
        ]),
        html.Div(className="toolbar", children=[
            html.Span("Peta per:"),
            dcc.RadioItems(id=Home.LEVEL, value="kecamatan", inline=True, options=[
                {"label": " Kecamatan", "value": "kecamatan"},
                {"label": " Kelurahan", "value": "kelurahan"},
            ]),
        ]),
        html.Div(className="map-and-list", children=[
            html.Div(className="panel", children=[
                html.P(id=Home.MAP_CAPTION, className="map-caption"),
                dcc.Graph(id=Home.MAP, style={"height": "72vh"}, config=graph_config()),
                html.P(BOUNDARY_CREDITS, className="map-note"),
            ]),
            html.Div(id=Home.DISTRICT_LIST, className="panel district-list"),
        ]),
    ])
