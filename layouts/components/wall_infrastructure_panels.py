"""The infrastructure panels of the wall display: devices up and down per kind, the current faults
with their root cause (a switch down and the cameras it hides are one fault), the blind-spot map
(camera availability per kelurahan this month) and the newest state changes in the ticker. Pure
builders first, then the renderers that ask data/infrastructure/queries.py. PANELS is registered
by domains/infrastructure.py."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

import geo
from core import formatting
from core.services import Services
from core.settings import MapSettings
from core.users import Viewer
from core.clock import city_today, minute_now
from data.infrastructure import queries
from data.infrastructure.queries import InfraFilters
from layouts.components.maps import BOUNDARY_CREDITS, map_style
from layouts.components.plain_figures import figure, values
from layouts.components.wall_complaint_panels import WALL_BACKGROUND, bar_list
from layouts.components.wall_panels import (MINUTE, WALL_MAP_ZOOM_STEP, WallPanel, scrolling_ticker,
                                             ticker_item, wib_label)
from modules.infrastructure.kinds import DEVICE_KINDS, DOWN, FAILED_STATES, KIND_NAMES, STATE_NAMES, UNREACHABLE, UP

DEVICES, OUTAGES, AVAILABILITY = "infra_devices", "infra_outages", "infra_availability"  # the marts
FAULTS_SHOWN = 6
TICKER_SHOWN = 15
# availability per kelurahan: red below 90 %, amber to 99 %, green above
BLIND_SPOT_COLOURS = [[0.0, "#b3261e"], [0.9, "#e4572e"], [0.97, "#f2a541"], [1.0, "#2f9d6a"]]


# --- builders (data in, components out) ----------------------------------------------------------------------

def kind_rows(by_state: pd.DataFrame) -> list[dict]:
    """Rows for bar_list: per kind, devices UP out of all; red when one is down by its own
    failure, amber when some are hidden (UNREACHABLE) or without video."""
    rows = []
    for kind in DEVICE_KINDS:
        mine = by_state[by_state["kind"] == kind]
        total = int(mine["devices"].sum())
        if not total:
            continue
        count = dict(zip(mine["state"], mine["devices"]))
        up, failed = int(count.get(UP, 0)), int(sum(count.get(state, 0) for state in FAILED_STATES))
        hidden = int(count.get(UNREACHABLE, 0))
        notes = [f"{formatting.count(failed)} mati" if failed else "", f"{formatting.count(hidden)} tersembunyi"
                 if hidden else ""]
        rows.append({"label": KIND_NAMES[kind], "value": 100.0 * up / total,
                     "display": " · ".join([f"{formatting.count(up)}/{formatting.count(total)}", *filter(None, notes)]),
                     "tone": "bad" if count.get(DOWN, 0) else "warn" if failed or hidden else "ok"})
    return rows


def fault_list(faults: pd.DataFrame, total: int) -> html.Div:
    """The oldest open faults, one per root cause, with what they hide; `total` says how many there are."""
    if faults.empty:
        return html.Div("Tidak ada gangguan perangkat saat ini.", className="wall-empty wall-all-clear")
    more = max(0, total - len(faults))
    return html.Div(className="wall-alarm-list", children=[
        html.Ul(className="wall-alarms", children=[_fault_row(row) for row in faults.itertuples()]),
        *([html.P(f"+{formatting.count(more)} gangguan lainnya", className="wall-more")] if more else []),
    ])


def _fault_row(row) -> html.Li:
    state = STATE_NAMES.get(row.root_state, row.root_state) if isinstance(row.root_state, str) else "gangguan"
    hidden = f" · menyembunyikan {formatting.count(row.hidden)} perangkat" if row.hidden else ""
    return html.Li(className="wall-alarm", **{"data-item": f"fault:{row.root_cause_code}"}, children=[
        html.Div(className="wall-alarm-head", children=[
            html.Span(row.root_cause_code, className="wall-alarm-ticket"),
            html.Span(f"{state} {_age(row.age_seconds)}", className="wall-alarm-kind"),
        ]),
        html.Div(f"{KIND_NAMES.get(row.root_kind, row.root_kind or '')} · {row.root_name or ''}{hidden}",
                 className="wall-alarm-what"),
    ])


def _age(seconds: float) -> str:
    minutes = max(0, int(seconds // 60))
    return f"{minutes} mnt" if minutes < 60 else f"{minutes // 60} jam {minutes % 60:02d} mnt"


def blind_spot_map(kelurahan: pd.DataFrame, names: dict, geojson_url: str, map_settings: MapSettings) -> dict:
    """Kelurahan coloured by their cameras' availability this month (kelurahan: kelurahan_code,
    cameras, availability_pct); a kelurahan without a measured camera stays uncoloured."""
    measured = kelurahan.dropna(subset=["availability_pct"]) if not kelurahan.empty else kelurahan
    codes = measured["kelurahan_code"].tolist() if not measured.empty else []
    text = [f"{names.get(code, code)}: {pct:.1f}% ({cameras} kamera)" for code, pct, cameras in
            zip(codes, measured.get("availability_pct", []), measured.get("cameras", []))]
    return figure([
        {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code", "locations": codes,
         "z": values(measured["availability_pct"]) if codes else [], "zmin": 80, "zmax": 100,
         "colorscale": BLIND_SPOT_COLOURS, "showscale": False, "text": text, "hovertemplate": "%{text}<extra></extra>",
         "marker": {"line": {"color": "#4d7396", "width": 0.5}, "opacity": 0.85}, "name": "kelurahan"},
    ], {
        "map": {"style": map_style(map_settings.basemap_style, background=WALL_BACKGROUND),
                "zoom": map_settings.zoom + WALL_MAP_ZOOM_STEP,
                "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False, "uirevision": "wall-blind-spots",
        "paper_bgcolor": "rgba(0,0,0,0)", "font": {"color": "#e6eef7", "size": 14},
    })


def event_ticker(events: pd.DataFrame, kelurahan: dict, today: date) -> html.Div:
    """The newest state changes as a scrolling line; each item carries its device's code, so a new
    change of a device is marked new."""
    items = [ticker_item(row.device_code, wib_label(row.started_at, today), row.device_code,
                         STATE_NAMES.get(row.state, row.state),
                         kelurahan.get(row.kelurahan_code) or KIND_NAMES.get(row.kind, ""),
                         extra_class=f"state-{str(row.state).lower()}", newest=(i == 0))
             for i, row in enumerate(events.itertuples())]
    return scrolling_ticker(items, "Belum ada perubahan status perangkat.")


# --- renderers (ask data/) -------------------------------------------------------------------------------

def kelurahan_names() -> dict[str, str]:
    centroids = geo.centroids("kelurahan")
    return dict(zip(centroids["code"], centroids["name"]))


def render_kinds(services: Services, viewer: Viewer):
    return bar_list(kind_rows(queries.devices_by_state(services, viewer)), "Belum ada perangkat terdaftar.")


def render_faults(services: Services, viewer: Viewer):
    faults = queries.current_faults(services, viewer, at=minute_now())
    return fault_list(faults.head(FAULTS_SHOWN), total=len(faults))


def render_blind_spots(services: Services, viewer: Viewer):
    today = city_today()
    month = InfraFilters(start=today.replace(day=1), end=today)
    return blind_spot_map(queries.camera_availability_by_kelurahan(services, viewer, month),
                          kelurahan_names(), geo.asset_url("kelurahan"), services.settings.map)


def placeholder_blind_spots(settings) -> dict:
    """Outlines only, on the dark background, before the first data (no query)."""
    empty = pd.DataFrame(columns=["kelurahan_code", "cameras", "availability_pct"])
    return blind_spot_map(empty, {}, geo.asset_url("kelurahan"), settings.map)


def render_ticker(services: Services, viewer: Viewer):
    return event_ticker(queries.newest_events(services, viewer, limit=TICKER_SHOWN), kelurahan_names(),
                        city_today())


PANELS = (  # registered by the infrastructure domain (domains/infrastructure.py)
    # the side column holds the alarms (SLA, 112, faults); the counts per kind take their turn in the rotation
    WallPanel("infra-kinds", "Perangkat per jenis", (DEVICES, OUTAGES), "rotate", render_kinds, order=65,
              note="Normal / terdaftar · merah: ada yang mati"),
    WallPanel("infra-faults", "Gangguan perangkat", (OUTAGES, DEVICES, MINUTE), "side", render_faults, order=30,
              note="Satu gangguan per penyebab: switch mati beserta perangkat yang disembunyikannya"),
    WallPanel("infra-blind-spots", "Titik buta kamera bulan ini", (AVAILABILITY,), "rotate", render_blind_spots,
              kind="figure", placeholder=placeholder_blind_spots, order=70,
              note=f"Ketersediaan kamera per kelurahan · merah < 90% · {BOUNDARY_CREDITS}"),
    WallPanel("infra-ticker", "Perubahan status perangkat", (OUTAGES,), "ticker", render_ticker, order=30),
)
