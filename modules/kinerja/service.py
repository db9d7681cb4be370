"""The e-Kinerja service: the only code that writes the module's tables. Every function works in the
caller's transaction and never commits; each change writes its change-log row (snapshot.py, with
the acting username as `actor`) in that transaction. All checks run before the first write and a
refusal raises a KinerjaError naming the field, so the caller's rollback leaves nothing half-written.

    create_activity / edit_activity / delete_activity   the person's own lines (draft or returned)
    set_photo / remove_photo                            an activity's evidence photo
    submit                                              one or many of his lines, to his approver
    decide                                              the approver approves or returns many at once
    close_period                                        a month closes (the admin): its lines lock
    score_quarter                                       the approver scores a closed quarter

A line is refused when it lies in the future (ends after now), on a day older than
`kinerja.entry_days_back`, in a closed month, when it ends before it starts or after 24:00 (longer
than its day), overlaps another line of the same person, or names a case that does not exist. The
days-back window and the link are checked when they are written or changed: a line returned a week
later can still be corrected on its day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.audit import ADMIN_ACTOR_ROLES
from core.changelog import record_change, take_writer_lock
from core.clock import city_time, city_today, now_or
from core.photos import clean_filename, photo_problem, sniff_image_type
from core.users import Viewer
from modules.kinerja import access, checks, links, scores, workflow
from modules.kinerja.errors import KinerjaAccessDenied, KinerjaNotFound, KinerjaValidationError, KinerjaWorkflowError
from modules.kinerja.models import KinerjaActivity, KinerjaActivityPhoto, KinerjaPeriod, KinerjaScore
from modules.kinerja.settings import KinerjaSettings
from modules.kinerja.snapshot import (ACTIVITY, PERIOD, SCORE, SNAPSHOT_VERSION, activity_snapshot, period_snapshot,
                                      score_snapshot)
from modules.staff.models import Staff

MAX_BATCH = 500            # lines one submit or decision takes (a supervisor's week of a large unit)
MAX_NOTE = KinerjaActivity.return_note.type.length
ACTIVITIES = KinerjaActivity.__table__


# === a person's own lines ===========================================================================

def create_activity(session: Session, actor: Viewer, values: dict, section: KinerjaSettings,
                    now: datetime | None = None) -> KinerjaActivity:
    now = now_or(now)
    form = checks.activity_form(values)
    take_writer_lock(session, ACTIVITY)
    me = access.require_staff(session, actor)
    if not me.active:
        raise KinerjaAccessDenied("actor", "kinerja_staff_inactive", username=actor.username)
    _check_form(session, me, form, section, now, existing=None)
    activity = KinerjaActivity(staff_id=me.id, opd_code=me.opd_code, unit=me.unit, status=workflow.DRAFT,
                               locked=False, created_at=now, updated_at=now, **_columns(form))
    session.add(activity)
    session.flush()
    _log(session, actor, [activity], "created")
    return activity


def edit_activity(session: Session, actor: Viewer, activity_id: int, values: dict, section: KinerjaSettings,
                  now: datetime | None = None) -> KinerjaActivity:
    """The whole form again (the same fields as at creation); the status stays."""
    now = now_or(now)
    form = checks.activity_form(values)
    take_writer_lock(session, ACTIVITY)
    activity = _own(session, actor, activity_id, "edit")
    me = access.require_staff(session, actor)
    _check_form(session, me, form, section, now, existing=activity)
    for name, value in _columns(form).items():
        setattr(activity, name, value)
    activity.updated_at = now
    _log(session, actor, [activity], "edited")
    return activity


def delete_activity(session: Session, actor: Viewer, activity_id: int, now: datetime | None = None) -> None:
    now = now_or(now)
    take_writer_lock(session, ACTIVITY)
    activity = _own(session, actor, activity_id, "delete")
    activity.updated_at = now
    _log(session, actor, [activity], "deleted")
    session.execute(delete(KinerjaActivityPhoto).where(KinerjaActivityPhoto.activity_id == activity.id))
    session.delete(activity)
    session.flush()


def set_photo(session: Session, actor: Viewer, activity_id: int, data: bytes, filename: str | None,
              section: KinerjaSettings, now: datetime | None = None) -> KinerjaActivityPhoto:
    """The evidence photo (JPEG, PNG or WebP by its bytes), replacing one there was."""
    now = now_or(now)
    name = clean_filename(filename)
    problem = photo_problem(data, section.max_photo_bytes)
    if problem is not None:
        code, params = problem
        raise KinerjaValidationError("photo", code, filename=name, **params)
    take_writer_lock(session, ACTIVITY)
    activity = _own(session, actor, activity_id, "edit")
    session.execute(delete(KinerjaActivityPhoto).where(KinerjaActivityPhoto.activity_id == activity.id))
    photo = KinerjaActivityPhoto(activity_id=activity.id, filename=name, content_type=sniff_image_type(bytes(data)),
                                 size_bytes=len(data), data=bytes(data), created_at=now)
    session.add(photo)
    activity.updated_at = now
    session.flush()
    _log(session, actor, [activity], "photo_set")
    return photo


def remove_photo(session: Session, actor: Viewer, activity_id: int, now: datetime | None = None) -> None:
    now = now_or(now)
    take_writer_lock(session, ACTIVITY)
    activity = _own(session, actor, activity_id, "edit")
    removed = session.execute(delete(KinerjaActivityPhoto).where(KinerjaActivityPhoto.activity_id == activity.id))
    if not removed.rowcount:
        raise KinerjaNotFound("id", "kinerja_no_photo", id=activity.id)
    activity.updated_at = now
    _log(session, actor, [activity], "photo_removed")


def submit(session: Session, actor: Viewer, activity_ids: list, now: datetime | None = None) -> list[KinerjaActivity]:
    """One or many of the person's own draft or returned lines, all or none."""
    now = now_or(now)
    take_writer_lock(session, ACTIVITY)
    found = _batch(session, activity_ids)
    for activity in found:
        access.require_owner(session, actor, activity, field="ids")
        workflow.check("submit", activity)
    for activity in found:
        activity.status, activity.submitted_at, activity.updated_at = workflow.SUBMITTED, now, now
    _log(session, actor, found, "submitted")
    return found


