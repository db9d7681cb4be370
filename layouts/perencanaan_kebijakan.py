"""Kebijakan: complaints as a basis for policy. Per kelurahan, the complaints of a category next to
the musrenbang works of the matching kind (flooding complaints next to drain works), on a map and
in a ranking of the kelurahan whose complaints are high and works low (data/planning/policy.py
defines the matching and the score); a click on a kelurahan lists its hotspots by category."""

from datetime import timedelta

import dash
from dash import dcc, html

from core.formatting import date_picker_props, graph_config
from data.complaints.queries import city_today
from layouts.components.ids_perencanaan import ROLES, Kebijakan as K
from layouts.components.maps import BOUNDARY_CREDITS

dash.register_page(__name__, path="/perencanaan/kebijakan", name="Peta Kebijakan",
                   title="Aduan sebagai dasar kebijakan · Pantau", order=19, roles=ROLES)

DEFAULT_DAYS = 90
GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])


def layout(**_query):
    today = city_today()
    return html.Div(id=K.PAGE, className="kebijakan", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Aduan sebagai dasar kebijakan", id=K.TITLE, className="page-title"),
        ]),
        html.Div(className="panel pengaduan-filters", children=[
            labelled("Kategori aduan", dcc.Dropdown(id=K.CATEGORY, clearable=False, style={"minWidth": "18rem"})),
            labelled("Periode aduan", dcc.DatePickerRange(
                id=K.DATES, start_date=today - timedelta(days=DEFAULT_DAYS - 1), end_date=today,
                max_date_allowed=today, **date_picker_props("range"))),
            labelled("Tahun musrenbang", dcc.Dropdown(id=K.YEARS, multi=True, placeholder="Semua tahun")),
        ]),
        html.P(id=K.CAPTION, className="muted"),
        html.Div(className="map-and-list", children=[
            html.Div(className="panel", children=[
                dcc.Graph(id=K.MAP, style={"height": "68vh"}, config=GRAPH_CONFIG),
                html.P(f"Klik kelurahan untuk melihat aduannya per kategori. {BOUNDARY_CREDITS}", className="map-note"),
            ]),
            html.Div(className="panel district-list", children=[
                html.H3("Aduan tinggi, karya rendah", className="panel-title"),
                html.Div(id=K.RANKING),
            ]),
        ]),
        html.Div(id=K.PROFILE, className="panel"),
    ])


def labelled(label: str, control) -> html.Div:
    return html.Div(className="filter", children=[html.Label(label, className="filter-label"), control])
