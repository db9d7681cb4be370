"""Beranda: each registered domain's section of today (Domain.today) for the viewer's area, each its
own request, and the live map of open complaints per district, the districts outside the viewer's
area greyed."""

from __future__ import annotations

from dash import MATCH, Input, Output, State

import geo
from auth.pages import ALL_PERSON_ROLES
from callbacks._access import require_viewer
from callbacks._input import domain_part
from callbacks._register import callback
from core.services import current_services
from data.areas import OUTSIDE, Area, area_of, district_bounds
from data.complaints import queries
from layouts.components import home_today
from layouts.components.complaint_charts import view_for_bounds
from layouts.components.ids import Home
from layouts.components.maps import open_complaints_map


@callback(Output(Home.TITLE, "children"), Input(Home.REFRESH, "n_intervals"), roles=ALL_PERSON_ROLES)
def show_title(_tick):
    viewer = require_viewer(ALL_PERSON_ROLES)
    return f"{area_of(current_services(), viewer).name} hari ini"


# Each domain's section is its own request (one per section the layout placed, all sent at once):
# a slow domain delays only its own section, and each is measured against its own domain's baselines.
@callback(Output(Home.section(MATCH), "children"), Input(Home.REFRESH, "n_intervals"),
          State(Home.section(MATCH), "id"), roles=ALL_PERSON_ROLES)
def show_section(_tick, section: dict):
    viewer = require_viewer(ALL_PERSON_ROLES)
    return domain_part(section, "today", Home.SECTION)(current_services(), viewer)


@callback(Output(Home.MAP, "figure"), Output(Home.DISTRICT_LIST, "children"), Output(Home.MAP_CAPTION, "children"),
          Input(Home.LEVEL, "value"), Input(Home.REFRESH, "n_intervals"), roles=ALL_PERSON_ROLES)
def show_districts(level: str, _tick):
    viewer = require_viewer(ALL_PERSON_ROLES)
    services = current_services()
    level = level if level in geo.LEVELS else "kecamatan"
    area = area_of(services, viewer)
    counts = queries.open_by_district(services, viewer, level)
    labels = geo.centroids(level)  # every district of the map, with or without data in the warehouse yet
    summary = labels[["code", "name"]].merge(counts[["code", "open"]], on="code", how="left").fillna({"open": 0})
    inside = summary["code"].isin(area.inside(level, summary["code"]))
    mine, outside = summary[inside], summary.loc[~inside, ["code", "name"]]
    bounds = area_view(area, level)
    figure = open_complaints_map(mine, level, geo.asset_url(level), services.settings.map, labels,
                                 outside, view=view_for_bounds(bounds) if bounds else None)
    caption = f"Aduan masih terbuka per {level} · {area.name}" + (f" · {area.note}" if area.note else "") \
        + (f" · abu-abu: {OUTSIDE}" if not outside.empty else "")
    return figure, home_today.district_table(level, mine, len(outside)), caption


def area_view(area: Area, level: str) -> tuple[float, float, float, float] | None:
    """Where the map opens: the viewer's own district of the map's level (his kelurahan on a
    kelurahan map, its kecamatan on a kecamatan map); the city for the city and an OPD."""
    if level == "kelurahan" and area.kelurahan_code:
        return district_bounds("kelurahan", area.kelurahan_code)
    return district_bounds("kecamatan", area.kecamatan_code) if area.kecamatan_code else None
