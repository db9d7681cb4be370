"""Helpers for drawing districts on the dashboard map."""

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .boundaries import BUNDLED_DIR, REPO_ROOT, installed_path, load_boundaries
from .geojson_io import write_geojson
from .labels import pole_of_inaccessibility, spread_labels
from .reference import check_level

BUNDLED_WEB_DIR = REPO_ROOT / "assets" / "geo"
WEB_TOLERANCE_DEGREES = 0.0002  # ~20 m: invisible at city zoom, shrinks official files a lot
WEB_DECIMALS = 5
LABELS_SUFFIX = ".labels.csv"


def asset_url(level: str) -> str:
    """URL of the district GeoJSON the browser draws (served by the app, cached by the browser)."""
    return f"/geo/{check_level(level)}.geojson"


def web_geojson_path(level: str, override_dir: Path | str | None = None) -> Path:
    """The light GeoJSON for the browser: from installed official boundaries when there are any
    (simplified once, again whenever they are re-installed), else the bundled approximate file."""
    official = installed_path(level, override_dir)
    if not official.exists():
        return BUNDLED_WEB_DIR / f"{check_level(level)}.geojson"
    web = official.parent / "web" / official.name
    if not web.exists() or web.stat().st_mtime_ns < official.stat().st_mtime_ns:
        boundaries = load_boundaries(level, override_dir)
        simplified = shapely.coverage_simplify(boundaries.geometry.to_numpy(), WEB_TOLERANCE_DEGREES)
        rounded = shapely.transform(simplified, lambda xy: np.round(xy, WEB_DECIMALS))
        write_geojson(boundaries.set_geometry(rounded), web, approximate=False, source="official boundaries")
    return web


def centroids(level: str) -> pd.DataFrame:
    """code, name, lat, lon of a label spot per district, always inside it.

    Kecamatan names all show at once, so their spots are spread apart (geo.labels); kelurahan
    names that would collide are hidden by the map anyway, so theirs stay at the pole of
    inaccessibility. Spreading takes about 0.15 s, too much for a map's first request in a fresh
    process, so the spots are kept in a file beside the boundaries (`label_spots_path`) and read
    from it; a new install of official boundaries writes its own once."""
    check_level(level)
    official = installed_path(level)
    return _label_spots(level, official.stat().st_mtime_ns if official.exists() else 0).copy()


def label_spots_path(level: str) -> Path:
    """The bundled boundaries' spots are in the repository (tests/geo checks them against a fresh
    computation); official ones' are derived beside their simplified web file."""
    official = installed_path(level)
    if official.exists():
        return official.parent / "web" / f"{check_level(level)}{LABELS_SUFFIX}"
    return BUNDLED_DIR / f"{check_level(level)}{LABELS_SUFFIX}"


@cache
def _label_spots(level: str, _boundaries_version: int) -> pd.DataFrame:
    path, official = label_spots_path(level), installed_path(level)
    fresh = path.exists() and (not official.exists() or path.stat().st_mtime_ns >= official.stat().st_mtime_ns)
    if fresh:
        return pd.read_csv(path, dtype={"code": str, "name": str})
    spots = compute_label_spots(level)
    if official.exists():
        write_label_spots(spots, path)
    return spots


def compute_label_spots(level: str) -> pd.DataFrame:
    boundaries = load_boundaries(level)
    if level == "kecamatan":
        spots = spread_labels(boundaries.geometry, list(boundaries["name"]))
    else:
        spots = [pole_of_inaccessibility(district) for district in boundaries.geometry]
    return pd.DataFrame({"code": boundaries["code"], "name": boundaries["name"],
                         "lat": [round(spot.y, 6) for spot in spots], "lon": [round(spot.x, 6) for spot in spots]})


def write_label_spots(spots: pd.DataFrame, path: Path) -> None:
    """Written whole or not at all (another process may be reading the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    spots.to_csv(partial, index=False)
    partial.replace(path)


if __name__ == "__main__":  # python -m geo.web: rewrite the bundled boundaries' label spots
    for _level in ("kecamatan", "kelurahan"):
        write_label_spots(compute_label_spots(_level), BUNDLED_DIR / f"{_level}{LABELS_SUFFIX}")
