"""The e-Kinerja desks: what "Aktivitas saya" (/kinerja/aktivitas: the day's form, the suggestions
from the change log, one's own history) and "Persetujuan" (/kinerja/persetujuan: the approver's
queue) ask of the kinerja module.

Each function opens its own transaction on `services.databases`, calls the module with the viewer
(the module checks the owner, the approver and the hierarchy of every step, whatever the request
names) and returns plain values, with the module's refusals (a field and a code) turned into
Indonesian sentences placed at their field. Like data/planning_desk.py this reads the transactional
database: a desk acts on the live lines, not on the marts.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta

from core.clock import city_time, city_today, utc_now
from core.formatting import count, number
from core.formatting import day as day_text
from core.messages import error_text, text
from core.services import Services
from core.users import Viewer
from modules.kinerja import access, reads, scores, service, workflow
from modules.kinerja.checks import clock_text
from modules.kinerja.errors import KinerjaError
from modules.kinerja.messages import LINK_NAMES, STATUS_NAMES
from modules.kinerja.suggestions import suggestions as day_suggestions

# the form's inputs in words, for "field: reason" and the summary above a form
FIELD_LABELS = {
    "day": "Tanggal", "start": "Jam mulai", "end": "Jam selesai", "description": "Uraian kegiatan",
    "output": "Hasil", "volume": "Volume", "output_unit": "Satuan", "link_kind": "Tautan", "link_ref": "Tautan",
    "photo": "Foto bukti", "ids": "Pilihan", "id": "Kegiatan", "status": "Status", "note": "Catatan",
    "decision": "Keputusan", "actor": "Akun",
}
FORM_FIELDS = ("day", "start", "end", "description", "output", "volume", "output_unit", "link_ref", "photo")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
NO_SELECTION = "pilih paling sedikit satu kegiatan"


def refusal(error: KinerjaError) -> tuple[str, str]:
    """(field the form shows it at, reason); the link's kind and reference share one box."""
    field = error.field or "actor"
    return ("link_ref" if field == "link_kind" else field), error_text(error)


def summary_lines(errors: list[tuple[str, str]], fields: tuple[str, ...] = FORM_FIELDS) -> list[str]:
    """The problems of fields a form does not show (no staff record, a closed month ...)."""
    return [f"{FIELD_LABELS.get(field, field)}: {reason}" for field, reason in errors if field not in fields]


# === who is asking ==================================================================================

def person(services: Services, viewer: Viewer) -> dict | None:
    """The viewer's own staff record in words, or None when his account is linked to none."""
    with services.databases.session() as session:
        me = access.staff_of(session, viewer)
        return None if me is None else {"id": int(me.id), "name": me.name, "position": me.position,
                                        "unit": me.unit, "active": bool(me.active)}


def unlinked_text(viewer: Viewer) -> str:
    said = text("kinerja_no_staff_record", {"username": viewer.username})
    return (f"{said[:1].upper()}{said[1:]}. Minta BKD atau admin menghubungkan akun Anda dengan data pegawai "
            "untuk melaporkan dan menyetujui aktivitas.")


# === the form =======================================================================================

def day_options(services: Services, now: datetime | None = None) -> list[dict]:
    """Today and the setting's days back, newest first: the days a line may be written for."""
    today = city_today(now or utc_now())
    days = [today - timedelta(days=back) for back in range(services.settings.kinerja.entry_days_back + 1)]
    return [{"label": weekday_text(each) + (" (hari ini)" if each == today else ""), "value": each.isoformat()}
            for each in days]


def weekday_text(value: date) -> str:
    return f"{WEEKDAYS[value.weekday()]}, {day_text(value)}"


def suggestions(services: Services, viewer: Viewer, day, now: datetime | None = None) -> list[dict]:
    """The cases the viewer acted on that day (the change log), each as a proposed form. A proposal
    for today ends no later than now: its end is rounded up to 5 minutes, which the service would
    refuse as the future for a few minutes."""
    chosen = parse_day(day)
    if chosen is None:
        return []
    now = now or utc_now()
    with services.databases.session() as session:
        me = access.staff_of(session, viewer)
        found = [] if me is None else day_suggestions(session, me, chosen)
    local = city_time(now)
    latest = local.hour * 60 + local.minute
    for each in found:
        line = each["activity"]
        if chosen == local.date() and _minute(line["end"]) > latest > _minute(line["start"]):
            line["end"] = clock_text(latest)
    return found


