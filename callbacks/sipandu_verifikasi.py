"""Verifikasi Sipandu: the viewer's queue of recorded newcomers (the module's scope: a lurah's
kelurahan, a camat's kecamatan), one record's details, the lurah's decision and the full NIK on a
stated reason. Every callback checks the role; the module checks role, scope and lifecycle of every
step, whatever the request names. The full NIK goes to the unmask panel only, and is gone from it
as soon as the selection changes."""

from __future__ import annotations

from datetime import date, datetime

from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy import select

from callbacks._access import require_viewer
from callbacks._input import MAX_ROW_ID, row_id_or_none
from callbacks._register import callback
from core.clock import utc_now
from core.formatting import day
from core.reference import Kelurahan
from core.services import Services, current_services
from core.users import Viewer
from layouts.components.ids_sipandu_verifikasi import DECIDE_ROLES, ROLES, UNMASK_ROLES
from layouts.components.ids_sipandu_verifikasi import SipanduVerifikasi as V
from layouts.components.sipandu_labels import (NOT_FOUND, PURPOSE_NAMES, REJECTION_REASON_NAMES, SEX_NAMES,
                                               STATUS_NAMES, age_text, labelled, moment_text, options, refusal,
                                               regency_name)
from modules.sipandu import newcomers, privacy, reads, workflow
from modules.sipandu.errors import SipanduError
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduKos

HIDDEN, SHOWN = {"display": "none"}, {}
TITLES = {"lurah": "Pendatang menunggu verifikasi kelurahan",
          "camat": "Pendatang menunggu verifikasi di kecamatan Anda (hanya baca)"}
MAX_QUEUE = 500  # reads.MAX_LIMIT


@callback(Output(V.TITLE, "children"), Output(V.REASON, "options"), Output(V.DECISION_PANEL, "style"),
          Input(V.PAGE, "id"), roles=ROLES)
def set_up(_page):
    """The lurah decides; the camat reads (the service would refuse him anyway)."""
    viewer = require_viewer(ROLES)
    return (TITLES.get(viewer.role, TITLES["lurah"]), options(REJECTION_REASON_NAMES),
            SHOWN if viewer.role in DECIDE_ROLES else HIDDEN)


@callback(Output(V.QUEUE, "data"), Output(V.CAPTION, "children"), Output(V.QUEUE, "active_cell"),
          Output(V.QUEUE, "selected_cells"), Input(V.REFRESH, "n_clicks"), Input(V.DONE, "data"), roles=ROLES)
def show_queue(_refresh, _done):
    """The queue, fresh from the module, oldest record first; the duplicates counted."""
    viewer = require_viewer(ROLES)
    rows = queue(current_services(), viewer)
    flagged = sum(1 for row in rows if row["duplicate"])
    caption = (f"{len(rows)} pendatang menunggu, yang terlama di atas; {flagged} dengan NIK yang juga tercatat di "
               "tempat lain. Klik satu baris untuk membuka datanya." if rows else "Tidak ada pendatang yang menunggu "
               "verifikasi di wilayah Anda.")
    return rows, caption, None, []


@callback(Output(V.SELECTED, "data"), Input(V.QUEUE, "active_cell"), prevent_initial_call=True, roles=ROLES)
def select_record(cell):
    require_viewer(ROLES)
    record_id = row_id_or_none(cell, "active_cell")
    return record_id if record_id is not None else no_update


@callback(Output(V.DETAIL, "children"), Output(V.UNMASK_PANEL, "style"),
          Output(V.UNMASK_RESULT, "children", allow_duplicate=True), Output(V.UNMASK_REASON, "value"),
          Output(V.error("unmask_reason"), "children", allow_duplicate=True), Output(V.VERIFY, "disabled"),
          Output(V.REJECT, "disabled"), Input(V.SELECTED, "data"), Input(V.DONE, "data"), prevent_initial_call=True,
          roles=ROLES)
def show_detail(record_id, _done):
    """The record (NIK masked), the decisions offered while it waits for one; a full NIK shown for
    the previous selection is gone."""
    viewer = require_viewer(ROLES)
    found = detail(current_services(), viewer, record_id)
    decided = found is None or found["status"] != workflow.RECORDED
    return detail_panel(found), HIDDEN if found is None else SHOWN, None, "", None, decided, decided


