"""Dimension tables (districts, OPDs) copied into the warehouse by the ETL; a domain keeps its own
(complaint categories: data/complaints/tables.py)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from core.db import WarehouseBase

# The mart version of the dimensions: bumped by the ETL (etl/dimensions.py) when a dimension's
# rows change, so cached answers that use names or populations are recomputed.
REFERENCE_MART = "reference"


class DimKecamatan(WarehouseBase):
    __tablename__ = "dim_kecamatan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    population_demo: Mapped[int] = mapped_column(Integer)


class DimKelurahan(WarehouseBase):
    __tablename__ = "dim_kelurahan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(100))
    population_demo: Mapped[int] = mapped_column(Integer)


class DimOpd(WarehouseBase):
    __tablename__ = "dim_opd"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(50))


def read_dimension(connection, model) -> pd.DataFrame:
    table = model.__table__
    return pd.DataFrame(connection.execute(select(table)).mappings().all(), columns=[c.name for c in table.columns])
