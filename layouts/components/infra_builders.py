"""Pure builders of the Infrastruktur page (data in, components or figure dicts out): the map of
devices by state, the faults (one card per root cause, the devices it hides inside), current
outages with their age, the blind-spot map of camera availability per kelurahan, one device's
detail and the vendor SLA table and sheet. None of them queries anything.

A switch down and the 48 cameras behind it are one fault: the cameras are UNREACHABLE with the
switch as their root cause, so they are listed inside the switch's card, not as 48 more faults.
"""

from __future__ import annotations


import pandas as pd
from dash import dcc, html

from core import formatting
from core.clock import city_text
from core.settings import MapSettings
from layouts.components.maps import label_trace, map_style, outside_traces
from layouts.components.plain_figures import figure
from modules.infrastructure.kinds import (CAMERA, DOWN, KIND_NAMES, MAINTENANCE, NO_VIDEO, PENDING, STATE_NAMES,
                                          UNKNOWN, UNREACHABLE, UP)

STATE_COLOURS = {UP: "#3bb273", PENDING: "#f2a541", NO_VIDEO: "#b07aa1", DOWN: "#e4572e", UNREACHABLE: "#8a99a8",
                 MAINTENANCE: "#4e79a7", UNKNOWN: "#c3cad2"}
# Availability of the blind-spot map: red under 90 %, green from 99 %.
AVAILABILITY_SCALE = [[0.0, "#b2182b"], [0.5, "#f4a582"], [0.8, "#fddbc7"], [0.9, "#d1e5f0"], [1.0, "#1a9850"]]
AVAILABILITY_FLOOR = 90.0
NO_DEVICE = "Pilih satu perangkat di peta, di kartu gangguan atau di daftar."


def state_name(state) -> str:
    return STATE_NAMES.get(state, state or formatting.MISSING)


def kind_name(kind) -> str:
    return KIND_NAMES.get(kind, kind or formatting.MISSING)


