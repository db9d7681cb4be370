import shapely

from geo import asset_url, centroids, load_boundaries
from geo.generate import ASSETS_DIR


def test_asset_url_points_to_existing_file():
    for level in ["kecamatan", "kelurahan"]:
        url = asset_url(level)
        assert url == f"/assets/geo/{level}.geojson"
        assert (ASSETS_DIR.parent / url.removeprefix("/assets/")).exists()


def test_centroids_lie_inside_their_district():
    kelurahan = load_boundaries("kelurahan")  # what the app draws: official if installed
    labels = centroids("kelurahan")
    assert list(labels.columns) == ["code", "name", "lat", "lon"]
    assert list(labels["code"]) == list(kelurahan["code"])
    assert shapely.contains_xy(kelurahan.geometry.to_numpy(), labels["lon"], labels["lat"]).all()
    assert len(centroids("kecamatan")) == 31
