"""Helpers for drawing districts on the dashboard map."""

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .boundaries import REPO_ROOT, installed_path, load_boundaries
from .geojson_io import write_geojson
from .reference import check_level

BUNDLED_WEB_DIR = REPO_ROOT / "assets" / "geo"
WEB_TOLERANCE_DEGREES = 0.0002  # ~20 m: invisible at city zoom, shrinks official files a lot
WEB_DECIMALS = 5


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


def centroids(level: str) -> pd.DataFrame:
    """code, name, lat, lon of a label point per district.

    `representative_point` (not centroid) so the label is always inside the
    district, even for L- or crescent-shaped ones.
    """
    boundaries = load_boundaries(level)
    points = boundaries.geometry.representative_point()
    return pd.DataFrame(
        {"code": boundaries["code"], "name": boundaries["name"], "lat": points.y, "lon": points.x}
    )
