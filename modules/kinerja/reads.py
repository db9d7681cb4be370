"""What the e-Kinerja API shows: one activity, a person's own lines, what a supervisor or an OPD
scope reads of others, the approver's queue with its backlog, a person's summary and the OPDs'
aggregates. Every function asks access.py; none writes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_day, city_today, iso_utc
from core.users import Viewer
from modules.kinerja import access, scores, workflow
from modules.kinerja.checks import clock_text
from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto, KinerjaScore
from modules.kinerja.settings import KinerjaSettings
from modules.kinerja.suggestions import seen_in_log
from modules.staff.models import Staff

MAX_LIMIT = 500
ACTIVITIES = KinerjaActivity.__table__


def activity_view(activity: KinerjaActivity, has_photo: bool) -> dict:
    return {"id": int(activity.id), "staff_id": int(activity.staff_id), "opd_code": activity.opd_code,
            "unit": activity.unit, "day": activity.day.isoformat(), "start": clock_text(activity.start_minute),
            "end": clock_text(activity.end_minute), "minutes": int(activity.minutes),
            "description": activity.description, "output": activity.output, "volume": int(activity.volume),
            "output_unit": activity.output_unit, "link_kind": activity.link_kind, "link_ref": activity.link_ref,
            "status": activity.status, "locked": bool(activity.locked), "has_photo": bool(has_photo),
            "submitted_at": iso_utc(activity.submitted_at), "decided_at": iso_utc(activity.decided_at),
            "decided_by": activity.decided_by, "return_note": activity.return_note,
            "created_at": iso_utc(activity.created_at), "updated_at": iso_utc(activity.updated_at)}


def views(session: Session, activities: list[KinerjaActivity]) -> list[dict]:
    with_photo = photo_ids(session, [each.id for each in activities])
    return [activity_view(each, each.id in with_photo) for each in activities]


def photo_ids(session: Session, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(KinerjaActivityPhoto.activity_id)
                               .where(KinerjaActivityPhoto.activity_id.in_(ids))))


def own_activities(session: Session, viewer: Viewer, first: date, last: date, status: str | None = None) -> list[dict]:
    me = access.require_staff(session, viewer)
    query = select(KinerjaActivity).where(KinerjaActivity.staff_id == me.id, KinerjaActivity.day >= first,
                                          KinerjaActivity.day <= last)
    if status is not None:
        query = query.where(KinerjaActivity.status == status)
    return views(session, list(session.scalars(query.order_by(KinerjaActivity.day, KinerjaActivity.start_minute)
                                               .limit(MAX_LIMIT))))


def team_activities(session: Session, viewer: Viewer, first: date, last: date, *, staff_id: int | None = None,
                    status: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
    """Others' lines the viewer reads (his subtree, his OPD's with an OPD scope), newest day first;
    a city-wide scope alone reads none (aggregates only)."""
    query = select(KinerjaActivity).where(access.readable(session, viewer, ACTIVITIES), KinerjaActivity.day >= first,
                                          KinerjaActivity.day <= last)
    if staff_id is not None:
        query = query.where(KinerjaActivity.staff_id == staff_id)
    if status is not None:
        query = query.where(KinerjaActivity.status == status)
    found = list(session.scalars(query.order_by(KinerjaActivity.day.desc(), KinerjaActivity.staff_id,
                                                KinerjaActivity.start_minute).limit(limit).offset(offset)))
    return _with_people(session, views(session, found))


def queue(session: Session, viewer: Viewer, section: KinerjaSettings, today: date | None = None,
          limit: int = 100) -> dict:
    """The approver's queue: submitted lines of the people he decides, oldest submission first, each
    with its age in working days, whether it is overdue and whether the change log shows the case
    work it names (`seen_in_log`); and the backlog's figures."""
    today = today or city_today()
    me = access.require_staff(session, viewer)
    people = access.decided_by(session, me.id)
    found = [] if not people else list(session.scalars(
        select(KinerjaActivity).where(KinerjaActivity.staff_id.in_(people),
                                      KinerjaActivity.status == workflow.SUBMITTED, KinerjaActivity.locked.is_(False))
        .order_by(KinerjaActivity.submitted_at, KinerjaActivity.id).limit(limit)))
    cutoff = scores.overdue_cutoff(today, section.approval_deadline_days)
    seen_cache: dict = {}
    lines = _with_people(session, views(session, found))
    for line, activity in zip(lines, found):
        submitted_day = city_day(activity.submitted_at)
        line |= {"age_working_days": scores.age_in_working_days(submitted_day, today),
                 "overdue": submitted_day < cutoff,
                 "seen_in_log": seen_in_log(session, activity.staff_id, activity.day, activity.link_kind,
                                            activity.link_ref, seen_cache)}
    return {"backlog": scores.backlog(session, people, section, today), "activities": lines}


def summary(session: Session, viewer: Viewer, section: KinerjaSettings, month: str | None = None,
            today: date | None = None) -> dict:
    """The viewer's own month and quarter against the target, his scores, and (when he decides
    anyone's lines) his approval backlog."""
    today = today or city_today()
    me = access.require_staff(session, viewer)
    month = month or scores.month_of(today)
    first, last = scores.month_bounds(month)
    quarter = scores.quarter_of(first)
    q_first, q_last = scores.quarter_bounds(quarter)
    people = access.decided_by(session, me.id)
    past = session.scalars(select(KinerjaScore).where(KinerjaScore.staff_id == me.id)
                           .order_by(KinerjaScore.quarter.desc()).limit(8))
    return {"staff_id": int(me.id), "month": month, "quarter": quarter,
            "month_figures": scores.period_summary(session, me.id, first, last, section, today),
            "quarter_figures": scores.period_summary(session, me.id, q_first, q_last, section, today),
            "scores": [score_view(each) for each in past],
            "backlog": scores.backlog(session, people, section, today) if people else None}


def overview(session: Session, viewer: Viewer, section: KinerjaSettings, month: str, today: date | None = None) -> list:
    """The OPDs' aggregates of a month: every OPD for a city-wide scope, its own for an OPD scope."""
    access.require_aggregates(viewer)
    first, last = scores.month_bounds(month)
    opds = None if viewer.scope.is_city else [viewer.scope.codes[0]]
    return scores.opd_overview(session, opds, first, last, section, today)


def score_view(score: KinerjaScore) -> dict:
    return {"staff_id": int(score.staff_id), "quarter": score.quarter, "working_days": int(score.working_days),
            "approved_minutes": int(score.approved_minutes), "target_minutes": int(score.target_minutes),
            "work_score": float(score.work_score), "competence_score": float(score.competence_score),
            "final_score": float(score.final_score), "band": score.band,
            "band_name": scores.BAND_NAMES[score.band], "scored_at": iso_utc(score.scored_at)}


def _with_people(session: Session, lines: list[dict]) -> list[dict]:
    """Each line with the person's name and position (the API shows them; the change log never)."""
    ids = {line["staff_id"] for line in lines}
    people = {} if not ids else {row.id: row for row in session.execute(
        select(Staff.id, Staff.name, Staff.position).where(Staff.id.in_(ids)))}
    for line in lines:
        person = people.get(line["staff_id"])
        line["staff"] = None if person is None else {"id": int(person.id), "name": person.name,
                                                     "position": person.position}
    return lines
