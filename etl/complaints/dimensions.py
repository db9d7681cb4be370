"""The complaints domain's dimension: its categories, copied into `dim_category`."""

from __future__ import annotations

from modules.complaints.models import ComplaintCategory
from data.complaints.tables import DimCategory
from etl.dimensions import rows_of, write_changed


def sync_complaint_dimensions(source, warehouse) -> tuple[dict[str, frozenset[str]], int]:
    """The category codes the complaint transforms check against, and how many rows changed."""
    categories = rows_of(source, ComplaintCategory, ["code", "name", "opd_code", "typical_share"])
    changed = write_changed(warehouse, DimCategory, categories)
    return {"categories": frozenset(c["code"] for c in categories)}, changed