def age_text(seconds) -> str:
    """An age in whole minutes: "12 mnt", "2 jam 05 mnt", "3 hari 4 jam"."""
    if seconds is None or pd.isna(seconds):
        return formatting.MISSING
    minutes = max(0, int(float(seconds) // 60))
    if minutes < 60:
        return f"{minutes} mnt"
    if minutes < 24 * 60:
        return f"{minutes // 60} jam {minutes % 60:02d} mnt"
    return f"{minutes // 1440} hari {minutes % 1440 // 60} jam"


def kind_options() -> list[dict]:
    return [{"label": name, "value": kind} for kind, name in KIND_NAMES.items()]


def state_options() -> list[dict]:
    return [{"label": name, "value": state} for state, name in STATE_NAMES.items()]


# --- the map of devices ------------------------------------------------------------------------------

def _outline(geojson_url: str, labels: pd.DataFrame) -> dict:
    return {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            "locations": list(labels["code"]), "z": [0] * len(labels), "showscale": False, "hoverinfo": "skip",
            "name": "kecamatan", "colorscale": [[0, "#eef1f4"], [1, "#eef1f4"]],
            "marker": {"line": {"color": "#8a99a8", "width": 1}, "opacity": 0.8}}


def _map_layout(map_settings: MapSettings, revision: str, view: tuple[dict, float] | None = None) -> dict:
    """`view` (centre, zoom) opens the map on the viewer's area; the city otherwise."""
    center, zoom = view or ({"lat": map_settings.center_lat, "lon": map_settings.center_lon}, map_settings.zoom)
    return {"map": {"style": map_style(map_settings.basemap_style), "zoom": zoom, "center": center},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": True, "uirevision": f"{revision}:{zoom}",
            "legend": {"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"}}


def device_map(states: pd.DataFrame, geojson_url: str, map_settings: MapSettings, labels: pd.DataFrame,
               view: tuple[dict, float] | None = None) -> dict:
    """Devices (device_code, kind, name, state, lat, lon) as dots coloured by state, one trace per
    state present (a legend entry each), over the kecamatan outlines and names. Each dot carries its
    device code in `customdata`: a click opens the device. Devices without a point are left out."""
    placed = states.dropna(subset=["lat", "lon"])
    traces = [_outline(geojson_url, labels)]
    for state, colour in STATE_COLOURS.items():
        rows = placed[placed["state"] == state]
        if rows.empty:
            continue
        traces.append({"type": "scattermap", "mode": "markers", "name": f"{state_name(state)} ({len(rows)})",
                       "lat": rows["lat"].round(5).tolist(), "lon": rows["lon"].round(5).tolist(),  # 1 m
                       "customdata": rows["device_code"].tolist(),
                       # the code and the state in the template, not in each point's text: a 10x
                       # city's map is 26,000 points, sent again on every refresh
                       "text": [device_label(name, kind) for name, kind in zip(rows["name"].tolist(),
                                                                                rows["kind"].tolist())],
                       "marker": {"size": 7 if state == UP else 10, "color": colour, "opacity": 0.9},
                       "hovertemplate": f"%{{customdata}} · %{{text}} · {state_name(state)}<extra></extra>"})
    traces.append({**label_trace(labels, "kecamatan", size=11), "showlegend": False})
    return figure(traces, _map_layout(map_settings, "infra-devices", view))


def device_label(name, kind: str) -> str:
    """A device's name, or its kind's when it has none (an unnamed switch: "Switch")."""
    return name if isinstance(name, str) and name else kind_name(kind)


# --- faults and outages --------------------------------------------------------------------------------

def fault_cards(faults: pd.DataFrame, outages: pd.DataFrame) -> html.Div:
    """One card per root cause (`faults`: data.infrastructure.queries.current_faults): "SW-ACC-0012
    mati sejak 30/11/2026 23:07 (2 jam 05 mnt), menyembunyikan 48 kamera", opened to the devices it
    hides (the open `outages` whose root cause it is, other than itself)."""
    if faults.empty:
        return html.P("Tidak ada gangguan saat ini.", className="muted infra-no-faults")
    hidden = outages[outages["root_cause_code"].notna() & (outages["device_code"] != outages["root_cause_code"])]
    by_root: dict[str, list[dict]] = {}
    for row in hidden.sort_values("device_code")[["root_cause_code", "device_code", "name", "kind", "state"]] \
            .to_dict("records"):
        by_root.setdefault(row["root_cause_code"], []).append(row)
    return html.Div(className="infra-faults", children=[_fault_card(fault, by_root.get(fault.root_cause_code, []))
                                                        for fault in faults.itertuples()])


def _fault_card(fault, hidden: list[dict]) -> html.Details:
    root = fault.root_cause_code
    return html.Details(className="infra-fault", **{"data-root": root, "data-hidden": str(int(fault.hidden))}, children=[
        html.Summary(className="infra-fault-head", children=[html.B(root, className="infra-fault-root"),
                                                             f" {fault_sentence(fault)}"]),
        html.Ul(className="infra-fault-hidden", children=[
            html.Li(f"{row['device_code']} · {device_label(row['name'], row['kind'])} · {state_name(row['state'])}",
                    **{"data-device": row["device_code"]})
            for row in hidden] or [html.Li("Tidak ada perangkat lain yang tersembunyi.", className="muted")]),
    ])


def fault_sentence(fault) -> str:
    """"mati sejak 30/11/2026 23:07 (2 jam 05 mnt), menyembunyikan 48 kamera"."""
    what = state_name(fault.root_state).lower() if isinstance(fault.root_state, str) else "bermasalah"
    text = f"{what} sejak {formatting.date_time(fault.since)} ({age_text(fault.age_seconds)})"
    if fault.hidden:
        text += f", menyembunyikan {formatting.count(fault.hidden)} {hidden_noun(fault)}"
    return text


def hidden_noun(fault) -> str:
    return "kamera" if getattr(fault, "hidden_cameras", fault.hidden) == fault.hidden else "perangkat"


def with_hidden_cameras(faults: pd.DataFrame, outages: pd.DataFrame) -> pd.DataFrame:
    """Adds `hidden_cameras` (how many of the hidden devices are cameras) to the faults."""
    faults = faults.copy()
    if outages.empty:
        faults["hidden_cameras"] = 0
        return faults
    hidden = outages[(outages["device_code"] != outages["root_cause_code"]) & (outages["kind"] == CAMERA)]
    counts = hidden.groupby("root_cause_code").size()
    faults["hidden_cameras"] = [int(counts.get(root, 0)) for root in faults["root_cause_code"]]
    return faults


OUTAGE_COLUMNS = [{"id": "device_code", "name": "Perangkat"}, {"id": "kind", "name": "Jenis"},
                  {"id": "state", "name": "Status"}, {"id": "since", "name": "Sejak"}, {"id": "age", "name": "Lama"},
                  {"id": "root", "name": "Akar masalah"}]


def outage_rows(outages: pd.DataFrame) -> list[dict]:
    """Current outages (data.infrastructure.queries.current_outages), oldest first, their age."""
    return [{"device_code": r.device_code, "kind": kind_name(r.kind), "state": state_name(r.state),
             "since": formatting.date_time(r.started_at), "age": age_text(r.duration_seconds),
             "root": "sendiri" if r.root_cause_code in (None, r.device_code) else r.root_cause_code}
            for r in outages.itertuples()]


# --- the blind-spot map --------------------------------------------------------------------------------

def blind_spot_map(cameras: pd.DataFrame, kelurahan: pd.DataFrame, geojson_url: str, map_settings: MapSettings,
                   outside: pd.DataFrame | None = None, view: tuple[dict, float] | None = None) -> dict:
    """Camera availability per kelurahan (`cameras`: kelurahan_code, cameras, availability_pct) over
    the kelurahan boundaries (`kelurahan`: code, name, lat, lon); kelurahan without a measured
    camera stay pale, those outside the viewer's area grey."""
    measured = cameras.dropna(subset=["availability_pct"])
    names = dict(zip(kelurahan["code"], kelurahan["name"]))
    counts = dict(zip(cameras["kelurahan_code"], cameras["cameras"]))
    base = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            "locations": kelurahan["code"].tolist(), "z": [0] * len(kelurahan), "showscale": False,
            "colorscale": [[0, "#f4f6f8"], [1, "#f4f6f8"]], "hoverinfo": "skip", "name": "kelurahan",
            "marker": {"line": {"color": "#b8c2cc", "width": 0.5}}}
    values = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
              "locations": measured["kelurahan_code"].tolist(),
              "z": [float(v) for v in measured["availability_pct"]], "zmin": AVAILABILITY_FLOOR, "zmax": 100.0,
              "colorscale": AVAILABILITY_SCALE, "name": "ketersediaan",
              "customdata": [[names.get(c, c), int(counts.get(c, 0)), formatting.percent(v, 2)]
                             for c, v in zip(measured["kelurahan_code"], measured["availability_pct"])],
              "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]} kamera · ketersediaan "
                               "%{customdata[2]}<extra></extra>",
              "marker": {"line": {"color": "#44505c", "width": 0.6}, "opacity": 0.9},
              "colorbar": {"title": {"text": "Ketersediaan<br>kamera (%)", "font": {"size": 12}}, "thickness": 12,
                           "len": 0.5, "x": 0.99, "xanchor": "right", "bgcolor": "rgba(255,255,255,0.8)"}}
    layout = _map_layout(map_settings, "infra-blind-spots", view)
    layout["showlegend"] = False
    return figure([base, values, *outside_traces(outside, geojson_url)], layout)


