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


def test_the_bundled_label_spots_on_disk_are_what_a_fresh_computation_gives():
    """A fresh process reads the spots instead of spreading 31 names (python -m geo.web writes them)."""
    import pandas as pd

    from geo.web import BUNDLED_DIR, LABELS_SUFFIX, compute_label_spots

    for level in ("kecamatan", "kelurahan"):
        stored = pd.read_csv(BUNDLED_DIR / f"{level}{LABELS_SUFFIX}", dtype={"code": str, "name": str})
        pd.testing.assert_frame_equal(stored, compute_label_spots(level), check_dtype=False)


def test_official_boundaries_get_their_label_spots_written_once_and_again_after_a_new_install(tmp_path, monkeypatch):
    import os

    import geo.boundaries
    from geo.web import _label_spots, label_spots_path

    monkeypatch.setattr(geo.boundaries, "INSTANCE_DIR", tmp_path)
    official = load_bundled("kecamatan")
    official["geometry"] = official.geometry.buffer(0)
    install_official(official, "kecamatan")
    _label_spots.cache_clear()
    assert label_spots_path("kecamatan") == tmp_path / "web" / "kecamatan.labels.csv"
    assert len(centroids("kecamatan")) == 31 and label_spots_path("kecamatan").exists()

    written = label_spots_path("kecamatan")
    written.write_text(written.read_text().replace("Genteng", "Genteng (dari berkas)"))
    _label_spots.cache_clear()
    assert "Genteng (dari berkas)" in set(centroids("kecamatan")["name"])  # read, not computed again

    stamp = written.stat().st_mtime_ns + 10_000_000
    os.utime(tmp_path / "kecamatan.geojson", ns=(stamp, stamp))  # a newer install makes the file stale
    _label_spots.cache_clear()
    assert "Genteng" in set(centroids("kecamatan")["name"])
    _label_spots.cache_clear()
