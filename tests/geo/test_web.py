import shapely

import json

from geo import asset_url, centroids, install_official, load_boundaries, load_bundled, web_geojson_path
from geo.generate import ASSETS_DIR
from geo.labels import label_box, overlap, pole_of_inaccessibility


def test_without_official_boundaries_the_browser_gets_the_bundled_web_file(tmp_path):
    for level in ["kecamatan", "kelurahan"]:
        assert asset_url(level) == f"/geo/{level}.geojson"
        assert web_geojson_path(level, tmp_path) == ASSETS_DIR / f"{level}.geojson"


def test_installed_official_boundaries_are_what_the_browser_draws(tmp_path):
    official = load_bundled("kecamatan")
    official["geometry"] = official.geometry.buffer(0)  # stands in for a city's own file
    install_official(official, "kecamatan", tmp_path)
    path = web_geojson_path("kecamatan", tmp_path)
    assert path.parent == tmp_path / "web"
    served = json.loads(path.read_text())
    assert served["approximate"] is False
    assert sorted(f["properties"]["code"] for f in served["features"]) == sorted(official["code"])


def test_centroids_lie_inside_their_district():
    kelurahan = load_boundaries("kelurahan")  # what the app draws: official if installed
    labels = centroids("kelurahan")
    assert list(labels.columns) == ["code", "name", "lat", "lon"]
    assert list(labels["code"]) == list(kelurahan["code"])
    assert shapely.contains_xy(kelurahan.geometry.to_numpy(), labels["lon"], labels["lat"]).all()
    assert len(centroids("kecamatan")) == 31


def test_kecamatan_names_are_spread_so_they_do_not_cover_each_other():
    kecamatan = load_boundaries("kecamatan")
    labels = centroids("kecamatan")
    assert shapely.contains_xy(kecamatan.geometry.to_numpy(), labels["lon"], labels["lat"]).all()
    spread = [label_box(shapely.Point(lon, lat), name) for lon, lat, name in zip(labels["lon"], labels["lat"], labels["name"])]
    at_poles = [label_box(pole_of_inaccessibility(district), name) for district, name in zip(kecamatan.geometry, kecamatan["name"])]
    assert overlap(at_poles) > 0  # three narrow kecamatan side by side in the south
    assert overlap(spread) < 0.05 * overlap(at_poles)
