import numpy as np
import pandas as pd
import shapely

from geo import DistrictLocator, locate_point
from geo.assign import default_locator


def test_point_inside_a_kelurahan_gets_that_kelurahan(kelurahan):
    points = kelurahan.geometry.representative_point()  # always inside, unlike a centroid
    result = DistrictLocator(kelurahan).assign(points.y.to_numpy(), points.x.to_numpy())
    assert list(result["kelurahan_code"]) == list(kelurahan["code"])
    assert list(result["kecamatan_code"]) == list(kelurahan["kecamatan_code"])


def shared_vertex(kelurahan):
    """A vertex lying on exactly two kelurahan (a point on their common border)."""
    polygons = kelurahan.geometry.to_numpy()
    vertices = shapely.points(np.unique(shapely.get_coordinates(polygons), axis=0))
    point_idx, polygon_idx = shapely.STRtree(polygons).query(vertices, predicate="intersects")
    counts = np.bincount(point_idx, minlength=len(vertices))
    chosen = np.flatnonzero(counts == 2)[0]
    return vertices[chosen], sorted(kelurahan["code"].to_numpy()[polygon_idx[point_idx == chosen]])


def test_point_on_shared_border_gets_exactly_one_deterministic_kelurahan(kelurahan):
    point, two_codes = shared_vertex(kelurahan)
    assert len(two_codes) == 2
    locator = DistrictLocator(kelurahan)
    result = locator.assign([point.y, point.x], [point.x, point.x + 10])  # 2nd point: far outside
    assert len(result) == 2
    assert result["kelurahan_code"].iloc[0] == two_codes[0]  # the lower code
    # Same answer whatever order the boundaries come in.
    shuffled = DistrictLocator(kelurahan.sample(frac=1, random_state=3))
    assert shuffled.assign([point.y], [point.x])["kelurahan_code"].iloc[0] == two_codes[0]


def test_points_outside_or_invalid_get_na(kelurahan):
    locator = DistrictLocator(kelurahan)
    result = locator.assign([-7.0, np.nan, -7.27, 95.0, -7.27], [112.0, 112.74, np.nan, 112.74, 112.74])
    assert result["kelurahan_code"].isna().tolist() == [True, True, True, True, False]
    assert result["kecamatan_code"].isna().tolist() == [True, True, True, True, False]
    assert result["kelurahan_code"].iloc[0] is pd.NA


def test_locate_point():
    default_locator.cache_clear()
    kecamatan_code, kelurahan_code = locate_point(-7.2575, 112.7521)
    assert kelurahan_code.startswith(kecamatan_code)
    assert locate_point(-7.0, 112.0) is None
    assert locate_point(float("nan"), float("nan")) is None


def test_keeps_pandas_index_and_handles_empty_input(kelurahan):
    locator = DistrictLocator(kelurahan)
    lats = pd.Series([-7.27, -7.0], index=[10, 20])
    lons = pd.Series([112.74, 112.0], index=[10, 20])
    assert list(locator.assign(lats, lons).index) == [10, 20]
    empty = locator.assign([], [])
    assert len(empty) == 0 and list(empty.columns) == ["kelurahan_code", "kecamatan_code"]


def test_many_random_points_in_one_call(kelurahan):
    rng = np.random.default_rng(0)
    count = 200_000
    lats = rng.uniform(-7.36, -7.19, count)
    lons = rng.uniform(112.59, 112.85, count)
    result = DistrictLocator(kelurahan).assign(lats, lons)
    assert len(result) == count
    found = result.dropna()
    assert 0.5 * count < len(found) < count  # most of the box is city, its corners are not
    assert (found["kelurahan_code"].str.rsplit(".", n=1).str[0] == found["kecamatan_code"]).all()
    # Spot check against a plain point-in-polygon test.
    city = shapely.union_all(kelurahan.geometry.to_numpy())
    assert (shapely.contains_xy(city, lons[:2000], lats[:2000]) == result["kelurahan_code"].notna()[:2000]).all()