@callback(Output(V.MESSAGE, "children"), Output(V.error("reason"), "children"), Output(V.DONE, "data"),
          Output(V.REASON, "value"), Input(V.VERIFY, "n_clicks"), Input(V.REJECT, "n_clicks"),
          State(V.SELECTED, "data"), State(V.REASON, "value"), State(V.DONE, "data"), prevent_initial_call=True,
          roles=DECIDE_ROLES)
def decide(_verify, _reject, record_id, reason, done):
    """Verify, or reject with a reason from the list; the module's refusal is shown at its field."""
    viewer = require_viewer(DECIDE_ROLES)
    if ctx.triggered_id not in (V.VERIFY, V.REJECT):
        raise PreventUpdate
    ok, errors, message = decision(current_services(), viewer, record_id, ctx.triggered_id == V.VERIFY, reason)
    if not ok:
        shown = {field: labelled(field, why) for field, why in errors}
        return _message(False, message), shown.get("reason"), no_update, no_update
    bumped = (done if isinstance(done, int) and not isinstance(done, bool) else 0) + 1
    return _message(True, message), None, bumped, None


@callback(Output(V.UNMASK_RESULT, "children"), Output(V.error("unmask_reason"), "children"),
          Input(V.UNMASK, "n_clicks"), State(V.SELECTED, "data"), State(V.UNMASK_REASON, "value"),
          prevent_initial_call=True, roles=UNMASK_ROLES)
def show_nik(_clicks, record_id, reason):
    """The full NIK of the record shown, on a stated reason (the module logs the look)."""
    viewer = require_viewer(UNMASK_ROLES)
    nik, errors = unmask(current_services(), viewer, record_id, reason)
    if nik is None:
        return None, [html.Div(labelled(field, why)) for field, why in errors]
    return unmasked_panel(nik), None


# === what the desk asks of the Sipandu module ====================================================

def queue(services: Services, viewer: Viewer, now: datetime | None = None) -> list[dict]:
    """The viewer's recorded newcomers, oldest record first (reads.list_newcomers), NIK masked."""
    now = now or utc_now()
    keys = keys_for(services.settings)
    with services.databases.session() as session:
        views = reads.list_newcomers(session, viewer, keys, status=workflow.RECORDED, limit=MAX_QUEUE)
        names = _kelurahan_names(session, {view["kelurahan_code"] for view in views})
    return [_queue_row(view, names, now) for view in views]


