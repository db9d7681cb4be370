"""The complaint desk: what the TPKPM queue, the staff intake page and the analysis page's detail
panel ask of the complaints module. Each function opens its own transaction on
`services.databases`, calls the service with the viewer (the service enforces who may see and do
what), and returns plain dicts and lists, with the service's refusals (codes) turned into
Indonesian sentences by core/messages.py. Unlike the rest of data/, this reads the transactional database: a desk
acts on the live complaint, not on the marts.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE, as_utc, city_text, city_time, utc_now
from core.messages import error_text, field_errors
from modules.complaints.messages import (FIELD_LABELS, NOTIFY_CHANNEL_NAMES, NOTIFY_STATUS_NAMES, STATUS_NAMES,
                                        notify_error_text)
from core.reference import Kecamatan, Kelurahan, Opd
from modules.complaints.models import ComplaintCategory
from core.services import Services
from core.users import Viewer
from modules.complaints import notifications, service, workflow
from modules.complaints.access import can_act
from modules.complaints.errors import AccessDenied, ComplaintNotFound, ComplaintValidationError, WorkflowError
from modules.complaints.intake import ComplaintIntake
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto
from modules.complaints.statuses import FEEDBACK, FIRST_RESPONSE, current_deadline, is_overdue_now

STAGE_NAMES = {FIRST_RESPONSE: "Tanggapan pertama", FEEDBACK: "Umpan balik"}
INTAKE_ROLES = ("operator", "admin")  # who files complaints taken by phone or at the counter
INTAKE_CHANNELS = ("phone", "walk_in")
NOT_FOUND = "Aduan tidak ditemukan atau di luar cakupan Anda."

REJECTION_NAMES = {"spam": "Spam / bukan pengaduan", "duplicate": "Duplikat",
                   "not_city_responsibility": "Bukan kewenangan Pemkot"}
# The desk's actions, in the order the buttons show them, with the label a message quotes.
ACTION_LABELS = {"respond": "Tanggapi", "start_work": "Mulai kerjakan", "resolve": "Selesaikan",
                 "send_feedback": "Kirim umpan balik", "close": "Tutup", "transfer": "Alihkan ke OPD lain",
                 "reject": "Tolak", "reopen": "Buka kembali", "confirm_duplicate": "Konfirmasi duplikat",
                 "dismiss_duplicate": "Bukan duplikat", "dispatch": "Teruskan ke OPD"}
EVENT_NAMES = {
    "submitted": "Aduan masuk", "dispatched": "Diteruskan ke OPD", "responded": "Ditanggapi",
    "work_started": "Mulai dikerjakan", "resolved": "Diselesaikan", "closed": "Ditutup", "rejected": "Ditolak",
    "transferred": "Dialihkan ke OPD lain", "reopened": "Dibuka kembali", "feedback_sent": "Umpan balik dikirim",
    "duplicate_suspected": "Ditandai mungkin duplikat", "duplicate_confirmed": "Dikonfirmasi duplikat",
    "duplicate_dismissed": "Dinyatakan bukan duplikat", "first_response_breached": "SLA tanggapan pertama terlewati",
    "feedback_breached": "SLA umpan balik terlewati", "imported": "Diimpor",
}
DESK_LABELS = {**FIELD_LABELS, "note": "Catatan", "opd_code": "OPD tujuan", "reason": "Alasan penolakan"}


# --- reading ---------------------------------------------------------------------------------------

def queue(services: Services, viewer: Viewer, opd_code: str | None = None, now: datetime | None = None) -> list[dict]:
    """Open complaints of one OPD (every OPD when None), nearest deadline first. An OPD officer
    always gets his own OPD's queue, whatever he asks for. Complaints without an OPD are left to
    `triage_queue`."""
    if viewer.role == "opd":
        opd_code = viewer.opd_code
    now = now or utc_now()
    with services.databases.session() as session:
        names = _names(session)
        return [_queue_row(complaint, names, now) for complaint in service.list_queue(session, viewer, opd_code)
                if complaint.opd_code is not None]


def triage_queue(services: Services, viewer: Viewer, now: datetime | None = None) -> list[dict]:
    """Complaints no rule could route, oldest first (operator and admin dispatch them)."""
    now = now or utc_now()
    with services.databases.session() as session:
        names = _names(session)
        return [_queue_row(complaint, names, now) for complaint in service.list_triage_queue(session, viewer)]


def detail(services: Services, viewer: Viewer, complaint_id, now: datetime | None = None) -> dict | None:
    """One complaint for the desk, with its history and the actions its status allows; None when it
    does not exist or lies outside the viewer's scope. The reporter's name and contact are included
    only for those who act on the complaint (the OPD in charge, operator, admin)."""
    if not _is_id(complaint_id):
        return None
    now = now or utc_now()
    with services.databases.session() as session:
        try:
            complaint = service.get_complaint(session, viewer, complaint_id)
            steps = service.complaint_history(session, viewer, complaint_id)
        except (ComplaintNotFound, AccessDenied):
            return None
        names = _names(session)
        acting = can_act(viewer, complaint)
        return _queue_row(complaint, names, now) | {
            "description": complaint.description, "address": complaint.address, "lat": complaint.lat,
            "lon": complaint.lon, "channel": complaint.channel, "opd_code": complaint.opd_code,
            "kecamatan": names["kecamatan"].get(complaint.kecamatan_code),
            "received_at": _wib(complaint.received_at), "first_response_due": _wib(complaint.first_response_due_at),
            "first_response_at": _wib(complaint.first_response_at), "feedback_due": _wib(complaint.feedback_due_at),
            "feedback_at": _wib(complaint.feedback_at),
            "photos": session.scalar(select(func.count(ComplaintPhoto.id))
                                     .where(ComplaintPhoto.complaint_id == complaint.id)),
            "duplicate_of": _ticket_of(session, complaint.duplicate_of_id),
            "rejection_reason": REJECTION_NAMES.get(complaint.rejection_reason, complaint.rejection_reason),
            "may_act": acting, "actions": allowed_actions(complaint) if acting else [],
            "reporter_name": complaint.reporter_name if acting else None,
            "reporter_contact": complaint.reporter_contact if acting else None,
            "history": [_step(step, names) for step in steps],
            "notifications": [_notification(row) for row in notifications.notifications_of(session, viewer,
                                                                                           complaint.id)],
        }


def undelivered(services: Services, viewer: Viewer, opd_code: str | None = None) -> dict[str, int]:
    """{"failed": n, "skipped": n} of messages to citizens and OPD heads within the viewer's scope
    (one OPD's when given; an OPD officer always his own)."""
    if viewer.role == "opd":
        opd_code = viewer.opd_code
    with services.databases.session() as session:
        return notifications.undelivered_counts(session, viewer, opd_code)


def history(services: Services, viewer: Viewer, complaint_id) -> list[dict] | None:
    """The complaint's steps (time in WIB, what happened, by whom, note), oldest first; None when
    it does not exist in the live database or lies outside the viewer's scope."""
    if not _is_id(complaint_id):
        return None
    with services.databases.session() as session:
        try:
            steps = service.complaint_history(session, viewer, complaint_id)
        except (ComplaintNotFound, AccessDenied):
            return None
        names = _names(session)
        return [_step(step, names) for step in steps]


def allowed_actions(complaint) -> list[str]:
    """The desk actions the complaint's status (and guards) allow now, in button order."""
    allowed = []
    for action in ACTION_LABELS:
        try:
            workflow.check(action, complaint)
        except WorkflowError:
            continue
        allowed.append(action)
    return allowed


def choices(services: Services) -> dict[str, list[dict]]:
    """Options for the desk's dropdowns: OPDs, active categories, rejection reasons, intake channels."""
    from data.complaints.queries import CHANNEL_NAMES

    with services.databases.session() as session:
        opds = session.execute(select(Opd.code, Opd.short_name, Opd.name).order_by(Opd.short_name)).all()
        categories = session.execute(select(ComplaintCategory.code, ComplaintCategory.name)
                                     .where(ComplaintCategory.active.is_(True)).order_by(ComplaintCategory.name)).all()
    return {
        "opds": [{"label": f"{short} – {name}", "value": code} for code, short, name in opds],
        "categories": [{"label": name, "value": code} for code, name in categories],
        "reasons": [{"label": REJECTION_NAMES[r], "value": r} for r in workflow.REJECTION_REASONS],
        "channels": [{"label": CHANNEL_NAMES[c], "value": c} for c in INTAKE_CHANNELS],
    }


# --- acting ----------------------------------------------------------------------------------------

_CALLS = {  # action -> how the service function is called with the desk's fields
    "respond": lambda s, v, i, f: service.respond(s, v, i, f["note"]),
    "start_work": lambda s, v, i, f: service.start_work(s, v, i, f["note"]),
    "resolve": lambda s, v, i, f: service.resolve(s, v, i, f["note"]),
    "close": lambda s, v, i, f: service.close(s, v, i, f["note"]),
    "send_feedback": lambda s, v, i, f: service.send_feedback(s, v, i, f["note"]),
    "transfer": lambda s, v, i, f: service.transfer(s, v, i, f["to_opd"], f["note"]),
    "reject": lambda s, v, i, f: service.reject(s, v, i, f["reason"], f["note"]),
    "reopen": lambda s, v, i, f: service.reopen(s, v, i, f["note"]),
    "confirm_duplicate": lambda s, v, i, f: service.confirm_duplicate(s, v, i, f["note"]),
    "dismiss_duplicate": lambda s, v, i, f: service.dismiss_duplicate(s, v, i, f["note"]),
    "dispatch": lambda s, v, i, f: service.dispatch(s, v, i, f["to_opd"], f["note"]),
}


def act(services: Services, viewer: Viewer, complaint_id, action: str, **fields) -> tuple[bool, str]:
    """Runs one desk action in its own transaction: (done, message for the user). A refusal by the
    service rolls everything back and becomes the message; nothing else is caught."""
    if action not in _CALLS:
        return False, f"Aksi {action!r} tidak dikenal."
    if not _is_id(complaint_id):
        return False, NOT_FOUND
    fields = {"note": _text(fields.get("note")), "to_opd": _text(fields.get("to_opd")) or None,
              "reason": _text(fields.get("reason"))}
    label = ACTION_LABELS[action]
    try:
        with services.databases.transaction() as session:
            complaint = _CALLS[action](session, viewer, complaint_id, fields)
            ticket, status = complaint.ticket, complaint.status
    except (ComplaintNotFound, AccessDenied):
        return False, f"{label} ditolak: {NOT_FOUND}"
    except WorkflowError as refused:
        return False, f"{label} tidak bisa dilakukan: {error_text(refused)}."
    except ComplaintValidationError as refused:
        return False, f"{label} belum bisa dilakukan: {_validation_text(refused)}."
    return True, f"{label}: aduan {ticket} berhasil diperbarui; status sekarang {STATUS_NAMES.get(status, status)}."


def file_by_phone(services: Services, viewer: Viewer, form: dict, now: datetime | None = None
                  ) -> tuple[str | None, list[tuple[str, str]]]:
    """Files a complaint taken by phone or at the counter: (ticket, []) or (None, [(field, reason)])
    with the reasons in Indonesian. `form` holds the page's raw values; `received_date` (YYYY-MM-DD)
    and `received_time` (HH:MM) are city time (WIB), and default to now."""
    if viewer.role not in INTAKE_ROLES:
        return None, [("access", "hanya operator dan admin yang mencatat aduan telepon atau datang langsung")]
    received_at, errors = _received_at(form.get("received_date"), form.get("received_time"), now)
    if form.get("channel") not in INTAKE_CHANNELS:
        errors.append(("channel", "pilih telepon atau datang langsung"))
    if errors:
        return None, errors
    intake = ComplaintIntake(
        channel=form["channel"], category_code=_text(form.get("category_code")),
        description=form.get("description") if isinstance(form.get("description"), str) else "",
        lat=_coordinate(form.get("lat")), lon=_coordinate(form.get("lon")),
        address=_text(form.get("address")) or None, rw=_text(form.get("rw")) or None,
        rt=_text(form.get("rt")) or None, reporter_name=_text(form.get("reporter_name")) or None,
        reporter_contact=_text(form.get("reporter_contact")) or None, received_at=received_at,
    )
    try:
        with services.databases.transaction() as session:
            return service.submit_complaint(session, intake, services.settings, actor=viewer, now=now).ticket, []
    except ComplaintValidationError as refused:
        return None, [(field, reason) for field, reasons in field_errors(refused.errors).items()
                      for reason in reasons]


@lru_cache(maxsize=4)
def city_grid(step: float = 0.0015) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(lats, lons) of points `step` degrees apart inside the city: a map clicks only on points, so
    the intake page's location picker lays this invisible grid over the map."""
    import numpy as np

    from geo import default_locator, load_boundaries

    west, south, east, north = load_boundaries("kecamatan").total_bounds
    lons, lats = np.meshgrid(np.arange(west, east, step), np.arange(south, north, step))
    lats, lons = lats.ravel().round(5), lons.ravel().round(5)
    inside = default_locator().assign(list(lats), list(lons))["kelurahan_code"].notna().to_numpy()
    return tuple(lats[inside].tolist()), tuple(lons[inside].tolist())


# --- helpers ---------------------------------------------------------------------------------------

def _names(session: Session) -> dict[str, dict[str, str]]:
    def pairs(*columns):
        return {code: name for code, name in session.execute(select(*columns))}

    return {"category": pairs(ComplaintCategory.code, ComplaintCategory.name), "opd": pairs(Opd.code, Opd.short_name),
            "kecamatan": pairs(Kecamatan.code, Kecamatan.name), "kelurahan": pairs(Kelurahan.code, Kelurahan.name)}


def _queue_row(complaint: Complaint, names: dict, now: datetime) -> dict:
    stage, due = current_deadline(complaint)
    return {
        "id": complaint.id, "ticket": complaint.ticket, "status": complaint.status,
        "status_name": STATUS_NAMES.get(complaint.status, complaint.status),
        "category": names["category"].get(complaint.category_code, complaint.category_code),
        "opd": names["opd"].get(complaint.opd_code, complaint.opd_code) if complaint.opd_code else "Triase",
        "kelurahan": names["kelurahan"].get(complaint.kelurahan_code, "—") if complaint.kelurahan_code else "—",
        "stage": STAGE_NAMES.get(stage, "—"), "due": _wib(due),
        "minutes_left": None if due is None else int((due - now).total_seconds() // 60),
        "overdue_now": is_overdue_now(complaint, now),
        "duplicate": complaint.duplicate_state == "suspected",
    }


def _notification(row) -> dict:
    """One message to the citizen as the desk lists it: never the contact it went to."""
    return {"created": _wib(row.created_at), "channel": NOTIFY_CHANNEL_NAMES.get(row.channel, row.channel),
            "status": row.status, "status_name": NOTIFY_STATUS_NAMES.get(row.status, row.status),
            "attempts": row.attempts, "sent": _wib(row.sent_at), "error": notify_error_text(row.last_error)}


def _step(step: ComplaintHistory, names: dict) -> dict:
    return {"at": _wib(step.at), "event": EVENT_NAMES.get(step.action, step.action),
            "actor": "warga" if step.actor == "citizen" else step.actor,
            "status": STATUS_NAMES.get(step.to_status, step.to_status or ""),
            "opd": names["opd"].get(step.opd_code, step.opd_code) if step.opd_code else "",
            "note": _note_text(step.action, step.note or "", names)}


def _note_text(event: str, note: str, names: dict) -> str:
    """The notes the service writes itself (English, for logs) in Indonesian; staff notes as typed."""
    for pattern, text in _SYSTEM_NOTES.get(event, ()):
        found = re.fullmatch(pattern, note, flags=re.DOTALL)
        if found:
            return text(found, names)
    return note


_SYSTEM_NOTES = {  # event -> (pattern of the note the service wrote, Indonesian)
    "submitted": ((r"via (\w+)", lambda m, n: f"lewat kanal {_channel_name(m[1])}"),),
    "dispatched": ((r"routed to (\w+) \(the category's default\)",
                    lambda m, n: f"diarahkan otomatis ke {n['opd'].get(m[1], m[1])} (aturan kategori)"),
                   (r"routed to (\w+) \(kecamatan (\w+)\)",
                    lambda m, n: f"diarahkan otomatis ke {n['opd'].get(m[1], m[1])} "
                                 f"(aturan Kecamatan {n['kecamatan'].get(m[2], m[2])})")),
    "duplicate_suspected": ((r"possible duplicate of (\S+)", lambda m, n: f"mungkin duplikat dari {m[1]}"),),
    "duplicate_confirmed": ((r"duplicate of (\S+)", lambda m, n: f"duplikat dari {m[1]}"),),
    "duplicate_dismissed": ((r"not a duplicate of (\S+)", lambda m, n: f"bukan duplikat dari {m[1]}"),),
    "first_response_breached": ((r"was due (\S+)", lambda m, n: f"tenggat {_wib(datetime.fromisoformat(m[1]))}"),),
    "feedback_breached": ((r"was due (\S+)", lambda m, n: f"tenggat {_wib(datetime.fromisoformat(m[1]))}"),),
    "transferred": ((r"(\w+) -> (\w+): (.*)",
                     lambda m, n: f"dari {n['opd'].get(m[1], m[1])} ke {n['opd'].get(m[2], m[2])}: {m[3]}"),),
}


def _channel_name(code: str) -> str:
    from data.complaints.queries import CHANNEL_NAMES

    return CHANNEL_NAMES.get(code, code)


def _wib(moment: datetime | None) -> str:
    return city_text(moment)


def _ticket_of(session: Session, complaint_id: int | None) -> str | None:
    return session.scalar(select(Complaint.ticket).where(Complaint.id == complaint_id)) if complaint_id else None


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _coordinate(value) -> str | float | None:
    """A number as given, or typed text with a decimal comma read as a point; the service checks it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _text(value).replace(",", ".")
    return text or None


def _received_at(day, clock, now: datetime | None) -> tuple[datetime | None, list[tuple[str, str]]]:
    """The moment in UTC from a WIB date and time; either may be left empty (today / now)."""
    local_now = city_time(now or utc_now())
    try:
        on = date.fromisoformat(str(day)[:10]) if day else local_now.date()
    except ValueError:
        return None, [("received_at", f"tanggal {day!r} tidak dikenali")]
    text = _text(clock)
    if not text:
        at = local_now.time() if on == local_now.date() else time(0, 0)
    elif re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", text):
        at = time(int(text[:-3]), int(text[-2:]))
    else:
        return None, [("received_at", f"jam {text!r} tidak dikenali; tulis JJ:MM, misalnya 08:30")]
    try:
        return as_utc(datetime.combine(on, at, CITY_ZONE)), []
    except OverflowError:  # 0001-01-01 in WIB lies before the first moment UTC can hold
        return None, [("received_at", f"tanggal {day!r} tidak dikenali")]


def _validation_text(refused: ComplaintValidationError) -> str:
    return "; ".join(f"{DESK_LABELS.get(field, field)} – {error_text(why)}" for field, why in refused.errors)
