"""Map figures: district polygons from the GeoJSON asset, drawn with Plotly's MapLibre traces.

The GeoJSON is referenced by URL so the browser fetches it once and caches it; figures carry only
codes and values. `uirevision` keeps the user's zoom when a figure is updated.

District names are drawn on the map as text (a wall display cannot hover). MapLibre renders text
only from glyphs fetched from its style's `glyphs` URL, which for Plotly's named styles is a
public server: the offline `white-bg` style is therefore replaced by an equivalent style object
whose glyphs the app serves itself (assets/glyphs, built by geo/build_glyphs.py).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.formatting import PLOTLY_SEPARATORS
from core.settings import MapSettings
from layouts.components.plain_figures import figure as plain_figure

DISTRICT_COLOURS = ["#cfe3f3", "#d7ecd9", "#f6e3c8", "#e8d9ef", "#f3d5d5", "#d9eeee"]
GLYPHS_URL = "/assets/glyphs/{fontstack}/{range}.pbf"  # served by the app: no internet needed
LABEL_FONT = "Open Sans Bold"  # a fontstack under assets/glyphs (Plotly maps weight 700 to it)
LABEL_COLOUR = "#0f2338"
ALWAYS_SHOWN = "labels:always"  # read by assets/map_labels.js
# Where each level's boundaries come from, said under every map (the kelurahan are approximate).
KECAMATAN_CREDIT = "Batas kecamatan: Satu Data Surabaya (2024)"
KELURAHAN_CREDIT = "batas kelurahan: perkiraan, dibangkitkan di dalam kecamatan, bukan batas resmi"
BOUNDARY_CREDITS = f"{KECAMATAN_CREDIT}; {KELURAHAN_CREDIT}."


def map_style(basemap_style: str, background: str = "#ffffff") -> str | dict:
    """The MapLibre style for `basemap_style`: the offline `white-bg` becomes a style object with
    our own glyphs (and `background`); a tile style (needs internet anyway) is kept by name."""
    if basemap_style != "white-bg":
        return basemap_style
    return {"version": 8, "glyphs": GLYPHS_URL, "sources": NO_SOURCES,
            "layers": [{"id": "background", "type": "background", "paint": {"background-color": background}}]}


# MapLibre requires a style's `sources`, but Plotly deletes empty objects from a layout it is given:
# with `"sources": {}` the first update found the style changed, re-set it without sources and
# MapLibre refused it ("Map error."), leaving the placeholder's colours and no dots. One unused,
# empty source keeps the key.
NO_SOURCES = {"unused": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"unused": 1}}]}}}


def label_trace(districts: pd.DataFrame, level: str, colour: str = LABEL_COLOUR, size: int = 12) -> dict:
    """District names as map text at their label points (`districts`: name, lat, lon).

    MapLibre hides a label that would touch another: right for 153 kelurahan at city zoom (names
    show as the map zooms in), wrong for the 31 kecamatan, whose names must all show: assets/
    map_labels.js lets the traces marked `labels:always` overlap."""
    return {"type": "scattermap", "mode": "text", "lat": list(districts["lat"]), "lon": list(districts["lon"]),
            "text": list(districts["name"]), "textfont": {"family": LABEL_FONT, "size": size, "color": colour},
            "hoverinfo": "skip", "name": "label", "meta": ALWAYS_SHOWN if level == "kecamatan" else "labels"}


def district_map(level: str, districts: pd.DataFrame, geojson_url: str, map_settings: MapSettings) -> go.Figure:
    """Every district in a soft colour with its name written on it (and on hover).

    `districts` has columns code, name, lat, lon.
    """
    colour_index = [i % len(DISTRICT_COLOURS) for i in range(len(districts))]
    scale = [[i / (len(DISTRICT_COLOURS) - 1), c] for i, c in enumerate(DISTRICT_COLOURS)]
    figure = go.Figure([
        go.Choroplethmap(
            geojson=geojson_url, featureidkey="properties.code", locations=districts["code"],
            z=colour_index, colorscale=scale, showscale=False, zmin=0, zmax=len(DISTRICT_COLOURS) - 1,
            marker={"line": {"color": "#5b6b7b", "width": 1}, "opacity": 0.75},
            text=districts["name"], hovertemplate="%{text}<extra></extra>", name=level,
        ),
        label_trace(districts, level),
    ])
    return with_map_frame(figure, map_settings, revision=level)


OUTSIDE_FILL = "#c3cad2"
OUTSIDE_TEXT = "di luar wilayah Anda"  # data.areas.OUTSIDE


def outside_traces(outside: pd.DataFrame | None, geojson_url: str) -> list[dict]:
    """Districts outside the viewer's area (code, name), greyed and saying so, instead of empty
    zeros that look like quiet places. Placed after a map's coloured trace (a Patch recolours
    data[1]) and under the names."""
    if outside is None or outside.empty:
        return []
    return [{"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
             "locations": outside["code"].tolist(), "z": [0] * len(outside), "showscale": False,
             "colorscale": [[0, OUTSIDE_FILL], [1, OUTSIDE_FILL]], "name": "luar",
             "marker": {"line": {"color": "#8a99a8", "width": 0.8}, "opacity": 0.9},
             "customdata": outside["name"].tolist(),
             "hovertemplate": f"<b>%{{customdata}}</b><br>{OUTSIDE_TEXT}<extra></extra>"}]


OPEN_SCALE = [[0.0, "#fff5eb"], [0.35, "#fdbe85"], [0.7, "#fd8d3c"], [1.0, "#d94701"]]


def open_complaints_map(summary: pd.DataFrame, level: str, geojson_url: str, map_settings: MapSettings,
                        labels: pd.DataFrame, outside: pd.DataFrame | None = None,
                        view: tuple[dict, float] | None = None) -> dict:
    """The landing page's live map: the districts of the viewer's area coloured by their open
    complaints (`summary`: code, name, open), the rest greyed (`outside`), every name written on it
    (`labels`: name, lat, lon). `view` (centre, zoom) opens on the area. A plain dict."""
    everything = pd.concat([summary[["code", "name"]], outside if outside is not None else summary.iloc[0:0][["code", "name"]]])
    base = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            "locations": everything["code"].tolist(), "z": [0] * len(everything), "showscale": False,
            "colorscale": [[0, "#eef1f4"], [1, "#eef1f4"]], "text": everything["name"].tolist(),
            "hoverinfo": "skip", "marker": {"line": {"color": "#8a99a8", "width": 0.8}}, "name": level}
    counts = [int(v) for v in summary["open"]]
    values = {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
              "locations": summary["code"].tolist(), "z": counts, "zmin": 0, "zmax": max([*counts, 1]),
              "colorscale": OPEN_SCALE, "customdata": summary["name"].tolist(), "name": "terbuka",
              "marker": {"line": {"color": "#44505c", "width": 1}, "opacity": 0.85},
              "hovertemplate": "<b>%{customdata}</b><br>Aduan masih terbuka: %{z}<extra></extra>",
              "colorbar": {"title": {"text": "Aduan masih<br>terbuka", "font": {"size": 12}}, "thickness": 12,
                           "tickformat": "d", "dtick": max(1, -(-max([*counts, 1]) // 5)),  # whole complaints
                           "len": 0.5, "x": 0.99, "xanchor": "right", "bgcolor": "rgba(255,255,255,0.8)"}}
    center, zoom = view or ({"lat": map_settings.center_lat, "lon": map_settings.center_lon}, map_settings.zoom)
    return plain_figure([base, values, *outside_traces(outside, geojson_url), label_trace(labels, level)],
                        {"map": {"style": map_style(map_settings.basemap_style), "zoom": zoom, "center": center},
                         "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "showlegend": False,
                         "uirevision": f"home:{level}:{zoom}"})


def with_map_frame(figure: go.Figure, map_settings: MapSettings, revision: str) -> go.Figure:
    figure.update_layout(
        map={"style": map_style(map_settings.basemap_style), "zoom": map_settings.zoom,
             "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, uirevision=revision,
        separators=PLOTLY_SEPARATORS,
    )
    return figure
