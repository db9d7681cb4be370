import json

import geopandas as gpd
import pytest
import shapely

from geo import kecamatan_reference, kelurahan_reference, load_bundled
from geo.generate import ASSETS_DIR, DATA_DIR, KECAMATAN_SOURCE, generate
from geo.reference import kecamatan_boundaries_path

UTM_49S = "EPSG:32749"  # metric CRS for Surabaya, for areas
WEB_FILES = [ASSETS_DIR / "kecamatan.geojson", ASSETS_DIR / "kelurahan.geojson"]


def utm_area(geometries) -> float:
    return geometries.to_crs(UTM_49S).area.sum()


def test_bundled_counts_and_codes_match_reference(kecamatan, kelurahan):
    assert len(kecamatan) == 31
    assert len(kelurahan) == 153  # official count (Kemendagri): merged kelurahan are gone
    assert sorted(kecamatan["code"]) == sorted(kecamatan_reference()["code"])
    assert sorted(kelurahan["code"]) == sorted(kelurahan_reference()["code"])
    reference = kelurahan_reference().set_index("code")
    assert (kelurahan.set_index("code")["kecamatan_code"] == reference["kecamatan_code"]).all()


def test_bundled_schema_and_crs(kecamatan, kelurahan):
    assert list(kecamatan.columns) == ["code", "name", "geometry"]
    assert list(kelurahan.columns) == ["code", "name", "kecamatan_code", "geometry"]
    assert kecamatan.crs.to_epsg() == 4326 and kelurahan.crs.to_epsg() == 4326
    assert kelurahan.geometry.is_valid.all() and kecamatan.geometry.is_valid.all()


def test_only_the_kelurahan_files_are_marked_approximate():
    for level in ["kecamatan", "kelurahan"]:
        for path in [DATA_DIR / f"{level}.geojson", ASSETS_DIR / f"{level}.geojson"]:
            collection = json.loads(path.read_text())
            approximate = level == "kelurahan"
            assert collection["approximate"] is approximate
            assert all(f["properties"]["approximate"] is approximate for f in collection["features"])
            assert (collection["source"] == KECAMATAN_SOURCE) is not approximate


def test_kelurahan_tile_their_kecamatan(kecamatan, kelurahan):
    dissolved = kelurahan.dissolve(by="kecamatan_code")
    for code, kec_geometry in zip(kecamatan["code"], kecamatan.to_crs(UTM_49S).geometry):
        union = dissolved.loc[[code]].to_crs(UTM_49S).geometry.iloc[0]
        assert abs(union.area - kec_geometry.area) <= 0.001 * kec_geometry.area, code
        assert union.symmetric_difference(kec_geometry).area <= 0.001 * kec_geometry.area, code
    # Tiles, not overlapping layers: areas add up.
    assert abs(utm_area(kelurahan) - utm_area(kecamatan)) <= 0.001 * utm_area(kecamatan)


def real_kecamatan():
    return gpd.read_file(kecamatan_boundaries_path()).sort_values("code", ignore_index=True)


def test_kecamatan_are_the_real_boundaries(kecamatan):
    real = real_kecamatan()
    assert list(real["code"]) == list(kecamatan["code"])
    # Equal up to the gap and overlap slivers of the source, each given to one neighbour.
    difference = shapely.area(shapely.symmetric_difference(kecamatan.geometry.to_numpy(), real.geometry.to_numpy()))
    assert (difference < 0.002 * shapely.area(real.geometry.to_numpy())).all()
    city, real_city = shapely.union_all(kecamatan.geometry.to_numpy()), shapely.union_all(real.geometry.to_numpy())
    assert city.symmetric_difference(real_city).area <= 0.001 * real_city.area
    assert all(len(part.interiors) == 0 for part in shapely.get_parts(city))  # gap slivers were filled


def test_kecamatan_areas_match_the_published_ones(kecamatan):
    published = real_kecamatan().set_index("code")["area_km2"]
    ours = kecamatan.to_crs(UTM_49S).set_index("code").area / 1e6
    assert ((ours - published).abs() <= 0.02 * published + 0.05).all()


def test_bundled_are_exact_coverages(kecamatan, kelurahan):
    assert shapely.coverage_is_valid(kecamatan.geometry.to_numpy())
    assert shapely.coverage_is_valid(kelurahan.geometry.to_numpy())


def test_web_files_are_small():
    for path in WEB_FILES:
        assert path.stat().st_size < 300_000, path


def test_web_files_keep_shared_borders(kelurahan):
    for path in WEB_FILES:
        web = gpd.read_file(path)
        geometries = web.geometry.to_numpy()
        assert shapely.is_valid(geometries).all()
        assert shapely.coverage_is_valid(geometries), path
        left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
        neighbours = left < right
        overlap = shapely.area(shapely.intersection(geometries[left[neighbours]], geometries[right[neighbours]]))
        assert neighbours.sum() > 50  # there really are neighbours sharing borders
        assert overlap.sum() < 1e-9 * shapely.area(geometries).sum()
    web_kelurahan = gpd.read_file(WEB_FILES[1])
    assert abs(utm_area(web_kelurahan) - utm_area(kelurahan)) <= 0.001 * utm_area(kelurahan)


def test_generate_is_deterministic_and_committed_files_are_current(tmp_path):
    generate(data_dir=tmp_path / "data", assets_dir=tmp_path / "assets")
    for name in ["kecamatan.geojson", "kelurahan.geojson"]:
        assert (tmp_path / "data" / name).read_bytes() == (DATA_DIR / name).read_bytes()
        assert (tmp_path / "assets" / name).read_bytes() == (ASSETS_DIR / name).read_bytes()


def test_load_bundled_rejects_unknown_level():
    with pytest.raises(ValueError):
        load_bundled("provinsi")


def test_kelurahan_are_voronoi_cells_inside_their_kecamatan(kecamatan, kelurahan):
    # A Voronoi cell is convex, so a kelurahan (cell clipped to its kecamatan) is its own convex
    # hull clipped to its kecamatan, up to grid snapping; a shape not cut that way would not be.
    kecamatan_shape = kecamatan.set_index("code").geometry
    for kel in kelurahan.itertuples():
        clipped_hull = shapely.intersection(kel.geometry.convex_hull, kecamatan_shape[kel.kecamatan_code])
        assert clipped_hull.area - kel.geometry.area <= 0.01 * kel.geometry.area, kel.code
