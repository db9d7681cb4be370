"""Complaints and categories as GeoReport v2 records, and a POSTed form as a ComplaintIntake.

Only reads here (the service layer does every write). Nothing personal leaves: requests are built
from `PublicComplaint`, which has no reporter fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict

from core.messages import ENGLISH, error_text
from core.reference import Kelurahan, Opd
from modules.complaints.models import ComplaintCategory
from modules.complaints import service
from modules.complaints.errors import ComplaintValidationError
from modules.complaints.intake import ComplaintIntake, forbidden_character
from modules.complaints.keywords import KEYWORDS
from modules.complaints.models import Complaint
from modules.complaints.open311.formats import parse_w3c, w3c
from modules.complaints.public_reads import latest_feedback
from modules.complaints.statuses import OPEN_STATUSES
from modules.complaints.views import PublicComplaint

DEFAULT_CHANNEL = "web"
OPEN311_STATUSES = ("open", "closed")
MAX_REQUESTS = 1000  # per GET, as the spec allows a server to cap

REJECTION_NOTES = {"spam": "laporan tidak layak (spam)", "duplicate": "sama dengan laporan lain",
                   "not_city_responsibility": "bukan kewenangan Pemerintah Kota Surabaya"}

# The reporter's consent to show his photos on the wall displays, as an Open311 attribute.
CONSENT_ATTRIBUTE = "attribute[photo_display_consent]"
# Intake fields named as the Open311 parameter the client sent.
PARAMETER_OF_FIELD = {"category_code": "service_code", "lon": "long", "address": "address_string",
                      "photos": "media", "reporter_name": "first_name/last_name",
                      "reporter_contact": "email/phone", "photo_display_consent": CONSENT_ATTRIBUTE,
                      "rw": "attribute[rw]", "rt": "attribute[rt]"}


# === services ==================================================================================

def service_records(session: Session) -> list[dict]:
    """Every active category as a GeoReport service; the group is the OPD its default rule routes to."""
    opd_short = dict(session.execute(select(Opd.code, Opd.short_name)).all())
    routed_to = {rule.category_code: rule.opd_code for rule in service.list_routing_rules(session)
                 if rule.kecamatan_code is None}
    categories = session.scalars(select(ComplaintCategory).where(ComplaintCategory.active.is_(True))
                                 .order_by(ComplaintCategory.code))
    return [_service_record(category, opd_short[routed_to.get(category.code, category.opd_code)])
            for category in categories]


def _service_record(category: ComplaintCategory, group: str) -> dict:
    return {"service_code": category.code, "service_name": category.name,
            "description": f"{category.name}: laporan ditangani oleh {group}.",
            "metadata": False, "type": "realtime", "keywords": ", ".join(KEYWORDS.get(category.code, ())),
            "group": group}


def service_definition(session: Session, service_code: str) -> dict | None:
    """The definition of an active category; no extra attributes are asked, so the list is empty."""
    category = session.get(ComplaintCategory, service_code)
    if category is None or not category.active:
        return None
    return {"service_code": category.code, "attributes": []}


# === requests (GET) ============================================================================

@dataclass(frozen=True)
class Lookups:
    """Names and times a request record needs beyond the public view."""

    category_names: dict[str, str]
    opd_names: dict[str, str]
    opd_short_names: dict[str, str]
    postal_codes: dict[str, str]
    expected: dict[str, datetime]  # ticket -> the SLA due time that matters now
    feedback: dict[str, tuple[datetime, str]]  # ticket -> (when, text) of the newest message to the citizen


def load_lookups(session: Session, tickets: list[str]) -> Lookups:
    opds = session.execute(select(Opd.code, Opd.name, Opd.short_name)).all()
    return Lookups(
        category_names=dict(session.execute(select(ComplaintCategory.code, ComplaintCategory.name)).all()),
        opd_names={code: name for code, name, _ in opds},
        opd_short_names={code: short for code, _, short in opds},
        postal_codes=dict(session.execute(select(Kelurahan.code, Kelurahan.postal_code)).all()),
        expected=_next_due_times(session, tickets),
        feedback=latest_feedback(session, tickets),
    )


def _next_due_times(session: Session, tickets: list[str]) -> dict[str, datetime]:
    """First response due until it is given, then feedback due; none once both are met or the
    complaint is closed or rejected (the SLA no longer runs)."""
    found: dict[str, datetime] = {}
    for start in range(0, len(tickets), 500):
        rows = session.execute(select(Complaint.ticket, service.NEXT_DUE_AT).where(
            Complaint.ticket.in_(tickets[start:start + 500]), Complaint.status.in_(OPEN_STATUSES)))
        found.update({ticket: due for ticket, due in rows if due is not None})
    return found


def request_record(complaint: PublicComplaint, lookups: Lookups) -> dict:
    """One GeoReport service request, with the extension field `pantau_status`."""
    return {
        "service_request_id": complaint.ticket,
        "status": complaint.open311_status,
        "status_notes": status_note(complaint, lookups.opd_short_names.get(complaint.opd_code or "")),
        "service_name": lookups.category_names.get(complaint.category_code),
        "service_code": complaint.category_code,
        "description": complaint.description,
        "agency_responsible": lookups.opd_names.get(complaint.opd_code or ""),
        "service_notice": None,
        "requested_datetime": w3c(complaint.received_at),
        "updated_datetime": w3c(complaint.updated_at),
        "expected_datetime": w3c(lookups.expected.get(complaint.ticket)),
        "address": complaint.address,
        "address_id": None,
        "zipcode": lookups.postal_codes.get(complaint.kelurahan_code or ""),
        "lat": complaint.lat,
        "long": complaint.lon,
        "media_url": None,  # photos may show people: they are evidence for staff, not published
        "pantau_status": complaint.status,
        "pantau_feedback": lookups.feedback.get(complaint.ticket, (None, None))[1],
        "pantau_feedback_datetime": w3c(lookups.feedback.get(complaint.ticket, (None, None))[0]),
    }


def status_note(complaint: PublicComplaint, opd: str | None) -> str:
    """The detailed status in Bahasa Indonesia, for people reading an Open311 client."""
    opd = opd or "OPD terkait"
    notes = {
        "received": "Diterima; menunggu diteruskan ke OPD oleh Command Center",
        "dispatched": f"Diteruskan ke {opd}; menunggu tanggapan",
        "responded": f"Ditanggapi oleh {opd}",
        "in_progress": f"Sedang ditangani oleh {opd}",
        "resolved": f"Selesai ditangani oleh {opd}",
        "closed": "Selesai dan ditutup",
        "rejected": f"Ditolak: {REJECTION_NOTES.get(complaint.rejection_reason or '', 'tidak dapat diproses')}",
    }
    return notes.get(complaint.status, complaint.status)


@dataclass(frozen=True)
class RequestFilters:
    ids: list[str]
    service_codes: list[str]
    status: str | None  # None: open and closed
    start_date: datetime | None
    end_date: datetime | None


def parse_filters(args: MultiDict) -> RequestFilters:
    """The spec's GET filters; service_request_id, when given, makes the others ignored."""
    ids = _comma_list(args, "service_request_id")
    if ids:
        return RequestFilters(ids, [], None, None, None)
    start, end = args.get("start_date"), args.get("end_date")
    return RequestFilters(
        ids=[], service_codes=_comma_list(args, "service_code"), status=_status_filter(_comma_list(args, "status")),
        start_date=parse_w3c(start, "start_date") if start else None,
        end_date=parse_w3c(end, "end_date") if end else None,
    )