# === the approver ===================================================================================

def decide(session: Session, actor: Viewer, activity_ids: list, decision: str, note: str | None = None,
           now: datetime | None = None) -> list[KinerjaActivity]:
    """Approves or returns many submitted lines at once, all or none: each must be of someone the
    actor is the approver of (access.approver_of); a return needs a note saying why."""
    now = now_or(now)
    if decision not in workflow.DECISIONS:
        raise KinerjaValidationError("decision", "kinerja_unknown_choice", value=str(decision)[:20],
                                     known=", ".join(workflow.DECISIONS))
    note = checks.text("note", note, MAX_NOTE, required=False)
    if decision == "return" and note is None:
        raise KinerjaValidationError("note", "kinerja_return_needs_note")
    if decision == "approve" and note is not None:
        raise KinerjaValidationError("note", "kinerja_note_only_for_return")
    take_writer_lock(session, ACTIVITY)
    found = _batch(session, activity_ids)
    access.require_approver_of_all(session, actor, found)
    for activity in found:
        workflow.check(decision, activity)
    target = workflow.STEPS[decision].to_status
    for activity in found:
        activity.status, activity.decided_by, activity.decided_at, activity.updated_at = (
            target, actor.username[:64], now, now)
        if decision == "return":
            activity.return_note = note
    _log(session, actor, found, "approved" if decision == "approve" else "returned")
    return found


