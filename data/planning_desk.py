"""The planning desks: what the RT/RW proposal form (/musrenbang/baru), the decision queues
(/musrenbang/meja) and the OPD's realisation entry (/anggaran/realisasi) ask of the planning module.

Each function opens its own transaction on `services.databases`, calls the module with the viewer
(the module checks role, scope and round of every step: a lurah verifies only his kelurahan's
proposals, an OPD pays only on its own lines, whatever the request says) and returns plain values,
with the module's refusals (a field and a code) turned into Indonesian sentences placed at their
field. Like data/complaint_desk.py this reads the transactional database: a desk acts on the live
proposal, not on the marts. Nothing here names a person: decisions are shown by role.
"""

from __future__ import annotations

import base64
import binascii
import math
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select

from core.clock import city_day, city_text, utc_now
from core.formatting import count, number, percent
from core.messages import error_text, text
from core.reference import Kelurahan, Opd
from core.services import Services
from core.users import Viewer
from modules.planning import access, checks, proposals, realisation, reads, workflow, works
from modules.planning.budget_models import (PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningWork, WORK_STATUS_NAMES)
from modules.planning.errors import PlanningError, PlanningValidationError
from modules.planning.models import PlanningItem, PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto

# the form's inputs in words, for "field: reason" and the summary above a form
FIELD_LABELS = {
    "item_code": "Jenis usulan", "volume": "Volume", "location": "Titik lokasi", "lat": "Titik lokasi",
    "lon": "Titik lokasi", "address": "Alamat", "title": "Judul usulan", "description": "Uraian", "rt": "RT",
    "photos": "Foto", "round": "Jadwal musrenbang", "actor": "Akun", "number": "Usulan",
    "reason": "Alasan penolakan", "note": "Catatan", "numbers": "Urutan prioritas", "accept": "Keputusan",
    "status": "Status", "line_id": "Baris anggaran", "paid_on": "Tanggal bayar", "amount_rupiah": "Jumlah bayar",
    "reference": "Nomor SP2D", "percent": "Progres fisik", "reported_on": "Tanggal laporan", "photo": "Foto",
    "role": "Peran", "opd_code": "OPD",
}
PROGRESS_LABELS = FIELD_LABELS | {"number": "Pekerjaan"}  # on the realisation page a number is a work's
# the proposal form's fields that show their own errors (lat and lon are shown at "location")
PROPOSAL_FIELDS = ("item_code", "volume", "location", "rt", "address", "title", "description", "photos")
PAYMENT_FIELDS = ("line_id", "paid_on", "amount_rupiah", "reference")
PROGRESS_FIELDS = ("number", "percent", "reported_on", "note", "photo")
ROLE_NAMES = {"rt_rw": "Ketua RT/RW", "lurah": "Lurah", "camat": "Camat", "perencana": "Bappeda",
              "opd": "OPD", "admin": "Admin", "pimpinan": "Pimpinan"}
ACTION_NAMES = {"submitted": "Diusulkan", "verified": "Diverifikasi", "accepted": "Diterima", "rejected": "Ditolak",
                "prioritised": "Diprioritaskan", "planned": "Masuk rencana kerja"}
QUEUE_STATUS = {"lurah": (workflow.PROPOSED,), "camat": (workflow.VERIFIED,),
                "perencana": workflow.RANKABLE_STATUSES}
QUEUE_TITLES = {"lurah": "Usulan menunggu verifikasi kelurahan", "camat": "Usulan terverifikasi menunggu keputusan "
                "kecamatan", "perencana": "Usulan diterima tahun ini: urutan prioritas kota"}
NOT_FOUND = "Usulan tidak ditemukan atau di luar wilayah Anda."
GRID_STEP = 0.0003  # about 33 m between the points of the proposal form's map
WORK_REPORTING = (works.CONTRACTED, works.IN_PROGRESS)


def rupiah(amount) -> str:
    return f"Rp {count(int(amount))}"


def refusal(error: PlanningError, fields: tuple[str, ...] = ()) -> tuple[str, str]:
    """(field the form shows it at, "reason") of a refusal; lat and lon are the form's location."""
    field = error.field or "actor"
    if field in ("lat", "lon") and "location" in fields:
        field = "location"
    return field, error_text(error)


