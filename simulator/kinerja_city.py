"""e-Kinerja at city scale through a bulk path (`city_seed`: `python -m bench --domain kinerja`,
Domain.seeder): one quarter of daily activities of the whole city's staff.

    staff        when the registry is empty: `staff_count` people (default in proportion to `count`,
                 20,000 for 7.5 million lines; at least MIN_STAFF so that every OPD has a tree),
                 simulator/staff.city_staff through the registry's own import
    activities   the working days of the QUARTER_DAYS before today: every reporting person (active,
                 with an active supervisor; the OPD heads approve, they report to nobody) writes 4-9
                 lines a day between 07:30 and 17:00, one in LINK_SHARE linked to what it served
                 (a sub kegiatan of his OPD's plan or a complaint, when those domains hold any), and
                 submits them in the evening; his supervisor decides on a following working morning
                 (a few supervisors late, past the approval deadline), returning one line in
                 RETURN_SHARE with a note, which is corrected, submitted again and approved; the last
                 working day's lines still wait
    months       the months over by CLOSE_AFTER_DAYS are closed (kinerja_periods) and their lines
                 locked as modules/kinerja/service.close_period locks them; what was not decided by
                 then stays as it was, and counts nothing

Rows are appended with core.bulk (COPY on PostgreSQL), each activity with one change-log row, its
final snapshot (modules/kinerja/snapshot.py, the payload the service logs), and each closed month
with its "closed" row, so the ETL's incremental run and its full refresh (the extract) build the
same mart. Texts are the demo's (simulator/kinerja.TASKS); the same seed and clock give the same rows.
Quarterly scores are not written: they wait for the supervisor's competence score.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, text
from tqdm import tqdm

from core.bulk import advance_id_sequence, analyze, append_rows, create_indexes, drop_indexes
from core.changelog import record_changes_bulk
from core.clock import CITY_ZONE, city_today, iso_utc
from core.db import Databases
from core.settings import Settings
from core.users import SETUP_ACTOR
from core.working_time import is_working_day
from modules.kinerja import workflow
from modules.kinerja.links import COMPLAINTS, PLAN_ITEMS
from modules.kinerja.models import KinerjaActivity, KinerjaPeriod
from modules.kinerja.scores import month_of
from modules.kinerja.snapshot import ACTIVITY, PERIOD, SNAPSHOT_VERSION
from modules.staff.importing import import_rows
from modules.staff.models import Staff
from simulator.kinerja import RETURN_NOTES, TASKS
from simulator.staff import city_staff

CITY_STAFF = 20_000
QUARTER_DAYS = 91
LINES_A_DAY = (4, 9)
MEAN_LINES = 5.8              # what LINES_A_DAY and LENGTHS give a day (measured): how many people `count` needs
CITY_ACTIVITIES = 7_500_000    # what `count` means at city scale: about 20,000 x 62 working days x 5.5 + weekends
MIN_STAFF = 400                # a smaller registry leaves OPDs without a section
RETURN_SHARE = 0.07
LINK_SHARE = 0.12
LATE_APPROVERS = 0.06          # supervisors who decide 3-6 working days late
CLOSE_AFTER_DAYS = 5           # the admin closes a month on the 5th day after it
CHUNK = 50_000
ACTOR = "system:simulator"
LENGTHS = (30, 45, 60, 60, 60, 90, 90, 120)
ACTIVITY_COLUMNS = ("id", "staff_id", "opd_code", "unit", "day", "start_minute", "end_minute", "minutes",
                    "description", "output", "volume", "output_unit", "link_kind", "link_ref", "status",
                    "submitted_at", "decided_by", "decided_at", "return_note", "locked", "created_at", "updated_at")


@dataclass(frozen=True)
class Person:
    id: int
    opd_code: str
    unit: str
    approver: int
    late: bool


def city_seed(databases: Databases, settings: Settings, count: int = CITY_ACTIVITIES, years: float = 0.25,
              seed: int = 2026, now: datetime | None = None, progress: bool = True,
              staff_count: int | None = None) -> int:
    """About `count` activity lines over the quarter before `now` (`years` is the bench's common
    argument: one quarter whatever it says), with the staff when the registry is empty; nothing when
    e-Kinerja holds lines. Returns the lines written."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(KinerjaActivity)):
            return 0
    ensure_staff(databases, staff_count or max(MIN_STAFF, round(count * CITY_STAFF / CITY_ACTIVITIES)), seed, now)
    quarter = KinerjaQuarter(databases, now, random.Random(seed))
    written = quarter.write(databases, count, progress)
    analyze(databases.engine)
    return written


def ensure_staff(databases: Databases, count: int, seed: int, now: datetime) -> int:
    """The city's staff through the registry's import when it holds nobody; how many it imported."""
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(Staff)):
            return 0
    with databases.transaction() as session:
        return import_rows(session, SETUP_ACTOR, city_staff(count, seed=seed), now=now).created


