"""The complaints domain's dimension: its categories, copied into `dim_category`."""

from __future__ import annotations

from core.reference import ComplaintCategory
from data.reference import DimCategory
from etl.dimensions import rows_of
from etl.load import upsert


def sync_complaint_dimensions(source, warehouse) -> dict[str, frozenset[str]]:
    categories = rows_of(source, ComplaintCategory, ["code", "name", "opd_code", "typical_share"])
    upsert(warehouse, DimCategory.__table__, categories, ["code"])
    return {"categories": frozenset(c["code"] for c in categories)}
