import zipfile

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import BoundaryMismatchError, install_official, load_boundaries, load_official

UTM_49S = "EPSG:32749"


def official_like_kecamatan(kecamatan):
    """Bundled kecamatan dressed up like an agency file: other spellings,
    UTM 49S, and Gubeng split over two rows."""
    renamed = {"Karang Pilang": "Karangpilang", "Pabean Cantian": "Kec. Pabean Cantikan"}
    names = [renamed.get(name, name.upper()) for name in kecamatan["name"]]
    gdf = gpd.GeoDataFrame({"NAMOBJ": names, "luas": 1.0}, geometry=kecamatan.geometry, crs=4326)
    is_gubeng = gdf["NAMOBJ"] == "GUBENG"
    gubeng = gdf.geometry[is_gubeng].iloc[0]
    core = gubeng.intersection(gubeng.centroid.buffer(0.005))
    split = gpd.GeoDataFrame(
        {"NAMOBJ": ["GUBENG", "Gubeng"], "luas": 0.5}, geometry=[core, gubeng.difference(core)], crs=4326
    )
    return pd.concat([gdf[~is_gubeng], split], ignore_index=True).to_crs(UTM_49S)


def assert_same_as_bundled(loaded, bundled):
    assert loaded.crs.to_epsg() == 4326
    assert list(loaded.columns) == list(bundled.columns)
    assert list(loaded["code"]) == list(bundled["code"])
    assert list(loaded["name"]) == list(bundled["name"])
    minx, miny, maxx, maxy = loaded.total_bounds
    assert 112.5 < minx < maxx < 112.9 and -7.4 < miny < maxy < -7.1  # lon/lat, not metres
    difference = shapely.area(shapely.symmetric_difference(loaded.geometry.to_numpy(), bundled.geometry.to_numpy()))
    assert (difference < 1e-6 * shapely.area(bundled.geometry.to_numpy())).all()


def test_loads_projected_geojson_with_variant_names(tmp_path, kecamatan):
    path = tmp_path / "kecamatan_utm.geojson"
    official_like_kecamatan(kecamatan).to_file(path, driver="GeoJSON")
    assert gpd.read_file(path).crs.to_epsg() == 32749
    loaded = load_official(path, "kecamatan")
    assert len(loaded) == 31  # the two Gubeng rows were dissolved into one
    assert_same_as_bundled(loaded, kecamatan)


def test_loads_shapefile_and_zipped_shapefile_and_disambiguates_by_kecamatan(tmp_path, kelurahan, kecamatan):
    kecamatan_names = dict(zip(kecamatan["code"], kecamatan["name"]))
    gdf = gpd.GeoDataFrame(
        {"WADMKD": kelurahan["name"].str.upper(), "WADMKC": kelurahan["kecamatan_code"].map(kecamatan_names)},
        geometry=kelurahan.geometry,
        crs=4326,
    ).to_crs(UTM_49S)
    gdf = gdf.iloc[::-1]  # file order must not matter
    path = tmp_path / "kelurahan.shp"
    gdf.to_file(path)
    loaded = load_official(path, "kelurahan")
    assert_same_as_bundled(loaded, kelurahan)
    # The two "Wonorejo" kept their own codes and kecamatan.
    wonorejo = loaded[loaded["name"] == "Wonorejo"]
    assert sorted(wonorejo["kecamatan_code"]) == ["35.78.03", "35.78.05"]  # Rungkut, Tegalsari

    archive = tmp_path / "kelurahan.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("kelurahan.*"):
            if part != archive:
                zipped.write(part, part.name)
    assert_same_as_bundled(load_official(archive, "kelurahan"), kelurahan)


def test_loads_geopackage_with_given_name_field(tmp_path, kecamatan):
    path = tmp_path / "batas.gpkg"
    gdf = gpd.GeoDataFrame({"label": kecamatan["name"], "nama": "x"}, geometry=kecamatan.geometry, crs=4326)
    gdf.to_file(path, driver="GPKG")
    assert_same_as_bundled(load_official(path, "kecamatan", name_field="label"), kecamatan)


def write_shapefile_without_prj(gdf, path):
    gdf.to_file(path)
    path.with_suffix(".prj").unlink()  # the classic "forgot the .prj" file


def test_missing_crs_is_accepted_only_for_plain_lon_lat(tmp_path, kecamatan):
    lonlat = tmp_path / "lonlat.shp"
    write_shapefile_without_prj(kecamatan.rename(columns={"name": "nama"}), lonlat)
    assert gpd.read_file(lonlat).crs is None
    assert_same_as_bundled(load_official(lonlat, "kecamatan"), kecamatan)

    metres = tmp_path / "metres.shp"
    write_shapefile_without_prj(kecamatan.rename(columns={"name": "nama"}).to_crs(UTM_49S), metres)
    with pytest.raises(ValueError, match="no coordinate reference system"):
        load_official(metres, "kecamatan")


def test_refuses_missing_and_unknown_districts(tmp_path, kecamatan):
    gdf = gpd.GeoDataFrame({"kecamatan": kecamatan["name"]}, geometry=kecamatan.geometry, crs=4326)
    gdf = gdf[~gdf["kecamatan"].isin(["Bulak", "Wiyung"])].copy()
    gdf.loc[gdf["kecamatan"] == "Gubeng", "kecamatan"] = "Atlantis"
    path = tmp_path / "incomplete.geojson"
    gdf.to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryMismatchError) as error:
        load_official(path, "kecamatan")
    message = str(error.value)
    assert isinstance(error.value, ValueError)
    for expected in ["Bulak (35.78.29)", "Wiyung (35.78.20)", "Gubeng (35.78.08)", "'Atlantis'"]:
        assert expected in message
    assert "Genteng" not in message


def test_refuses_duplicate_kelurahan_names_without_kecamatan_column(tmp_path, kelurahan):
    path = tmp_path / "kelurahan.geojson"
    gpd.GeoDataFrame({"nama": kelurahan["name"]}, geometry=kelurahan.geometry, crs=4326).to_file(path)
    with pytest.raises(BoundaryMismatchError, match="Wonorejo"):
        load_official(path, "kelurahan")


def test_refuses_file_without_name_column(tmp_path, kecamatan):
    path = tmp_path / "nameless.geojson"
    gpd.GeoDataFrame({"id": range(31)}, geometry=kecamatan.geometry, crs=4326).to_file(path)
    with pytest.raises(ValueError, match="name column"):
        load_official(path, "kecamatan")


def test_installed_official_boundaries_replace_bundled(tmp_path, kecamatan):
    assert_same_as_bundled(load_boundaries("kecamatan", override_dir=tmp_path), kecamatan)

    official = kecamatan.copy()
    official["geometry"] = official.geometry.simplify(0.002)  # recognisably different
    path = install_official(official, "kecamatan", directory=tmp_path)
    assert path == tmp_path / "kecamatan.geojson"

    used = load_boundaries("kecamatan", override_dir=tmp_path)
    assert list(used["code"]) == list(kecamatan["code"])
    assert shapely.equals_exact(used.geometry.to_numpy(), official.geometry.to_numpy(), tolerance=1e-12).all()
    assert not shapely.equals_exact(used.geometry.to_numpy(), kecamatan.geometry.to_numpy(), tolerance=1e-6).all()