# --- one device ----------------------------------------------------------------------------------------

def device_detail(detail: dict | None) -> html.Div:
    """One device (data.infrastructure_live.device_detail): its state, place and contract, its
    parents and children, latency, its state changes and, for a camera, incidents near it."""
    if not detail:
        return html.P(NO_DEVICE, className="muted")
    code = detail["device_code"]
    return html.Div(className="infra-device", **{"data-device": code}, children=[
        html.H3(f"{code} · {detail['name']}", className="panel-title"),
        html.P([html.Span(state_name(detail.get("state")), className=f"infra-state state-{detail.get('state')}"),
                f" sejak {formatting.date_time(detail.get('since'))} · {kind_name(detail['kind'])} · "
                f"kontrak {detail.get('contract_code') or formatting.MISSING} "
                f"({detail.get('vendor') or 'tanpa vendor'})"], className="infra-device-head"),
        html.H4("Induk"), _related(detail.get("parents", []), "Tidak ada (perangkat puncak)."),
        html.H4("Perangkat di bawahnya"), _related(detail.get("children", []), "Tidak ada."),
        html.H4("Latensi"), _latency(detail.get("minute_latency"), detail.get("daily_latency")),
        html.H4("Riwayat status"), _events(detail.get("events")),
        *([html.H4("Insiden 112 di dekatnya (30 hari)"), _incidents(detail["incidents"])]
          if detail.get("incidents") is not None else []),
    ])


RELATED_SHOWN = 12  # a switch's 48 cameras: the first twelve, then how many more


def _related(devices: list[dict], empty: str) -> html.Ul | html.P:
    if not devices:
        return html.P(empty, className="muted")
    items = [html.Li(f"{d['code']} · {d.get('name') or ''} · {state_name(d.get('state'))}", **{"data-device": d["code"]})
             for d in devices[:RELATED_SHOWN]]
    if len(devices) > RELATED_SHOWN:
        items.append(html.Li(f"+{formatting.count(len(devices) - RELATED_SHOWN)} lainnya", className="muted"))
    return html.Ul(className="infra-related", children=items)


