"""Copies the reference tables (districts, OPDs, and each domain's own) into the warehouse's dimensions."""

from __future__ import annotations

from sqlalchemy import select

from core.domains import resolved
from core.reference import Kecamatan, Kelurahan, Opd
from data.reference import DimKecamatan, DimKelurahan, DimOpd
from etl.jobs import Dimensions
from etl.load import upsert


def sync_dimensions(source, warehouse) -> Dimensions:
    """Reads the reference tables once and upserts the dimension tables (a few hundred rows);
    each registered domain syncs its own (core.domains.Domain.dimensions)."""
    kelurahan = rows_of(source, Kelurahan, ["code", "kecamatan_code", "name", "population_demo"])
    population: dict[str, int] = {}
    for row in kelurahan:
        population[row["kecamatan_code"]] = population.get(row["kecamatan_code"], 0) + row["population_demo"]
    kecamatan = [{**row, "population_demo": population.get(row["code"], 0)}
                 for row in rows_of(source, Kecamatan, ["code", "name"])]
    opd = rows_of(source, Opd, ["code", "name", "short_name"])
    for model, rows in ((DimKecamatan, kecamatan), (DimKelurahan, kelurahan), (DimOpd, opd)):
        upsert(warehouse, model.__table__, rows, ["code"])
    domain_codes = {}
    for _domain, sync in resolved("dimensions"):
        domain_codes |= sync(source, warehouse)
    return Dimensions(kecamatan=frozenset(k["code"] for k in kecamatan),
                      kelurahan=frozenset(k["code"] for k in kelurahan),
                      opd=frozenset(o["code"] for o in opd), domain_codes=domain_codes)


def rows_of(source, model, columns: list[str]) -> list[dict]:
    table = model.__table__
    return [dict(row) for row in source.execute(select(*[table.c[c] for c in columns])).mappings()]
