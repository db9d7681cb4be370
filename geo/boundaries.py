"""District boundaries for the app: the bundled ones (real kecamatan, approximate kelurahan),
or official ones installed with `geo.official.install_official`."""

from functools import cache
from pathlib import Path

import geopandas as gpd

from .reference import check_level

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DIR = REPO_ROOT / "geo" / "data"
# Official boundaries are installed per deployment, outside version control.
INSTANCE_DIR = REPO_ROOT / "instance" / "geo"


def columns_for(level: str) -> list[str]:
    """The columns every boundary GeoDataFrame of `level` has, in order."""
    check_level(level)
    extra = ["kecamatan_code"] if level == "kelurahan" else []
    return ["code", "name", *extra, "geometry"]


@cache
def _read(path: Path, modified_ns: int) -> gpd.GeoDataFrame:
    # `modified_ns` is only part of the cache key: a re-installed file is re-read.
    return gpd.read_file(path)


def _load(path: Path, level: str) -> gpd.GeoDataFrame:
    gdf = _read(path, path.stat().st_mtime_ns)
    columns = columns_for(level)
    # copy: callers may add columns; the cached frame must stay as read.
    return gdf[columns].sort_values("code", ignore_index=True).to_crs("EPSG:4326")


def load_bundled(level: str) -> gpd.GeoDataFrame:
    """Bundled boundaries (EPSG:4326; the kelurahan are APPROXIMATE): code, name, [kecamatan_code], geometry."""
    return _load(BUNDLED_DIR / f"{check_level(level)}.geojson", level)


def installed_path(level: str, directory: Path | str | None = None) -> Path:
    """Where official boundaries of `level` are installed (default `instance/geo/`)."""
    return Path(directory or INSTANCE_DIR) / f"{check_level(level)}.geojson"


def load_boundaries(level: str, override_dir: Path | str | None = None) -> gpd.GeoDataFrame:
    """Installed official boundaries when present, otherwise the bundled ones."""
    official = installed_path(level, override_dir)
    return _load(official, level) if official.exists() else load_bundled(level)
