"""Where complaints were located: the points and written addresses of past complaints, for the
operators' gazetteer (data/gazetteer.py). Only the place: no reporter, no description, no ticket."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.complaints.models import Complaint


def located_addresses(session: Session, limit: int) -> list[tuple[str, str, float, float]]:
    """(address, kelurahan code, lat, lon) of the newest `limit` complaints that have both a point
    and a written address (the address says what the point is called)."""
    query = (select(Complaint.address, Complaint.kelurahan_code, Complaint.lat, Complaint.lon)
             .where(Complaint.address.is_not(None), Complaint.lat.is_not(None), Complaint.lon.is_not(None),
                    Complaint.kelurahan_code.is_not(None))
             .order_by(Complaint.id.desc()).limit(limit))
    return [tuple(row) for row in session.execute(query).all()]
