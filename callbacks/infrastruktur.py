"""Infrastruktur: the devices' map, the faults and current outages (every REFRESH_MS: states
change as the prober reports), the blind-spot map and the vendor SLA table for the period, and one
device's detail from a map point or an outage row. Every callback checks the role; data/ applies
the viewer's scope (an OPD sees its own devices, a camat or a lurah those in his district)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from dash import Input, Output, State, ctx, no_update

import geo
from callbacks._access import require_viewer
from callbacks._input import day_or_none
from callbacks._register import callback
from core.clock import city_today, minute_now
from core.services import current_services
from data import infrastructure_live as live
from data.areas import area_bounds, area_of
from data.cache import drawn_version, kept_drawn
from data.infrastructure import queries
from data.infrastructure.queries import InfraFilters
from data.infrastructure.tables import DEVICES_MART, OUTAGES_MART
from layouts.components import infra_builders as builders
from layouts.components.complaint_charts import view_for_bounds
from layouts.components.ids_infrastruktur import ROLES, SLA_XLSX_PATH, Infrastruktur as I
from modules.infrastructure.kinds import DEVICE_KINDS, STATES

MAX_DAYS = 366


@callback(Output(I.MAP, "figure"), Output(I.MAP_DRAWN, "data"), Output(I.FAULTS, "children"),
          Output(I.OUTAGES, "data"), Output(I.CAPTION, "children"), Input(I.TICK, "n_intervals"),
          Input(I.KIND, "value"), Input(I.STATE, "value"), State(I.MAP_DRAWN, "data"), roles=ROLES)
def show_now(_tick, kinds, states, shown):
    viewer = require_viewer(ROLES)
    services = current_services()
    now = minute_now()
    kinds, chosen = known(kinds, DEVICE_KINDS), known(states, STATES)
    # drawn once per ETL commit and sent only to a page that does not show that drawing yet: the
    # page asks again every REFRESH_MS, and the map of a 10x city is 1.3 MB of JSON
    marts, name = (DEVICES_MART, OUTAGES_MART), "infrastruktur.device_map"
    drawn = drawn_version(services, viewer, marts, name, (kinds, chosen))
    figure = no_update if shown == drawn else kept_drawn(services, viewer, marts, name, (kinds, chosen),
                                                         lambda: device_map(services, viewer, kinds, chosen))
    counts = queries.devices_by_state(services, viewer)
    device_count = int(counts.loc[counts["kind"].isin(kinds), "devices"].sum() if kinds else counts["devices"].sum())
    outages = queries.current_outages(services, viewer, now)
    faults = builders.with_hidden_cameras(queries.current_faults(services, viewer, now), outages)
    caption = (f"{area_of(services, viewer).name} · {device_count} perangkat · {len(faults)} gangguan · "
               f"{len(outages)} perangkat bermasalah sekarang")
    return figure, drawn, builders.fault_cards(faults, outages), builders.outage_rows(outages), caption


def device_map(services, viewer, kinds: tuple[str, ...], chosen: tuple[str, ...]) -> dict:
    """The map of the viewer's devices of `kinds` in the `chosen` states (all when none)."""
    devices = queries.device_states(services, viewer, kinds)
    shown = devices[devices["state"].isin(chosen)] if chosen else devices
    return builders.device_map(shown, geo.asset_url("kecamatan"), services.settings.map, geo.centroids("kecamatan"),
                               area_view(services, viewer))


@callback(Output(I.BLIND_SPOTS, "figure"), Output(I.SLA, "data"), Output(I.SLA_DOWNLOAD, "href"),
          Input(I.DATES, "start_date"), Input(I.DATES, "end_date"), roles=ROLES)
def show_period(start, end):
    viewer = require_viewer(ROLES)
    services = current_services()
    filters = filters_from(start, end)
    cameras = queries.camera_availability_by_kelurahan(services, viewer, filters)
    kelurahan = geo.centroids("kelurahan")
    inside = area_of(services, viewer).inside("kelurahan", kelurahan["code"])
    outside = kelurahan.loc[~kelurahan["code"].isin(inside), ["code", "name"]]
    figure = builders.blind_spot_map(cameras, kelurahan, geo.asset_url("kelurahan"), services.settings.map, outside,
                                     area_view(services, viewer))
    contracts = queries.sla_by_contract(services, viewer, filters)
    return figure, builders.sla_rows(contracts), sla_href(filters)


@callback(Output(I.SELECTED, "data"), Output(I.MAP, "clickData"), Input(I.MAP, "clickData"),
          Input(I.OUTAGES, "active_cell"), State(I.OUTAGES, "data"), prevent_initial_call=True, roles=ROLES)
def select(click, cell, rows):
    """The device of the map point or the outage row clicked (an outline or a name: nothing)."""
    require_viewer(ROLES)
    if ctx.triggered_id == I.MAP:
        point = (click or {}).get("points", [{}])[0] if isinstance(click, dict) else {}
        code = point.get("customdata") if isinstance(point, dict) else None
        return (code, None) if isinstance(code, str) else (no_update, None)
    row = cell.get("row") if isinstance(cell, dict) else None
    if isinstance(row, int) and isinstance(rows, list) and 0 <= row < len(rows) and isinstance(rows[row], dict):
        return rows[row].get("device_code"), no_update
    return no_update, no_update


@callback(Output(I.DETAIL, "children"), Input(I.SELECTED, "data"), prevent_initial_call=True, roles=ROLES)
def show_detail(code):
    viewer = require_viewer(ROLES)
    return builders.device_detail(live.device_detail(current_services(), viewer, code if isinstance(code, str) else None))


def area_view(services, viewer) -> tuple[dict, float] | None:
    """The centre and zoom of a camat's or lurah's area (None: the city's)."""
    bounds = area_bounds(area_of(services, viewer))
    return view_for_bounds(bounds) if bounds else None


def filters_from(start, end) -> InfraFilters:
    """The period, made safe: this month so far by default, at most a year, ends in order."""
    last = day_or_none(end, "end_date") or city_today()
    first = day_or_none(start, "start_date") or last.replace(day=1)
    first, last = min(first, last), max(first, last)
    return InfraFilters(start=max(first, last - timedelta(days=MAX_DAYS - 1)), end=last)


def sla_href(filters: InfraFilters) -> str:
    return f"{SLA_XLSX_PATH}?{urlencode({'start': filters.start.isoformat(), 'end': filters.end.isoformat()})}"


def known(values, allowed) -> tuple[str, ...]:
    values = values if isinstance(values, list) else []
    return tuple(sorted({v for v in values if isinstance(v, str) and v in allowed}))
