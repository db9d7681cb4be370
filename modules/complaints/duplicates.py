"""Possible duplicates: an unresolved complaint of the same category close by, received shortly before or after."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.complaints.models import Complaint
from modules.complaints.statuses import UNRESOLVED_STATUSES

EARTH_RADIUS_M = 6_371_000.0
METRES_PER_DEGREE_LAT = 111_320.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def find_original(session: Session, complaint: Complaint, radius_m: float, window_hours: float) -> Complaint | None:
    """The complaint this one probably repeats, or None. Links to the first report, not to another duplicate."""
    if complaint.lat is None or complaint.lon is None:
        return None
    nearest = min(_candidates(session, complaint, radius_m, window_hours),
                  key=lambda other: distance_m(complaint.lat, complaint.lon, other.lat, other.lon), default=None)
    if nearest is None or distance_m(complaint.lat, complaint.lon, nearest.lat, nearest.lon) > radius_m:
        return None
    return session.get(Complaint, nearest.duplicate_of_id) if nearest.duplicate_of_id else nearest


def _candidates(session: Session, complaint: Complaint, radius_m: float, window_hours: float) -> list[Complaint]:
    # A bounding box on the indexed columns narrows the search; the exact distance is checked after.
    d_lat = radius_m / METRES_PER_DEGREE_LAT
    d_lon = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(complaint.lat)), 0.01))
    window = timedelta(hours=window_hours)
    return list(session.scalars(select(Complaint).where(
        Complaint.category_code == complaint.category_code,
        Complaint.received_at.between(complaint.received_at - window, complaint.received_at + window),
        Complaint.status.in_(UNRESOLVED_STATUSES),
        Complaint.id != complaint.id,
        Complaint.lat.between(complaint.lat - d_lat, complaint.lat + d_lat),
        Complaint.lon.between(complaint.lon - d_lon, complaint.lon + d_lon),
    )))
