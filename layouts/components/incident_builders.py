"""Pure builders of the Command Center 112 views (data in, components or figure dicts out): the
city's operational stage, active incidents with their clocks, units per agency, the 7-minute
promise, the live map of incidents and units, and one incident's detail. The wall, the Insiden
page and the operator desk share them; none of them queries anything."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
from dash import html

from core import formatting
from core.settings import MapSettings
from layouts.components.maps import label_trace, map_style
from layouts.components.plain_figures import figure
from layouts.components.wall_panels import scrolling_ticker, ticker_item, wib_label
from modules.incidents.messages import DISPATCH_STATUS_NAMES, STAGE_NAMES, UNIT_STATUS_NAMES
from modules.incidents.messages import INCIDENT_STATUS_NAMES as STATUS_NAMES
from modules.infrastructure.kinds import STATE_NAMES as DEVICE_STATE_NAMES

PRIORITY_NAMES = {1: "P1 · nyawa terancam", 2: "P2 · mendesak", 3: "P3 · biasa"}
# Incident markers: late (promise broken, nobody there), waiting, a unit on scene.
INCIDENT_COLOURS = {"breach": "#e4572e", "waiting": "#f2a541", "on_scene": "#3bb273"}
AGENCY_COLOURS = {"DPKP": "#ff6b6b", "BPBD": "#ffa94d", "DSDABM": "#74c0fc", "SATPOLPP": "#b197fc",
                  "DINSOS": "#63e6be", "DINKES": "#f783ac", "DISHUB": "#ffd43b", "DP3APPKB": "#e599f7"}


# --- the stage banner ----------------------------------------------------------------------------

def stage_banner(stage: dict) -> html.Div:
    """`stage`: stage (1..5), reason, set_at, proposed (1..5 or None) and proposed_reason."""
    level = int(stage.get("stage") or 1)
    proposal = stage.get("proposed")
    return html.Div(className=f"incident-stage stage-{level}", **{"data-stage": str(level)}, children=[
        html.Span(f"TAHAP {level}", className="incident-stage-level"),
        html.Span(STAGE_NAMES.get(level, ""), className="incident-stage-name"),
        html.Span(stage.get("reason") or "", className="incident-stage-reason"),
        html.Span(f"Usulan sistem: tahap {proposal} · {stage.get('proposed_reason') or ''}",
                  className="incident-stage-proposal") if proposal and proposal != level else None,
    ])


# --- counts and bars --------------------------------------------------------------------------------

def active_by_priority(active: pd.DataFrame) -> html.Div:
    """Active incidents per priority, and how many of them broke the promise with nobody there."""
    rows = []
    for priority, name in PRIORITY_NAMES.items():
        of_priority = active[active["priority"] == priority] if not active.empty else active
        late = int(of_priority["breach"].sum()) if not of_priority.empty else 0
        rows.append(html.Div(className=f"incident-priority p{priority}" + (" is-alarm" if late else ""), children=[
            html.Span(formatting.count(len(of_priority)), className="incident-priority-count"),
            html.Span(name, className="incident-priority-name"),
            html.Span(f"{formatting.count(late)} lewat 7 menit" if late else "", className="incident-priority-late"),
        ]))
    return html.Div(rows, className="incident-priorities")


def units_rows(units: pd.DataFrame, agency_names: dict) -> list[dict]:
    """Rows for wall_complaint_panels.bar_list: available units of each agency out of its fleet in
    service; an agency with none available is marked bad (the stage proposal counts these)."""
    rows = []
    ordered = units.sort_values("agency_code")
    columns = (ordered[name].tolist() for name in ("agency_code", "available", "in_service"))
    for agency, available, in_service in zip(*columns):
        share = 100.0 * available / in_service if in_service else 0.0
        rows.append({"label": agency_names.get(agency, agency), "value": share,
                     "display": f"{formatting.count(available)}/{formatting.count(in_service)}",
                     "tone": "bad" if available == 0 else "warn" if share < 30 else "ok"})
    return rows


def promise_today(figures: dict, promise_minutes: int) -> html.Div:
    """The 7-minute promise today: the share of incidents reached in time, and P50/P90 response."""
    measured = figures.get("met", 0) + figures.get("breached", 0)
    share = 100.0 * figures.get("met", 0) / measured if measured else None
    tone = "" if share is None else "ok" if share >= 90 else "warn" if share >= 70 else "bad"
    return html.Div(className=f"incident-promise {tone}".strip(), children=[
        html.Span(formatting.percent(share, 0), className="incident-promise-share"),
        html.Span(f"unit pertama tiba ≤ {promise_minutes} menit ({formatting.count(figures.get('met', 0))}"
                  f" dari {formatting.count(measured)} insiden hari ini)", className="incident-promise-label"),
        html.Div(className="incident-promise-percentiles", children=[
            html.Span(f"P50 {minutes_text(figures.get('p50_seconds'))}"),
            html.Span(f"P90 {minutes_text(figures.get('p90_seconds'))}"),
        ]),
    ])


def minutes_text(seconds) -> str:
    """Seconds as "6:05 mnt" (a clock reads better than a decimal), or a dash."""
    if seconds is None or pd.isna(seconds):
        return formatting.MISSING
    seconds = int(round(float(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d} mnt"


# --- lists ---------------------------------------------------------------------------------------------

def incident_ticker(latest: pd.DataFrame, today: date) -> html.Div:
    """The newest incidents as a scrolling line, the newest highlighted."""
    items = [ticker_item(row.number, wib_label(row.received_at, today), row.number, row.category_name,
                         row.place or "lokasi belum dipetakan", newest=(i == 0))
             for i, row in enumerate(latest.itertuples())]
    return scrolling_ticker(items, "Belum ada insiden.")


def elapsed_text(since, now: datetime) -> str:
    """Minutes since `since` ("12 mnt", "2 jam 05 mnt")."""
    if since is None or pd.isna(since):
        return formatting.MISSING
    moment = pd.Timestamp(since)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    minutes = max(0, int((pd.Timestamp(now).tz_convert("UTC") - moment).total_seconds() // 60))
    return f"{minutes} mnt" if minutes < 60 else f"{minutes // 60} jam {minutes % 60:02d} mnt"


def list_rows(incidents: pd.DataFrame, now: datetime) -> list[dict]:
    """The Insiden page's table of active incidents (most urgent first, as they come)."""
    return [{"number": r.number, "category": r.category_name, "priority": f"P{r.priority}",
             "status": ("LEWAT 7 MENIT · " if r.breach else "") + STATUS_NAMES.get(r.status, r.status),
             "age": elapsed_text(r.received_at, now), "place": r.place or "lokasi belum dipetakan"}
            for r in incidents.itertuples()]


