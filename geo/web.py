"""Helpers for drawing districts on the dashboard map."""

from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from .boundaries import REPO_ROOT, installed_path, load_boundaries
from .geojson_io import write_geojson
from .reference import check_level

BUNDLED_WEB_DIR = REPO_ROOT / "assets" / "geo"
WEB_TOLERANCE_DEGREES = 0.0002  # ~20 m: invisible at city zoom, shrinks official files a lot
WEB_DECIMALS = 5
LABEL_TOLERANCE_DEGREES = 0.0002  # ~20 m: finer than a label can tell


def asset_url(level: str) -> str:
    """URL of the district GeoJSON the browser draws (served by the app, cached by the browser)."""
    return f"/geo/{check_level(level)}.geojson"


def web_geojson_path(level: str, override_dir: Path | str | None = None) -> Path:
    """The light GeoJSON for the browser: from installed official boundaries when there are any
    (simplified once, again whenever they are re-installed), else the bundled approximate file."""
    official = installed_path(level, override_dir)
    if not official.exists():
        return BUNDLED_WEB_DIR / f"{check_level(level)}.geojson"
    web = official.parent / "web" / official.name
    if not web.exists() or web.stat().st_mtime_ns < official.stat().st_mtime_ns:
        boundaries = load_boundaries(level, override_dir)
        simplified = shapely.coverage_simplify(boundaries.geometry.to_numpy(), WEB_TOLERANCE_DEGREES)
        rounded = shapely.transform(simplified, lambda xy: np.round(xy, WEB_DECIMALS))
        write_geojson(boundaries.set_geometry(rounded), web, approximate=False, source="official boundaries")
    return web


def label_point(district) -> shapely.Point:
    """Where a district's name goes: the point deepest inside its largest part (the pole of
    inaccessibility), so the name has the most room and is always inside the district, even for
    L- or crescent-shaped ones (a centroid may fall outside)."""
    largest = max(shapely.get_parts(district), key=lambda part: part.area)
    return polylabel(largest, tolerance=LABEL_TOLERANCE_DEGREES)


def centroids(level: str) -> pd.DataFrame:
    """code, name, lat, lon of a label point per district (see `label_point`)."""
    boundaries = load_boundaries(level)
    points = [label_point(district) for district in boundaries.geometry]
    return pd.DataFrame({"code": boundaries["code"], "name": boundaries["name"],
                         "lat": [point.y for point in points], "lon": [point.x for point in points]})
