"""The Sipandu domain's dimension: every RT of the city (the reference table rt_units, with the
kecamatan of its kelurahan), copied into the warehouse. The ETL checks a record's RT against it,
and the pages find the RTs that recorded nothing in a period ("silent" RTs) from it."""

from __future__ import annotations

from sqlalchemy import select

from core.reference import Kelurahan, RtUnit
from data.sipandu.tables import DimSipanduRt
from etl.dimensions import write_changed


def rt_rows(source) -> list[dict]:
    query = (select(RtUnit.code, Kelurahan.kecamatan_code, RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt)
             .join(Kelurahan, Kelurahan.code == RtUnit.kelurahan_code))
    return [dict(row) for row in source.execute(query).mappings()]


def sync_sipandu_dimensions(source, warehouse) -> tuple[dict[str, frozenset[str]], int]:
    """The RT codes the Sipandu transforms check against (`dimensions.sipandu_rts`,
    core.reference.rt_unit_code), and how many dimension rows changed."""
    rows = rt_rows(source)
    return {"sipandu_rts": frozenset(row["code"] for row in rows)}, write_changed(warehouse, DimSipanduRt, rows)
