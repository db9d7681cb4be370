"""Load official district boundaries (e.g. from BIG or the city) and install
them so the app uses them instead of the bundled approximate ones.

Usage:
    gdf = load_official("kelurahan_surabaya.shp.zip", "kelurahan")
    install_official(gdf, "kelurahan")   # -> instance/geo/kelurahan.geojson
"""

from pathlib import Path

import geopandas as gpd
import pandas as pd

from .boundaries import columns_for, installed_path
from .geojson_io import write_geojson
from .names import match_names
from .reference import check_level, kecamatan_reference, reference_for

# Columns that usually hold district names, most specific first. WADMKC /
# WADMKD / NAMOBJ are the field names of BIG's (Badan Informasi Geospasial) data.
NAME_COLUMNS = {
    "kecamatan": ["WADMKC", "NAMOBJ", "kecamatan", "nama_kecamatan", "nama_kec", "name", "nama"],
    "kelurahan": ["WADMKD", "NAMOBJ", "kelurahan", "desa", "nama_kelurahan", "nama_kel", "name", "nama"],
}
KECAMATAN_COLUMNS = ["WADMKC", "kecamatan", "nama_kecamatan", "nama_kec"]

# Generous lon/lat box around Surabaya, to recognise lon/lat data and bad CRSs.
SURABAYA_BOX = (112.4, -7.5, 113.0, -7.0)  # min lon, min lat, max lon, max lat


class BoundaryMismatchError(ValueError):
    """The file's districts do not match the reference list."""


# --- reading ---------------------------------------------------------------


def _inside_surabaya_box(gdf: gpd.GeoDataFrame) -> bool:
    min_x, min_y, max_x, max_y = gdf.total_bounds
    box_min_x, box_min_y, box_max_x, box_max_y = SURABAYA_BOX
    return box_min_x <= min_x and max_x <= box_max_x and box_min_y <= min_y and max_y <= box_max_y


