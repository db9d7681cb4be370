"""Reference lists of Surabaya's districts, read from the repo's `reference/` CSVs.

These CSVs are the single source of truth for district codes and names: every
boundary file (bundled or official) is checked against them.
"""

from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
LEVELS = ("kecamatan", "kelurahan")


def check_level(level: str) -> str:
    """Return `level` unchanged, or raise if it is not a known level."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    return level


@cache
def _read(filename: str) -> pd.DataFrame:
    # Codes are identifiers, not numbers: read everything as text so that
    # leading zeros or long codes never change.
    return pd.read_csv(REFERENCE_DIR / filename, dtype=str)


def kecamatan_reference() -> pd.DataFrame:
    """Kecamatan: code (Kemendagri, 35.78.NN), name, lat, lon (approximate centroid), kelurahan_count."""
    table = _read("kecamatan.csv").copy()  # copy: callers may mutate, the cache must not change
    table["lat"] = table["lat"].astype(float)
    table["lon"] = table["lon"].astype(float)
    table["kelurahan_count"] = table["kelurahan_count"].astype(int)
    return table


def kelurahan_reference() -> pd.DataFrame:
    """Kelurahan: code (Kemendagri, 35.78.NN.1NNN), kecamatan_code, name, postal_code (no coordinates)."""
    return _read("kelurahan.csv").copy()


def reference_for(level: str) -> pd.DataFrame:
    """The reference table of `level` ("kecamatan" or "kelurahan")."""
    check_level(level)
    return kecamatan_reference() if level == "kecamatan" else kelurahan_reference()


def kecamatan_boundaries_path() -> Path:
    """The real kecamatan boundaries (Satu Data Surabaya, 2024): properties code, name, area_km2."""
    return REFERENCE_DIR / "surabaya_kecamatan_boundaries.geojson"
