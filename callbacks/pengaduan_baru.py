"""Input Pengaduan: choices and the point picker, then the complaint filed through
data/complaint_desk.py (the service checks every field; its reasons are shown at their fields)."""

from __future__ import annotations

import math

import pandas as pd

from dash import Input, Output, Patch, State, no_update
from dash.exceptions import PreventUpdate

import geo
from callbacks._input import clicked_point
from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import complaint_desk as desk
from data import gazetteer
from data.geocoder import geocode, geocoded_place
from layouts.components import desk as builders
from layouts.components.ids_pengaduan_baru import ROLES
from layouts.components.ids_pengaduan_baru import PengaduanBaru as B

FORM = (("channel", B.CHANNEL, "value"), ("category_code", B.CATEGORY, "value"),
        ("description", B.DESCRIPTION, "value"), ("lat", B.LAT, "value"), ("lon", B.LON, "value"),
        ("address", B.ADDRESS, "value"), ("rt", B.RT, "value"), ("rw", B.RW, "value"), ("reporter_name", B.REPORTER_NAME, "value"),
        ("reporter_contact", B.REPORTER_CONTACT, "value"), ("received_date", B.RECEIVED_DATE, "date"),
        ("received_time", B.RECEIVED_TIME, "value"))
CLEARED_ON_SUCCESS = (B.DESCRIPTION, B.LAT, B.LON, B.ADDRESS, B.RT, B.RW, B.REPORTER_NAME, B.REPORTER_CONTACT)
SEARCH_MAX_CHARACTERS = 100
PLACE_ZOOM = {"street": 16, "landmark": 16, "geocoded": 16, "kelurahan": 14, "kecamatan": 13}
FEW_RESULTS = 3


@callback(Output(B.CATEGORY, "options"), Output(B.CHANNEL, "options"), Output(B.MAP, "figure"),
          Input(B.PAGE, "id"), roles=ROLES)
def set_up(_page):
    require_viewer(ROLES)
    services = current_services()
    options = desk.choices(services)
    lats, lons = desk.city_grid()
    figure = builders.picker_map_figure(lats, lons, geo.centroids("kecamatan"), geo.asset_url("kecamatan"),
                                        services.settings.map)
    return options["categories"], options["channels"], figure


@callback(Output(B.LAT, "value"), Output(B.LON, "value"), Input(B.MAP, "clickData"), prevent_initial_call=True,
          roles=ROLES)
def pick_point(click):
    require_viewer(ROLES)
    return clicked_point(click) or (no_update, no_update)


@callback(Output(B.MAP, "figure", allow_duplicate=True), Input(B.LAT, "value"), Input(B.LON, "value"),
          prevent_initial_call=True, roles=ROLES)
def mark_point(lat, lon):
    """The chosen point on the map, wherever it came from (a click or typed coordinates)."""
    require_viewer(ROLES)
    patched = Patch()
    point = _number(lat), _number(lon)
    patched["data"][builders.PICKED_TRACE]["lat"] = [point[0]] if None not in point else []
    patched["data"][builders.PICKED_TRACE]["lon"] = [point[1]] if None not in point else []
    return patched


@callback(Output(B.RESULT, "children"), *[Output(B.error(name), "children") for name in B.ERROR_FIELDS],
          *[Output(component, "value") for component in CLEARED_ON_SUCCESS],
          Input(B.SUBMIT, "n_clicks"), *[State(component, prop) for _name, component, prop in FORM],
          prevent_initial_call=True, roles=ROLES)
def file_complaint(_clicks, *values):
    viewer = require_viewer(ROLES)
    form = {name: value for (name, _component, _prop), value in zip(FORM, values)}
    ticket, errors = desk.file_by_phone(current_services(), viewer, form)
    placed = builders.field_error_children(errors, B.ERROR_FIELDS, desk.DESK_LABELS)
    if ticket is None:
        return builders.refused_message(errors, B.ERROR_FIELDS, desk.DESK_LABELS), *placed, \
            *[no_update] * len(CLEARED_ON_SUCCESS)
    return builders.filed_message(ticket), *placed, *[""] * len(CLEARED_ON_SUCCESS)