def _queue_row(view: dict, names: dict[str, str], now: datetime) -> dict:
    waited = int((now - datetime.fromisoformat(view["recorded_at"])).total_seconds() // 60)
    flags = ["NIK juga tercatat di tempat lain" if view["duplicate_flag"] else "",
             "" if view["reported_in_time"] else "dilaporkan lewat 24 jam"]
    return {"id": view["id"], "recorded": moment_text(view["recorded_at"]), "age": age_text(waited),
            "name": view["name"], "nik": view["nik"], "duplicate": "ya" if view["duplicate_flag"] else "",
            "place": _place(names.get(view["kelurahan_code"], view["kelurahan_code"]), view),
            "flag": "; ".join(flag for flag in flags if flag)}


def detail(services: Services, viewer: Viewer, record_id) -> dict | None:
    """One record of the viewer's scope (NIK masked), with its place and boarding house in words;
    None when there is none or it lies outside his scope."""
    if not _is_id(record_id):
        return None
    keys = keys_for(services.settings)
    with services.databases.session() as session:
        try:
            record = newcomers.get_record(session, viewer, record_id)
        except SipanduError:
            return None
        view = reads.newcomer_detail(session, record, keys)
        kos = session.get(SipanduKos, record.kos_id) if record.kos_id else None  # the session has it already
        view["kos_name"] = kos.name if kos else None
        view["kelurahan_name"] = _kelurahan_names(session, {record.kelurahan_code}).get(record.kelurahan_code)
    return view


def decision(services: Services, viewer: Viewer, record_id, verify: bool, reason, now: datetime | None = None
             ) -> tuple[bool, list[tuple[str, str]], str]:
    """(done, [(field, reason)], message) of a verification or a rejection, in its own transaction."""
    if not _is_id(record_id):
        return False, [("id", "pilih dulu satu pendatang di antrean")], "Pilih dulu satu pendatang di antrean."
    if not verify and reason not in REJECTION_REASON_NAMES:
        return False, [("reason", "pilih alasan dari daftar")], "Belum tersimpan: pilih alasan penolakan."
    try:
        with services.databases.transaction() as session:
            if verify:
                record = newcomers.verify(session, viewer, record_id, now=now)
            else:
                record = newcomers.reject(session, viewer, record_id, reason, now=now)
            name, status = record.name, record.status
    except SipanduError as refused:
        field, why = refusal(refused)
        return False, [(field, why)], f"Belum tersimpan: {labelled(field, why)}."
    return True, [], f"Data {name} {'diverifikasi' if status == workflow.ACTIVE else 'ditolak'}."


def unmask(services: Services, viewer: Viewer, record_id, reason, now: datetime | None = None
           ) -> tuple[str | None, list[tuple[str, str]]]:
    """(the full NIK, []) or (None, [(field, reason)]): the module checks role, scope and reason and
    writes the access-log row in the same transaction."""
    if not _is_id(record_id):
        return None, [("id", "pilih dulu satu pendatang di antrean")]
    try:
        with services.databases.transaction() as session:
            nik = privacy.unmask(session, viewer, "newcomer", record_id, reason, keys_for(services.settings),
                                 now=now)
    except SipanduError as refused:
        field, why = refusal(refused)
        return None, [("unmask_reason" if field == "reason" else field, why)]
    return nik, []


# === pieces of the page ============================================================================

def detail_panel(found: dict | None) -> list:
    if found is None:
        return [html.P(NOT_FOUND, className="muted")]
    facts = [("Status", STATUS_NAMES.get(found["status"], found["status"])), ("NIK", found["nik"]),
             ("Nama", found["name"]), ("Jenis kelamin", SEX_NAMES.get(found["sex"], found["sex"])),
             ("Tanggal lahir", _day(found["birth_date"])), ("Asal", regency_name(found["origin_regency"])),
             ("Alamat", found["address"]), ("Kelurahan / RW / RT", _place(found["kelurahan_name"], found)),
             ("Rumah kos", found["kos_name"] or "—"),
             ("Keperluan", PURPOSE_NAMES.get(found["purpose"], found["purpose"])),
             ("Penjamin", found["sponsor"] or "—"), ("Tiba", moment_text(found["arrived_at"])),
             ("Tinggal sampai", _day(found["stay_until"])),
             ("Dicatat", f"{moment_text(found['recorded_at'])} oleh {found['recorded_by']}"),
             ("Dilaporkan dalam 24 jam", "ya" if found["reported_in_time"] else "tidak")]
    if found["duplicate_flag"]:
        facts.append(("Catatan", "NIK ini juga tercatat di RT lain atau sebagai warga tetap di tempat lain"))
    if found["verified_at"]:
        facts.append(("Diputuskan", f"{moment_text(found['verified_at'])} oleh {found['verified_by']}"))
    if found["rejection_reason"]:
        facts.append(("Alasan penolakan", REJECTION_REASON_NAMES.get(found["rejection_reason"],
                                                                     found["rejection_reason"])))
    return [html.H3(f"Pendatang {found['name']}", className="detail-title"),
            html.Dl(className="detail-facts", children=[part for label, value in facts
                                                        for part in (html.Dt(label), html.Dd(value))])]


def unmasked_panel(nik: str) -> html.Div:
    return html.Div(className="desk-message ok", role="status", children=[
        "NIK lengkap: ", html.Strong(nik, id=V.UNMASKED),
        html.Br(), "Akses ini tercatat beserta alasannya. NIK tersembunyi lagi begitu Anda memilih data lain."])


def _message(ok: bool, text: str) -> html.Div:
    return html.Div(text, className="desk-message ok" if ok else "desk-message refused", role="status")


def _kelurahan_names(session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Kelurahan.code, Kelurahan.name).where(Kelurahan.code.in_(codes))).all())


def _place(kelurahan_name: str, view: dict) -> str:
    return f"{kelurahan_name} / {view['rw']:02d} / {view['rt']:02d}"


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def _day(iso: str | None) -> str:
    return day(date.fromisoformat(iso)) if iso else "—"