def summary_lines(errors: list[tuple[str, str]], fields: tuple[str, ...], labels: dict | None = None) -> list[str]:
    """The problems of fields a form does not show (round closed, account without an RW ...)."""
    labels = FIELD_LABELS if labels is None else labels
    return [f"{labels.get(field, field)}: {reason}" for field, reason in errors if field not in fields]


# === the proposal form (/musrenbang/baru) ==========================================================

def form_setup(services: Services, viewer: Viewer, now: datetime | None = None) -> dict:
    """The dictionary's items (unit, unit cost, the OPD that builds it), the head's place (his
    kelurahan, RW, the map's centre) and his RW's ceiling this year."""
    kelurahan_code, rw, _rt = access.proposer_place(viewer)
    with services.databases.session() as session:
        opd_names = dict(session.execute(select(Opd.code, Opd.short_name)).all())
        items = reads.items(session)
        kelurahan = session.get(Kelurahan, kelurahan_code)
    lat, lon = _centre(kelurahan_code)
    return {
        "items": {item["code"]: item | {"opd_name": opd_names.get(item["opd_code"], item["opd_code"])}
                  for item in items},
        "options": [{"label": f"{item['name']} (per {item['unit']})", "value": item["code"]} for item in items],
        "kelurahan_code": kelurahan_code, "kelurahan_name": kelurahan.name if kelurahan else kelurahan_code, "rw": rw,
        "lat": lat, "lon": lon, "ceiling": ceiling(services, viewer, now),
    }


def ceiling(services: Services, viewer: Viewer, now: datetime | None = None) -> dict:
    """The head's RW ceiling of this year's round: what its proposals (rejected ones aside) use and
    what is left (the check the service runs at submission, read beforehand)."""
    kelurahan_code, rw, _rt = access.proposer_place(viewer)
    year = proposals.round_year(now or utc_now())
    with services.databases.session() as session:
        spent = int(session.scalar(select(func.coalesce(func.sum(PlanningProposal.estimated_cost_rupiah), 0)).where(
            PlanningProposal.year == year, PlanningProposal.kelurahan_code == kelurahan_code,
            PlanningProposal.rw == rw, PlanningProposal.status.in_(workflow.COUNTED_STATUSES))))
    limit = int(services.settings.planning.rw_ceiling_rupiah)
    return {"year": year, "ceiling": limit, "spent": spent, "remaining": max(limit - spent, 0)}


def round_text(settings, now: datetime | None = None) -> str:
    """'Usulan RW tahun 2027: 02/01/2027 sampai 15/02/2027 (dibuka).' from the [planning] calendar."""
    from modules.planning.settings import round_dates

    moment = now or utc_now()
    year = proposals.round_year(moment)
    today = city_day(moment)
    first, last = round_dates(settings.planning, "rw", year, today)
    state = "dibuka" if first <= today <= last else ("belum dibuka" if today < first else "sudah ditutup")
    return f"Usulan RW tahun {year}: {first:%d/%m/%Y} sampai {last:%d/%m/%Y} ({state})."


def amount_text(value) -> str:
    """A volume: 120 -> '120', 12.5 -> '12,50'."""
    return number(value, 0 if float(value).is_integer() else 2)


def ceiling_text(found: dict) -> str:
    return (f"Pagu RW tahun {found['year']}: {rupiah(found['ceiling'])}; sudah diusulkan {rupiah(found['spent'])}; "
            f"sisa {rupiah(found['remaining'])}.")


def item_text(item: dict | None, volume) -> tuple[str, str]:
    """(what the item is: unit, unit cost, OPD; the estimated cost of the typed volume)."""
    if item is None:
        return "", ""
    about = (f"Satuan {item['unit']} · {rupiah(item['unit_cost_rupiah'])} per {item['unit']} · dikerjakan "
             f"{item['opd_name']} · paling banyak {number(item['max_volume'])} {item['unit']}")
    amount = decimal(volume)
    if amount is None or amount <= 0:
        return about, "Isi volume untuk melihat perkiraan biaya."
    cost = int(round(amount * item["unit_cost_rupiah"]))
    return about, f"Perkiraan biaya: {rupiah(cost)} ({amount_text(amount)} {item['unit']})"


