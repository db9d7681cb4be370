"""Work the system already saw: the cases a person's account acted on in a city day, read from the
change log (`actor` = his username, index ix_change_log_actor_recorded), each proposed as an
activity linked to its case, so reporting it is one click; and the same reading checks a report of
case work against what the log holds (`seen_in_log`).

    complaint   entity `complaint` (operation = the event: responded, resolved, transferred ...),
                the case named by the payload's ticket
    incident    entities `incident`, `incident_dispatch`, `incident_call` (operation "upsert": what
                was done is the payload's status: dispatched, cleared, closed ...), named by the
                incident's number
    letter      e-Office's `office_letter` and `office_disposition` (the operation, or the payload's
                status when the operation is a plain upsert), named by the letter's id (a
                disposition's `letter_id`); read by entity name only, e-Office's code is not imported

A case the person already reported on that day (an activity of his, of any status, linked to it)
is left out. The proposed times run from a little before his first act on the case to his last,
in 5-minute steps: the form shows them for him to correct. The log is pruned after
`etl.change_log_retention_days` (30 by default), longer than the days a report may go back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import ChangeLogEntry
from core.clock import CITY_ZONE, city_midnight
from core.users import User
from modules.kinerja.checks import clock_text
from modules.kinerja.links import DISPOSITION_ENTITY, LETTER_ENTITY
from modules.kinerja.models import KinerjaActivity
from modules.kinerja.settings import MINUTES_A_DAY
from modules.staff.models import Staff

LEAD_MINUTES, STEP_MINUTES = 15, 5   # the work before the first act the log saw; the rounding
INCIDENT_ENTITIES = ("incident", "incident_dispatch", "incident_call")
ENTITIES = ("complaint", *INCIDENT_ENTITIES, LETTER_ENTITY, DISPOSITION_ENTITY)
PLAIN_OPERATIONS = ("upsert", "set", "updated")   # operations that say nothing of the act: the status does
# What the acts are called in the proposed description (an act not listed is shown by its code).
ACT_WORDS = {
    "submitted": "mencatat", "dispatched": "meneruskan/mengerahkan", "responded": "menanggapi",
    "work_started": "mulai mengerjakan", "resolved": "menyelesaikan", "closed": "menutup", "rejected": "menolak",
    "transferred": "mengalihkan", "reopened": "membuka kembali", "feedback_sent": "mengirim umpan balik",
    "duplicate_confirmed": "menandai duplikat", "duplicate_dismissed": "menolak tanda duplikat",
    "recorded": "mencatat", "call_taken": "menerima panggilan", "en_route": "mengarahkan unit",
    "on_scene": "memantau unit di lokasi", "cleared": "menuntaskan di lokasi", "cancelled": "membatalkan",
    # e-Office: a letter's and a disposition's statuses (modules/office/workflow.py)
    "registered": "meregistrasi", "distributed": "mendistribusikan", "read": "membaca", "disposed": "mendisposisikan",
    "followed_up": "menindaklanjuti", "archived": "mengarsipkan", "draft": "menyusun",
    "in_review": "mengajukan untuk diperiksa", "ready_to_sign": "memaraf", "signed": "menandatangani",
    "numbered": "menomori", "sent": "mengirim", "unread": "mendisposisikan", "done": "menyelesaikan disposisi",
    "withdrawn": "menarik disposisi",
}
CASE_WORDS = {"complaint": ("aduan", "Aduan ditindaklanjuti"), "incident": ("kejadian", "Kejadian ditangani"),
              "letter": ("surat", "Surat ditindaklanjuti")}


@dataclass
class Case:
    kind: str
    ref: str
    first_at: datetime
    last_at: datetime
    acts: list[str] = field(default_factory=list)

    def add(self, act: str, at: datetime) -> None:
        if act not in self.acts:
            self.acts.append(act)
        self.first_at, self.last_at = min(self.first_at, at), max(self.last_at, at)


def suggestions(session: Session, staff: Staff, day: date) -> list[dict]:
    """The proposed activities of `staff` for the city day `day`, first act first."""
    username = username_of(session, staff)
    if username is None:
        return []
    reported = set(session.execute(select(KinerjaActivity.link_kind, KinerjaActivity.link_ref).where(
        KinerjaActivity.staff_id == staff.id, KinerjaActivity.day == day,
        KinerjaActivity.link_ref.is_not(None))).all())
    return [proposal(case, day) for case in acted_cases(session, username, day)
            if (case.kind, case.ref) not in reported]


def acted_cases(session: Session, username: str, day: date) -> list[Case]:
    """The cases `username` acted on during the city day, in the order of his first act on each."""
    rows = session.execute(
        select(ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.operation, ChangeLogEntry.payload,
               ChangeLogEntry.recorded_at)
        .where(ChangeLogEntry.actor == username[:64], ChangeLogEntry.recorded_at >= city_midnight(day),
               ChangeLogEntry.recorded_at < city_midnight(day + timedelta(days=1)), ChangeLogEntry.entity.in_(ENTITIES))
        .order_by(ChangeLogEntry.recorded_at, ChangeLogEntry.position))
    cases: dict[tuple[str, str], Case] = {}
    for entity, entity_id, operation, payload, at in rows:
        found = case_of(entity, entity_id, operation, payload or {})
        if found is None:
            continue
        kind, ref, act = found
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        cases.setdefault((kind, ref), Case(kind, ref, at, at)).add(act, at)
    return list(cases.values())


def case_of(entity: str, entity_id: str, operation: str, payload: dict) -> tuple[str, str, str] | None:
    """(kind, reference, act) of one change-log row, or None when it names no case."""
    if entity == "complaint":
        ticket = payload.get("ticket")
        return None if not ticket else ("complaint", str(ticket), operation)
    if entity in INCIDENT_ENTITIES:
        number = entity_id if entity == "incident" else payload.get("incident_number")
        status = payload.get("outcome" if entity == "incident_call" else "status")
        act = "call_taken" if entity == "incident_call" else "recorded" if status == "open" else status
        return None if not number or not act else ("incident", str(number), str(act))
    letter = entity_id if entity == LETTER_ENTITY else payload.get("letter_id")
    act = payload.get("status") if operation in PLAIN_OPERATIONS else operation
    return None if letter is None or not act else ("letter", str(letter), str(act))


def proposal(case: Case, day: date) -> dict:
    first, last = _minute_of(case.first_at, day), _minute_of(case.last_at, day)
    start = max(0, (first - LEAD_MINUTES) // STEP_MINUTES * STEP_MINUTES)
    end = min(MINUTES_A_DAY, max(-(-last // STEP_MINUTES) * STEP_MINUTES, start + LEAD_MINUTES))
    noun, output = CASE_WORDS[case.kind]
    words = ", ".join(ACT_WORDS.get(act, act) for act in case.acts)
    return {"kind": case.kind, "ref": case.ref, "acts": list(case.acts),
            "first_at": case.first_at.isoformat(timespec="seconds"),
            "last_at": case.last_at.isoformat(timespec="seconds"),
            "activity": {"day": day.isoformat(), "start": clock_text(start), "end": clock_text(end),
                         "description": f"{words[:1].upper()}{words[1:]} {noun} {case.ref}"[:1000],
                         "output": output, "volume": 1, "output_unit": noun, "link_kind": case.kind,
                         "link_ref": case.ref}}


def seen_in_log(session: Session, staff_id: int, day: date, kind: str | None, ref: str | None,
                cache: dict | None = None) -> bool | None:
    """Whether the change log shows the person acting on the linked case that day (None: the line
    names no case the log knows of, e.g. a sub kegiatan). `cache` keeps one reading per person-day."""
    if kind not in CASE_WORDS or ref is None:
        return None
    cache = {} if cache is None else cache
    if (staff_id, day) not in cache:
        username = username_of(session, session.get(Staff, staff_id))
        cache[(staff_id, day)] = set() if username is None else \
            {(case.kind, case.ref) for case in acted_cases(session, username, day)}
    return (kind, ref) in cache[(staff_id, day)]


def username_of(session: Session, staff: Staff | None) -> str | None:
    if staff is None or staff.user_id is None:
        return None
    return session.scalar(select(User.username).where(User.id == staff.user_id))


def _minute_of(moment: datetime, day: date) -> int:
    local = moment.astimezone(CITY_ZONE)
    return MINUTES_A_DAY if local.date() > day else local.hour * 60 + local.minute
