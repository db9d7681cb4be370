"""Constants, intakes and actors shared by the complaints tests (fixtures are in conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from core.users import Viewer
from modules.complaints import ComplaintIntake

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 in Surabaya
GENTENG = "35.78.07"  # kecamatan of the points below (bundled boundaries)
GENTENG_POINT = (-7.2575, 112.7521)
OTHER_POINT = (-7.2475, 112.7421)  # kecamatan Bubutan 35.78.13, kelurahan Gundih 35.78.13.1003
OTHER_KECAMATAN = "35.78.13"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def intake(**changes) -> ComplaintIntake:
    base = ComplaintIntake(channel="wargaku", category_code="JALAN_RUSAK",
                           description="Jalan berlubang di Jl. Tunjungan, mohon ditambal.",
                           lat=GENTENG_POINT[0], lon=GENTENG_POINT[1], address="Jl. Tunjungan 10",
                           reporter_name="Budi Santoso", reporter_contact="081234567890")
    return replace(base, **changes)


def viewer(role: str, **scope) -> Viewer:
    return Viewer(user_id=f"test:{role}", username=f"test.{role}", role=role, **scope)


OPERATOR = viewer("operator")
ADMIN = viewer("admin")
PIMPINAN = viewer("pimpinan")
BINA_MARGA = Viewer(user_id="t:dsdabm", username="binamarga", role="opd", opd_code="DSDABM")
DLH = Viewer(user_id="t:dlh", username="dlh", role="opd", opd_code="DLH")
DLH_CITY_WIDE = Viewer(user_id="t:dlh2", username="dlh.kota", role="opd", opd_code="DLH", city_wide=True)
CAMAT_GENTENG = viewer("camat", kecamatan_code=GENTENG)
CAMAT_OTHER = viewer("camat", kecamatan_code=OTHER_KECAMATAN)
LURAH_OTHER = viewer("lurah", kelurahan_code="35.78.13.1003")
RT_RW = viewer("rt_rw", kelurahan_code="35.78.07.1004", rw=1)
WALL = viewer("wall")
