"""The change-log snapshot of every row, read from the tables (the contract test compares it with
the newest change-log payload of each entity; the ETL's full refresh may read it too). Built with
the same functions the service logs with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.incidents.models import Incident, IncidentCall, IncidentDispatch, IncidentUnit
from modules.incidents.snapshot import (CALL, DISPATCH, INCIDENT, UNIT, call_snapshot, dispatch_snapshot,
                                        incident_snapshot, unit_snapshot)


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    """{(entity, entity id): payload} of every incident, dispatch, call and unit."""
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    incidents = {row.id: row for row in session.scalars(select(Incident))}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for incident in incidents.values():
        found[(INCIDENT, incident.number)] = incident_snapshot(session, incident)
    for row in session.scalars(select(IncidentDispatch)):
        found[(DISPATCH, str(row.id))] = dispatch_snapshot(row, incidents[row.incident_id])
    for row in session.scalars(select(IncidentCall)):
        found[(CALL, str(row.id))] = call_snapshot(row, incidents.get(row.incident_id))
    for row in session.scalars(select(IncidentUnit)):
        found[(UNIT, row.code)] = unit_snapshot(row)
    return found