class KinerjaQuarter:
    def __init__(self, databases: Databases, now: datetime, rng: random.Random):
        self.now, self.rng, self.today = now, rng, city_today(now)
        first = self.today - timedelta(days=QUARTER_DAYS)
        span = (first + timedelta(days=n) for n in range(QUARTER_DAYS))
        self.days = [day for day in span if is_working_day(day)]
        self.next_days = self._working_days_after(first)
        self.closed = self._closed_months(first)
        self.locked: Counter = Counter()   # lines locked per closed month
        with databases.session() as session:
            self.people = self._people(session)
            self.links = _links(session, first.year, self.today.year)

    # --- the world ------------------------------------------------------------------------------

    def _people(self, session) -> list[Person]:
        rows = session.execute(select(Staff.id, Staff.opd_code, Staff.unit, Staff.supervisor_id, Staff.active)
                               .order_by(Staff.id)).all()
        active = {row.id for row in rows if row.active}
        above = {row.id: row.supervisor_id for row in rows}
        late = {row.id for row in rows if self.rng.random() < LATE_APPROVERS}
        people = []
        for row in rows:
            approver = above[row.id]
            while approver is not None and approver not in active:  # access.approver_of: the nearest active one
                approver = above.get(approver)
            if row.active and approver is not None:
                people.append(Person(row.id, row.opd_code, row.unit, approver, approver in late))
        return people

    def _working_days_after(self, first: date) -> list[date]:
        return [first + timedelta(days=n) for n in range(QUARTER_DAYS + 30)
                if is_working_day(first + timedelta(days=n)) and first + timedelta(days=n) < self.today]

    def _closed_months(self, first: date) -> dict[str, datetime]:
        """month -> when it was closed: the months over by CLOSE_AFTER_DAYS."""
        closed, day = {}, first.replace(day=1)
        while day < self.today:
            following = (day + timedelta(days=32)).replace(day=1)
            moment = _at(following + timedelta(days=CLOSE_AFTER_DAYS - 1), 9, 0)
            if moment <= self.now:
                closed[month_of(day)] = moment
            day = following
        return closed

    def reporters(self, count: int) -> list[Person]:
        """As many people as `count` lines need (spread over every OPD by a stride)."""
        wanted = max(1, min(len(self.people), round(count / (max(1, len(self.days)) * MEAN_LINES))))
        stride = len(self.people) / wanted
        return [self.people[int(n * stride)] for n in range(wanted)]

    # --- drawing one person's day -----------------------------------------------------------------

    def day_lines(self, person: Person, day: date) -> list[dict]:
        rng = self.rng
        minute, lines = rng.choice((450, 465, 480, 480)), []
        for _ in range(rng.randint(*LINES_A_DAY)):
            length = rng.choice(LENGTHS)
            if minute + length > 17 * 60:
                break
            description, output, unit = rng.choice(TASKS)
            kind, ref = self._link(person, day) if rng.random() < LINK_SHARE else (None, None)
            lines.append({"staff_id": person.id, "opd_code": person.opd_code, "unit": person.unit[:100], "day": day,
                          "start_minute": minute, "end_minute": minute + length, "minutes": length,
                          "description": description, "output": output, "volume": rng.randint(1, 3),
                          "output_unit": unit, "link_kind": kind, "link_ref": ref})
            minute += length + rng.choice((0, 0, 0, 15, 30))
        self._lifecycle(person, day, lines)
        return lines

    def _link(self, person: Person, day: date) -> tuple[str | None, str | None]:
        plan = self.links["sub_kegiatan"].get((person.opd_code, day.year))
        if plan and self.rng.random() < 0.6:
            return "sub_kegiatan", self.rng.choice(plan)
        complaints = self.links["complaint"]
        return ("complaint", self.rng.choice(complaints)) if complaints else (None, None)

    def _lifecycle(self, person: Person, day: date, lines: list[dict]) -> None:
        """Created and submitted in the evening, decided on a following working morning, unless the
        month closed first (then it stays as it was, locked)."""
        rng = self.rng
        evening = _at(day, 16, rng.randint(30, 89))
        closes = self.closed.get(month_of(day))
        wait = rng.randint(3, 6) if person.late else rng.choice((1, 1, 1, 2))
        morning = self._morning(day, wait)
        for line in lines:
            line.update(created_at=evening, updated_at=evening, submitted_at=evening, status=workflow.SUBMITTED,
                        decided_by=None, decided_at=None, return_note=None, locked=closes is not None)
            steps = [(morning, workflow.APPROVED)]
            if rng.random() < RETURN_SHARE:
                note = rng.choice(RETURN_NOTES)
                again = self._morning(day, wait + 1)
                steps = [(morning, workflow.RETURNED), (again and again - timedelta(minutes=30), workflow.SUBMITTED),
                         (again, workflow.APPROVED)]
                line["return_note"] = note
            for moment, status in steps:
                if moment is None or moment > self.now or (closes is not None and moment > closes):
                    break
                line["updated_at"], line["status"] = moment, status
                if status == workflow.SUBMITTED:
                    line["submitted_at"] = moment
                else:
                    line["decided_at"], line["decided_by"] = moment, f"atasan-{person.approver}"
            if line["status"] == workflow.SUBMITTED and line["decided_at"] is None:
                line["return_note"] = None  # never returned

    def _morning(self, day: date, after: int) -> datetime | None:
        """A morning `after` working days after `day`; None past today."""
        index = bisect_right(self.next_days, day) + after - 1
        if index >= len(self.next_days):
            return None
        return _at(self.next_days[index], self.rng.randint(8, 10), self.rng.randint(0, 59))

    # --- writing ----------------------------------------------------------------------------------

    def write(self, databases: Databases, count: int, progress: bool) -> int:
        people = self.reporters(count)
        estimate = round(len(people) * len(self.days) * MEAN_LINES)
        next_id, written, buffer = 1, 0, []
        with tqdm(total=estimate, desc="kinerja quarter", unit="rows", disable=not progress, smoothing=0.05) as bar, \
                deferred_indexes(databases, KinerjaActivity.__table__):
            for day in self.days:
                for person in people:
                    for line in self.day_lines(person, day):
                        line["id"], next_id = next_id, next_id + 1
                        buffer.append(line)
                        self.locked[month_of(day)] += line["locked"]
                if len(buffer) >= CHUNK:
                    written += self._append(databases, buffer)
                    bar.update(len(buffer))
                    buffer = []
            written += self._append(databases, buffer)
            bar.update(len(buffer))
        self._close_months(databases)
        return written

    def _append(self, databases: Databases, lines: list[dict]) -> int:
        if not lines:
            return 0
        with databases.transaction() as session:
            if session.get_bind().dialect.name == "postgresql":  # a seeder's rows: a crash means seeding again
                session.execute(text("SET LOCAL synchronous_commit TO OFF"))
            append_rows(session, KinerjaActivity.__table__, ACTIVITY_COLUMNS,
                        [tuple(line[c] for c in ACTIVITY_COLUMNS) for line in lines])
            advance_id_sequence(session, KinerjaActivity.__tablename__)
            record_changes_bulk(session, [_activity_change(line) for line in lines])
        return len(lines)

    def _close_months(self, databases: Databases) -> None:
        """One kinerja_periods row and one "closed" change per closed month, as close_period writes them."""
        with databases.transaction() as session:
            for month, moment in sorted(self.closed.items()):
                locked = self.locked[month]
                session.add(KinerjaPeriod(month=month, closed_at=moment, closed_by=ACTOR, activities_locked=locked))
                payload = {"month": month, "closed_at": iso_utc(moment), "activities_locked": int(locked)}
                record_changes_bulk(session, [{"entity": PERIOD, "entity_id": month, "operation": "closed",
                                               "schema_version": SNAPSHOT_VERSION, "payload": payload}])


