"""Beranda: draws the district map and the list of districts for the chosen level."""

from dash import Input, Output, html

import geo
from auth.pages import ALL_PERSON_ROLES
from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from layouts.components.ids import Home
from layouts.components.maps import district_map


@callback(Output(Home.MAP, "figure"), Output(Home.DISTRICT_LIST, "children"), Input(Home.LEVEL, "value"),
          roles=ALL_PERSON_ROLES)
def show_districts(level: str):
    require_viewer(ALL_PERSON_ROLES)
    level = level if level in geo.LEVELS else "kecamatan"
    districts = geo.centroids(level).sort_values("name")
    figure = district_map(level, districts, geo.asset_url(level), current_services().settings.map)
    return figure, district_table(level, districts)


def district_table(level: str, districts):
    title = f"{len(districts)} {level}"
    return [html.H3(title), html.Table([
        html.Tbody([html.Tr(html.Td(name, className="district-name")) for name in districts["name"]])
    ])]