# --- the live map -----------------------------------------------------------------------------------

def incident_states(incidents: pd.DataFrame) -> pd.Series:
    """Each incident's colour on the map: breach (past the promise with no unit), on_scene, waiting."""
    on_scene = incidents["status"].isin(("on_scene", "cleared"))
    return pd.Series("waiting", index=incidents.index).mask(on_scene, "on_scene").mask(
        incidents["breach"].astype(bool), "breach")


def live_map(incidents: pd.DataFrame, units: pd.DataFrame, geojson_url: str, map_settings: MapSettings,
             labels: pd.DataFrame, dark: bool = False, zoom_step: float = 0.0) -> dict:
    """Active incidents (number, category_name, priority, status, breach, lat, lon) as large dots
    coloured by their state, units (code, agency_code, status, lat, lon) as small dots coloured by
    agency, over the kecamatan outlines and names (`labels`: code, name, lat, lon). Each incident carries its number in `customdata`, so a click
    opens it (the Insiden page's drill-down)."""
    outline = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
               "locations": list(labels["code"]), "z": [0] * len(labels), "showscale": False, "hoverinfo": "skip", "name": "kecamatan",
               "colorscale": [[0, "#12263b" if dark else "#eef1f4"], [1, "#12263b" if dark else "#eef1f4"]],
               "marker": {"line": {"color": "#4d7396" if dark else "#8a99a8", "width": 1}, "opacity": 0.8}}
    placed = incidents.dropna(subset=["lat", "lon"]) if not incidents.empty else incidents
    traces = [outline]
    states = incident_states(placed) if not placed.empty else None
    for state, colour in INCIDENT_COLOURS.items():
        rows = placed[states == state] if not placed.empty else placed
        traces.append({"type": "scattermap", "mode": "markers", "name": state,
                       "lat": list(rows["lat"]) if not rows.empty else [], "lon": list(rows["lon"]) if not rows.empty else [],
                       "customdata": list(rows["number"]) if not rows.empty else [],
                       "text": [f"{r.number} · {r.category_name}" for r in rows.itertuples()] if not rows.empty else [],
                       "marker": {"size": [22 - 4 * int(p) for p in rows["priority"]] if not rows.empty else 14,
                                  "color": colour, "opacity": 0.95},
                       "hovertemplate": "%{text}<extra></extra>"})
    placed_units = units.dropna(subset=["lat", "lon"]) if not units.empty else units
    traces.append({"type": "scattermap", "mode": "markers", "name": "unit",
                   "lat": list(placed_units["lat"]) if not placed_units.empty else [],
                   "lon": list(placed_units["lon"]) if not placed_units.empty else [],
                   "text": [f"{u.code} · {UNIT_STATUS_NAMES.get(u.status, u.status)}" for u in placed_units.itertuples()],
                   "marker": {"size": 8, "opacity": 0.9,
                              "color": [AGENCY_COLOURS.get(a, "#cccccc") for a in placed_units["agency_code"]]
                              if not placed_units.empty else "#cccccc"},
                   "hovertemplate": "%{text}<extra></extra>"})
    traces.append(label_trace(labels, "kecamatan", colour="#ffffff" if dark else "#0f2338", size=11))
    background = "#0b1828" if dark else "#ffffff"
    return figure(traces, {
        "map": {"style": map_style(map_settings.basemap_style, background=background),
                "zoom": map_settings.zoom + zoom_step,
                "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False, "uirevision": "incident-map",
        "paper_bgcolor": "rgba(0,0,0,0)",
    })


# --- one incident ----------------------------------------------------------------------------------

def incident_detail(incident: dict | None, now: datetime | None = None) -> html.Div:
    """One incident: its head, clocks, the units with theirs, the calls behind it (caller numbers
    masked), cameras, linked complaints and the timeline, newest last."""
    if not incident:
        return html.P("Pilih satu insiden di peta atau di daftar.", className="muted")
    now = now or datetime.now(timezone.utc)
    return html.Div(className="incident-detail", **{"data-incident": incident["number"]}, children=[
        html.H3(f"{incident['number']} · {incident['category_name']}", className="panel-title"),
        html.P([html.B(PRIORITY_NAMES.get(incident["priority"], "")), " · ",
                STATUS_NAMES.get(incident["status"], incident["status"]), " · ",
                incident.get("place") or "lokasi belum dipetakan"], className="incident-head"),
        html.P(incident.get("description") or "", className="incident-description"),
        _clocks(incident, now),
        html.H4("Unit"), _dispatch_table(incident.get("dispatches", []), now),
        html.H4("Panggilan"), _calls(incident.get("calls", [])),
        html.H4("Kamera terdekat"), _nearby_cameras(incident.get("nearby_cameras", [])),
        html.P(["Kamera terkait: ", ", ".join(incident["cameras"])], className="incident-cameras")
        if incident.get("cameras") else None,
        html.P(["Aduan terkait: ", ", ".join(incident.get("complaints", []))], className="incident-complaints")
        if incident.get("complaints") else None,
        html.H4("Kronologi"), _timeline(incident.get("timeline", [])),
    ])


def _nearby_cameras(cameras: list[dict]) -> html.Ul | html.P:
    """The cameras within reach of the scene, nearest first, each with its state now."""
    if not cameras:
        return html.P("Tidak ada kamera di dekat lokasi.", className="muted")
    return html.Ul(className="incident-nearby-cameras", children=[
        html.Li(className=f"camera-state-{camera['state'].lower()}", **{"data-camera": camera["code"]}, children=[
            html.B(camera["code"]), f" · {camera['name']} · {DEVICE_STATE_NAMES.get(camera['state'], camera['state'])} · "
                                    f"{camera['distance_m']} m"])
        for camera in cameras])


def _clocks(incident: dict, now: datetime) -> html.Div:
    intervals = incident.get("intervals", {})
    late = incident.get("breach")
    return html.Div(className="incident-clocks" + (" is-alarm" if late else ""), children=[
        html.Span(["Sejak laporan: ", html.B(elapsed_text(incident.get("received_at"), now))]),
        html.Span(["Proses panggilan: ", html.B(minutes_text(intervals.get("processing")))]),
        html.Span(["Respons: ", html.B(minutes_text(intervals.get("response")))]),
        html.Span("Lewat janji 7 menit" if late else "", className="incident-late"),
    ])


def _dispatch_table(dispatches: list[dict], now: datetime) -> html.Table | html.P:
    if not dispatches:
        return html.P("Belum ada unit diberangkatkan.", className="muted")
    return html.Table(className="incident-dispatches", children=[
        html.Thead(html.Tr([html.Th(t) for t in ("Unit", "Instansi", "Status", "Berangkat", "Perjalanan", "Tiba")])),
        html.Tbody([html.Tr(**{"data-unit": d["unit_code"]}, children=[
            html.Td(d["unit_code"]), html.Td(d.get("agency_name") or d["agency_code"]),
            html.Td(DISPATCH_STATUS_NAMES.get(d["status"], d["status"])),
            html.Td(minutes_text(d.get("turnout"))), html.Td(minutes_text(d.get("travel"))),
            html.Td(minutes_text(d.get("response"))),
        ]) for d in dispatches]),
    ])


def _calls(calls: list[dict]) -> html.Ul:
    return html.Ul(className="incident-calls", children=[
        html.Li([html.B(formatting.date_time(c.get("received_at"))), f" · {c.get('source_name') or c['source']} · ",
                 c.get("caller_masked") or "", html.Span(" · penelepon berulang (iseng)", className="incident-repeat")
                 if c.get("repeat_caller") else None])
        for c in calls] or [html.Li("Tanpa panggilan (dari CCTV / pos).", className="muted")])


def _timeline(events: list[dict]) -> html.Ol:
    return html.Ol(className="incident-timeline", children=[
        html.Li([html.B(formatting.date_time(e.get("at"))), f" · {e.get('text') or e.get('kind')}",
                 html.Span(f" · {e['actor']}", className="muted") if e.get("actor") else None])
        for e in events])
