"""The citizen's own channel, no login: the complaint form (/lapor) and ticket tracking (/lacak).

The form posts to the service like any other channel (channel "web"), in one transaction; a
refused complaint comes back as the form with each problem next to its field and nothing stored.
Tracking shows the public view only (`service.find_by_ticket`): no reporter, no staff notes; the
OPD's feedback messages, written for the citizen, are shown under "Tanggapan untuk Anda".
Every page is a Jinja template (autoescaped) in modules/complaints/templates/complaints/.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from auth.csrf import check_csrf, csrf_token
from auth.ratelimit import AttemptCounter
from core import formatting
from core.clock import city_text
from core.messages import field_errors
from modules.complaints.messages import FIELD_LABELS
from core.reference import Kecamatan, Kelurahan, Opd
from modules.complaints.models import ComplaintCategory
from core.services import current_services
from modules.complaints import service
from modules.complaints.errors import ComplaintValidationError, Reason
from modules.complaints.intake import MAX_ADDRESS, MAX_DESCRIPTION, MAX_PHOTOS, MAX_REPORTER_FIELD, ComplaintIntake

# The form's script is a file (the Content-Security-Policy allows no inline script), served under
# /lapor, which needs no login.
blueprint = Blueprint("complaints_public", __name__, template_folder="../templates",
                      static_folder="../static", static_url_path="/lapor/static")
PUBLIC_PREFIXES = ("/lapor", "/lacak")
PUBLIC_PAGES = ("/lapor", "/lacak")  # the citizen pages among them (review/screenshots.py shows them)

FORM_ALLOWANCE = 256 * 1024  # the text fields and multipart framing around the photos
MAX_TICKET = 20
SUBMISSIONS_PER_WINDOW = 10  # per address per 10 minutes: plenty for a family, not for a flood
FORM_FIELDS = ("category_code", "description", "lat", "lon", "address", "rt", "rw", "reporter_name",
               "reporter_contact", "photo_display_consent")  # the checkbox: absent when unticked

# --- Indonesian wording (the service's reasons are codes: core/messages.py has their sentences) ---

STATUS_TEXT = {
    "received": "Diterima, menunggu diteruskan", "dispatched": "Diteruskan ke OPD", "responded": "Ditanggapi OPD",
    "in_progress": "Sedang dikerjakan", "resolved": "Selesai ditangani", "closed": "Ditutup",
    "rejected": "Ditolak",
}
EVENT_TEXT = {
    "submitted": "Laporan diterima", "dispatched": "Diteruskan ke OPD yang berwenang",
    "responded": "Ditanggapi oleh OPD", "work_started": "Mulai dikerjakan", "resolved": "Dinyatakan selesai",
    "closed": "Laporan ditutup", "rejected": "Laporan ditolak", "transferred": "Dialihkan ke OPD lain",
    "reopened": "Dibuka kembali", "feedback_sent": "Tanggapan dikirim kepada pelapor",
    "duplicate_suspected": "Diperiksa: mungkin sama dengan laporan lain",
    "duplicate_confirmed": "Dinyatakan sama dengan laporan lain", "duplicate_dismissed": "Dinyatakan bukan duplikat",
    "first_response_breached": "Batas waktu tanggapan pertama terlewati",
    "feedback_breached": "Batas waktu umpan balik terlewati", "imported": "Dicatat dari sistem lama",
}
REJECTION_TEXT = {"spam": "bukan pengaduan (spam)", "duplicate": "sama dengan laporan lain",
                  "not_city_responsibility": "bukan kewenangan Pemerintah Kota Surabaya"}


def wib(moment: datetime) -> str:
    return city_text(moment, "%d/%m/%Y %H:%M WIB")


# --- routes ---------------------------------------------------------------------------------------

@blueprint.before_request
def limit_upload_size():
    """A request larger than every photo allowed plus the text is cut off with 413 before it is read."""
    request.max_content_length = upload_limit()


def upload_limit() -> int:
    return MAX_PHOTOS * current_services().settings.complaints.max_photo_bytes + FORM_ALLOWANCE


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    max_bytes = current_services().settings.complaints.max_photo_bytes
    return render_template("complaints/terlalu_besar.html", max_photos=MAX_PHOTOS,
                           max_photo_text=_size_text(max_bytes), limit_text=_size_text(upload_limit())), 413


@blueprint.get("/lapor")
def complaint_form():
    return _form_page({}, {})


@blueprint.post("/lapor")
def submit_form():
    values = {name: request.form.get(name, "") for name in FORM_FIELDS}
    try:
        check_csrf()
    except BadRequest:
        return _form_page(values, field_errors([("csrf_token", Reason("csrf_invalid"))]), 400)
    services = current_services()
    limiter = _submission_limiter(services)
    if limiter.blocked(f"lapor:{request.remote_addr}"):
        return _form_page(values, field_errors([("form", Reason("too_many_submissions"))]), 429)
    limiter.record_failure(f"lapor:{request.remote_addr}")  # counts every submission, good or bad
    try:
        with services.databases.transaction() as session:
            ticket = service.submit_complaint(session, _intake(values), services.settings).ticket
    except ComplaintValidationError as refused:
        return _form_page(values, field_errors(refused.errors), 400, photos_sent=True)
    return render_template("complaints/terkirim.html", ticket=ticket,
                           track_url=url_for(".track", ticket=ticket)), 201


def _submission_limiter(services) -> AttemptCounter:
    """A flood guard for the public form: SUBMISSIONS_PER_WINDOW per address (shared via Redis)."""
    if "complaint_form_limiter" not in services.extras:
        services.extras["complaint_form_limiter"] = AttemptCounter(SUBMISSIONS_PER_WINDOW, 600, services.redis)
    return services.extras["complaint_form_limiter"]


@blueprint.get("/lacak")
def track_search():
    wanted = request.args.get("tiket", "").strip()
    if wanted:
        return redirect(url_for(".track", ticket=wanted.upper()[:MAX_TICKET]))
    return render_template("complaints/lacak_cari.html", ticket="")


@blueprint.get("/lacak/<ticket>")
def track(ticket: str):
    view = None
    if len(ticket) <= MAX_TICKET:
        with current_services().databases.session() as session:
            view = service.find_by_ticket(session, ticket)
            names = _place_names(session, view) if view else {}
    if view is None:
        return render_template("complaints/lacak_cari.html", ticket=ticket, not_found=True), 404
    steps = [{"at": wib(step.at), "text": EVENT_TEXT.get(step.event, step.event),
              "status": STATUS_TEXT.get(step.status, step.status)} for step in view.timeline]
    feedback = [{"at": wib(step.at), "text": step.message} for step in view.feedback]
    return render_template("complaints/lacak.html", view=view, steps=steps, names=names, feedback=feedback,
                           status=STATUS_TEXT.get(view.status, view.status), received=wib(view.received_at),
                           updated=wib(view.updated_at),
                           rejection=REJECTION_TEXT.get(view.rejection_reason, view.rejection_reason))


# --- helpers --------------------------------------------------------------------------------------

def _form_page(values: dict, errors: dict[str, list[str]], status: int = 200, photos_sent: bool = False):
    """The form; after a refusal with the citizen's input kept (a browser cannot refill a file input)."""
    with current_services().databases.session() as session:
        categories = session.execute(select(ComplaintCategory.code, ComplaintCategory.name)
                                     .where(ComplaintCategory.active.is_(True))
                                     .order_by(ComplaintCategory.name)).all()
    max_bytes = current_services().settings.complaints.max_photo_bytes
    return render_template(
        "complaints/lapor.html", values=values, errors=errors, labels=FIELD_LABELS, categories=categories,
        csrf_token=csrf_token(), max_description=MAX_DESCRIPTION, max_address=MAX_ADDRESS,
        max_reporter=MAX_REPORTER_FIELD, max_photos=MAX_PHOTOS, max_photo_text=_size_text(max_bytes),
        photos_sent=photos_sent and any(upload.filename for upload in request.files.getlist("photos")),
    ), status