def save(services: Services, viewer: Viewer, form: dict, upload: tuple[str, str] | None = None,
         activity_id: int | None = None, now: datetime | None = None) -> tuple[int | None, list[tuple[str, str]]]:
    """Creates (or, with `activity_id`, corrects) one line, with its evidence photo in the same
    transaction: (its id, []) or (None, [(field, reason)]) with nothing written."""
    photo, errors = decode_upload(upload)
    if errors:
        return None, errors
    section = services.settings.kinerja
    try:
        with services.databases.transaction() as session:
            if activity_id is None:
                activity = service.create_activity(session, viewer, form, section, now=now)
            else:
                activity = service.edit_activity(session, viewer, activity_id, form, section, now=now)
            if photo is not None:
                service.set_photo(session, viewer, activity.id, photo[1], photo[0], section, now=now)
            return int(activity.id), []
    except KinerjaError as refused:
        return None, [refusal(refused)]


def decode_upload(upload) -> tuple[tuple[str, bytes] | None, list[tuple[str, str]]]:
    """(file name, bytes) of dcc.Upload's (file name, "data:<type>;base64,<data>"); the module
    checks what the bytes are (the type the browser claims is not trusted) and their size."""
    if not upload or not upload[1]:
        return None, []
    filename, content = upload
    name = filename if isinstance(filename, str) and filename else "foto"
    try:
        _head, encoded = content.split(",", 1)
        return (name, base64.b64decode(encoded, validate=True)), []
    except (AttributeError, ValueError, binascii.Error):
        return None, [("photo", f"berkas {name[:80]} tidak terbaca; pilih fotonya lagi")]


def activity_form(services: Services, viewer: Viewer, activity_id) -> tuple[dict | None, str | None]:
    """(one of the viewer's own open lines as the form's values, None), or (None, why it cannot be
    corrected: not his, or its status allows no edit, in the module's words)."""
    try:
        with services.databases.session() as session:
            activity = service.get_activity(session, viewer, activity_id)
            access.require_owner(session, viewer, activity)
            workflow.check("edit", activity)
            view = reads.views(session, [activity])[0]
    except KinerjaError as refused:
        return None, error_text(refused)
    return {name: view[name] for name in ("day", "start", "end", "description", "output", "volume", "output_unit",
                                          "link_kind", "link_ref")}, None


def delete(services: Services, viewer: Viewer, activity_id) -> tuple[bool, list[tuple[str, str]]]:
    try:
        with services.databases.transaction() as session:
            service.delete_activity(session, viewer, activity_id)
    except KinerjaError as refused:
        return False, [refusal(refused)]
    return True, []


def submit(services: Services, viewer: Viewer, ids) -> tuple[int, list[tuple[str, str]]]:
    """Sends many own drafts (and corrected returned lines) at once, all or none."""
    if not ids:
        return 0, [("ids", NO_SELECTION)]
    try:
        with services.databases.transaction() as session:
            return len(service.submit(session, viewer, list(ids))), []
    except KinerjaError as refused:
        return 0, [refusal(refused)]


# === one's own history ==============================================================================

def history(services: Services, viewer: Viewer, first, last) -> list[dict]:
    """The viewer's own lines of the period, as table rows (an unlinked account has none)."""
    lines = _period_lines(services, viewer, first, last,
                          lambda session, first, last: reads.own_activities(session, viewer, first, last))
    return [history_row(line) for line in lines]


def history_row(line: dict) -> dict:
    return {"id": line["id"], "day": line["day"], "day_text": day_text(date.fromisoformat(line["day"])),
            "time": f"{line['start']}-{line['end']}", "minutes": line["minutes"], "description": line["description"],
            "output": f"{line['output']} ({count(line['volume'])} {line['output_unit']})",
            "link": link_text(line["link_kind"], line["link_ref"]), "status": line["status"],
            "status_name": status_name(line), "open": line["status"] in workflow.OPEN and not line["locked"],
            "photo": "ada" if line["has_photo"] else "", "note": line["return_note"] or ""}


def status_name(line: dict) -> str:
    name = STATUS_NAMES.get(line["status"], line["status"])
    return f"{name} (terkunci)" if line["locked"] else name


def link_text(kind: str | None, ref: str | None) -> str:
    return "" if kind is None else f"{LINK_NAMES.get(kind, kind)} {ref}"


def day_minutes(rows: list[dict], day, target: int) -> str:
    """The chosen day's minutes (all of one's lines, and the approved ones) against the daily target."""
    chosen = parse_day(day)
    if chosen is None:
        return ""
    lines = [row for row in rows if row["day"] == chosen.isoformat()]
    logged = sum(row["minutes"] for row in lines)
    approved = sum(row["minutes"] for row in lines if row["status"] == workflow.APPROVED)
    return (f"{weekday_text(chosen)}: {count(logged)} menit tercatat ({count(approved)} disetujui) dari target "
            f"{count(target)} menit per hari kerja.")


