"""The change-log snapshot of every newcomer record and boarding house, read from the tables (the
contract test compares it with the newest change-log payload of each; the ETL's full refresh reads
it). Built with the functions the service logs with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.sipandu.models import SipanduKos, SipanduNewcomer
from modules.sipandu.snapshot import KOS, NEWCOMER, kos_snapshot, newcomer_snapshot


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    kos_codes = dict(session.execute(select(SipanduKos.id, SipanduKos.code)).all())
    found = {(KOS, kos.code): kos_snapshot(kos) for kos in session.scalars(select(SipanduKos).order_by(SipanduKos.id))}
    for record in session.scalars(select(SipanduNewcomer).order_by(SipanduNewcomer.id)).yield_per(5_000):
        found[(NEWCOMER, str(record.id))] = newcomer_snapshot(record, kos_codes.get(record.kos_id))
    return found
