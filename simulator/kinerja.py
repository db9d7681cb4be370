"""e-Kinerja's demo (Domain.demo_history, Domain.demo_feed), through the real service, with the demo
staff of the registry (simulator/staff.py): nothing happens while the registry is empty.

    the team     for each demo `opd` user linked to a section head (dishub, dlh, binamarga): he and
                 his direct reports, who report, and his supervisor, who decides the section head's
                 lines; those without a Pantau user get one (role opd, the demo password,
                 "<demo user>.atasan" / "<demo user>.staf<n>"), linked through the staff registry's
                 service
    history      the working days of the last two weeks: each member reports 3-5 lines of his day
                 in the evening and submits them; his approver (access.approver_of) decides the next
                 working morning, returning one line in ten with a note, which is corrected and
                 approved the day after; the last day stays in the queue
    live feed    every tick: a member reports the time since his last line (in working hours), a
                 demo user reports a case he acted on today (the suggestions), drafts of today are
                 submitted now and then, and an approver decides the oldest line in his queue

Every text is synthetic and fixed; the same seed gives the same history.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE, city_time, now_or
from core.db import Databases
from core.demo import DEMO_PASSWORD, demo_user_specs
from core.periodic import PeriodicThread
from core.settings import Settings
from core.users import SETUP_ACTOR, User, Viewer, create_user, viewer_of
from core.working_time import is_working_day
from modules.kinerja import access, service, workflow
from modules.kinerja.errors import KinerjaError
from modules.kinerja.models import KinerjaActivity
from modules.kinerja.suggestions import suggestions
from modules.staff import service as staff_service
from modules.staff.models import Staff

log = logging.getLogger(__name__)

HISTORY_DAYS = 14
TICK_SECONDS = 30.0
DAY_START, DAY_END = 8 * 60, 16 * 60
TASKS = (  # (description, output, output unit)
    ("Rapat koordinasi bidang", "Notulen rapat", "dokumen"),
    ("Menyusun laporan mingguan", "Laporan mingguan", "dokumen"),
    ("Survei lapangan", "Data survei", "lokasi"),
    ("Memeriksa usulan kegiatan", "Catatan pemeriksaan", "usulan"),
    ("Memperbarui data aset", "Data aset", "berkas"),
    ("Melayani konsultasi warga", "Konsultasi", "orang"),
    ("Menyiapkan bahan paparan", "Bahan paparan", "dokumen"),
    ("Monitoring pekerjaan pihak ketiga", "Laporan monitoring", "lokasi"),
)
RETURN_NOTES = ("Sebutkan lokasi yang disurvei", "Lampirkan hasil kegiatan", "Jam kegiatan belum sesuai")


@dataclass(frozen=True)
class Member:
    staff_id: int
    viewer: Viewer
    reports: bool = True   # the section head's supervisor decides his lines only (his own approver has no user)


# === the team ==========================================================================================

def demo_team(session: Session) -> list[Member]:
    """The demo users' teams, with a user for each member (created and linked the first time)."""
    members: dict[int, Member] = {}
    for spec in demo_user_specs(session):
        user = session.scalar(select(User).where(User.username == spec["username"]))
        head = None if user is None else session.scalar(select(Staff).where(Staff.user_id == user.id))
        if head is None or not head.active:
            continue
        boss = None if head.supervisor_id is None else session.get(Staff, head.supervisor_id)
        reports = list(session.scalars(select(Staff).where(Staff.supervisor_id == head.id, Staff.active.is_(True))
                                       .order_by(Staff.id)))
        named = [(head, spec["username"], True)]
        named += [(boss, f"{spec['username']}.atasan", False)] if boss and boss.active else []
        named += [(person, f"{spec['username']}.staf{n}", True) for n, person in enumerate(reports, start=1)]
        for person, username, reporting in named:
            if person.id not in members:
                members[person.id] = Member(person.id, _viewer_of(session, person, username), reporting)
    return list(members.values())


def reporting(members: list[Member]) -> list[Member]:
    return [member for member in members if member.reports]


def _viewer_of(session: Session, person: Staff, username: str) -> Viewer:
    if person.user_id is None:
        create_user(session, username, DEMO_PASSWORD, "opd", person.name, opd_code=person.opd_code)
        staff_service.link_user(session, SETUP_ACTOR, person.id, username)
    return viewer_of(session.get(User, person.user_id))


