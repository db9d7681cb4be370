"""The change-log payloads of e-Kinerja: the contract the read side sees (SNAPSHOT_VERSION 1).

    kinerja_activity  entity_id = the activity's id: who (staff id, OPD code, unit), the day, start,
                      end and minutes, the status, what kind of case it served and whether it
                      names one, whether it has a photo, the times of its steps. Never the
                      description, output or return note (free text), nor a name or NIP.
    kinerja_period    entity_id = the month ("2026-11"): when it closed and how many lines it locked.
                      The lock is the period's: closing a month logs one row, not one per activity
                      (2.6 million a month at city scale); the read side takes an activity as
                      locked when its month's period is closed.
    kinerja_score     entity_id = the score's id: staff id, OPD, quarter, working days, minutes,
                      the three scores and the band

Operations name the step ("created", "edited", "photo_set", "photo_removed", "submitted",
"approved", "returned", "deleted", "closed", "scored"); every payload is the row's full snapshot
(a deleted activity's last one). Built from the ORM objects, by the service when it writes and by
extract.py when it reads the tables, so both give the same dict.
"""

from __future__ import annotations

from typing import Any

from core.clock import iso_utc
from modules.kinerja.models import KinerjaActivity, KinerjaPeriod, KinerjaScore

SNAPSHOT_VERSION = 1
ACTIVITY, PERIOD, SCORE = "kinerja_activity", "kinerja_period", "kinerja_score"
ENTITIES = (ACTIVITY, PERIOD, SCORE)
ACTIVITY_KEYS = ("id", "staff_id", "opd_code", "unit", "day", "start_minute", "end_minute", "minutes", "volume",
                 "status", "link_kind", "has_link", "has_photo", "created_at", "submitted_at", "decided_at",
                 "updated_at")
PERIOD_KEYS = ("month", "closed_at", "activities_locked")
SCORE_KEYS = ("id", "staff_id", "opd_code", "quarter", "working_days", "approved_minutes", "target_minutes",
              "work_score", "competence_score", "final_score", "band", "scored_at")


def activity_snapshot(activity: KinerjaActivity, has_photo: bool) -> dict[str, Any]:
    return dict(id=int(activity.id), staff_id=int(activity.staff_id), opd_code=activity.opd_code, unit=activity.unit,
                day=activity.day.isoformat(), start_minute=int(activity.start_minute),
                end_minute=int(activity.end_minute), minutes=int(activity.minutes), volume=int(activity.volume),
                status=activity.status, link_kind=activity.link_kind, has_link=activity.link_ref is not None,
                has_photo=bool(has_photo), created_at=iso_utc(activity.created_at),
                submitted_at=iso_utc(activity.submitted_at), decided_at=iso_utc(activity.decided_at),
                updated_at=iso_utc(activity.updated_at))


def period_snapshot(period: KinerjaPeriod) -> dict[str, Any]:
    return dict(month=period.month, closed_at=iso_utc(period.closed_at), activities_locked=int(period.activities_locked))


def score_snapshot(score: KinerjaScore) -> dict[str, Any]:
    return dict(id=int(score.id), staff_id=int(score.staff_id), opd_code=score.opd_code, quarter=score.quarter,
                working_days=int(score.working_days), approved_minutes=int(score.approved_minutes),
                target_minutes=int(score.target_minutes), work_score=float(score.work_score),
                competence_score=float(score.competence_score), final_score=float(score.final_score),
                band=score.band, scored_at=iso_utc(score.scored_at))