def find_requests(session: Session, filters: RequestFilters) -> list[PublicComplaint]:
    """service.list_requests once per service code (the spec allows a comma list), newest first."""
    if filters.ids:
        return service.list_requests(session, ids=filters.ids, limit=MAX_REQUESTS)
    _require_known_services(session, filters.service_codes)
    lists = [service.list_requests(session, service_code=code, status=filters.status, start_date=filters.start_date,
                                   end_date=filters.end_date, limit=MAX_REQUESTS)
             for code in filters.service_codes or [None]]
    if len(lists) == 1:
        return lists[0]
    merged = [complaint for found in lists for complaint in found]
    return sorted(merged, key=lambda c: (c.received_at, c.ticket), reverse=True)[:MAX_REQUESTS]


def _status_filter(given: list[str]) -> str | None:
    statuses = set(given)
    unknown = statuses - set(OPEN311_STATUSES)
    if unknown:
        raise ComplaintValidationError.one("status", "unknown_open311_statuses", values=", ".join(sorted(unknown)))
    return statuses.pop() if len(statuses) == 1 else None


def _require_known_services(session: Session, codes: list[str]) -> None:
    known = set(session.scalars(select(ComplaintCategory.code)))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ComplaintValidationError.one("service_code", "unknown_service", values=", ".join(unknown))