@contextmanager
def deferred_indexes(databases: Databases, table):
    """The table's secondary indexes dropped while millions of rows are appended and built once
    afterwards (core.bulk), each step committed on its own."""
    with databases.engine.begin() as connection:
        indexes = drop_indexes(connection, table)
    try:
        yield
    finally:
        with databases.engine.begin() as connection:
            create_indexes(connection, indexes)


def _activity_change(line: dict) -> dict:
    """The final snapshot as modules/kinerja/snapshot.activity_snapshot gives it (no photo)."""
    operation = {workflow.APPROVED: "approved", workflow.RETURNED: "returned"}.get(line["status"], "submitted")
    payload = {"id": line["id"], "staff_id": line["staff_id"], "opd_code": line["opd_code"], "unit": line["unit"],
               "day": line["day"].isoformat(), "start_minute": line["start_minute"],
               "end_minute": line["end_minute"], "minutes": line["minutes"], "volume": line["volume"],
               "status": line["status"], "link_kind": line["link_kind"], "has_link": line["link_ref"] is not None,
               "has_photo": False, "created_at": iso_utc(line["created_at"]),
               "submitted_at": iso_utc(line["submitted_at"]), "decided_at": iso_utc(line["decided_at"]),
               "updated_at": iso_utc(line["updated_at"])}
    return {"entity": ACTIVITY, "entity_id": line["id"], "operation": operation, "payload": payload,
            "schema_version": SNAPSHOT_VERSION}


def _links(session, first_year: int, last_year: int) -> dict:
    """What lines may name (links.link_exists accepts them): the plan's sub kegiatan per OPD of the
    quarter's years, and some complaint tickets; empty when those domains hold none."""
    plan: dict[tuple[str, int], list[str]] = {}
    for opd, year, code in session.execute(select(PLAN_ITEMS.c.opd_code, PLAN_ITEMS.c.year,
                                                  PLAN_ITEMS.c.sub_kegiatan_code).where(
            PLAN_ITEMS.c.year >= first_year, PLAN_ITEMS.c.year <= last_year).distinct()):
        plan.setdefault((opd, int(year)), []).append(code)
    tickets = list(session.scalars(select(COMPLAINTS.c.ticket).order_by(COMPLAINTS.c.id.desc()).limit(5000)))
    return {"sub_kegiatan": {key: sorted(codes) for key, codes in plan.items()}, "complaint": tickets}


def _at(day: date, hour: int, minute: int) -> datetime:
    """`minute` may pass 59 (16:89 is 17:29)."""
    return datetime.combine(day, time(hour), CITY_ZONE).astimezone(UTC) + timedelta(minutes=minute)
