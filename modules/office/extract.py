"""The change-log snapshot of every letter and disposition, read from the tables (the contract test
compares it with the newest change-log payload of each; a full refresh of the read side reads it).
Built with the functions the services log with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.office.models import OfficeDisposition, OfficeLetter, OfficeRecipient, OfficeVerifier
from modules.office.snapshot import DISPOSITION, LETTER, disposition_snapshot, letter_snapshot


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    recipients, verifiers = defaultdict(list), defaultdict(list)
    for recipient in session.scalars(select(OfficeRecipient)):
        recipients[recipient.letter_id].append(recipient)
    for verifier in session.scalars(select(OfficeVerifier)):
        verifiers[verifier.letter_id].append(verifier)
    found, opd_of = {}, {}
    for letter in session.scalars(select(OfficeLetter).order_by(OfficeLetter.id)).yield_per(5_000):
        opd_of[letter.id] = letter.opd_code
        found[(LETTER, str(letter.id))] = letter_snapshot(letter, recipients[letter.id], verifiers[letter.id])
    for disposition in session.scalars(select(OfficeDisposition).order_by(OfficeDisposition.id)).yield_per(5_000):
        found[(DISPOSITION, str(disposition.id))] = disposition_snapshot(disposition, opd_of[disposition.letter_id])
    return found