def approver_viewer(session: Session, members: list[Member], staff_id: int) -> Viewer | None:
    approver = access.approver_of(session, staff_id)
    return next((member.viewer for member in members if member.staff_id == approver), None)


# === the history ======================================================================================

def fill_demo_history(services, now: datetime | None = None, seed: int = 2026, days: int = HISTORY_DAYS) -> int | None:
    """The demo's last two weeks on the first start (nothing when e-Kinerja holds lines or the staff
    registry is empty). The registry's demo is asked first: it runs once, whichever domain asks."""
    try:
        from simulator.staff import fill_demo_staff
    except ImportError:  # a city without the staff demo
        fill_demo_staff = None
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(KinerjaActivity)):
            return None
    if fill_demo_staff is not None:
        fill_demo_staff(services)
    with services.databases.transaction() as session:
        if not session.scalar(select(func.count()).select_from(Staff)):
            return None
        members = demo_team(session)
    if not members:
        return None
    print("Mengisi data demo e-Kinerja: kegiatan harian dua minggu terakhir tim demo (sintetis) ...")
    return write_history(services.databases, services.settings, members, now_or(now), random.Random(seed), days)


def write_history(databases: Databases, settings: Settings, members: list[Member], now: datetime,
                  rng: random.Random, span: int = HISTORY_DAYS) -> int:
    """Lines of the working days among the `span` days before today, submitted and decided."""
    today = city_time(now).date()
    days = [today - timedelta(days=n) for n in range(span, 0, -1)]
    days = [day for day in days if is_working_day(day)]
    written, returned = 0, []
    for index, day in enumerate(days):
        for member in reporting(members):
            ids = _report_day(databases, settings, member, day, rng)
            written += len(ids)
            if ids:
                _run(databases, service.submit, member.viewer, ids, now=_at(day, 17, 5))
        decided_on = days[index + 1] if index + 1 < len(days) else None
        if decided_on is not None:
            returned = _decide_day(databases, members, day, decided_on, returned, rng)
    return written


def _report_day(databases: Databases, settings: Settings, member: Member, day: date, rng: random.Random) -> list[int]:
    minute, ids = DAY_START, []
    for _ in range(rng.randint(3, 5)):
        length = rng.choice((60, 90, 90, 120, 150))
        if minute + length > DAY_END + 60:
            break
        task = rng.choice(TASKS)
        activity = _run(databases, service.create_activity, member.viewer, _line(day, minute, minute + length, task),
                        settings.kinerja, now=_at(day, 17))
        if activity is not None:
            ids.append(activity.id)
        minute += length + rng.choice((0, 0, 15, 30))
    return ids


def _decide_day(databases: Databases, members: list[Member], day: date, decided_on: date, returned: list[int],
                rng: random.Random) -> list[int]:
    """The approvers decide `day`'s lines on the next working morning; yesterday's returned lines are
    corrected (resubmitted) and approved. The lines returned now."""
    morning = _at(decided_on, 9)
    with databases.session() as session:
        waiting = session.execute(select(KinerjaActivity.id, KinerjaActivity.staff_id).where(
            KinerjaActivity.day == day, KinerjaActivity.status == workflow.SUBMITTED)).all()
        approvers = {staff_id: approver_viewer(session, members, staff_id) for _id, staff_id in waiting}
        owners = {member.staff_id: member.viewer for member in members}
        corrected = session.execute(select(KinerjaActivity.id, KinerjaActivity.staff_id)
                                    .where(KinerjaActivity.id.in_(returned))).all() if returned else []
    for activity_id, staff_id in corrected:
        approver = approver_viewer_of(databases, members, staff_id)
        if approver is not None and _run(databases, service.submit, owners[staff_id], [activity_id], now=morning):
            _run(databases, service.decide, approver, [activity_id], "approve", now=morning + timedelta(hours=1))
    now_returned = []
    for activity_id, staff_id in waiting:
        approver = approvers[staff_id]
        if approver is None:
            continue
        if rng.random() < 0.1:
            _run(databases, service.decide, approver, [activity_id], "return", rng.choice(RETURN_NOTES), now=morning)
            now_returned.append(activity_id)
        else:
            _run(databases, service.decide, approver, [activity_id], "approve", now=morning)
    return now_returned


def approver_viewer_of(databases: Databases, members: list[Member], staff_id: int) -> Viewer | None:
    with databases.session() as session:
        return approver_viewer(session, members, staff_id)


# === the live feed ====================================================================================

