"""Targets and scores: minutes per working day against the target, the supervisor's approval backlog
and its age against the deadline, the quarter's work score, final score and rating band.

    working day     Monday to Friday except Indonesian public holidays (core.working_time)
    work score      approved minutes of the quarter / (daily target x the quarter's working days),
                    as a percentage, at most 100 (minutes of a weekend shift count too)
    final score     (work score x work_weight + competence score x competence_weight) / 100
                    (Surabaya's e-Performance: 80 / 20)
    band            the PermenPANRB 6/2022 rating the final score falls in (thresholds: settings)
    backlog age     working days a submitted activity has waited, counted from the day after its
                    submission (city time) to today; past `approval_deadline_days` it is overdue

Only approved minutes count: a submitted line nobody decided before its month closed counts
nothing. Scores are rounded to two decimals (half away from zero, as a person reads them).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import as_utc, city_day, city_midnight, city_today
from core.periods import next_month
from core.working_time import is_working_day
from modules.kinerja import workflow
from modules.kinerja.errors import KinerjaValidationError
from modules.kinerja.models import KinerjaActivity
from modules.kinerja.settings import KinerjaSettings

BANDS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
BAND_NAMES = {"sangat_baik": "Sangat Baik", "baik": "Baik", "butuh_perbaikan": "Butuh Perbaikan",
              "kurang": "Kurang", "sangat_kurang": "Sangat Kurang"}
ACTIVITIES = KinerjaActivity.__table__


# --- the calendar ---------------------------------------------------------------------------------

def month_bounds(month: str, field: str = "month") -> tuple[date, date]:
    """"2026-11" -> (first day, last day)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month) if isinstance(month, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise KinerjaValidationError(field, "kinerja_bad_month", value=str(month)[:20])
    first = date(int(match.group(1)), int(match.group(2)), 1)
    return first, next_month(first) - timedelta(days=1)


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_months(quarter: str, field: str = "quarter") -> list[str]:
    """"2026-Q4" -> ["2026-10", "2026-11", "2026-12"]."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter) if isinstance(quarter, str) else None
    if match is None or int(match.group(1)) < 2000:
        raise KinerjaValidationError(field, "kinerja_bad_quarter", value=str(quarter)[:20])
    year, first = int(match.group(1)), (int(match.group(2)) - 1) * 3 + 1
    return [f"{year}-{month:02d}" for month in range(first, first + 3)]


def quarter_bounds(quarter: str) -> tuple[date, date]:
    months = quarter_months(quarter)
    return month_bounds(months[0])[0], month_bounds(months[-1])[1]


def working_days(first: date, last: date) -> int:
    """Working days from `first` to `last`, both included (0 when last < first)."""
    return sum(1 for offset in range((last - first).days + 1) if is_working_day(first + timedelta(days=offset)))


def age_in_working_days(submitted_day: date, today: date) -> int:
    """Working days after the day of submission, up to today."""
    return working_days(submitted_day + timedelta(days=1), today)


def overdue_cutoff(today: date, deadline_days: int) -> date:
    """A line submitted on a city day before this one has waited longer than the deadline."""
    day, counted = today, 0
    while True:
        counted += is_working_day(day)
        if counted > deadline_days:
            return day
        day -= timedelta(days=1)


# --- the arithmetic -------------------------------------------------------------------------------

def work_score(approved_minutes: int, days: int, daily_target: int) -> float:
    if days <= 0:
        return 0.0
    return _two_decimals(min(Decimal(100), Decimal(100 * approved_minutes) / Decimal(daily_target * days)))


def final_score(work: float, competence: float, section: KinerjaSettings) -> float:
    total = section.work_weight + section.competence_weight
    weighted = Decimal(str(work)) * section.work_weight + Decimal(str(competence)) * section.competence_weight
    return _two_decimals(weighted / total)


def band(final: float, section: KinerjaSettings) -> str:
    thresholds = (section.band_sangat_baik, section.band_baik, section.band_butuh_perbaikan, section.band_kurang)
    return next((name for name, low in zip(BANDS, thresholds) if final >= low), BANDS[-1])


def _two_decimals(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# --- a person's figures ---------------------------------------------------------------------------

def minutes_by_status(session: Session, staff_id: int, first: date, last: date) -> dict[str, int]:
    rows = session.execute(select(ACTIVITIES.c.status, func.sum(ACTIVITIES.c.minutes))
                           .where(ACTIVITIES.c.staff_id == staff_id, ACTIVITIES.c.day >= first,
                                  ACTIVITIES.c.day <= last).group_by(ACTIVITIES.c.status)).all()
    found = dict.fromkeys(workflow.STATUSES, 0)
    found.update({status: int(total or 0) for status, total in rows})
    return found


def approved_by_day(session: Session, staff_id: int, first: date, last: date) -> dict[date, int]:
    rows = session.execute(select(ACTIVITIES.c.day, func.sum(ACTIVITIES.c.minutes))
                           .where(ACTIVITIES.c.staff_id == staff_id, ACTIVITIES.c.status == workflow.APPROVED,
                                  ACTIVITIES.c.day >= first, ACTIVITIES.c.day <= last)
                           .group_by(ACTIVITIES.c.day)).all()
    return {day: int(total) for day, total in rows}


def period_summary(session: Session, staff_id: int, first: date, last: date, section: KinerjaSettings,
                   today: date | None = None) -> dict:
    """A person's minutes from `first` to `last` (up to today if it lies inside): per status, per
    working day against the target, the working days short of it, and the work score so far."""
    today = today or city_today()
    until = min(last, today)
    days = working_days(first, until)
    minutes = minutes_by_status(session, staff_id, first, last)
    approved = minutes[workflow.APPROVED]
    per_day = approved_by_day(session, staff_id, first, until)
    short = sum(1 for offset in range(max((until - first).days + 1, 0))
                if is_working_day(first + timedelta(days=offset))
                and per_day.get(first + timedelta(days=offset), 0) < section.daily_minutes_target)
    return {"first_day": first.isoformat(), "last_day": last.isoformat(), "working_days": days,
            "minutes": minutes, "target_minutes": days * section.daily_minutes_target,
            "daily_target_minutes": section.daily_minutes_target,
            "approved_per_working_day": round(approved / days, 1) if days else 0.0,
            "working_days_short": short,
            "work_score": work_score(approved, days, section.daily_minutes_target)}


def backlog(session: Session, staff_ids: set[int], section: KinerjaSettings, today: date | None = None) -> dict:
    """The submitted, undecided lines of these people (an approver's own): how many, the oldest's
    age in working days, and how many are past the deadline."""
    today = today or city_today()
    if not staff_ids:
        return {"waiting": 0, "overdue": 0, "oldest_submitted_at": None, "oldest_age_working_days": 0,
                "deadline_working_days": section.approval_deadline_days}
    waiting = _submitted(staff_ids)
    count, oldest = session.execute(select(func.count(), func.min(ACTIVITIES.c.submitted_at)).where(*waiting)).one()
    cutoff = city_midnight(overdue_cutoff(today, section.approval_deadline_days))
    overdue = session.scalar(select(func.count()).where(*waiting, ACTIVITIES.c.submitted_at < cutoff))
    oldest_day = None if oldest is None else city_day(oldest)
    return {"waiting": int(count), "overdue": int(overdue),
            "oldest_submitted_at": None if oldest is None else as_utc(oldest).isoformat(timespec="seconds"),
            "oldest_age_working_days": 0 if oldest_day is None else age_in_working_days(oldest_day, today),
            "deadline_working_days": section.approval_deadline_days}


def opd_overview(session: Session, opd_codes: list[str] | None, first: date, last: date,
                 section: KinerjaSettings, today: date | None = None) -> list[dict]:
    """Per OPD (all when `opd_codes` is None): people who reported, minutes per status and the
    approval backlog of its lines. No person appears: what a city-wide role reads."""
    today = today or city_today()
    where = [ACTIVITIES.c.day >= first, ACTIVITIES.c.day <= last]
    if opd_codes is not None:
        where.append(ACTIVITIES.c.opd_code.in_(opd_codes))
    found: dict[str, dict] = {}
    for opd, status, minutes in session.execute(
            select(ACTIVITIES.c.opd_code, ACTIVITIES.c.status, func.sum(ACTIVITIES.c.minutes))
            .where(*where).group_by(ACTIVITIES.c.opd_code, ACTIVITIES.c.status)):
        entry = found.setdefault(opd, {"opd_code": opd, "minutes": dict.fromkeys(workflow.STATUSES, 0)})
        entry["minutes"][status] = int(minutes or 0)
    people = dict(session.execute(select(ACTIVITIES.c.opd_code, func.count(ACTIVITIES.c.staff_id.distinct()))
                                  .where(*where).group_by(ACTIVITIES.c.opd_code)).all())
    cutoff = city_midnight(overdue_cutoff(today, section.approval_deadline_days))
    waiting = dict(session.execute(select(ACTIVITIES.c.opd_code, func.count()).where(
        *where, ACTIVITIES.c.status == workflow.SUBMITTED).group_by(ACTIVITIES.c.opd_code)).all())
    overdue = dict(session.execute(select(ACTIVITIES.c.opd_code, func.count()).where(
        *where, ACTIVITIES.c.status == workflow.SUBMITTED, ACTIVITIES.c.submitted_at < cutoff)
        .group_by(ACTIVITIES.c.opd_code)).all())
    for opd, entry in found.items():
        entry |= {"people": int(people.get(opd, 0)), "waiting": int(waiting.get(opd, 0)),
                  "overdue": int(overdue.get(opd, 0))}
    return [found[opd] for opd in sorted(found)]


def _submitted(staff_ids: set[int]) -> list:
    return [ACTIVITIES.c.staff_id.in_(staff_ids), ACTIVITIES.c.status == workflow.SUBMITTED,
            ACTIVITIES.c.locked.is_(False)]

