"""Meja RT Sipandu: the head's place and RTs, his RT's boarding houses, the NIK checked as typed, the
arrival recorded through modules/sipandu/newcomers.py (each field's refusal shown at its field,
nothing stored), the proof of registration, and his present newcomers with their departure.

The service checks role, scope (his RT; an RW head's RW) and input on every call, whatever the
request names. A full NIK is read from the NIK input and goes nowhere else: the proof, the list and
every store carry the masked NIK or the record's pseudonymous id."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from dash import Input, Output, State, ctx, html, no_update
from sqlalchemy import select

from callbacks._access import require_viewer
from callbacks._input import row_id_or_none
from callbacks._register import callback, clientside_callback
from core.clock import CITY_ZONE, city_today
from core.formatting import day
from core.reference import Kelurahan, RtUnit
from core.services import Services, current_services
from core.users import Viewer
from layouts.components.desk import field_error_children
from layouts.components.ids_sipandu_rt import ROLES, SipanduRt as R
from layouts.components.sipandu_labels import (FIELD_LABELS, NOT_FOUND, SEX_NAMES, STATUS_NAMES, kecamatan_text,
                                               labelled, moment_text, refusal, regency_options)
from modules.sipandu import checks, newcomers, reads, workflow
from modules.sipandu.errors import SipanduError, SipanduValidationError
from modules.sipandu.keys import keys_for
from modules.sipandu.nik import SEXES, check_nik, read_nik

FORM = (("nik", R.NIK, "value"), ("name", R.NAME, "value"), ("sex", R.SEX, "value"),
        ("birth_date", R.BIRTH_DATE, "date"), ("origin_regency", R.ORIGIN, "value"), ("rt_code", R.RT, "value"),
        ("kos_code", R.KOS, "value"), ("address", R.ADDRESS, "value"), ("purpose", R.PURPOSE, "value"),
        ("sponsor", R.SPONSOR, "value"), ("arrived_date", R.ARRIVED_DATE, "date"),
        ("arrived_time", R.ARRIVED_TIME, "value"), ("stay_until", R.STAY_UNTIL, "date"))
# cleared after a save, ready for the next newcomer (the RT and the arrival stay)
CLEARED = ((R.NIK, "value", ""), (R.NAME, "value", ""), (R.SEX, "value", None), (R.BIRTH_DATE, "date", None),
           (R.ORIGIN, "value", None), (R.KOS, "value", None), (R.ADDRESS, "value", ""), (R.PURPOSE, "value", None),
           (R.SPONSOR, "value", ""), (R.STAY_UNTIL, "date", None))
HIDDEN, SHOWN = {"display": "none"}, {}
CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099  # a typed year outside these is no arrival or departure
MAX_LIST = 500  # reads.MAX_LIMIT


@callback(Output(R.PLACE, "children"), Output(R.RT, "options"), Output(R.RT, "value"), Output(R.ORIGIN, "options"),
          Output(R.DESTINATION, "options"), Input(R.PAGE, "id"), roles=ROLES)
def set_up(_page):
    """His place, the RTs he records in (his own; an RW head's whole RW) and the regencies."""
    viewer = require_viewer(ROLES)
    place, units = form_setup(current_services(), viewer)
    regencies = regency_options()
    only = units[0]["value"] if len(units) == 1 else None
    return place, units, only, regencies, regencies


@callback(Output(R.KOS, "options"), Output(R.KOS, "value"), Input(R.RT, "value"), roles=ROLES)
def list_kos(rt_code):
    """The chosen RT's active boarding houses (the service refuses any other)."""
    viewer = require_viewer(ROLES)
    return kos_options(current_services(), viewer, rt_code), None


@callback(Output(R.NIK_CHECK, "children"), Output(R.BIRTH_DATE, "date"), Output(R.SEX, "value"),
          Input(R.NIK, "value"), Input(R.BIRTH_DATE, "date"), Input(R.SEX, "value"), prevent_initial_call=True,
          roles=ROLES)
def check_as_typed(nik, birth_date, sex):
    """The NIK's reason, or what it states; a new valid NIK fills in its birth date and sex."""
    require_viewer(ROLES)
    typed = nik.strip() if isinstance(nik, str) else ""
    if not typed:
        return None, no_update, no_update
    if ctx.triggered_id == R.NIK:
        message, facts = nik_check(typed, None, None)
        if facts is not None:
            return message, facts.birth_date.isoformat(), facts.sex
        return message, no_update, no_update
    return nik_check(typed, birth_date, sex)[0], no_update, no_update


@callback(Output(R.RESULT, "children"), Output(R.PROOF_BODY, "children"), Output(R.PROOF, "style"),
          Output(R.DONE, "data"), *[Output(R.error(name), "children") for name in R.ERROR_FIELDS],
          *[Output(component, prop, allow_duplicate=True) for component, prop, _empty in CLEARED],
          Input(R.SAVE, "n_clicks"), *[State(component, prop) for _name, component, prop in FORM],
          State(R.DONE, "data"), prevent_initial_call=True, roles=ROLES)
def save(_clicks, *values):
    """The arrival through the service; the proof, or each refusal at its field (nothing stored)."""
    viewer = require_viewer(ROLES)
    *fields, done = values
    form = {name: value for (name, _component, _prop), value in zip(FORM, fields)}
    proof, errors = record(current_services(), viewer, form)
    placed = field_error_children(errors, R.ERROR_FIELDS, FIELD_LABELS)
    if proof is None:
        return (refused_message(errors), None, HIDDEN, no_update, *placed, *[no_update] * len(CLEARED))
    saved = html.Div("Tersimpan. Bukti pendaftaran ada di bawah; cetak atau tunjukkan kepada pendatang.",
                     className="desk-message ok", role="status")
    return (saved, proof_panel(proof), SHOWN, _bumped(done), *placed, *[empty for _c, _p, empty in CLEARED])


# The proof alone on paper (assets/sipandu.css hides the rest when printing).
clientside_callback(
    """
    function(clicks) {
        if (!clicks) { return window.dash_clientside.no_update; }
        window.print();
        return clicks;
    }
    """,
    Output(R.PRINTED, "data"), Input(R.PRINT, "n_clicks"), prevent_initial_call=True,
)


@callback(Output(R.PRESENT, "data"), Output(R.PRESENT_CAPTION, "children"), Output(R.PRESENT, "active_cell"),
          Output(R.PRESENT, "selected_cells"), Input(R.DONE, "data"), roles=ROLES)
def show_present(_done):
    """His present newcomers (recorded or verified), NIK masked, newest arrival first."""
    viewer = require_viewer(ROLES)
    rows = present(current_services(), viewer)
    caption = (f"{len(rows)} pendatang tercatat atau aktif. Ketuk satu baris untuk mencatat kepindahannya."
               if rows else "Belum ada pendatang yang tercatat di wilayah Anda.")
    return rows, caption, None, []


@callback(Output(R.SELECTED, "data"), Output(R.DEPART_WHO, "children"), Output(R.DEPART_PANEL, "style"),
          Output(R.DEPART_MESSAGE, "children"), Input(R.PRESENT, "active_cell"), prevent_initial_call=True,
          roles=ROLES)
def choose_leaving(cell):
    """The newcomer whose departure he records (looked up again: the scope is the service's)."""
    viewer = require_viewer(ROLES)
    record_id = row_id_or_none(cell, "active_cell")
    if record_id is None:  # the list reloaded: what was said of the last departure stays
        return None, None, HIDDEN, no_update
    found = leaving(current_services(), viewer, record_id)
    if found is None:
        return None, NOT_FOUND, HIDDEN, None
    return record_id, f"{found['name']} (NIK {found['nik']}), tiba {moment_text(found['arrived_at'])}", SHOWN, None


@callback(Output(R.DEPART_MESSAGE, "children", allow_duplicate=True),
          *[Output(R.error(name), "children") for name in R.DEPART_FIELDS],
          Output(R.DONE, "data", allow_duplicate=True), Output(R.DEPART_PANEL, "style", allow_duplicate=True),
          Input(R.DEPART, "n_clicks"), State(R.SELECTED, "data"), State(R.LEFT_DATE, "date"),
          State(R.LEFT_TIME, "value"), State(R.DESTINATION, "value"), State(R.DONE, "data"),
          prevent_initial_call=True, roles=ROLES)
def save_departure(_clicks, record_id, left_date, left_time, destination, done):
    viewer = require_viewer(ROLES)
    form = {"left_date": left_date, "left_time": left_time, "destination_regency": destination}
    message, errors = depart(current_services(), viewer, record_id, form)
    placed = field_error_children(errors, R.DEPART_FIELDS, FIELD_LABELS)
    if message is None:
        return refused_message(errors, R.DEPART_FIELDS, "Kepindahan belum tercatat"), *placed, no_update, no_update
    return html.Div(message, className="desk-message ok", role="status"), *placed, _bumped(done), HIDDEN


# === what the desk asks of the Sipandu module ====================================================

def form_setup(services: Services, viewer: Viewer) -> tuple[str, list[dict]]:
    """("Kelurahan Ketabang, RW 01, RT 03", the RT options he records in)."""
    if viewer.kelurahan_code is None or viewer.rw is None:
        return "Akun Anda belum punya RW: hubungi admin.", []
    conditions = [RtUnit.kelurahan_code == viewer.kelurahan_code, RtUnit.rw == viewer.rw]
    if viewer.rt is not None:
        conditions.append(RtUnit.rt == viewer.rt)
    with services.databases.session() as session:
        units = session.scalars(select(RtUnit).where(*conditions).order_by(RtUnit.rt)).all()
        kelurahan = session.get(Kelurahan, viewer.kelurahan_code)
    name = kelurahan.name if kelurahan else viewer.kelurahan_code
    place = f"Kelurahan {name}, RW {viewer.rw:02d}" + (f", RT {viewer.rt:02d}" if viewer.rt is not None else "")
    return place, [{"label": f"RT {unit.rt:02d} / RW {unit.rw:02d}", "value": unit.code} for unit in units]


def kos_options(services: Services, viewer: Viewer, rt_code) -> list[dict]:
    if not isinstance(rt_code, str) or not rt_code:
        return []
    with services.databases.session() as session:
        unit = session.get(RtUnit, rt_code[:64])
        if unit is None:
            return []
        houses = reads.kos_list(session, viewer)
    place = (unit.kelurahan_code, unit.rw, unit.rt)
    return [{"label": f"{kos['name']} ({kos['code']})", "value": kos["code"]} for kos in houses
            if kos["active"] and (kos["kelurahan_code"], kos["rw"], kos["rt"]) == place]


def nik_check(nik: str, birth_date, sex) -> tuple[str, object]:
    """(the sentence shown under the NIK, its facts or None): the module's own check of the number
    and, when given, of the birth date and sex against it."""
    today = city_today()
    try:
        facts = read_nik(nik, today)
        stated = checks.a_date("birth_date", birth_date[:10] if isinstance(birth_date, str) else None)
        check_nik(nik, today, birth_date=stated, sex=sex if sex in SEXES else None)
    except SipanduValidationError as refused:
        reason = refusal(refused)[1]
        return reason[:1].upper() + reason[1:], None
    return (f"NIK valid: lahir {day(facts.birth_date)}, {SEX_NAMES[facts.sex].lower()}, "
            f"wilayah {kecamatan_text(facts.region)}"), facts


def record(services: Services, viewer: Viewer, form: dict, now: datetime | None = None
           ) -> tuple[dict | None, list[tuple[str, str]]]:
    """(the proof, []) or (None, [(field, reason)]). Each field's own check runs first, so every
    problem shows at once; then the service checks it all again with the scope, the RT's boarding
    houses and the NIK's other stays, inside its transaction (a refusal rolls everything back)."""
    arrival = {name: _typed(form.get(name)) for name in
               ("nik", "name", "sex", "origin_regency", "rt_code", "kos_code", "address", "purpose", "sponsor")}
    arrival["birth_date"] = _day_text(form.get("birth_date"))
    arrival["stay_until"] = _day_text(form.get("stay_until"))
    arrival["arrived_at"], errors = _moment(form.get("arrived_date"), form.get("arrived_time"), "arrived_at")
    errors += _field_problems(arrival, skip="arrived_at" if errors else None)
    if errors:
        return None, errors
    keys = keys_for(services.settings)
    try:
        with services.databases.transaction() as session:
            saved = newcomers.record_arrival(session, viewer, arrival, keys, services.settings.sipandu, now=now)
            view = reads.newcomer_view(saved, keys)
            kelurahan = session.get(Kelurahan, saved.kelurahan_code)
    except SipanduError as refused:
        return None, [refusal(refused)]
    view["kelurahan_name"] = kelurahan.name if kelurahan else view["kelurahan_code"]
    return view, []


def _field_problems(arrival: dict, skip: str | None = None) -> list[tuple[str, str]]:
    """Every field's refusal by the module's field checks (checks.py, nik.py), not only the first."""
    found: list[tuple[str, str]] = []
    today = city_today()

    def run(field, check, *args, **kwargs):
        if field == skip:
            return None
        try:
            return check(field, arrival.get(field), *args, **kwargs)
        except SipanduValidationError as refused:
            found.append(refusal(refused))
            return None

    sex = run("sex", checks.choice, SEXES)
    born = run("birth_date", checks.a_date, required=True)
    nik = run("nik", checks.text, required=True, limit=64)
    if nik is not None:
        run("nik", lambda _field, value: check_nik(value, today, birth_date=born, sex=sex))
    for name in ("name", "address"):
        run(name, checks.text, required=True)
    for name in ("sponsor", "kos_code"):
        run(name, checks.text)
    run("rt_code", checks.text, required=True, limit=64)
    run("origin_regency", checks.regency)
    run("purpose", checks.choice, checks.PURPOSES)
    run("arrived_at", checks.moment)
    run("stay_until", checks.a_date)
    return found


def present(services: Services, viewer: Viewer) -> list[dict]:
    """Table rows of his records that are present (recorded or active); `id` is the record's."""
    keys = keys_for(services.settings)
    with services.databases.session() as session:
        views = [view for status in workflow.PRESENT
                 for view in reads.list_newcomers(session, viewer, keys, status=status, limit=MAX_LIST)]
    views.sort(key=lambda view: (view["arrived_at"], view["id"]), reverse=True)
    return [{"id": view["id"], "name": view["name"], "nik": view["nik"], "rt": f"{view['rt']:02d}/{view['rw']:02d}",
             "arrived": moment_text(view["arrived_at"]), "status": STATUS_NAMES.get(view["status"], view["status"])}
            for view in views]


def leaving(services: Services, viewer: Viewer, record_id: int) -> dict | None:
    """The record (masked) when his scope holds it; None otherwise."""
    keys = keys_for(services.settings)
    with services.databases.session() as session:
        try:
            return reads.newcomer_view(newcomers.get_record(session, viewer, record_id), keys)
        except SipanduError:
            return None


def depart(services: Services, viewer: Viewer, record_id, form: dict, now: datetime | None = None
           ) -> tuple[str | None, list[tuple[str, str]]]:
    """(message, []) or (None, [(field, reason)]): the departure through the service."""
    if not isinstance(record_id, int) or isinstance(record_id, bool):
        return None, [("id", "pilih dulu satu pendatang di daftar")]
    left_at, errors = _moment(form.get("left_date"), form.get("left_time"), "left_at")
    if errors:
        return None, errors
    try:
        with services.databases.transaction() as session:
            moved = newcomers.record_departure(session, viewer, record_id, {
                "left_at": left_at, "destination_regency": _typed(form.get("destination_regency"))}, now=now)
            name = moved.name
    except SipanduError as refused:
        return None, [refusal(refused)]
    return f"Kepindahan {name} tercatat.", []


# === pieces of the page ============================================================================

def proof_panel(view: dict) -> list:
    """Bukti pendaftaran: what the RT head hands over or prints; the NIK masked."""
    in_time = "ya" if view["reported_in_time"] else "tidak (lebih dari 24 jam setelah tiba)"
    facts = [("Nomor data", html.Strong(str(view["id"]), id=R.PROOF_ID)),
             ("NIK", html.Span(view["nik"], id=R.PROOF_NIK)), ("Nama", view["name"]),
             ("RT / RW", f"{view['rt']:02d} / {view['rw']:02d}"), ("Kelurahan", view["kelurahan_name"]),
             ("Tiba", moment_text(view["arrived_at"])), ("Dicatat", moment_text(view["recorded_at"])),
             ("Dilaporkan dalam 24 jam", in_time), ("Dicatat oleh", view["recorded_by"]),
             ("Status", STATUS_NAMES[view["status"]])]
    return [html.H3("Bukti pendaftaran penduduk non-permanen", className="detail-title"),
            html.Dl(className="detail-facts sipandu-facts",
                    children=[part for label, value in facts for part in (html.Dt(label), html.Dd(value))]),
            html.P("Data ini akan diverifikasi oleh kelurahan.", className="muted")]


def refused_message(errors: list[tuple[str, str]], fields: tuple[str, ...] = R.ERROR_FIELDS,
                    title: str = "Belum tersimpan: periksa isian yang ditandai") -> html.Div:
    """The summary above the form; problems of fields the form does not show are named here."""
    others = [labelled(field, reason) for field, reason in errors if field not in fields]
    return html.Div(className="desk-message refused", role="alert", children=[
        html.Strong(title + "."), html.Ul([html.Li(line) for line in others]) if others else None])


def _moment(day_value, clock, field: str) -> tuple[str | None, list[tuple[str, str]]]:
    """An aware ISO moment from a WIB date and an 'HH:MM' time, or the reason there is none."""
    on = _day_text(day_value)
    typed = _typed(clock)
    if on is None or typed is None:
        return None, [(field, "isi tanggal dan jam")]
    found = CLOCK.fullmatch(typed)
    if found is None:
        return None, [(field, f"jam {typed[:20]!r} tidak dikenali; tulis JJ:MM, misalnya 08:30")]
    try:
        moment_day = date.fromisoformat(on)
    except ValueError:
        return None, [(field, f"tanggal {on!r} tidak dikenali")]
    if not EARLIEST_YEAR <= moment_day.year <= LATEST_YEAR:
        return None, [(field, f"tanggal {on!r} tidak dikenali")]
    at = time(int(found.group(1)), int(found.group(2)))
    return datetime.combine(moment_day, at, CITY_ZONE).isoformat(), []


def _day_text(value) -> str | None:
    """'YYYY-MM-DD' of a date picker's value (the module checks it is a date)."""
    return value[:10] if isinstance(value, str) and value else None


def _typed(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _bumped(done) -> int:
    return (done if isinstance(done, int) and not isinstance(done, bool) else 0) + 1