def submit(services: Services, viewer: Viewer, form: dict, uploads: list[tuple[str, str]],
           now: datetime | None = None) -> tuple[dict | None, list[tuple[str, str]]]:
    """Files the head's proposal: (the new proposal's number, cost and repeat, []) or (None,
    [(field, reason)]). Every field's problem is found in one round by the module's own checks
    (checks.py) before submit_proposal runs them all again inside its transaction with the
    ceiling and the round; a refusal there rolls back everything."""
    if viewer.role != access.PROPOSER_ROLE:
        return None, [("actor", text("planning_role_refused", {"role": viewer.role, "what": "submit proposals"}))]
    photos, errors = decode_uploads(uploads, "photos")
    fields = dict(item_code=_text(form.get("item_code")) or None, volume=_volume(form.get("volume")),
                  lat=decimal(form.get("lat")), lon=decimal(form.get("lon")), address=form.get("address"),
                  title=form.get("title"), description=form.get("description") or "", rt=_rt(form.get("rt")))
    if fields["lat"] is None or fields["lon"] is None:
        errors.append(("location", text("planning_desk_point_required")))
    errors += _field_problems(services, viewer, fields, photos)
    if errors:
        return None, errors
    try:
        with services.databases.transaction() as session:
            proposal = proposals.submit_proposal(session, viewer, services.settings, photos=photos, now=now, **fields)
            return {"number": proposal.number, "cost": int(proposal.estimated_cost_rupiah),
                    "repeat_of": proposal.repeat_of}, []
    except PlanningError as refused:
        return None, [refusal(refused, PROPOSAL_FIELDS)]


