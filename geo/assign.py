"""Assign coordinates (e.g. complaint locations) to kelurahan and kecamatan."""

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .boundaries import load_boundaries


class DistrictLocator:
    """Point-in-polygon lookup over the kelurahan boundaries.

    Built once (spatial index over 153 polygons), then `assign` handles a
    million points in a few seconds: all work happens inside GEOS, no Python
    loop over points or polygons.
    """

    def __init__(self, kelurahan: gpd.GeoDataFrame):
        # Sorted by code, so "lowest index" means "lowest code" below.
        kelurahan = kelurahan.to_crs("EPSG:4326").sort_values("code", ignore_index=True)
        self._kelurahan_codes = kelurahan["code"].to_numpy(dtype=object)
        self._kecamatan_codes = kelurahan["kecamatan_code"].to_numpy(dtype=object)
        self._tree = shapely.STRtree(kelurahan.geometry.to_numpy())

    def _polygon_index(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Index of the polygon holding each point, -1 for none/invalid."""
        found = np.full(len(lats), -1)
        valid = np.isfinite(lats) & np.isfinite(lons) & (np.abs(lats) <= 90) & (np.abs(lons) <= 180)
        (valid_positions,) = np.nonzero(valid)
        points = shapely.points(lons[valid], lats[valid])
        # "intersects" (not "within") so border points are found at all; a
        # point on a shared border hits two polygons and keeps the lowest code.
        point_idx, polygon_idx = self._tree.query(points, predicate="intersects")
        order = np.lexsort((polygon_idx, point_idx))  # by point, then by polygon
        point_idx, polygon_idx = point_idx[order], polygon_idx[order]
        hit_points, first = np.unique(point_idx, return_index=True)
        found[valid_positions[hit_points]] = polygon_idx[first]
        return found

    def assign(self, lats, lons) -> pd.DataFrame:
        """kelurahan_code and kecamatan_code of each point (<NA> outside the city,
        or for NaN / impossible coordinates). Keeps the index of pandas input."""
        lat_array = np.asarray(lats, dtype=float).ravel()
        lon_array = np.asarray(lons, dtype=float).ravel()
        if len(lat_array) != len(lon_array):
            raise ValueError(f"{len(lat_array)} latitudes but {len(lon_array)} longitudes")
        found = self._polygon_index(lat_array, lon_array)
        hit = found >= 0

        def codes(table: np.ndarray) -> pd.array:
            values = np.full(len(found), None, dtype=object)
            values[hit] = table[found[hit]]
            return pd.array(values, dtype="string")

        index = lats.index if isinstance(lats, pd.Series) else None
        return pd.DataFrame(
            {"kelurahan_code": codes(self._kelurahan_codes), "kecamatan_code": codes(self._kecamatan_codes)},
            index=index,
        )


@cache
def default_locator() -> DistrictLocator:
    """Locator over the boundaries the app uses (official if installed).
    Built once per process: call `default_locator.cache_clear()` after installing new ones."""
    return DistrictLocator(load_boundaries("kelurahan"))


def locate_point(lat: float, lon: float) -> tuple[str, str] | None:
    """(kecamatan_code, kelurahan_code) of one point, or None outside the city."""
    row = default_locator().assign([lat], [lon]).iloc[0]
    if pd.isna(row["kelurahan_code"]):
        return None
    return row["kecamatan_code"], row["kelurahan_code"]
