"""Aktivitas saya: the viewer's own day through data/kinerja_desk.py. The suggestions of the chosen
day fill the form in one click; "Simpan" creates (or corrects) a line with its photo; the history
sends, corrects and deletes one's own lines. Every callback checks the role; the module checks that
each line is the viewer's own and where it stands in its lifecycle, whatever the request names, and
its refusals are shown at their field with nothing written."""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import kinerja_desk as desk
from layouts.components import kinerja_desk as builders
from layouts.components.ids_kinerja_aktivitas import ROLES
from layouts.components.ids_kinerja_aktivitas import KinerjaAktivitas as A
from modules.kinerja.service import MAX_BATCH

# the form's fields, in the order the callbacks fill and read them
FORM = (("start", A.START), ("end", A.END), ("description", A.DESCRIPTION), ("output", A.OUTPUT),
        ("volume", A.VOLUME), ("output_unit", A.OUTPUT_UNIT), ("link_kind", A.LINK_KIND), ("link_ref", A.LINK_REF))
EMPTY = {"start": "", "end": "", "description": "", "output": "", "volume": 1, "output_unit": "", "link_kind": None,
         "link_ref": ""}
MAX_IDS = MAX_BATCH + 1  # one more than a batch takes: the module refuses it with its reason


@callback(Output(A.WHO, "children"), Output(A.DAY, "options"), Output(A.DAY, "value"),
          Output(A.PERIOD, "start_date"), Output(A.PERIOD, "end_date"), Input(A.PAGE, "id"), roles=ROLES)
def set_up(_page):
    """Who reports (or why he cannot), the days he may report, this month as the history's period."""
    viewer = require_viewer(ROLES)
    services = current_services()
    me = desk.person(services, viewer)
    who = desk.unlinked_text(viewer) if me is None else f"{me['name']} · {me['position']} · {me['unit']}"
    options = desk.day_options(services)
    first, last = desk.month_range()
    return who, options, options[0]["value"], first, last


@callback(Output(A.SUGGESTIONS, "children"), Output(A.PROPOSALS, "data"), Input(A.DAY, "value"),
          Input(A.CHANGED, "data"), roles=ROLES)
def show_suggestions(day, _changed):
    """The cases the change log shows the viewer acting on that day, not yet reported."""
    viewer = require_viewer(ROLES)
    found = desk.suggestions(current_services(), viewer, day)
    return builders.suggestion_list(found), found


@callback(Output(A.DAY, "options", allow_duplicate=True), Output(A.DAY, "value", allow_duplicate=True),
          *[Output(component, "value", allow_duplicate=True) for _name, component in FORM],
          Output(A.EDITING, "data"), Output(A.EDITING_TEXT, "children"), Output(A.RESULT, "children"),
          Input({"type": A.SUGGEST, "index": ALL}, "n_clicks"), Input(A.EDIT, "n_clicks"),
          Input(A.CANCEL, "n_clicks"), State(A.PROPOSALS, "data"), State(A.HISTORY, "selected_row_ids"),
          prevent_initial_call=True, roles=ROLES)
def fill_form(_suggested, _edit, _cancel, proposals, selected):
    """"Laporkan" fills the form with a proposal, "Ubah" with one's own open line, "Batal" empties it."""
    viewer = require_viewer(ROLES)
    services = current_services()
    options = desk.day_options(services)
    trigger = ctx.triggered_id
    if trigger == A.CANCEL:
        return options, options[0]["value"], *_values(EMPTY), None, "", None
    if trigger == A.EDIT:
        return _edit_form(services, viewer, options, selected)
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0].get("value"):
        raise PreventUpdate  # the list was drawn again: no button was pressed
    proposal = _proposal(proposals, trigger.get("index"))
    if proposal is None:
        raise PreventUpdate
    line = proposal["activity"]  # the module checks every value again at "Simpan"
    shown = f"Laporan dari {proposal.get('ref')}: periksa lalu Simpan."
    return options, line.get("day"), *_values(line), None, shown, None


def _proposal(proposals, index) -> dict | None:
    """The shown proposal a "Laporkan" button stands for ("<kind>:<ref>")."""
    return next((each for each in (proposals if isinstance(proposals, list) else [])
                 if isinstance(each, dict) and isinstance(each.get("activity"), dict)
                 and f"{each.get('kind')}:{each.get('ref')}" == index), None)


def _edit_form(services, viewer, options, selected):
    ids = _ids(selected)
    if len(ids) != 1:
        return (*[no_update] * (len(FORM) + 4), builders.message(False, "Centang tepat satu kegiatan untuk diubah."))
    found, reason = desk.activity_form(services, viewer, ids[0])
    if found is None:
        return (*[no_update] * (len(FORM) + 4), builders.message(False, f"Tidak dapat diubah: {reason}."))
    if found["day"] not in {option["value"] for option in options}:  # a returned line of an older day
        options = options + [{"label": desk.weekday_text(desk.parse_day(found["day"])), "value": found["day"]}]
    return (options, found["day"], *_values(found), ids[0], (f"Mengubah kegiatan {ids[0]}; Simpan untuk "
            "menyimpan perubahan, Batal untuk membatalkan."), None)