def _latency(minutes: pd.DataFrame | None, days: pd.DataFrame | None) -> html.Div | html.P:
    """Mean latency per minute (the last two hours, WIB) and per city day (the last thirty), and
    the share of successful checks over the freshest of the two."""
    minutes = minutes if minutes is not None else pd.DataFrame()
    days = days if days is not None else pd.DataFrame()
    if minutes.empty and days.empty:
        return html.P("Belum ada hasil pemeriksaan tercatat.", className="muted")
    freshest = minutes if not minutes.empty else days
    checks = freshest["checks"].sum()
    share = 100.0 * freshest["successes"].sum() / checks if checks else None
    charts = [_latency_chart([city_text(at, "%H:%M") for at in minutes["at"]], minutes["mean_ms"],
                             "Latensi per menit (2 jam terakhir, ms)", "#4e79a7") if not minutes.empty else None,
              _latency_chart([formatting.day(at) for at in days["at"]], days["mean_ms"],
                             "Latensi rata-rata per hari (30 hari, ms)", "#f28e2b") if not days.empty else None]
    return html.Div([html.P(f"Pemeriksaan berhasil: {formatting.percent(share, 1)}", className="infra-success"),
                     *[chart for chart in charts if chart is not None]])


def _latency_chart(x: list[str], y: pd.Series, title: str, colour: str) -> dcc.Graph:
    chart = figure([{"type": "scatter", "mode": "lines+markers", "x": x, "y": y.tolist(), "line": {"color": colour},
                     "hovertemplate": "%{x}: %{y} ms<extra></extra>"}],
                   {"title": {"text": title, "font": {"size": 12}}, "margin": {"l": 40, "r": 10, "t": 30, "b": 30},
                    "height": 170, "xaxis": {"type": "category"}})
    return dcc.Graph(figure=chart, config=formatting.graph_config())


def _events(events: pd.DataFrame | None) -> html.Table | html.P:
    if events is None or events.empty:
        return html.P("Belum ada perubahan status.", className="muted")
    return html.Table(className="infra-events", children=[
        html.Thead(html.Tr([html.Th(t) for t in ("Status", "Mulai", "Selesai", "Akar masalah", "Sumber")])),
        html.Tbody([html.Tr([html.Td(state_name(e.state)), html.Td(formatting.date_time(e.started_at)),
                             html.Td("masih berlangsung" if pd.isna(e.ended_at) else formatting.date_time(e.ended_at)),
                             html.Td(e.root_cause_code or formatting.MISSING), html.Td(e.source)])
                    for e in events.itertuples()]),
    ])


def _incidents(incidents: pd.DataFrame) -> html.Ul | html.P:
    if incidents.empty:
        return html.P("Tidak ada insiden dalam radius 300 m.", className="muted")
    return html.Ul(className="infra-incidents", children=[
        html.Li(f"{r.incident_number} · {r.type} · P{r.priority} · {formatting.date_time(r.received_at)} · "
                f"{formatting.count(r.distance_m)} m", **{"data-incident": r.incident_number})
        for r in incidents.itertuples()])


# --- the vendor SLA report -----------------------------------------------------------------------------

SLA_COLUMNS = [{"id": "contract_code", "name": "Kontrak"}, {"id": "vendor", "name": "Vendor"},
               {"id": "devices", "name": "Perangkat"}, {"id": "availability", "name": "Ketersediaan"},
               {"id": "objective", "name": "Target SLA"}, {"id": "met", "name": "Tercapai"},
               {"id": "below", "name": "Perangkat di bawah target"}]


def sla_rows(contracts: pd.DataFrame) -> list[dict]:
    """The SLA per contract (data.infrastructure.queries.sla_by_contract) as table rows."""
    return [{"contract_code": r.contract_code, "vendor": r.vendor or formatting.MISSING,
             "devices": formatting.count(r.devices), "availability": formatting.percent(r.availability_pct, 3),
             "objective": formatting.percent(r.slo_percent, 2),
             "met": formatting.MISSING if r.met is None else "ya" if r.met else "TIDAK",
             "below": formatting.count(r.devices_below_slo)}
            for r in contracts.itertuples()]


SLA_SHEET_COLUMNS = {"contract_code": "Kontrak", "vendor": "Vendor", "device_code": "Kode perangkat",
                     "name": "Nama", "kind": "Jenis", "kelurahan_code": "Kode kelurahan", "opd_code": "OPD",
                     "up_seconds": "Detik normal", "failed_seconds": "Detik gagal",
                     "excluded_seconds": "Detik dikecualikan", "availability_pct": "Ketersediaan (%)",
                     "slo_percent": "Target SLA (%)", "met": "Tercapai"}


def sla_sheet(report: pd.DataFrame) -> pd.DataFrame:
    """The vendor SLA report (data.infrastructure.queries.sla_report), one row per device, with
    Indonesian headers and values, for the XLSX download."""
    sheet = report[list(SLA_SHEET_COLUMNS)].copy()
    sheet["kind"] = [kind_name(k) for k in sheet["kind"]]
    sheet["met"] = [formatting.MISSING if m is None else "ya" if m else "tidak" for m in sheet["met"]]
    return sheet.rename(columns=SLA_SHEET_COLUMNS)
