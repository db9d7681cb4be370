"""The Command Center 112 panels of the wall display: the city's stage across the top, the live
map of incidents and units beside the complaints' map, active incidents per priority, units
available per agency, the 7-minute promise today and the newest incidents in a ticker. Builders
are in incident_builders.py; the renderers here ask data/ (the live picture from the incidents
module through data/incident_desk.py; today's promise from the marts). PANELS is registered by
domains/incidents.py."""

from __future__ import annotations

import pandas as pd

import geo
from core.services import Services
from core.users import Viewer
from data import incident_desk as desk
from data.complaints.queries import city_today
from layouts.components import incident_builders as builders
from layouts.components.maps import KECAMATAN_CREDIT
from layouts.components.wall_complaint_panels import bar_list
from layouts.components.wall_panels import MINUTE, WALL_MAP_ZOOM_STEP, WallPanel

INCIDENTS, DISPATCHES = "incidents", "incident_dispatches"  # the marts whose new versions redraw the panels
TICKER_SHOWN = 12


def render_stage(services: Services, viewer: Viewer):
    return builders.stage_banner(desk.stage(services))


def render_map(services: Services, viewer: Viewer):
    incidents, units = desk.live_picture(services, viewer)
    return builders.live_map(incidents, units, geo.asset_url("kecamatan"), services.settings.map,
                             geo.centroids("kecamatan"), dark=True, zoom_step=WALL_MAP_ZOOM_STEP)


def placeholder_map(settings) -> dict:
    """Outlines and names on the dark background before the first data (reference data only)."""
    empty = pd.DataFrame(columns=desk.INCIDENT_COLUMNS)
    return builders.live_map(empty, pd.DataFrame(columns=desk.UNIT_COLUMNS), geo.asset_url("kecamatan"), settings.map,
                             geo.centroids("kecamatan"), dark=True, zoom_step=WALL_MAP_ZOOM_STEP)


def render_priorities(services: Services, viewer: Viewer):
    return builders.active_by_priority(desk.active_incidents(services, viewer))


def render_units(services: Services, viewer: Viewer):
    counts = desk.fleet_by_agency(desk.all_units(services, viewer))
    return bar_list(builders.units_rows(counts, desk.agency_names(services)), "Belum ada unit terdaftar.")


def render_promise(services: Services, viewer: Viewer):
    return builders.promise_today(desk.promise_today(services, viewer), services.settings.incidents.response_promise_minutes)


def render_ticker(services: Services, viewer: Viewer):
    latest = desk.newest_incidents(services, viewer, limit=TICKER_SHOWN)
    return builders.incident_ticker(latest, city_today())


PANELS = (  # registered by the incidents domain (domains/incidents.py)
    WallPanel("incident-stage", "", (INCIDENTS, MINUTE), "strip", render_stage, order=0),
    WallPanel("incident-map", "Insiden 112 aktif dan unit", (INCIDENTS, DISPATCHES, MINUTE), "main", render_map,
              kind="figure", placeholder=placeholder_map, order=20,
              note="Merah: lewat 7 menit tanpa unit · jingga: menunggu · hijau: unit di lokasi · titik kecil: unit "
                   f"per instansi · {KECAMATAN_CREDIT}"),
    WallPanel("incident-priorities", "Insiden 112 aktif", (INCIDENTS, MINUTE), "side", render_priorities, order=5),
    WallPanel("incident-promise", "Janji 7 menit hari ini", (INCIDENTS, MINUTE), "rotate", render_promise, order=50,
              note="Unit pertama tiba di lokasi, dihitung dari laporan diterima"),
    WallPanel("incident-units", "Unit siaga per instansi", (DISPATCHES, MINUTE), "rotate", render_units, order=60,
              note="Siaga / beroperasi · merah: tidak ada unit siaga"),
    WallPanel("incident-ticker", "Insiden terbaru", (INCIDENTS,), "ticker", render_ticker, order=5),
)