def month_summary(services: Services, viewer: Viewer, now: datetime | None = None) -> dict | None:
    """reads.summary of the current month (None for an unlinked account)."""
    try:
        with services.databases.session() as session:
            return reads.summary(session, viewer, services.settings.kinerja, today=city_today(now or utc_now()))
    except KinerjaError:
        return None


def summary_text(found: dict | None) -> list[str]:
    if found is None:
        return []
    month = found["month_figures"]
    minutes = month["minutes"]
    lines = [(f"Bulan {found['month']}: {count(minutes[workflow.APPROVED])} menit disetujui dari target "
             f"{count(month['target_minutes'])} menit ({count(month['working_days'])} hari kerja sejauh ini); "
             f"rata-rata {number(month['approved_per_working_day'], 1)} menit per hari kerja; "
             f"{count(month['working_days_short'])} hari kerja di bawah target."),
             (f"Menunggu keputusan: {count(minutes[workflow.SUBMITTED])} menit; draf {count(minutes[workflow.DRAFT])} "
             f"menit; dikembalikan {count(minutes[workflow.RETURNED])} menit.")]
    if found["backlog"]:
        lines.append(backlog_text(found["backlog"]))
    return lines


# === the approver's queue ===========================================================================

def queue(services: Services, viewer: Viewer, now: datetime | None = None) -> dict:
    """The submitted lines of the people the viewer decides for, oldest submission first, and the
    backlog's figures; {"linked": False} for an account without a staff record."""
    today = city_today(now or utc_now())
    with services.databases.session() as session:
        if access.staff_of(session, viewer) is None:
            return {"linked": False, "rows": [], "backlog": None}
        found = reads.queue(session, viewer, services.settings.kinerja, today=today, limit=reads.MAX_LIMIT)
    return {"linked": True, "rows": [queue_row(line) for line in found["activities"]], "backlog": found["backlog"]}


def queue_row(line: dict) -> dict:
    person = line["staff"] or {}
    seen = {True: "tercatat di sistem", False: "tidak tercatat", None: ""}[line["seen_in_log"]]
    return {"id": line["id"], "name": person.get("name", ""), "position": person.get("position", ""),
            "day": day_text(date.fromisoformat(line["day"])), "time": f"{line['start']}-{line['end']}",
            "minutes": line["minutes"], "description": line["description"],
            "output": f"{line['output']} ({count(line['volume'])} {line['output_unit']})",
            "link": link_text(line["link_kind"], line["link_ref"]), "seen": seen,
            "age": f"{line['age_working_days']} hari kerja", "overdue": "lewat tenggat" if line["overdue"] else ""}


def backlog_text(backlog: dict | None) -> str:
    if not backlog or not backlog["waiting"]:
        return "Tidak ada kegiatan bawahan yang menunggu keputusan Anda."
    return (f"{count(backlog['waiting'])} kegiatan menunggu keputusan Anda; {count(backlog['overdue'])} lewat "
            f"tenggat {backlog['deadline_working_days']} hari kerja; yang terlama "
            f"{backlog['oldest_age_working_days']} hari kerja.")


def decide(services: Services, viewer: Viewer, ids, approve: bool, note=None,
           now: datetime | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Approves, or returns with a note, many lines at once, all or none: (how many, [(field, reason)])."""
    if not ids:
        return 0, [("ids", NO_SELECTION)]
    note = note if not approve and isinstance(note, str) and note.strip() else None  # a note goes with a return
    try:
        with services.databases.transaction() as session:
            return len(service.decide(session, viewer, list(ids), "approve" if approve else "return", note,
                                      now=now)), []
    except KinerjaError as refused:
        return 0, [refusal(refused)]


def team(services: Services, viewer: Viewer, first, last) -> list[dict]:
    """The lines of the viewer's subtree (reads.team_activities), newest day first."""
    lines = _period_lines(services, viewer, first, last, lambda session, first, last: reads.team_activities(
        session, viewer, first, last, limit=reads.MAX_LIMIT))
    return [history_row(line) | {"name": (line["staff"] or {}).get("name", "")} for line in lines]


def _period_lines(services: Services, viewer: Viewer, first, last, read) -> list[dict]:
    """read(session, first, last) for the period the page sent (nothing for a period that is no
    period, or for an account linked to no staff record)."""
    first, last = parse_day(first), parse_day(last)
    if first is None or last is None or last < first:
        return []
    with services.databases.session() as session:
        if access.staff_of(session, viewer) is None:
            return []
        return read(session, first, last)


# === small helpers ==================================================================================

def parse_day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def month_range(now: datetime | None = None) -> tuple[str, str]:
    """The current month up to today: the history's default period."""
    today = city_today(now or utc_now())
    first, _last = scores.month_bounds(scores.month_of(today))
    return first.isoformat(), today.isoformat()


def _minute(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
