"""Copies the reference tables (districts, OPDs, categories) into the warehouse's dimensions."""

from __future__ import annotations

from sqlalchemy import delete, select

from core.reference import ComplaintCategory, Kecamatan, Kelurahan, Opd
from data.reference import DimCategory, DimKecamatan, DimKelurahan, DimOpd
from etl.jobs import Dimensions
from etl.load import upsert


def sync_dimensions(source, warehouse) -> Dimensions:
    """Reads the reference tables once and upserts the dimension tables (a few hundred rows)."""
    kelurahan = _rows(source, Kelurahan, ["code", "kecamatan_code", "name", "population_demo"])
    population: dict[str, int] = {}
    for row in kelurahan:
        population[row["kecamatan_code"]] = population.get(row["kecamatan_code"], 0) + row["population_demo"]
    kecamatan = [{**row, "population_demo": population.get(row["code"], 0)}
                 for row in _rows(source, Kecamatan, ["code", "name"])]
    opd = _rows(source, Opd, ["code", "name", "short_name"])
    categories = _rows(source, ComplaintCategory, ["code", "name", "opd_code", "typical_share"])
    for model, rows in ((DimKecamatan, kecamatan), (DimKelurahan, kelurahan), (DimOpd, opd), (DimCategory, categories)):
        upsert(warehouse, model.__table__, rows, ["code"])
        drop_removed(warehouse, model.__table__, rows)
    return Dimensions(categories=frozenset(c["code"] for c in categories),
                      kecamatan=frozenset(k["code"] for k in kecamatan),
                      kelurahan=frozenset(k["code"] for k in kelurahan),
                      opd=frozenset(o["code"] for o in opd))


def drop_removed(warehouse, table, rows: list[dict]) -> None:
    """Delete dimension rows whose code the reference tables no longer have (e.g. the districts'
    old codes after the move to the official Kemendagri codes)."""
    warehouse.execute(delete(table).where(table.c.code.not_in([row["code"] for row in rows])))


def _rows(source, model, columns: list[str]) -> list[dict]:
    table = model.__table__
    return [dict(row) for row in source.execute(select(*[table.c[c] for c in columns])).mappings()]