def _intake(values: dict) -> ComplaintIntake:
    photos = [(upload.filename, upload.mimetype, upload.read())
              for upload in request.files.getlist("photos") if upload and upload.filename]
    return ComplaintIntake(
        channel="web", category_code=values["category_code"], description=values["description"],
        lat=_coordinate(values["lat"]), lon=_coordinate(values["lon"]), address=_optional(values["address"]),
        rw=_optional(values["rw"]), rt=_optional(values["rt"]),  # as typed ("01"): the service checks them
        reporter_name=_optional(values["reporter_name"]), reporter_contact=_optional(values["reporter_contact"]),
        photos=photos, photo_display_consent=values["photo_display_consent"],
    )


def _coordinate(text: str) -> str | None:
    """As typed, with a decimal comma accepted ("-7,2575"); the service checks the number."""
    text = text.strip().replace(",", ".")
    return text or None


def _optional(text: str) -> str | None:
    return text.strip() or None


def _place_names(session, view) -> dict[str, str | None]:
    def name(model, code):
        return session.scalar(select(model.name).where(model.code == code)) if code else None

    return {"category": name(ComplaintCategory, view.category_code) or view.category_code,
            "opd": name(Opd, view.opd_code), "kecamatan": name(Kecamatan, view.kecamatan_code),
            "kelurahan": name(Kelurahan, view.kelurahan_code)}


def _size_text(size: int) -> str:
    """5000000 -> '5 MB', 5250000 -> '5,3 MB', 2000 -> '2 kB' (Indonesian decimal comma)."""
    if size >= 1_000_000:
        return formatting.number(size / 1_000_000, 1).removesuffix(",0") + " MB"
    return f"{max(1, round(size / 1000))} kB"
