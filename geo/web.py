"""Helpers for drawing districts on the dashboard map."""

import pandas as pd

from .boundaries import load_boundaries
from .reference import check_level


def asset_url(level: str) -> str:
    """URL of the simplified GeoJSON Dash serves from `assets/geo/`."""
    return f"/assets/geo/{check_level(level)}.geojson"


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