def score_quarter(session: Session, actor: Viewer, staff_id: int, quarter: str, competence,
                  section: KinerjaSettings, now: datetime | None = None) -> KinerjaScore:
    """The approver's score of one person's quarter, once its three months are closed: the work
    score from the approved minutes, his competence score, the final score and its band. Scoring
    again replaces it (a corrected competence score)."""
    now = now_or(now)
    months = scores.quarter_months(quarter)
    if isinstance(competence, bool) or not isinstance(competence, (int, float)) or not 0 <= competence <= 100:
        raise KinerjaValidationError("competence_score", "kinerja_out_of_range", low=0, high=100)
    take_writer_lock(session, SCORE)
    if not _is_id(staff_id):
        raise KinerjaValidationError("staff_id", "kinerja_bad_staff_id", value=str(staff_id)[:20])
    person = session.get(Staff, staff_id)
    if person is None:
        raise KinerjaNotFound("staff_id", "kinerja_staff_unknown", id=str(staff_id)[:20])
    access.require_approver(session, actor, person.id, "staff_id", person.id)
    closed = set(session.scalars(select(KinerjaPeriod.month).where(KinerjaPeriod.month.in_(months))))
    still_open = [month for month in months if month not in closed]
    if still_open:
        raise KinerjaWorkflowError("quarter", "kinerja_quarter_open", month=still_open[0])
    first, last = scores.quarter_bounds(quarter)
    days = scores.working_days(first, last)
    approved = scores.minutes_by_status(session, person.id, first, last)[workflow.APPROVED]
    work = scores.work_score(approved, days, section.daily_minutes_target)
    final = scores.final_score(work, float(competence), section)
    score = session.scalar(select(KinerjaScore).where(KinerjaScore.staff_id == person.id,
                                                      KinerjaScore.quarter == quarter))
    if score is None:
        score = KinerjaScore(staff_id=person.id, quarter=quarter)
        session.add(score)
    score.opd_code, score.working_days, score.approved_minutes = person.opd_code, days, approved
    score.target_minutes, score.work_score, score.competence_score = days * section.daily_minutes_target, work, \
        round(float(competence), 2)
    score.final_score, score.band, score.scored_by, score.scored_at = final, scores.band(final, section), \
        actor.username[:64], now
    session.flush()
    record_change(session, SCORE, score.id, "scored", score_snapshot(score), SNAPSHOT_VERSION, actor=actor.username)
    return score


# === the month ======================================================================================

def close_period(session: Session, actor: Viewer, month: str, now: datetime | None = None) -> KinerjaPeriod:
    """Closes a month that is over (the city's admin, or the command line): every line of it locks,
    whatever its status, and nothing of it changes after. One change-log row (snapshot.py)."""
    now = now_or(now)
    if actor.role not in ADMIN_ACTOR_ROLES or not actor.scope.is_city:
        raise KinerjaAccessDenied("actor", "kinerja_admin_only", username=actor.username)
    first, last = scores.month_bounds(month)
    if last >= city_today(now):
        raise KinerjaWorkflowError("month", "kinerja_period_not_over", month=month)
    take_writer_lock(session, PERIOD)
    if session.scalar(select(KinerjaPeriod.id).where(KinerjaPeriod.month == month)) is not None:
        raise KinerjaWorkflowError("month", "kinerja_period_closed", month=month)
    locked = session.execute(update(ACTIVITIES).where(ACTIVITIES.c.day >= first, ACTIVITIES.c.day <= last,
                                                      ACTIVITIES.c.locked.is_(False)).values(locked=True)).rowcount
    session.expire_all()  # activities loaded before the bulk update are stale
    period = KinerjaPeriod(month=month, closed_at=now, closed_by=actor.username[:64], activities_locked=locked or 0)
    session.add(period)
    session.flush()
    record_change(session, PERIOD, month, "closed", period_snapshot(period), SNAPSHOT_VERSION, actor=actor.username)
    return period


def is_closed(session: Session, month: str) -> bool:
    return session.scalar(select(KinerjaPeriod.id).where(KinerjaPeriod.month == month)) is not None


# === reading one line ===============================================================================

def get_activity(session: Session, actor: Viewer, activity_id: int) -> KinerjaActivity:
    activity = _activity(session, activity_id, "id")
    access.require_read(session, actor, activity)
    return activity


def get_photo(session: Session, actor: Viewer, activity_id: int) -> KinerjaActivityPhoto:
    activity = get_activity(session, actor, activity_id)
    photo = session.scalar(select(KinerjaActivityPhoto).where(KinerjaActivityPhoto.activity_id == activity.id))
    if photo is None:
        raise KinerjaNotFound("id", "kinerja_no_photo", id=activity.id)
    return photo


# === the checks and the log =========================================================================

