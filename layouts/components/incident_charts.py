"""Figures of the 112 analysis page and the mayor's KPI cards (pure: DataFrames in, figure dicts
out). Times are shown as minutes; every percentile chart draws the promise as a line."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import formatting
from core.settings import MapSettings
from layouts.components.complaint_charts import ACCENT, LEGEND_ON_TOP, _chart_layout, headline_card, empty_figure
from layouts.components.incident_builders import minutes_text
from layouts.components.maps import map_style
from layouts.components.plain_figures import day_strings, figure, records, values

P90_COLOUR = "#e4572e"
NO_INCIDENTS = "Tidak ada insiden untuk pilihan ini."


def _minutes(seconds: list) -> list:
    return [None if v is None else round(float(v) / 60, 2) for v in seconds]


def percentile_figure(rows: pd.DataFrame, names: dict, promise_minutes: int, limit: int = 20) -> dict:
    """P50 and P90 of the response (minutes) per code (`rows`: code, p50, p90, count, as
    queries.interval_breakdowns gives them), slowest P90 on top, the promise as a vertical line."""
    measured = sorted((row for row in records(rows, ("code", "p50", "p90", "count")) if row[2] is not None),
                      key=lambda row: (-row[2], row[0]))[:limit]
    if not measured:
        return empty_figure(NO_INCIDENTS)
    codes, p50, p90, counts = zip(*measured)
    labels = [f"{names.get(code, code)} ({formatting.count(n)})" for code, n in zip(codes, counts)]
    layout = _chart_layout(max(170, 40 * len(measured) + 70), legend=True, yaxis={"autorange": "reversed"})
    bars = [{"type": "bar", "orientation": "h", "y": labels, "x": _minutes(seconds), "name": name,
             "marker": {"color": colour}, "hovertemplate": "%{y}: %{x:.1f} menit<extra>" + name + "</extra>"}
            for seconds, name, colour in ((p50, "P50", ACCENT), (p90, "P90", P90_COLOUR))]
    return figure(bars, {**layout, "barmode": "group", "legend": dict(LEGEND_ON_TOP),
                         "xaxis": {"title": {"text": "menit"}, "gridcolor": "#eef1f4", "rangemode": "tozero"},
                         "shapes": [_promise_line(promise_minutes, "x")]})


def hour_figure(rows: pd.DataFrame, promise_minutes: int) -> dict:
    """P50 and P90 of the response by hour of day (`rows`: code 0..23, p50, p90, count)."""
    measured = sorted(row for row in records(rows, ("code", "p50", "p90")) if row[2] is not None)
    if not measured:
        return empty_figure(NO_INCIDENTS)
    hours, p50, p90 = zip(*measured)
    x = [f"{int(hour):02d}" for hour in hours]
    lines = [{"type": "scatter", "mode": "lines+markers", "x": x, "y": _minutes(seconds), "name": name,
              "line": {"color": colour}, "hovertemplate": "jam %{x}: %{y:.1f} menit<extra>" + name + "</extra>"}
             for seconds, name, colour in ((p50, "P50", ACCENT), (p90, "P90", P90_COLOUR))]
    return figure(lines, {**_chart_layout(280, legend=True, yaxis={"title": {"text": "menit"}, "rangemode": "tozero"}),
                          "legend": dict(LEGEND_ON_TOP), "xaxis": {"title": {"text": "jam (WIB)"}},
                          "shapes": [_promise_line(promise_minutes, "y")]})


def compliance_figure(days: pd.DataFrame, promise_minutes: int) -> dict:
    """The share of incidents reached within the promise per day (`days`: day, met, breached)."""
    measured = [(day, met, breached) for day, met, breached in records(days, ("day", "met", "breached"))
                if met + breached > 0]
    if not measured:
        return empty_figure(NO_INCIDENTS)
    share = [round(100.0 * met / (met + breached), 1) for _, met, breached in measured]
    return figure([{"type": "scatter", "mode": "lines+markers", "x": day_strings([row[0] for row in measured]),
                    "y": share, "line": {"color": ACCENT}, "name": f"≤ {promise_minutes} menit",
                    "hovertemplate": "%{x|%d/%m/%Y}: %{y:.1f}%<extra></extra>"}],
                  {**_chart_layout(260, yaxis={"range": [0, 105], "ticksuffix": "%"}),
                   "xaxis": {"tickformat": formatting.AXIS_DAY_FORMAT}})


def prank_figure(days: pd.DataFrame) -> dict:
    """Calls per day (bars) and the prank share (line, right axis) (`days`: day, calls, prank)."""
    if days.empty or days["calls"].sum() == 0:
        return empty_figure("Tidak ada panggilan untuk pilihan ini.")
    x = day_strings(days["day"])
    share = [round(100.0 * p / c, 1) if c else None for p, c in zip(days["prank"], days["calls"])]
    return figure([
        {"type": "bar", "x": x, "y": values(days["calls"]), "name": "Panggilan", "marker": {"color": "#9fb3c8"},
         "hovertemplate": "%{x|%d/%m/%Y}: %{y:,} panggilan<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "x": x, "y": share, "name": "Iseng / diam (%)", "yaxis": "y2",
         "line": {"color": P90_COLOUR}, "hovertemplate": "%{x|%d/%m/%Y}: %{y:.1f}% iseng<extra></extra>"},
    ], {**_chart_layout(260, legend=True, yaxis={"rangemode": "tozero"}), "legend": dict(LEGEND_ON_TOP),
        "xaxis": {"tickformat": formatting.AXIS_DAY_FORMAT},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 100], "ticksuffix": "%", "showgrid": False}})


def utilisation_figure(rows: pd.DataFrame, names: dict) -> dict:
    """Busy share of each agency's units over the period (`rows`: agency_code, utilisation_pct)."""
    measured = sorted((row for row in records(rows, ("agency_code", "utilisation_pct")) if row[1] is not None),
                      key=lambda row: (-row[1], row[0]))  # ties by agency: the same order every refresh
    if not measured:
        return empty_figure(NO_INCIDENTS)
    labels = [names.get(code, code) for code, _ in measured]
    pct = [round(share, 1) for _, share in measured]
    return figure([{"type": "bar", "orientation": "h", "y": labels, "x": pct, "marker": {"color": ACCENT},
                    "text": [f"{v:.1f}%" for v in pct], "textposition": "auto",
                    "hovertemplate": "%{y}: %{x:.1f}% waktu bertugas<extra></extra>"}],
                  {**_chart_layout(max(170, 34 * len(measured) + 50), yaxis={"autorange": "reversed"}),
                   "xaxis": {"range": [0, 100], "ticksuffix": "%", "gridcolor": "#eef1f4"}})