def _comma_list(args: MultiDict, name: str) -> list[str]:
    return [part.strip() for part in require_clean_text(name, args.get(name) or "").split(",") if part.strip()]


def require_clean_text(name: str, value: str) -> str:
    """`value` unless it holds a character no text may (intake.forbidden_character): PostgreSQL
    refuses NUL even in a query's parameter."""
    character = forbidden_character(value)
    if character is not None:
        raise ComplaintValidationError.one(name, "forbidden_character", character=character)
    return value


# === requests (POST) ===========================================================================

def intake_from_form(form: MultiDict, files: MultiDict) -> ComplaintIntake:
    """The POSTed parameters as an intake; the service checks them all (unknown ones are ignored,
    media_url too: a link we cannot vouch for is no evidence; of the attributes only the consent
    to show the photo, `attribute[rw]` and `attribute[rt]` are read)."""
    return ComplaintIntake(
        channel=_text(form, "channel") or DEFAULT_CHANNEL,
        category_code=_text(form, "service_code") or "",
        description=form.get("description", ""),
        lat=_text(form, "lat"), lon=_text(form, "long"),
        address=_text(form, "address_string"),
        rw=_text(form, "attribute[rw]"), rt=_text(form, "attribute[rt]"),  # as sent: the service checks them
        reporter_name=_joined(form, ("first_name", "last_name"), " "),
        reporter_contact=_joined(form, ("phone", "email"), ", "),
        photos=[_photo(upload) for upload in files.getlist("media") if upload.filename or upload.content_length],
        photo_display_consent=form.get(CONSENT_ATTRIBUTE),  # absent: no consent
    )


def _text(form: MultiDict, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def _joined(form: MultiDict, names: tuple[str, ...], separator: str) -> str | None:
    return separator.join(value for value in (_text(form, name) for name in names) if value) or None


def _photo(upload: FileStorage) -> tuple[str, str, bytes]:
    return upload.filename or "media", upload.mimetype or "", upload.read()


def problem_descriptions(error: ComplaintValidationError, form: MultiDict | None = None) -> list[str]:
    """'<parameter>: <reason>' for every problem, named as the client's parameters."""
    return [f"{_parameter(field, form)}: {error_text(why, ENGLISH)}" for field, why in error.errors]


def _parameter(field: str, form: MultiDict | None) -> str:
    if field == "location":  # outside the city (a point was sent) or no place at all
        return "lat" if form is not None and _text(form, "lat") else "address_string"
    return PARAMETER_OF_FIELD.get(field, field) if form is not None else field


def post_receipt(ticket: str) -> dict:
    return {"service_request_id": ticket,
            "service_notice": f"Laporan diterima dengan nomor tiket {ticket}. Simpan nomor ini untuk "
                              f"memantau tindak lanjutnya.",
            "account_id": None}


# === discovery =================================================================================

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00+07:00"  # when this endpoint last changed: bump it with the API
CONTACT = "Command Center Kota Surabaya (Media Center), melalui Dinas Komunikasi dan Informatika"
KEY_SERVICE = "Kunci API untuk mengirim laporan diterbitkan oleh admin Pantau (manage.py api-key issue LABEL)"


def discovery_document(endpoint_url: str) -> dict:
    return {"changeset": CHANGESET, "contact": CONTACT, "key_service": KEY_SERVICE,
            "endpoints": [{"specification": SPECIFICATION, "url": endpoint_url, "changeset": CHANGESET,
                           "type": "production", "formats": ["text/xml", "application/json"]}]}