@callback(Output(B.SEARCH, "options"), Input(B.SEARCH, "search_value"), State(B.SEARCH, "value"),
          prevent_initial_call=True, roles=ROLES)
def search_places(text, chosen):
    """Places whose words contain the typed words (data/gazetteer.py); the chosen one stays listed
    so the dropdown keeps showing it."""
    require_viewer(ROLES)
    services = current_services()
    places = gazetteer.gazetteer(services)
    text = (text if isinstance(text, str) else "")[:SEARCH_MAX_CHARACTERS]
    hits = gazetteer.search(places, text)
    if len(hits) < FEW_RESULTS:  # the optional online geocoder (off unless map.geocoder_url is set)
        hits = pd.concat([hits, geocode(services.settings.map, text)], ignore_index=True)
    options = [{"label": row.label, "value": row.key} for row in hits.itertuples()]
    kept = gazetteer.place(places, chosen) or geocoded_place(chosen)
    if kept and kept["key"] not in {o["value"] for o in options}:
        options.insert(0, {"label": kept["label"], "value": kept["key"]})
    return options


@callback(Output(B.LAT, "value", allow_duplicate=True), Output(B.LON, "value", allow_duplicate=True),
          Output(B.ADDRESS, "value", allow_duplicate=True), Output(B.MAP, "figure", allow_duplicate=True),
          Input(B.SEARCH, "value"), State(B.ADDRESS, "value"), prevent_initial_call=True, roles=ROLES)
def choose_place(key, address):
    """The chosen place's point becomes the complaint's point (the pin and the kelurahan follow);
    the map zooms to it; a street's or landmark's name fills an empty address."""
    require_viewer(ROLES)
    found = gazetteer.place(gazetteer.gazetteer(current_services()), key) or geocoded_place(key)
    if found is None:  # cleared, or a key that names no place: nothing moves
        raise PreventUpdate
    view = Patch()  # the pin too: two patches of one figure in one round may not both land
    view["data"][builders.PICKED_TRACE]["lat"] = [found["lat"]]
    view["data"][builders.PICKED_TRACE]["lon"] = [found["lon"]]
    view["layout"]["map"]["center"] = {"lat": found["lat"], "lon": found["lon"]}
    view["layout"]["map"]["zoom"] = PLACE_ZOOM[found["kind"]]
    view["layout"]["uirevision"] = found["key"]  # a new view, even after the operator panned
    named = found["kind"] in ("street", "landmark") and not (isinstance(address, str) and address.strip())
    return f"{found['lat']:.5f}", f"{found['lon']:.5f}", found["name"] if named else no_update, view


@callback(Output(B.PLACE, "children"), Output(B.PLACE, "className"), Input(B.LAT, "value"), Input(B.LON, "value"),
          roles=ROLES)
def show_place(lat, lon):
    """The kelurahan and kecamatan of the point, however it was chosen (search, click or typed)."""
    require_viewer(ROLES)
    point = _number(lat), _number(lon)
    if None in point:
        return "", "desk-place"
    found = geo.locate_point(*point)
    if found is None:
        return "Titik ini di luar wilayah Kota Surabaya.", "desk-place is-outside"
    names = {level: gazetteer_names(level) for level in ("kecamatan", "kelurahan")}
    return (f"Kelurahan {names['kelurahan'].get(found[1], found[1])}, "
            f"Kecamatan {names['kecamatan'].get(found[0], found[0])}"), "desk-place"


def gazetteer_names(level: str) -> dict[str, str]:
    districts = geo.centroids(level)
    return dict(zip(districts["code"], districts["name"]))


def _number(value) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
