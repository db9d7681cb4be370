"""The median response time is worked out in the database; it equals pandas' median of the same
facts (odd and even counts, ties, nothing responded, filters and scope)."""

from __future__ import annotations

import random
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from core.services import Services
from core.users import Viewer
from data.complaints import queries
from data.complaints.queries import ComplaintFilters, city_today
from data.complaints.tables import FctComplaint
from etl.runner import EtlRunner
from synthetic_complaints import snapshot, write_snapshots

CITY = Viewer("1", "pimpinan", "pimpinan")
DLH = Viewer("2", "dlh", "opd", opd_code="DLH")


def pandas_median(databases, opd: str | None = None) -> float | None:
    table = FctComplaint.__table__
    query = select(table.c.minutes_to_first_response).where(table.c.minutes_to_first_response.is_not(None))
    if opd:
        query = query.where(table.c.opd_code == opd)
    with databases.warehouse.connect() as connection:
        minutes = pd.Series(connection.scalars(query).all(), dtype=float)
    return None if minutes.empty else round(float(minutes.median()), 1)


@pytest.mark.parametrize("count", [0, 1, 2, 7, 40])
def test_median_in_the_database_equals_pandas(databases, settings, count):
    rng = random.Random(count)
    received = pd.Timestamp.now(tz="UTC").floor("s").to_pydatetime() - timedelta(days=2)
    snapshots = []
    for complaint_id in range(1, count + 6):
        responded = complaint_id <= count
        minutes = rng.choice([5, 12.5, 30, 30, 61, 95.25, 240, rng.uniform(1, 500)])
        snapshots.append(snapshot(
            complaint_id, received_at=received, opd_code=rng.choice(["DLH", "DSDABM"]),
            status="responded" if responded else "dispatched",
            first_response_at=received + timedelta(seconds=round(minutes * 60)) if responded else None))
    write_snapshots(databases, snapshots)
    EtlRunner(databases).run_once()
    services = Services(settings, databases, None)
    filters = ComplaintFilters.last_days(7, today=city_today())
    assert queries.median_response_minutes(services, CITY, filters) == pandas_median(databases)
    assert queries.median_response_minutes(services, DLH, filters) == pandas_median(databases, "DLH")
    dsdabm = ComplaintFilters.last_days(7, today=city_today(), opd_codes=("DSDABM",))
    assert queries.median_response_minutes(services, CITY, dsdabm) == pandas_median(databases, "DSDABM")