def to_wgs84(gdf: gpd.GeoDataFrame, path) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326; refuse data whose position we cannot trust."""
    if gdf.crs is None:
        # A missing .prj is common; accept it only when the numbers are
        # obviously lon/lat around Surabaya, never guess a projection.
        if not _inside_surabaya_box(gdf):
            raise ValueError(f"{path}: no coordinate reference system (CRS); add one (e.g. a .prj file)")
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf.to_crs("EPSG:4326")
    if not _inside_surabaya_box(gdf):
        raise ValueError(f"{path}: geometries are not in Surabaya after reprojection; is the CRS right?")
    return gdf


def read_boundary_file(path) -> gpd.GeoDataFrame:
    """Read GeoJSON, Shapefile (.shp or .zip) or GeoPackage, in EPSG:4326, 2D, valid."""
    # pyogrio reads all of these, including zipped shapefiles, by itself.
    gdf = gpd.read_file(path)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    gdf = to_wgs84(gdf, path)
    # "structure" repair keeps polygons polygons (no stray lines from bad rings).
    geometry = gdf.geometry.force_2d().make_valid(method="structure", keep_collapsed=False)
    return gdf.set_geometry(geometry)


def _column(gdf: gpd.GeoDataFrame, wanted: str) -> str | None:
    """The actual column called `wanted`, ignoring case."""
    by_lower = {str(c).lower(): c for c in gdf.columns if c != gdf.geometry.name}
    return by_lower.get(wanted.lower())


def find_name_column(gdf: gpd.GeoDataFrame, level: str, name_field: str | None = None) -> str:
    """`name_field` if given, otherwise the candidate column matching the most reference names."""
    if name_field is not None:
        if _column(gdf, name_field) is None:
            raise ValueError(f"name column {name_field!r} not in file (columns: {list(gdf.columns)})")
        return _column(gdf, name_field)
    present = [c for c in (_column(gdf, w) for w in NAME_COLUMNS[level]) if c is not None]
    if not present:
        raise ValueError(f"cannot find a {level} name column; pass name_field= (columns: {list(gdf.columns)})")
    reference_names = reference_for(level)["name"].tolist()

    def matches(column):
        return len(match_names(gdf[column].dropna().astype(str).tolist(), reference_names).matched)

    return max(present, key=matches)  # first candidate wins ties


# --- names to codes --------------------------------------------------------


def _matched_names(values: pd.Series, reference_names: list[str]) -> tuple[pd.Series, list[str]]:
    """Reference name of every row (NA when unknown), and the unknown names."""
    text = values.astype("string").str.strip()
    match = match_names(text.dropna().tolist(), reference_names)
    unknown = match.unmatched + (["<empty name>"] if text.isna().any() or (text == "").any() else [])
    return text.map(match.matched), unknown


def _kecamatan_codes(values: pd.Series) -> pd.Series:
    """Kecamatan code of every row from a kecamatan-name column (NA when unknown)."""
    reference = kecamatan_reference()
    names, _ = _matched_names(values, reference["name"].tolist())
    return names.map(dict(zip(reference["name"], reference["code"])))


def assign_codes(gdf: gpd.GeoDataFrame, level: str, name_column: str, kecamatan_column: str | None):
    """Reference code of every row (NA when unresolved), the unknown names, and
    the names that were ambiguous (a kelurahan name used in two kecamatan)."""
    reference = reference_for(level)
    names, unknown = _matched_names(gdf[name_column], reference["name"].tolist())
    counts = reference["name"].value_counts()
    unique = reference[reference["name"].map(counts) == 1]
    codes = names.map(dict(zip(unique["name"], unique["code"])))

    duplicated = names.notna() & codes.isna()
    if duplicated.any() and kecamatan_column is not None:
        # e.g. "Wonorejo" exists in Rungkut and in Tegalsari: use the row's kecamatan.
        by_pair = dict(zip(zip(reference["name"], reference["kecamatan_code"]), reference["code"]))
        kecamatan_codes = _kecamatan_codes(gdf[kecamatan_column])
        pairs = pd.Series(list(zip(names, kecamatan_codes)), index=gdf.index)
        codes[duplicated] = pairs[duplicated].map(by_pair)
    ambiguous = sorted(set(names[names.notna() & codes.isna()]))
    return codes, unknown, ambiguous


def _mismatch_message(level, path, missing_codes, unknown, ambiguous) -> str:
    reference = reference_for(level).set_index("code")
    problems = []
    if missing_codes:
        listed = ", ".join(f"{reference.loc[c, 'name']} ({c})" for c in missing_codes)
        problems.append(f"missing {len(missing_codes)} reference {level}: {listed}")
    if unknown:
        problems.append(f"unknown names in file: {', '.join(map(repr, unknown))}")
    if ambiguous:
        problems.append(f"names in several kecamatan, add a kecamatan column: {', '.join(ambiguous)}")
    return f"{path} does not match the {level} reference list; " + "; ".join(problems)


# --- public API ------------------------------------------------------------


def load_official(
    path, level: str, name_field: str | None = None, kecamatan_field: str | None = None
) -> gpd.GeoDataFrame:
    """Official boundaries as a GeoDataFrame shaped like `load_bundled(level)`.

    Raises BoundaryMismatchError unless every reference district is present
    and every name in the file is recognised.
    """
    check_level(level)
    gdf = read_boundary_file(path)
    name_column = find_name_column(gdf, level, name_field)
    kecamatan_column = None
    if level == "kelurahan":
        candidates = [kecamatan_field] if kecamatan_field else KECAMATAN_COLUMNS
        kecamatan_column = next((_column(gdf, c) for c in candidates if _column(gdf, c)), None)

    codes, unknown, ambiguous = assign_codes(gdf, level, name_column, kecamatan_column)
    reference = reference_for(level)
    missing = sorted(set(reference["code"]) - set(codes.dropna()))
    if missing or unknown or ambiguous:
        raise BoundaryMismatchError(_mismatch_message(level, path, missing, unknown, ambiguous))

    # One row per district: files often split a district into several rows.
    dissolved = gpd.GeoDataFrame({"code": codes.astype(str)}, geometry=gdf.geometry).dissolve(by="code")
    result = reference.merge(dissolved.reset_index(), on="code")
    return gpd.GeoDataFrame(result, geometry="geometry", crs="EPSG:4326")[columns_for(level)]


def install_official(gdf: gpd.GeoDataFrame, level: str, directory: Path | str | None = None) -> Path:
    """Save boundaries from `load_official` where `load_boundaries` picks them up
    (default `instance/geo/<level>.geojson`). Returns the written path."""
    columns = columns_for(level)
    missing_columns = set(columns) - set(gdf.columns)
    if missing_columns:
        raise ValueError(f"not a {level} boundary table, missing columns {sorted(missing_columns)}")
    path = installed_path(level, directory)
    write_geojson(gdf.to_crs("EPSG:4326")[columns], path, approximate=False, source="official boundaries")
    return path
