"""A newcomer's lifecycle: the one definition of each status and of who moves a record on.

    recorded --verify (lurah)--> active --depart (RT head, lurah)--> moved_out
        |                          '------- the stay's end passes (system) --> expired
        '--reject (lurah, with a reason)--> rejected

Verifying is the step into `active` ("verified" is the time it took, `verified_at`): the
kelurahan confirms he lives there, and from then he counts as a resident of the RT. A record
counts as *present* (the RT's non-permanent residents, the duplicate check) while recorded or
active. Moved-out, expired and rejected records have *ended* (`ended_at`); the retention deletes
them `retention_days` after that.
"""

from __future__ import annotations

RECORDED, ACTIVE, REJECTED, MOVED_OUT, EXPIRED = "recorded", "active", "rejected", "moved_out", "expired"
STATUSES = (RECORDED, ACTIVE, REJECTED, MOVED_OUT, EXPIRED)
PRESENT = (RECORDED, ACTIVE)
ENDED = (REJECTED, MOVED_OUT, EXPIRED)
REJECTION_REASONS = ("not_at_address", "duplicate", "wrong_data")

RECORDER_ROLE = "rt_rw"
VERIFIER_ROLE = "lurah"
# (from, to): the roles that take the step
TRANSITIONS = {
    (RECORDED, ACTIVE): (VERIFIER_ROLE,),
    (RECORDED, REJECTED): (VERIFIER_ROLE,),
    (RECORDED, MOVED_OUT): (RECORDER_ROLE, VERIFIER_ROLE),  # left before the kelurahan came by
    (ACTIVE, MOVED_OUT): (RECORDER_ROLE, VERIFIER_ROLE),
    (RECORDED, EXPIRED): ("system",),
    (ACTIVE, EXPIRED): ("system",),
}


def roles_for(from_status: str, to_status: str) -> tuple[str, ...]:
    return TRANSITIONS.get((from_status, to_status), ())
