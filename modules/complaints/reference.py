"""The complaints domain's reference data: its categories (reference/complaint_categories.csv)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.reference import read_csv, upsert_rows

from modules.complaints.models import ComplaintCategory


def load_complaint_reference(session: Session) -> dict[str, int]:
    upsert_rows(session, ComplaintCategory, [
        dict(code=r["code"], name=r["name"], opd_code=r["opd"], typical_share=float(r["typical_share"]))
        for r in read_csv("complaint_categories.csv")
    ])
    return {ComplaintCategory.__tablename__: session.scalar(select(func.count()).select_from(ComplaintCategory))}
