"""District names are written on every map, with glyphs the app serves itself (no internet)."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import pytest

import geo
from core.settings import MapSettings, PROJECT_ROOT
from layouts.components import complaint_charts, desk, wall_complaint_panels
from layouts.components.maps import GLYPHS_URL, LABEL_FONT, district_map, open_complaints_map

SHIPPED_FONTSTACKS = sorted(path.name for path in (PROJECT_ROOT / "assets" / "glyphs").iterdir() if path.is_dir())


def every_map(level: str = "kecamatan") -> dict[str, dict]:
    """Each map figure of the app, built as its callback builds it, as a plain dict."""
    labels = geo.centroids(level)
    summary = labels.assign(received=1, rate_per_1000=0.1, response_sla_pct=50.0)
    settings = MapSettings()
    figures = {
        "home": open_complaints_map(labels.assign(open=1), level, geo.asset_url(level), settings, labels,
                                    outside=labels.iloc[:3][["code", "name"]]),
        "districts": district_map(level, labels, geo.asset_url(level), settings),
        "pengaduan": complaint_charts.district_map_figure(summary, level, geo.asset_url(level), "count",
                                                          settings, 60, labels),
        "wall": wall_complaint_panels.activity_map(summary, pd.DataFrame(columns=["ticket", "lat", "lon"]),
                                                   geo.asset_url(level), settings, labels),
        "picker": desk.picker_map_figure((-7.25,), (112.7,), labels, geo.asset_url(level), settings),
    }
    return {name: go.Figure(figure).to_plotly_json() for name, figure in figures.items()}


@pytest.mark.parametrize("level", ["kecamatan", "kelurahan"])
def test_every_map_writes_every_district_name_in_a_shipped_font(level):
    names = sorted(geo.centroids(level)["name"])
    for name, figure in every_map(level).items():
        texts = [trace for trace in figure["data"] if trace.get("mode") == "text"]
        assert len(texts) == 1, name
        assert sorted(texts[0]["text"]) == names, name
        assert texts[0]["textfont"]["family"] == LABEL_FONT and LABEL_FONT in SHIPPED_FONTSTACKS, name


def test_the_offline_style_takes_its_glyphs_from_the_app():
    for name, figure in every_map().items():
        style = figure["layout"]["map"]["style"]
        assert style["glyphs"] == GLYPHS_URL and style["layers"][0]["type"] == "background", name
    assert GLYPHS_URL.startswith("/assets/")  # same origin: no host, nothing from the internet


def empty_objects(value, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return ([path] if not value else []) + [p for k, v in value.items() for p in empty_objects(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in empty_objects(v, f"{path}[{i}]")]
    return []


def test_no_map_style_holds_an_empty_object():
    """Plotly deletes empty objects from a layout it is given: a style's `"sources": {}` vanished,
    the first update found the style changed, and MapLibre refused the style without sources."""
    for name, figure in every_map().items():
        assert empty_objects(figure["layout"]["map"]["style"]) == [], name


def test_a_tile_basemap_keeps_its_own_style():
    figure = district_map("kecamatan", geo.centroids("kecamatan"), "/geo/kecamatan.geojson",
                          MapSettings(basemap_style="open-street-map"))
    assert figure.layout.map.style == "open-street-map"


def test_the_app_serves_the_glyphs_to_anyone(client):
    """The wall display fetches them before anyone logs in; MapLibre asks for `{fontstack}/{range}.pbf`."""
    assert SHIPPED_FONTSTACKS == ["Open Sans Bold", "Open Sans Regular"]
    for fontstack in SHIPPED_FONTSTACKS:
        response = client.get(GLYPHS_URL.format(fontstack=quote(fontstack), range="0-255"))
        assert response.status_code == 200, fontstack
        body = response.get_data()
        assert body[:1] == b"\x0a" and fontstack.encode() in body[:64]  # a glyphs message naming its font
    assert client.get(GLYPHS_URL.format(fontstack=quote(LABEL_FONT), range="256-511")).status_code == 404
