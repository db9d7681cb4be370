"""Write GeoDataFrames as small, deterministic GeoJSON files.

We write the JSON ourselves (instead of `GeoDataFrame.to_file`) so that the
output is byte-for-byte reproducible, has one feature per line (readable git
diffs) and can carry top-level notes such as `"approximate": true`.
"""

import json
import os
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import mapping


def _round_nested(coords, decimals: int):
    if isinstance(coords, (int, float)):
        return round(coords, decimals)
    return [_round_nested(c, decimals) for c in coords]


def _geometry_json(geometry, decimals: int | None) -> dict:
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    geo = mapping(shapely.orient_polygons(geometry))
    if decimals is not None:
        geo["coordinates"] = _round_nested(geo["coordinates"], decimals)
    return geo


def _plain(value):
    # numpy / pandas scalars are not JSON serialisable; `.item()` converts them.
    return value.item() if hasattr(value, "item") else value


def write_geojson(
    gdf: gpd.GeoDataFrame, path: Path, decimals: int | None = None, **top_level
) -> None:
    """Write `gdf` (EPSG:4326) to `path`; extra keyword arguments become
    top-level members of the FeatureCollection."""
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    features = []
    for row, geometry in zip(gdf[columns].itertuples(index=False), gdf.geometry):
        feature = {
            "type": "Feature",
            "properties": {c: _plain(v) for c, v in zip(columns, row)},
            "geometry": _geometry_json(geometry, decimals),
        }
        features.append(json.dumps(feature, separators=(",", ":")))
    header = json.dumps({"type": "FeatureCollection", **top_level}, separators=(",", ":"))
    text = header[:-1] + ',"features":[\n' + ",\n".join(features) + "\n]}\n"

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a reader never sees a half-written file.
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
