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
    return {"version": 8, "glyphs": GLYPHS_URL, "sources": {},
            "layers": [{"id": "background", "type": "background", "paint": {"background-color": background}}]}


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


def with_map_frame(figure: go.Figure, map_settings: MapSettings, revision: str) -> go.Figure:
    figure.update_layout(
        map={"style": map_style(map_settings.basemap_style), "zoom": map_settings.zoom,
             "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, uirevision=revision,
        separators=PLOTLY_SEPARATORS,
    )
    return figure
