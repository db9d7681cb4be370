"""Reference data shared by every module: kecamatan, kelurahan, RW/RT units, OPDs (a domain loads its
own, e.g. complaint categories, through its registration).

Loaded from the CSV files in `reference/` (copied into the project with stable codes). Loading is
an idempotent upsert, so `manage.py init` can run on every start.
"""

from __future__ import annotations

import csv
import hashlib

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base
from core.settings import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT / "reference"
CITY_POPULATION_DEMO = 2_900_000  # statistics office, 2022; spread over kelurahan as demo data


class Kecamatan(Base):
    __tablename__ = "kecamatan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class Kelurahan(Base):
    __tablename__ = "kelurahan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(10))
    population_demo: Mapped[int] = mapped_column(Integer)  # demo figure, labelled as such when shown


class RtUnit(Base):
    """One RT (rukun tetangga) inside an RW (rukun warga) of a kelurahan: demo neighbourhood units."""

    __tablename__ = "rt_units"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # e.g. 35.78.07.1004.RW03.RT05
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    rw: Mapped[int] = mapped_column(Integer)
    rt: Mapped[int] = mapped_column(Integer)


class Opd(Base):
    __tablename__ = "opd"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(50))
    in_command_center: Mapped[bool] = mapped_column(Boolean, default=False)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(session: Session) -> dict[str, int]:
    """Insert or update all reference rows, the city's and each registered domain's
    (core.domains.Domain.reference); returns how many rows each table holds."""
    from core.domains import resolved

    kelurahan_rows = read_csv("kelurahan.csv")
    populations = demo_populations([row["code"] for row in kelurahan_rows])
    upsert_rows(session, Opd, [
        dict(code=r["code"], name=r["name"], short_name=r["short"], in_command_center=r["in_command_center"] == "yes")
        for r in read_csv("opd.csv")
    ])
    upsert_rows(session, Kecamatan, [
        dict(code=r["code"], name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]))
        for r in read_csv("kecamatan.csv")
    ])
    upsert_rows(session, Kelurahan, [
        dict(code=r["code"], kecamatan_code=r["kecamatan_code"], name=r["name"],
             postal_code=r["postal_code"], population_demo=populations[r["code"]])
        for r in kelurahan_rows
    ])
    upsert_rows(session, RtUnit, list(demo_rt_units([r["code"] for r in kelurahan_rows])))
    counts = {model.__tablename__: len(session.scalars(select(model)).all())
              for model in (Kecamatan, Kelurahan, RtUnit, Opd)}
    for _domain, load in resolved("reference"):
        counts |= load(session)
    return counts


def demo_populations(kelurahan_codes: list[str]) -> dict[str, int]:
    """Spread the city total over kelurahan with stable, plausible weights (demo data)."""
    weights = {code: 0.5 + _stable_fraction(code) for code in kelurahan_codes}
    total = sum(weights.values())
    return {code: int(CITY_POPULATION_DEMO * weight / total) for code, weight in weights.items()}


def demo_rt_units(kelurahan_codes: list[str]):
    """Between 4 and 12 RW per kelurahan, 4 to 11 RT per RW, stable across runs: 8,973 RT in all,
    as the city's about 9,000."""
    for code in kelurahan_codes:
        for rw in range(1, 5 + int(_stable_fraction(code + "rw") * 9)):
            for rt in range(1, 5 + int(_stable_fraction(f"{code}{rw}") * 8)):
                yield dict(code=rt_unit_code(code, rw, rt), kelurahan_code=code, rw=rw, rt=rt)


def rt_unit_code(kelurahan_code: str, rw: int, rt: int) -> str:
    return f"{kelurahan_code}.RW{rw:02d}.RT{rt:02d}"


def _stable_fraction(text: str) -> float:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def upsert_rows(session: Session, model: type[Base], rows: list[dict]) -> None:
    for row in rows:
        session.merge(model(**row))
    session.flush()
