"""Map figures: district polygons from the GeoJSON asset, drawn with Plotly's MapLibre traces.

The GeoJSON is referenced by URL so the browser fetches it once and caches it; figures carry only
codes and values. `uirevision` keeps the user's zoom when a figure is updated.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.settings import MapSettings

DISTRICT_COLOURS = ["#cfe3f3", "#d7ecd9", "#f6e3c8", "#e8d9ef", "#f3d5d5", "#d9eeee"]


def district_map(level: str, districts: pd.DataFrame, geojson_url: str, map_settings: MapSettings) -> go.Figure:
    """Every district in a soft colour with its name on hover, plus a dot at its label point.

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
        go.Scattermap(
            lat=districts["lat"], lon=districts["lon"], mode="markers", text=districts["name"],
            marker={"size": 5, "color": "#0f2338"}, hovertemplate="%{text}<extra></extra>",
            name="nama",
        ),
    ])
    return with_map_frame(figure, map_settings, revision=level)


def with_map_frame(figure: go.Figure, map_settings: MapSettings, revision: str) -> go.Figure:
    figure.update_layout(
        map={"style": map_settings.basemap_style, "zoom": map_settings.zoom,
             "center": {"lat": map_settings.center_lat, "lon": map_settings.center_lon}},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, uirevision=revision,
    )
    return figure