@callback(Output(A.PHOTO_NAME, "children"), Input(A.PHOTO, "filename"), roles=ROLES)
def show_photo_name(filename):
    require_viewer(ROLES)
    return f"Foto dipilih: {filename}" if isinstance(filename, str) and filename else ""


@callback(Output(A.RESULT, "children", allow_duplicate=True), *[Output(A.error(name), "children")
                                                                 for name in A.ERROR_FIELDS],
          *[Output(component, "value", allow_duplicate=True) for _name, component in FORM],
          Output(A.PHOTO, "contents"), Output(A.PHOTO, "filename"), Output(A.EDITING, "data", allow_duplicate=True),
          Output(A.EDITING_TEXT, "children", allow_duplicate=True), Output(A.CHANGED, "data"),
          Input(A.SAVE, "n_clicks"), State(A.DAY, "value"), *[State(component, "value") for _name, component in FORM],
          State(A.PHOTO, "contents"), State(A.PHOTO, "filename"), State(A.EDITING, "data"), State(A.CHANGED, "data"),
          prevent_initial_call=True, roles=ROLES)
def save(_clicks, day, *values):
    """Creates the line (or corrects the one being edited) with its photo, all or nothing."""
    viewer = require_viewer(ROLES)
    *fields, contents, filename, editing, changed = values
    form = {"day": day} | {name: value for (name, _component), value in zip(FORM, fields)}
    form["volume"] = _whole(form["volume"])
    upload = (filename, contents) if isinstance(contents, str) and contents else None
    editing = editing if _is_id(editing) else None
    saved, errors = desk.save(current_services(), viewer, form, upload, editing)
    placed = builders.field_errors(errors, A.ERROR_FIELDS, desk.FIELD_LABELS)
    if saved is None:
        refused = builders.message(False, "Belum tersimpan: periksa isian yang ditandai.",
                                   desk.summary_lines(errors, A.ERROR_FIELDS) or None)
        return refused, *placed, *[no_update] * (len(FORM) + 5)
    done = builders.message(True, f"Kegiatan {saved} tersimpan sebagai draf; centang di riwayat lalu Kirim ke atasan."
                            if editing is None else f"Kegiatan {saved} diperbarui.")
    return done, *placed, *_values(EMPTY), None, None, None, "", _bump(changed)


@callback(Output(A.HISTORY, "data"), Output(A.HISTORY, "selected_rows"), Output(A.DAY_MINUTES, "children"),
          Output(A.MONTH, "children"), Input(A.PERIOD, "start_date"), Input(A.PERIOD, "end_date"),
          Input(A.DAY, "value"), Input(A.CHANGED, "data"), roles=ROLES)
def show_history(first, last, day, _changed):
    """One's own lines of the period, the chosen day's minutes against the target, the month."""
    viewer = require_viewer(ROLES)
    services = current_services()
    summary = desk.month_summary(services, viewer)
    if summary is None:  # an account without a staff record: set_up says so
        return [], [], "", None
    rows = desk.history(services, viewer, first, last)
    minutes = desk.day_minutes(desk.history(services, viewer, day, day), day,
                               services.settings.kinerja.daily_minutes_target)
    return rows, [], minutes, [html.P(line) for line in desk.summary_text(summary)]


@callback(Output(A.HISTORY_RESULT, "children"), Output(A.CHANGED, "data", allow_duplicate=True),
          Input(A.SEND, "n_clicks"), Input(A.DELETE, "n_clicks"), State(A.HISTORY, "selected_row_ids"),
          State(A.CHANGED, "data"), prevent_initial_call=True, roles=ROLES)
def act_on_history(_send, _delete, selected, changed):
    """"Kirim" sends the ticked lines at once (all or none); "Hapus" deletes one ticked draft."""
    viewer = require_viewer(ROLES)
    ids = _ids(selected)
    if ctx.triggered_id == A.SEND:
        sent, errors = desk.submit(current_services(), viewer, ids)
        if errors:
            return builders.message(False, "Belum terkirim.", desk.summary_lines(errors, ())), no_update
        return builders.message(True, f"{sent} kegiatan terkirim ke atasan."), _bump(changed)
    if ctx.triggered_id != A.DELETE:
        raise PreventUpdate
    if len(ids) != 1:
        return builders.message(False, "Centang tepat satu kegiatan untuk dihapus."), no_update
    deleted, errors = desk.delete(current_services(), viewer, ids[0])
    if not deleted:
        return builders.message(False, "Belum terhapus.", desk.summary_lines(errors, ())), no_update
    return builders.message(True, f"Kegiatan {ids[0]} dihapus."), _bump(changed)


def _values(line: dict) -> list:
    return [line.get(name, EMPTY[name]) for name, _component in FORM]


def _ids(selected) -> list[int]:
    """The ticked rows' activity ids (the table's row ids); anything else is dropped."""
    if not isinstance(selected, list):
        return []
    return [each for each in selected[:MAX_IDS] if isinstance(each, int) and not isinstance(each, bool) and each > 0]


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _whole(value):
    """A number input's whole value as an int (JSON may carry 2.0); anything else as it came, for
    the module to name."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _bump(changed) -> int:
    return (changed if _is_id(changed) else 0) + 1
