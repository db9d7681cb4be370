"""Usulan Baru: the head's place, ceiling and the dictionary; the item's unit, cost and OPD and the
estimated cost as he types; the point from the map of his kelurahan; the proposal filed through
data/planning_desk.py (the module checks every field; its reasons are shown at their fields)."""

from __future__ import annotations

import geo
from dash import Input, Output, Patch, State, html, no_update

from callbacks._input import clicked_point
from callbacks._access import require_viewer
from callbacks._register import callback, clientside_callback
from core.services import current_services
from data import planning_desk as desk
from layouts.components import desk as builders
from layouts.components.ids_usulan_baru import ROLES
from layouts.components.ids_usulan_baru import UsulanBaru as U

FORM = (("item_code", U.ITEM), ("volume", U.VOLUME), ("lat", U.LAT), ("lon", U.LON), ("address", U.ADDRESS),
        ("rt", U.RT), ("title", U.TITLE), ("description", U.DESCRIPTION))
CLEARED_ON_SUCCESS = (U.VOLUME, U.LAT, U.LON, U.ADDRESS, U.RT, U.TITLE, U.DESCRIPTION)
KELURAHAN_ZOOM = 14.5
MAX_UPLOADS = 20  # more than any setting allows: the module names the limit


@callback(Output(U.PLACE, "children"), Output(U.CEILING, "children"), Output(U.ITEM, "options"),
          Output(U.ITEMS, "data"), Output(U.MAP, "figure"), Output(U.ROUND, "children"), Input(U.PAGE, "id"),
          roles=ROLES)
def set_up(_page):
    viewer = require_viewer(ROLES)
    services = current_services()
    form = desk.form_setup(services, viewer)
    lats, lons = desk.kelurahan_grid(form["kelurahan_code"])
    figure = builders.picker_map_figure(lats, lons, geo.centroids("kecamatan"), geo.asset_url("kecamatan"),
                                        services.settings.map)
    figure.add_trace(kelurahan_outline(form["kelurahan_code"]))  # after the picked point: its index stays
    if form["lat"] is not None:
        figure.update_layout(map={"center": {"lat": form["lat"], "lon": form["lon"]}, "zoom": KELURAHAN_ZOOM},
                             height=300)
    place = f"Kelurahan {form['kelurahan_name']}, RW {form['rw']:02d}"
    return (place, desk.ceiling_text(form["ceiling"]), form["options"], form["items"], figure,
            desk.round_text(services.settings))


@callback(Output(U.ITEM_ABOUT, "children"), Output(U.COST, "children"), Input(U.ITEM, "value"),
          Input(U.VOLUME, "value"), State(U.ITEMS, "data"), roles=ROLES)
def estimate(item_code, volume, items):
    """The item's unit, unit cost and OPD, and volume x unit cost, as the head types."""
    require_viewer(ROLES)
    item = items.get(item_code) if isinstance(items, dict) and isinstance(item_code, str) else None
    return desk.item_text(item if isinstance(item, dict) and _is_item(item) else None, volume)


@callback(Output(U.LAT, "value"), Output(U.LON, "value"), Input(U.MAP, "clickData"), prevent_initial_call=True,
          roles=ROLES)
def pick_point(click):
    require_viewer(ROLES)
    return clicked_point(click) or (no_update, no_update)


# The phone's own position, asked of the browser (it asks the user; https or localhost only); the
# point then goes through the same checks as a tapped one (inside the head's kelurahan).
clientside_callback(
    """
    function(clicks) {
        const none = window.dash_clientside.no_update;
        if (!clicks) { return [none, none, none]; }
        if (!navigator.geolocation) {
            return [none, none, 'Perangkat ini tidak memberi lokasi; ketuk peta di titik pekerjaan.'];
        }
        return new Promise(function(resolve) {
            navigator.geolocation.getCurrentPosition(function(found) {
                const c = found.coords;
                resolve([c.latitude.toFixed(5), c.longitude.toFixed(5), 'Lokasi dari GPS (ketelitian sekitar '
                         + Math.round(c.accuracy) + ' m); periksa titiknya di peta.']);
            }, function() {
                resolve([none, none,
                         'Lokasi tidak bisa diambil: izinkan akses lokasi, atau ketuk peta di titik pekerjaan.']);
            }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
        });
    }
    """,
    Output(U.LAT, "value", allow_duplicate=True), Output(U.LON, "value", allow_duplicate=True),
    Output(U.GPS_STATUS, "children"), Input(U.GPS, "n_clicks"), prevent_initial_call=True,
)


