"""Insiden: the live map and list of active incidents (every five seconds: units move), the
drill-down from a map point or a row into one incident, and an agency representative's status
updates of his own units. Every callback checks the role; data/incident_desk.py asks the
incidents module with the viewer, which decides what he may see and do."""

from __future__ import annotations

from datetime import datetime, timezone

from dash import Input, Output, State, ctx, no_update

import geo
from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import incident_desk as desk
from layouts.components import desk as desk_builders
from layouts.components import incident_builders as builders
from layouts.components.ids_insiden import ROLES, Insiden as I

HIDDEN, SHOWN = {"display": "none"}, {}
UNIT_ROLES = ("opd", "operator", "admin")  # who reports a unit's status here


@callback(Output(I.CATEGORY, "options"), Output(I.PRIORITY, "options"), Output(I.AGENCY, "options"),
          Output(I.UNIT_PANEL, "style"), Output(I.UNIT_STATUS, "options"), Input(I.PAGE, "id"), roles=ROLES)
def set_up(_page):
    viewer = require_viewer(ROLES)
    services = current_services()
    agencies = desk.agency_names(services)
    fleet = desk.fleet_agencies(services)
    return (desk.category_options(services), [{"label": name, "value": p} for p, name in builders.PRIORITY_NAMES.items()],
            [{"label": agencies.get(code, code), "value": code} for code in fleet],
            SHOWN if viewer.role in UNIT_ROLES else HIDDEN,
            [{"label": label, "value": status} for status, label in desk.FIELD_STATUSES.items()])


@callback(Output(I.MAP, "figure"), Output(I.LIST, "data"), Output(I.CAPTION, "children"), Output(I.UNIT, "options"),
          Input(I.TICK, "n_intervals"), Input(I.CATEGORY, "value"), Input(I.PRIORITY, "value"),
          Input(I.AGENCY, "value"), Input(I.DONE, "data"), roles=ROLES)
def show_live(_tick, categories, priorities, agencies, _done):
    viewer = require_viewer(ROLES)
    services = current_services()
    now = datetime.now(timezone.utc)
    incidents, units = desk.live_picture(services, viewer, _codes(categories), _codes(priorities), _codes(agencies), now)
    figure = builders.live_map(incidents, units, geo.asset_url("kecamatan"), services.settings.map,
                               geo.centroids("kecamatan"))
    late = int(incidents["breach"].sum()) if not incidents.empty else 0
    caption = (f"{len(incidents)} insiden aktif, {late} lewat janji 7 menit tanpa unit di lokasi · "
               f"{(units['status'] == 'available').sum() if not units.empty else 0} unit siaga dari {len(units)}")
    return figure, builders.list_rows(incidents, now), caption, desk.own_units(services, viewer)


@callback(Output(I.SELECTED, "data"), Output(I.MAP, "clickData"), Input(I.MAP, "clickData"),
          Input(I.LIST, "active_cell"), State(I.LIST, "data"), prevent_initial_call=True, roles=ROLES)
def select(click, cell, rows):
    """The incident of the map point or the list row clicked (an outline or a unit: nothing)."""
    require_viewer(ROLES)
    if ctx.triggered_id == I.MAP:
        point = (click or {}).get("points", [{}])[0] if isinstance(click, dict) else {}
        number = point.get("customdata") if isinstance(point, dict) else None
        return (number, None) if isinstance(number, str) else (no_update, None)
    row = cell.get("row") if isinstance(cell, dict) else None
    if isinstance(row, int) and isinstance(rows, list) and 0 <= row < len(rows):
        return rows[row].get("number"), no_update
    return no_update, no_update


@callback(Output(I.DETAIL, "children"), Input(I.SELECTED, "data"), Input(I.TICK, "n_intervals"),
          Input(I.DONE, "data"), prevent_initial_call=True, roles=ROLES)
def show_detail(number, _tick, _done):
    viewer = require_viewer(ROLES)
    return builders.incident_detail(desk.detail(current_services(), viewer, number))


@callback(Output(I.MESSAGE, "children"), Output(I.DONE, "data"), Input(I.UNIT_SEND, "n_clicks"),
          State(I.UNIT, "value"), State(I.UNIT_STATUS, "value"), State(I.DONE, "data"),
          prevent_initial_call=True, roles=UNIT_ROLES)
def report_status(_clicks, unit_code, status, done):
    viewer = require_viewer(UNIT_ROLES)
    ok, text = desk.report_status(current_services(), viewer, _text(unit_code), _text(status))
    return desk_builders.message(ok, text), (done or 0) + (1 if ok else 0)


def _codes(values) -> list:
    return [v for v in values if isinstance(v, (str, int)) and not isinstance(v, bool)] if isinstance(values, list) else []


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None
