"""Proposal change-log rows written straight into the change log (the contract's payload:
entity planning_proposal, SNAPSHOT_VERSION 1, every key present), for the read side's tests: no
module needed. A proposal is written as the service writes it: once when it is submitted, once
more at every step.

The known round (`known_round`), year 2027 unless said, cost in millions of rupiah:
- P1 Ketabang RW 1, paving (DSDABM) 18.5: verified, accepted, prioritised, planned; then its work is
  budgeted (has its line), contracted and built.
- P2 Ketabang RW 2, paving 9: verified, accepted, planned (never prioritised); its work budgeted.
- P3 Ketabang RW 1, drain (DSDABM) 5: rejected by the lurah (not_feasible).
- P4 Embong Kaliasin RW 3, speed bump (DISHUB) 2: verified, then rejected by the camat (duplicate).
- P5 Embong Kaliasin RW 3, paving 7: verified.
- P6 Dukuh Setro RW 5, CCTV (DISKOMINFO) 12: proposed.
- P7 Dukuh Setro RW 5, paving 4, a possible repeat: verified, accepted, prioritised.
- P0 Ketabang RW 1, paving 3, year 2026: verified, accepted.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.changelog import record_change
from core.clock import iso_utc

PROPOSAL = "planning_proposal"
YEAR = 2027
MILLION = 1_000_000
KETABANG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
EMBONG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1001")
DUKUH_SETRO = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")
ITEMS = {"PAVING-JALAN": ("paving", "DSDABM"), "GORONG-GORONG": ("drain", "DSDABM"),
         "POLISI-TIDUR": ("traffic", "DISHUB"), "CCTV-KAMPUNG": ("cctv", "DISKOMINFO")}
SUBMITTED = datetime(2026, 1, 10, 2, tzinfo=timezone.utc)
STEP_TIME = {"verified": "verified_at", "accepted": "decided_at", "rejected": "decided_at",
             "prioritised": "prioritised_at", "planned": "planned_at"}
# the steps of the work that carries a planned proposal: what its snapshot's work keys then say
WORK_STEPS = {"budgeted": dict(work_status="planned", work_line_id=11), "contracted": dict(work_status="contracted"),
              "built": dict(work_status="built")}


def proposal(number: str, district=KETABANG, rw: int = 1, item: str = "PAVING-JALAN", millions: float = 10,
             year: int = YEAR, **changes) -> dict:
    """A submitted proposal's snapshot."""
    kind, opd = ITEMS[item]
    values = {"number": number, "year": year, **district, "rw": rw, "item_code": item, "item_kind": kind,
              "opd_code": opd, "volume": 50.0, "estimated_cost_rupiah": int(millions * MILLION), "status": "proposed",
              "rejection_reason": None, "repeat": False, "priority": None, "created_at": iso_utc(SUBMITTED),
              "verified_at": None, "decided_at": None, "prioritised_at": None, "planned_at": None,
              "updated_at": iso_utc(SUBMITTED), "plan_item_id": None, "sub_kegiatan_code": None, "work_number": None,
              "work_status": None, "work_line_id": None}
    values.update(changes)
    return values


def lifecycle(submitted: dict, *steps: str, reason: str | None = None) -> list[dict]:
    """The snapshots the service writes: the submitted one, then one per step (a day apart)."""
    snapshots, current = [submitted], dict(submitted)
    for day, step in enumerate(steps, start=1):
        at = iso_utc(SUBMITTED + timedelta(days=day))
        if step in WORK_STEPS:
            current = dict(current, work_number=f"PKJ-2028-{current['number']}", **WORK_STEPS[step])
            snapshots.append(current)
            continue
        current = dict(current, status=step, updated_at=at, **{STEP_TIME[step]: at})
        if step == "rejected":
            current["rejection_reason"] = reason
        if step == "prioritised":
            current["priority"] = day
        if step == "planned":
            current.update(plan_item_id=7, sub_kegiatan_code="1.03.03.2.01.0001")
        snapshots.append(current)
    return snapshots


def known_lifecycles() -> list[list[dict]]:
    return [
        lifecycle(proposal("P1", millions=18.5), "verified", "accepted", "prioritised", "planned", "budgeted",
                  "contracted", "built"),
        lifecycle(proposal("P2", rw=2, millions=9), "verified", "accepted", "planned", "budgeted"),
        lifecycle(proposal("P3", item="GORONG-GORONG", millions=5), "rejected", reason="not_feasible"),
        lifecycle(proposal("P4", EMBONG, rw=3, item="POLISI-TIDUR", millions=2), "verified", "rejected",
                  reason="duplicate"),
        lifecycle(proposal("P5", EMBONG, rw=3, millions=7), "verified"),
        lifecycle(proposal("P6", DUKUH_SETRO, rw=5, item="CCTV-KAMPUNG", millions=12)),
        lifecycle(proposal("P7", DUKUH_SETRO, rw=5, millions=4, repeat=True), "verified", "accepted", "prioritised"),
        lifecycle(proposal("P0", millions=3, year=2026), "verified", "accepted"),
    ]


def known_round() -> list[dict]:
    """Every snapshot of the known round, in the order the steps happened (all submissions first,
    then the proposals take their steps in turn): a proposal's stages cross batch boundaries."""
    lifecycles = known_lifecycles()
    rows = []
    for step in range(max(len(each) for each in lifecycles)):
        rows += [each[step] for each in lifecycles if step < len(each)]
    return rows


# stage -> (proposals, cost) of the known round in 2027, city-wide (worked out from the list above)
FUNNEL_2027 = {"proposed": (7, 57.5), "verified": (5, 40.5), "accepted": (3, 31.5), "prioritised": (2, 22.5),
               "planned": (2, 27.5), "budgeted": (2, 27.5), "contracted": (1, 18.5), "built": (1, 18.5),
               "rejected": (2, 7.0)}


def write(databases, payloads: list[dict]) -> None:
    """Snapshots into the change log, in order, one transaction."""
    with databases.transaction() as session:
        for payload in payloads:
            record_change(session, PROPOSAL, payload.get("number"), "upsert", payload)
