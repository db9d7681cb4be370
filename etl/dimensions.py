"""Copies the reference tables (districts, OPDs, and each domain's own) into the warehouse's
dimensions, and moves the reference mart's version when they changed."""

from __future__ import annotations

from sqlalchemy import delete, select

from core.domains import resolved
from core.reference import Kecamatan, Kelurahan, Opd
from data.reference import REFERENCE_MART, DimKecamatan, DimKelurahan, DimOpd
from etl.jobs import Dimensions
from etl.load import bump_versions, upsert


def sync_dimensions(source, warehouse) -> tuple[Dimensions, bool]:
    """Reads the reference tables once and writes the dimension rows that differ (a few hundred
    rows); each registered domain syncs its own (core.domains.Domain.dimensions). When any row
    changed, the reference mart's version is bumped, so the cached answers that use a dimension
    (names, rates per 1,000 residents) are recomputed; when none did, it stays, so every ETL pass
    does not empty those caches. Returns the codes, and whether a row changed."""
    kelurahan = rows_of(source, Kelurahan, ["code", "kecamatan_code", "name", "population_demo"])
    population: dict[str, int] = {}
    for row in kelurahan:
        population[row["kecamatan_code"]] = population.get(row["kecamatan_code"], 0) + row["population_demo"]
    kecamatan = [{**row, "population_demo": population.get(row["code"], 0)}
                 for row in rows_of(source, Kecamatan, ["code", "name"])]
    opd = rows_of(source, Opd, ["code", "name", "short_name"])
    changed = sum(write_changed(warehouse, model, rows)
                  for model, rows in ((DimKecamatan, kecamatan), (DimKelurahan, kelurahan), (DimOpd, opd)))
    domain_codes = {}
    for _domain, sync in resolved("dimensions"):
        codes, domain_changed = sync(source, warehouse)
        domain_codes |= codes
        changed += domain_changed
    if changed:
        bump_versions(warehouse, [REFERENCE_MART])
    return Dimensions(kecamatan=frozenset(k["code"] for k in kecamatan),
                      kelurahan=frozenset(k["code"] for k in kelurahan),
                      opd=frozenset(o["code"] for o in opd), domain_codes=domain_codes), changed > 0


def write_changed(warehouse, model, rows: list[dict]) -> int:
    """Upserts the rows that differ from the dimension's and deletes the rows whose code the
    reference tables no longer have (e.g. the districts' old codes after the move to the official
    Kemendagri codes); returns how many rows changed."""
    table = model.__table__
    held = {row["code"]: dict(row) for row in warehouse.execute(select(table)).mappings()}
    different = [row for row in rows if held.get(row["code"]) != row]
    gone = set(held) - {row["code"] for row in rows}
    if gone:
        warehouse.execute(delete(table).where(table.c.code.in_(sorted(gone))))
    return upsert(warehouse, table, different, ["code"]) + len(gone)


def rows_of(source, model, columns: list[str]) -> list[dict]:
    table = model.__table__
    return [dict(row) for row in source.execute(select(*[table.c[c] for c in columns])).mappings()]