def _check_form(session: Session, me: Staff, form: checks.ActivityForm, section: KinerjaSettings, now: datetime,
                existing: KinerjaActivity | None) -> None:
    today, local = city_today(now), city_time(now)
    if form.day > today or (form.day == today and form.end_minute > local.hour * 60 + local.minute):
        raise KinerjaValidationError("day" if form.day > today else "end", "kinerja_in_future")
    if existing is None or existing.day != form.day:
        earliest = today - timedelta(days=section.entry_days_back)
        if form.day < earliest:
            raise KinerjaValidationError("day", "kinerja_too_old", days=section.entry_days_back,
                                         earliest=earliest.isoformat())
    if is_closed(session, scores.month_of(form.day)):
        raise KinerjaWorkflowError("day", "kinerja_period_closed", month=scores.month_of(form.day))
    _check_overlap(session, me.id, form, None if existing is None else existing.id)
    changed_link = existing is None or (existing.link_kind, existing.link_ref) != (form.link_kind, form.link_ref)
    if form.link_kind is not None and changed_link and not links.link_exists(
            session, form.link_kind, form.link_ref, opd_code=me.opd_code if existing is None else existing.opd_code,
            day=form.day):
        raise KinerjaValidationError("link_ref", "kinerja_link_unknown", kinerja_link_kind=form.link_kind,
                                     ref=form.link_ref)


def _check_overlap(session: Session, staff_id: int, form: checks.ActivityForm, own_id: int | None) -> None:
    query = select(KinerjaActivity).where(KinerjaActivity.staff_id == staff_id, KinerjaActivity.day == form.day,
                                          KinerjaActivity.start_minute < form.end_minute,
                                          KinerjaActivity.end_minute > form.start_minute)
    if own_id is not None:
        query = query.where(KinerjaActivity.id != own_id)
    other = session.scalar(query.order_by(KinerjaActivity.start_minute).limit(1))
    if other is not None:
        raise KinerjaValidationError("start", "kinerja_overlap", id=other.id,
                                     start=checks.clock_text(other.start_minute), end=checks.clock_text(other.end_minute))


def _columns(form: checks.ActivityForm) -> dict:
    return dict(day=form.day, start_minute=form.start_minute, end_minute=form.end_minute, minutes=form.minutes,
                description=form.description, output=form.output, volume=form.volume, output_unit=form.output_unit,
                link_kind=form.link_kind, link_ref=form.link_ref)


def _activity(session: Session, activity_id, field: str) -> KinerjaActivity:
    activity = session.get(KinerjaActivity, activity_id) if _is_id(activity_id) else None
    if activity is None:
        raise KinerjaNotFound(field, "kinerja_not_found", id=str(activity_id)[:20])
    return activity


def _own(session: Session, actor: Viewer, activity_id: int, action: str) -> KinerjaActivity:
    activity = _activity(session, activity_id, "id")
    access.require_owner(session, actor, activity)
    workflow.check(action, activity)
    return activity


def _batch(session: Session, activity_ids) -> list[KinerjaActivity]:
    """The activities of a batch, in the order given (a repeated id once); an empty or oversized
    batch or an unknown id refuses the whole batch (field `ids`)."""
    if not isinstance(activity_ids, (list, tuple)) or not activity_ids:
        raise KinerjaValidationError("ids", "kinerja_batch_empty")
    ids = list(dict.fromkeys(activity_ids))
    if len(ids) > MAX_BATCH:
        raise KinerjaValidationError("ids", "kinerja_batch_too_large", limit=MAX_BATCH)
    bad = next((each for each in ids if not _is_id(each)), None)
    if bad is not None:
        raise KinerjaValidationError("ids", "kinerja_bad_id", value=str(bad)[:20])
    found = {each.id: each for each in session.scalars(select(KinerjaActivity).where(KinerjaActivity.id.in_(ids)))}
    missing = next((each for each in ids if each not in found), None)
    if missing is not None:
        raise KinerjaNotFound("ids", "kinerja_not_found", id=missing)
    return [found[each] for each in ids]


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _log(session: Session, actor: Viewer, activities: list[KinerjaActivity], operation: str) -> None:
    session.flush()
    with_photo = set(session.scalars(select(KinerjaActivityPhoto.activity_id).where(
        KinerjaActivityPhoto.activity_id.in_([each.id for each in activities]))))
    for activity in activities:
        record_change(session, ACTIVITY, activity.id, operation, activity_snapshot(activity, activity.id in with_photo),
                      SNAPSHOT_VERSION, actor=actor.username)