def heat_figure(points: pd.DataFrame, map_settings: MapSettings) -> dict:
    """Where incidents happened (`points`: lat, lon and incidents per cell), as a density map."""
    if points.empty:
        return empty_figure(NO_INCIDENTS)
    lat, lon = (points[name].to_numpy(dtype=float, na_value=np.nan) for name in ("lat", "lon"))
    placed = ~(np.isnan(lat) | np.isnan(lon))
    if not placed.any():
        return empty_figure(NO_INCIDENTS)
    return figure([{"type": "densitymap", "lat": lat[placed].tolist(), "lon": lon[placed].tolist(),
                    "z": values(points["incidents"].to_numpy()[placed]), "radius": 12,
                    "colorscale": "YlOrRd", "showscale": False, "hoverinfo": "skip"}],
                  {"map": {"style": map_style(map_settings.basemap_style), "zoom": map_settings.zoom - 0.3,
                           "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
                   "height": 360, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "uirevision": "incident-heat"})


def _promise_line(minutes: int, axis: str) -> dict:
    line = {"type": "line", "line": {"color": "#44505c", "dash": "dash", "width": 1.5}}
    if axis == "x":
        return {**line, "xref": "x", "yref": "paper", "x0": minutes, "x1": minutes, "y0": 0, "y1": 1}
    return {**line, "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": minutes, "y1": minutes}


def kpi_cards(figures: dict, promise_minutes: int) -> list:
    """The mayor's 112 cards for a period: response P50/P90 against the promise, incidents and
    their top categories, the prank share of calls."""
    prank = figures.get("prank_pct")
    top = ", ".join(f"{name} {formatting.count(n)}" for name, n in figures.get("top_categories", [])[:3])
    return [
        headline_card("Respons 112 · P50", minutes_text(figures.get("p50_seconds")), f"janji: unit tiba ≤ {promise_minutes} menit"),
        headline_card("Respons 112 · P90", minutes_text(figures.get("p90_seconds")),
              f"{formatting.percent(figures.get('within_promise_pct'), 0)} insiden tepat janji"),
        headline_card("Insiden 112", formatting.count(figures.get("incidents", 0)), top or "—"),
        headline_card("Panggilan iseng / diam", formatting.percent(prank, 0),
              f"dari {formatting.count(figures.get('calls', 0))} panggilan"),
    ]
