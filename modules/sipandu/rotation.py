"""Key rotation: every stored NIK and KK re-encrypted under the ring's current key, and every blind
index recomputed under the current index key (the access log's indexes follow theirs). Run after
putting a new key first in `sipandu.data_keys` (or a new `sipandu.index_key`), then drop the old
key from the ring (`manage.py sipandu rotate-keys`). Batches commit one by one: a stopped run is
started again and goes on with what is left, since a rotated value is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update

from core.db import Databases
from modules.sipandu.models import SipanduAccessLog, SipanduNewcomer, SipanduResident
from modules.sipandu.protection import KeyRing

BATCH = 2_000
FIELDS = {SipanduResident: ("nik", "kk"), SipanduNewcomer: ("nik",)}


def rotate_keys(databases: Databases, keys: KeyRing, progress: Callable[[int], None] = lambda done: None) -> int:
    """Rewrites the rows not yet under the current keys; returns how many changed."""
    changed = 0
    for model, purposes in FIELDS.items():
        last_id = 0
        while True:
            with databases.transaction() as session:
                rows = session.scalars(select(model).where(model.id > last_id).order_by(model.id).limit(BATCH)).all()
                if not rows:
                    break
                changed += sum(_rotate(session, row, purposes, keys) for row in rows)
                last_id = rows[-1].id
            progress(len(rows))
    return changed


def _rotate(session, row, purposes: tuple[str, ...], keys: KeyRing) -> bool:
    changed = False
    for purpose in purposes:
        cipher, index = f"{purpose}_cipher", f"{purpose}_index"
        plain = keys.decrypt(getattr(row, cipher), purpose)
        fresh_index = keys.blind_index(plain, purpose)
        if keys.needs_rotation(getattr(row, cipher)):
            setattr(row, cipher, keys.encrypt(plain, purpose))
            changed = True
        if getattr(row, index) != fresh_index:
            if purpose == "nik":
                session.execute(update(SipanduAccessLog).where(SipanduAccessLog.subject_index == getattr(row, index))
                                .values(subject_index=fresh_index))
            setattr(row, index, fresh_index)
            changed = True
    return changed
