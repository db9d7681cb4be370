"""The change-log snapshot of every person of the staff registry, read from the table (the contract
test compares it with the newest change-log payload of each; an ETL's full refresh reads it). Built
with the function the service logs with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.staff.models import Staff
from modules.staff.snapshot import ENTITY, staff_snapshot


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    return {(ENTITY, str(person.id)): staff_snapshot(person)
            for person in session.scalars(select(Staff).order_by(Staff.id)).yield_per(5_000)}