class LiveKinerjaFeed(PeriodicThread):
    """Every tick (`run_once(now)` with the clock a test chooses): a line of a member's day, a case
    from a demo user's suggestions, a submission now and then, and a decision."""

    name = "kinerja-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None,
                 interval: float = TICK_SECONDS):
        super().__init__(interval)
        self.databases, self.settings = databases, settings
        self.rng = random.Random(seed)

    def tick(self) -> None:
        self.run_once(datetime.now(timezone.utc))

    def run_once(self, now: datetime) -> dict[str, int]:
        with self.databases.transaction() as session:
            if not session.scalar(select(func.count()).select_from(Staff)):
                return {}
            members = demo_team(session)
        done: Counter = Counter()
        if not members:
            return {}
        for step in (self.report, self.report_case, self.submit, self.decide):
            what = step(members, now)
            if what:
                done[what] += 1
        return dict(done)

    def report(self, members: list[Member], now: datetime) -> str | None:
        """The time since the member's last line today (from 08:00), up to two hours, in working hours."""
        local = city_time(now)
        minute = local.hour * 60 + local.minute
        if not is_working_day(local.date()) or not DAY_START + 30 <= minute <= DAY_END + 60:
            return None
        member = self.rng.choice(reporting(members))
        with self.databases.session() as session:
            last = session.scalar(select(func.max(KinerjaActivity.end_minute)).where(
                KinerjaActivity.staff_id == member.staff_id, KinerjaActivity.day == local.date()))
        start = max(last or DAY_START, minute - 120)
        if minute - start < 30:
            return None
        line = _line(local.date(), start, minute, self.rng.choice(TASKS))
        return "reported" if _run(self.databases, service.create_activity, member.viewer, line,
                                  self.settings.kinerja, now=now) else None

    def report_case(self, members: list[Member], now: datetime) -> str | None:
        day = city_time(now).date()
        for member in self.rng.sample(reporting(members), len(reporting(members))):
            with self.databases.session() as session:
                proposed = suggestions(session, session.get(Staff, member.staff_id), day)
            if proposed:
                line = proposed[0]["activity"]
                return "case reported" if _run(self.databases, service.create_activity, member.viewer, line,
                                               self.settings.kinerja, now=now) else None
        return None

    def submit(self, members: list[Member], now: datetime) -> str | None:
        if self.rng.random() > 0.3:
            return None
        member = self.rng.choice(reporting(members))
        with self.databases.session() as session:
            drafts = list(session.scalars(select(KinerjaActivity.id).where(
                KinerjaActivity.staff_id == member.staff_id, KinerjaActivity.status == workflow.DRAFT,
                KinerjaActivity.locked.is_(False))))
        if not drafts:
            return None
        return "submitted" if _run(self.databases, service.submit, member.viewer, drafts, now=now) else None

    def decide(self, members: list[Member], now: datetime) -> str | None:
        with self.databases.session() as session:
            oldest = session.execute(select(KinerjaActivity.id, KinerjaActivity.staff_id).where(
                KinerjaActivity.staff_id.in_([m.staff_id for m in members]),
                KinerjaActivity.status == workflow.SUBMITTED, KinerjaActivity.locked.is_(False))
                .order_by(KinerjaActivity.submitted_at).limit(1)).first()
            approver = None if oldest is None else approver_viewer(session, members, oldest.staff_id)
        if approver is None:
            return None
        if self.rng.random() < 0.1:
            done = _run(self.databases, service.decide, approver, [oldest.id], "return", self.rng.choice(RETURN_NOTES),
                        now=now)
            return "returned" if done else None
        return "approved" if _run(self.databases, service.decide, approver, [oldest.id], "approve", now=now) else None


def start_live_feed(services) -> LiveKinerjaFeed:
    return LiveKinerjaFeed(services.databases, services.settings).start()


# === helpers ==========================================================================================

def _line(day: date, start: int, end: int, task: tuple[str, str, str]) -> dict:
    description, output, unit = task
    return {"day": day.isoformat(), "start": f"{start // 60:02d}:{start % 60:02d}",
            "end": f"{end // 60:02d}:{end % 60:02d}", "description": description, "output": output, "volume": 1,
            "output_unit": unit}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CITY_ZONE).astimezone(timezone.utc)


def _run(databases: Databases, function, *args, **kwargs):
    """One service call in its own transaction; a refusal is logged and skipped (None)."""
    try:
        with databases.transaction() as session:
            return function(session, *args, **kwargs)
    except KinerjaError as error:
        log.debug("kinerja demo: refused: %s", error)
        return None
