"""Indonesia's official regions (Kemendagri) from reference/: provinces `PP`, regencies and cities
`PP.RR`, kecamatan `PP.RR.DD`. A NIK's first six digits name the kecamatan where it was first
issued; a newcomer's origin is named down to its regency."""

from __future__ import annotations

import csv
from functools import cache

from core.settings import resolve_path

FILES = {"province": "reference/wilayah_indonesia_provinsi.csv",
         "regency": "reference/wilayah_indonesia_kabupaten.csv",
         "kecamatan": "reference/wilayah_indonesia_kecamatan.csv"}


@cache
def region_names(level: str) -> dict[str, str]:
    """{code: name} of every region of `level` (province, regency or kecamatan)."""
    with open(resolve_path(FILES[level]), newline="", encoding="utf-8") as file:
        return {row["code"]: row["name"] for row in csv.DictReader(file)}


def is_kecamatan(code: str) -> bool:
    return code in region_names("kecamatan")


def regency_of(code: str) -> str:
    """'35.78.05' (or '35.78') -> '35.78'."""
    return code[:5]


def province_of(code: str) -> str:
    return code[:2]