@callback(Output(U.MAP, "figure", allow_duplicate=True), Input(U.LAT, "value"), Input(U.LON, "value"),
          prevent_initial_call=True, roles=ROLES)
def mark_point(lat, lon):
    require_viewer(ROLES)
    patched = Patch()
    point = desk.decimal(lat), desk.decimal(lon)
    patched["data"][builders.PICKED_TRACE]["lat"] = [point[0]] if None not in point else []
    patched["data"][builders.PICKED_TRACE]["lon"] = [point[1]] if None not in point else []
    return patched


@callback(Output(U.PHOTO_LIST, "children"), Input(U.PHOTOS, "filename"), roles=ROLES)
def list_photos(filenames):
    """The photos chosen so far, by name (the bytes are checked at submission)."""
    require_viewer(ROLES)
    names = [name for name in (filenames or []) if isinstance(name, str)][:MAX_UPLOADS]
    return [html.Li(name) for name in names]


@callback(Output(U.RESULT, "children"), Output(U.CEILING, "children", allow_duplicate=True),
          *[Output(U.error(name), "children") for name in U.ERROR_FIELDS],
          *[Output(component, "value") for component in CLEARED_ON_SUCCESS],
          Output(U.PHOTOS, "contents"), Output(U.PHOTOS, "filename"),
          Input(U.SUBMIT, "n_clicks"), *[State(component, "value") for _name, component in FORM],
          State(U.PHOTOS, "contents"), State(U.PHOTOS, "filename"), prevent_initial_call=True, roles=ROLES)
def file_proposal(_clicks, *values):
    viewer = require_viewer(ROLES)
    *fields, contents, filenames = values
    form = {name: value for (name, _component), value in zip(FORM, fields)}
    uploads = list(zip(_list(filenames), _list(contents)))[:MAX_UPLOADS]
    services = current_services()
    filed, errors = desk.submit(services, viewer, form, uploads)
    placed = builders.field_error_children(errors, U.ERROR_FIELDS, desk.FIELD_LABELS)
    ceiling = desk.ceiling_text(desk.ceiling(services, viewer))
    if filed is None:
        return (refused_message(desk.summary_lines(errors, U.ERROR_FIELDS)), ceiling, *placed,
                *[no_update] * len(CLEARED_ON_SUCCESS), no_update, no_update)
    return (filed_message(filed), ceiling, *placed, *[""] * len(CLEARED_ON_SUCCESS), None, None)


def kelurahan_outline(kelurahan_code: str):
    """The head's kelurahan outlined on the form's map (the point must lie inside it)."""
    import plotly.graph_objects as go

    return go.Choroplethmap(geojson=geo.asset_url("kelurahan"), featureidkey="properties.code",
                            locations=[kelurahan_code], z=[0], colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                            showscale=False, hoverinfo="skip", marker={"line": {"color": "#1565c0", "width": 3}},
                            name="kelurahan")


def refused_message(others: list[str]) -> html.Div:
    return html.Div(className="desk-message refused", role="alert", children=[
        html.Strong("Usulan belum terkirim: periksa isian yang ditandai."),
        html.Ul([html.Li(line) for line in others]) if others else None])


def filed_message(filed: dict) -> html.Div:
    number = filed["number"]
    children = ["Usulan terkirim dengan nomor ", html.Strong(number, id=U.NUMBER),
                f" (perkiraan biaya {desk.rupiah(filed['cost'])}). Warga dapat mengikutinya di ",
                html.A(f"/usulan/{number}", href=f"/usulan/{number}"), "."]
    warning = None
    if filed["repeat_of"]:
        warning = html.P(className="usulan-repeat", children=[
            "Perhatian: mungkin mengulang usulan tahun lalu ", html.Strong(filed["repeat_of"]),
            " di tempat yang sama dengan jenis yang sama. Kelurahan akan memeriksanya."])
    return html.Div(className="desk-message ok", role="status", children=[html.P(children), warning])


def _is_item(item: dict) -> bool:
    return {"unit", "unit_cost_rupiah", "opd_name", "max_volume"} <= set(item) and \
        isinstance(item["unit_cost_rupiah"], (int, float)) and isinstance(item["max_volume"], (int, float))


def _list(value) -> list:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]