def _field_problems(services: Services, viewer: Viewer, fields: dict, photos) -> list[tuple[str, str]]:
    """Every field's refusal by the module's checks, not only the first (the service stops at one)."""
    kelurahan_code, _rw, own_rt = access.proposer_place(viewer)
    found: list[tuple[str, str]] = []

    def run(check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except PlanningValidationError as refused:
            found.append(refusal(refused, PROPOSAL_FIELDS))
            return None

    with services.databases.session() as session:
        item = run(checks.active_item, session, fields["item_code"])
        if item is not None and fields["volume"] is None:
            found.append(("volume", text("planning_required")))
        elif item is not None:
            run(checks.volume, fields["volume"], item)
    run(checks.rt, fields["rt"], own_rt)
    if fields["lat"] is not None and fields["lon"] is not None:
        run(checks.point_in_kelurahan, fields["lat"], fields["lon"], kelurahan_code)
    run(checks.text, "title", fields["title"], required=True)
    run(checks.text, "address", fields["address"], required=True)
    run(checks.text, "description", fields["description"])
    run(checks.photos, photos, services.settings.planning)
    return found


def decode_uploads(uploads, field: str) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """[(file name, bytes)] of dcc.Upload's (file name, "data:<type>;base64,<data>") pairs; the
    module checks what the bytes are (the type the browser claims is not trusted)."""
    found, errors = [], []
    for filename, content in uploads or ():
        name = filename if isinstance(filename, str) and filename else "foto"
        try:
            _head, encoded = content.split(",", 1)
            found.append((name, base64.b64decode(encoded, validate=True)))
        except (AttributeError, ValueError, binascii.Error):
            errors.append((field, text("planning_desk_upload_unreadable", {"filename": name[:80]})))
    return found, errors


@lru_cache(maxsize=64)
def kelurahan_grid(kelurahan_code: str, step: float = GRID_STEP) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(lats, lons) of points `step` apart inside one kelurahan: the form's map clicks on points
    only (as the intake page's city grid), so this invisible grid covers the head's kelurahan."""
    import numpy as np

    from geo import default_locator, load_boundaries

    shapes = load_boundaries("kelurahan")
    shape = shapes[shapes["code"] == kelurahan_code]
    if shape.empty:
        return (), ()
    west, south, east, north = shape.total_bounds
    lons, lats = np.meshgrid(np.arange(west, east, step), np.arange(south, north, step))
    lats, lons = lats.ravel().round(5), lons.ravel().round(5)
    inside = (default_locator().assign(list(lats), list(lons))["kelurahan_code"] == kelurahan_code).to_numpy()
    return tuple(lats[inside].tolist()), tuple(lons[inside].tolist())


def _centre(kelurahan_code: str) -> tuple[float | None, float | None]:
    from geo import centroids

    rows = centroids("kelurahan")
    row = rows[rows["code"] == kelurahan_code]
    return (None, None) if row.empty else (float(row["lat"].iloc[0]), float(row["lon"].iloc[0]))


# === the decision queues (/musrenbang/meja) ========================================================

def queue(services: Services, viewer: Viewer, now: datetime | None = None) -> list[dict]:
    """The viewer's queue: a lurah's kelurahan's proposals waiting for verification, a camat's
    kecamatan's verified ones, the planning agency's accepted (and ranked) ones of this year's
    round in their current order. The scope is the module's (access.readable)."""
    statuses = QUEUE_STATUS.get(viewer.role)
    if statuses is None:
        return []
    conditions = [access.readable(viewer), PlanningProposal.status.in_(statuses)]
    if viewer.role == "perencana":
        conditions.append(PlanningProposal.year == proposals.round_year(now or utc_now()))
    with services.databases.session() as session:
        rows = session.execute(select(PlanningProposal, PlanningItem, Kelurahan.name).join(PlanningItem)
                               .join(Kelurahan, Kelurahan.code == PlanningProposal.kelurahan_code)
                               .where(*conditions)
                               .order_by(PlanningProposal.priority.is_(None), PlanningProposal.priority,
                                         PlanningProposal.number)).all()
        photos = _photo_ids(session, [proposal.id for proposal, _item, _name in rows])
    return [_queue_row(proposal, item, kelurahan, photos.get(proposal.id, [])) for proposal, item, kelurahan in rows]


def _queue_row(proposal: PlanningProposal, item: PlanningItem, kelurahan: str, photo_ids: list[int]) -> dict:
    return {"id": proposal.number, "number": proposal.number, "place": f"{kelurahan} / RW {int(proposal.rw):02d}",
            "item": item.name, "volume": f"{amount_text(proposal.volume)} {item.unit}",
            "cost": rupiah(proposal.estimated_cost_rupiah), "cost_rupiah": int(proposal.estimated_cost_rupiah),
            "photos": " ".join(f"![foto]({reads.PUBLIC_PHOTO_PATH}/{photo})" for photo in photo_ids) or "—",
            "photo_urls": [f"{reads.PUBLIC_PHOTO_PATH}/{photo}" for photo in photo_ids],
            "repeat": f"Mungkin ulangan {proposal.repeat_of}" if proposal.repeat_of else "",
            "status": workflow.STATUS_NAMES[proposal.status],
            "priority": int(proposal.priority) if proposal.priority is not None else None}


def _photo_ids(session, proposal_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    if not proposal_ids:
        return found
    for proposal_id, photo_id in session.execute(
            select(PlanningProposalPhoto.proposal_id, PlanningProposalPhoto.id)
            .where(PlanningProposalPhoto.proposal_id.in_(proposal_ids)).order_by(PlanningProposalPhoto.id)):
        found.setdefault(proposal_id, []).append(photo_id)
    return found


def detail(services: Services, viewer: Viewer, number) -> dict | None:
    """One proposal of the viewer's scope for the desk: its facts, texts, photos and steps (by
    role, never by name); None when it does not exist or lies outside his scope."""
    if not isinstance(number, str) or not number.strip():
        return None
    with services.databases.session() as session:
        try:
            proposal = checks.proposal_by_number(session, number, lock=False)
            access.require_in_scope(viewer, proposal)
        except PlanningError:
            return None
        item = session.get(PlanningItem, proposal.item_code)
        kelurahan = session.get(Kelurahan, proposal.kelurahan_code)
        photos = _photo_ids(session, [proposal.id]).get(proposal.id, [])
        events = session.scalars(select(PlanningProposalEvent).where(PlanningProposalEvent.proposal_id == proposal.id)
                                 .order_by(PlanningProposalEvent.id)).all()
        row = _queue_row(proposal, item, kelurahan.name if kelurahan else proposal.kelurahan_code, photos)
        return row | {
            "title": proposal.title, "address": proposal.address, "description": proposal.description,
            "status_code": proposal.status, "rt": proposal.rt, "point": f"{proposal.lat:.5f}, {proposal.lon:.5f}",
            "steps": [{"at": city_text(event.at), "action": ACTION_NAMES.get(event.action, event.action),
                       "who": ROLE_NAMES.get(event.actor_role, event.actor_role),
                       "reason": workflow.REJECTION_REASON_NAMES.get(event.reason, "") if event.reason else "",
                       "note": event.note or ""} for event in events],
        }


def reason_options() -> list[dict]:
    return [{"label": workflow.REJECTION_REASON_NAMES[code], "value": code} for code in workflow.REJECTION_REASONS]


def verify(services: Services, viewer: Viewer, number, note, now: datetime | None = None
           ) -> tuple[bool, list[tuple[str, str]], str]:
    return _decided(services, lambda session: proposals.verify(session, viewer, services.settings, number,
                                                               note=_text(note), now=now), "diverifikasi")


def decide(services: Services, viewer: Viewer, number, accept: bool, reason, note, now: datetime | None = None
           ) -> tuple[bool, list[tuple[str, str]], str]:
    """The camat accepts, or he (or the lurah) rejects with a reason from the list (required: the
    service refuses a rejection without one, and the refusal shows at the reason)."""
    return _decided(services, lambda session: proposals.decide(
        session, viewer, services.settings, number, accept, reason=(reason or None) if not accept else None,
        note=_text(note), now=now), "diterima" if accept else "ditolak")


def _decided(services: Services, step, done: str) -> tuple[bool, list[tuple[str, str]], str]:
    """(done, [(field, reason)], message) of one step in its own transaction."""
    try:
        with services.databases.transaction() as session:
            proposal = step(session)
            name = proposal.number
    except PlanningError as refused:
        field, reason = refusal(refused)
        return False, [(field, reason)], f"Belum tersimpan: {FIELD_LABELS.get(field, field)}: {reason}."
    return True, [], f"Usulan {name} {done}."


def save_ranking(services: Services, viewer: Viewer, numbers, now: datetime | None = None
                 ) -> tuple[bool, str]:
    try:
        with services.databases.transaction() as session:
            ranked = proposals.prioritise(session, viewer, services.settings, list(numbers or []), now=now)
            saved = len(ranked)
    except PlanningError as refused:
        field, reason = refusal(refused)
        return False, f"Urutan belum tersimpan: {FIELD_LABELS.get(field, field)}: {reason}."
    return True, f"Urutan prioritas {saved} usulan tersimpan."


# === the OPD's realisation entry (/anggaran/realisasi) ========================================

def opd_lines(services: Services, viewer: Viewer) -> list[dict]:
    """The viewer's OPD's lines of the current budget versions, with what is paid on each."""
    if viewer.role != "opd" or not viewer.opd_code:
        return []
    with services.databases.session() as session:
        paid = (select(PlanningPayment.line_id, func.sum(PlanningPayment.amount_rupiah).label("paid"))
                .group_by(PlanningPayment.line_id).subquery())
        rows = session.execute(
            select(PlanningBudgetLine, PlanningBudgetVersion, func.coalesce(paid.c.paid, 0))
            .join(PlanningBudgetVersion, PlanningBudgetVersion.id == PlanningBudgetLine.version_id)
            .outerjoin(paid, paid.c.line_id == PlanningBudgetLine.id)
            .where(PlanningBudgetLine.opd_code == viewer.opd_code, PlanningBudgetVersion.is_current.is_(True))
            .order_by(PlanningBudgetVersion.year.desc(), PlanningBudgetLine.sub_kegiatan_code,
                      PlanningBudgetLine.account_code, PlanningBudgetLine.id)).all()
    return [{"value": line.id, "year": int(version.year),
             "label": (f"{version.year} · {line.sub_kegiatan_code} · {line.account_code} {line.account_name} · pagu "
                       f"{rupiah(line.ceiling_rupiah)} · terbayar {rupiah(paid)}")}
            for line, version, paid in rows]


def opd_works(services: Services, viewer: Viewer) -> list[dict]:
    """The viewer's OPD's works that take progress reports (contracted or under way)."""
    if viewer.role != "opd" or not viewer.opd_code:
        return []
    with services.databases.session() as session:
        rows = session.scalars(select(PlanningWork).where(PlanningWork.opd_code == viewer.opd_code,
                                                          PlanningWork.status.in_(WORK_REPORTING))
                               .order_by(PlanningWork.number)).all()
        return [{"value": work.number,
                 "label": (f"{work.number} · {work.name} · {WORK_STATUS_NAMES.get(work.status, work.status)} · "
                           f"{percent(work.progress_percent, 0)}")} for work in rows]


def record_payment(services: Services, viewer: Viewer, form: dict, now: datetime | None = None
                   ) -> tuple[str | None, list[tuple[str, str]]]:
    """(message, []) or (None, [(field, reason)]): a payment on one of the OPD's lines."""
    line_id = form.get("line_id")
    if not isinstance(line_id, int) or isinstance(line_id, bool):
        return None, [("line_id", text("planning_desk_choose"))]
    amount = _text(form.get("amount_rupiah")).replace(".", "").replace(" ", "")
    if not amount:
        return None, [("amount_rupiah", text("planning_required"))]
    try:
        with services.databases.transaction() as session:
            payment = realisation.record_payment(session, viewer, line_id, paid_on=_day(form.get("paid_on")),
                                                 amount_rupiah=amount or None, reference=form.get("reference"),
                                                 now=now)
            paid = realisation.paid_on_line(session, line_id)
            message = (f"Pembayaran {rupiah(payment.amount_rupiah)} tanggal {payment.paid_on:%d/%m/%Y} tercatat; "
                       f"terbayar di baris ini {rupiah(paid)}.")
    except PlanningError as refused:
        return None, [refusal(refused, PAYMENT_FIELDS)]
    return message, []


def report_progress(services: Services, viewer: Viewer, form: dict, upload: tuple[str, str] | None,
                    now: datetime | None = None) -> tuple[str | None, list[tuple[str, str]]]:
    """(message, []) or (None, [(field, reason)]): a dated physical progress report, with a photo."""
    if not _text(form.get("number")):
        return None, [("number", text("planning_desk_choose"))]
    photos, errors = decode_uploads([upload] if upload else [], "photo")
    if errors:
        return None, errors
    photo = photos[0] if photos else (None, None)
    try:
        with services.databases.transaction() as session:
            report = works.report_progress(session, viewer, _text(form.get("number")),
                                           percent=decimal(form.get("percent")) if _text(form.get("percent")) else None,
                                           reported_on=_day(form.get("reported_on")), note=_text(form.get("note")),
                                           photo=photo[1], photo_filename=photo[0],
                                           max_photo_bytes=services.settings.planning.max_photo_bytes, now=now)
            message = (f"Progres {percent(report.percent, 0)} per {report.reported_on:%d/%m/%Y} tercatat"
                       f"{' dengan foto' if report.photo_data else ''}.")
    except PlanningError as refused:
        return None, [refusal(refused, PROGRESS_FIELDS)]
    return message, []


# --- helpers ---------------------------------------------------------------------------------------

def decimal(value) -> float | None:
    """A number typed with a decimal comma or point; None when empty or not a finite number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    try:
        found = float(_text(value).replace(",", "."))
    except ValueError:
        return None
    return found if math.isfinite(found) else None


def _volume(value):
    """The typed volume as a number; text that is none goes to the service as typed, which says so."""
    found = decimal(value)
    return found if found is not None else (_text(value) or None)


def _rt(value):
    typed = _text(value)
    return int(typed) if typed.isdigit() else (typed or None)


def _day(value) -> str | None:
    return str(value)[:10] if value else None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""
