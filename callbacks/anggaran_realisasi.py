"""Realisasi Anggaran: the OPD's own lines and works, a payment through realisation.record_payment
and a progress report through works.report_progress (data/planning_desk.py). The module refuses
another OPD's line or work whatever the request names; its reasons are shown at their fields."""

from __future__ import annotations

from dash import Input, Output, State, html, no_update

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data import planning_desk as desk
from layouts.components import desk as builders
from layouts.components.ids_anggaran_realisasi import ROLES
from layouts.components.ids_anggaran_realisasi import Realisasi as R


@callback(Output(R.LINE, "options"), Output(R.WORK, "options"), Input(R.PAGE, "id"), roles=ROLES)
def set_up(_page):
    viewer = require_viewer(ROLES)
    services = current_services()
    lines = desk.opd_lines(services, viewer)
    return [{"label": line["label"], "value": line["value"]} for line in lines], desk.opd_works(services, viewer)


@callback(Output(R.PHOTO_NAME, "children"), Input(R.PHOTO, "filename"), roles=ROLES)
def show_photo_name(filename):
    require_viewer(ROLES)
    return f"Foto dipilih: {filename[:200]}" if isinstance(filename, str) and filename else ""


@callback(Output(R.PAY_RESULT, "children"), *[Output(R.error("pay", name), "children") for name in R.PAY_FIELDS],
          Output(R.AMOUNT, "value"), Output(R.REFERENCE, "value"), Output(R.LINE, "options", allow_duplicate=True),
          Input(R.PAY, "n_clicks"), State(R.LINE, "value"), State(R.PAID_ON, "date"), State(R.AMOUNT, "value"),
          State(R.REFERENCE, "value"), prevent_initial_call=True, roles=ROLES)
def pay(_clicks, line_id, paid_on, amount, reference):
    viewer = require_viewer(ROLES)
    services = current_services()
    form = {"line_id": line_id, "paid_on": paid_on, "amount_rupiah": amount, "reference": reference}
    done, errors = desk.record_payment(services, viewer, form)
    placed = builders.field_error_children(errors, R.PAY_FIELDS, desk.FIELD_LABELS)
    if done is None:
        return _refused(errors, R.PAY_FIELDS), *placed, no_update, no_update, no_update
    lines = [{"label": line["label"], "value": line["value"]} for line in desk.opd_lines(services, viewer)]
    return builders.message(True, done), *placed, "", "", lines


@callback(Output(R.REPORT_RESULT, "children"), *[Output(R.error("report", name), "children")
                                                 for name in R.REPORT_FIELDS],
          Output(R.PERCENT, "value"), Output(R.NOTE, "value"), Output(R.PHOTO, "contents"),
          Output(R.PHOTO, "filename"), Output(R.WORK, "options", allow_duplicate=True),
          Input(R.REPORT, "n_clicks"), State(R.WORK, "value"), State(R.PERCENT, "value"),
          State(R.REPORTED_ON, "date"), State(R.NOTE, "value"), State(R.PHOTO, "contents"),
          State(R.PHOTO, "filename"), prevent_initial_call=True, roles=ROLES)
def report(_clicks, number, percent, reported_on, note, contents, filename):
    viewer = require_viewer(ROLES)
    services = current_services()
    form = {"number": number, "percent": percent, "reported_on": reported_on, "note": note}
    upload = (filename, contents) if contents else None
    done, errors = desk.report_progress(services, viewer, form, upload)
    placed = builders.field_error_children(errors, R.REPORT_FIELDS, desk.PROGRESS_LABELS)
    if done is None:
        return (_refused(errors, R.REPORT_FIELDS, desk.PROGRESS_LABELS), *placed, *[no_update] * 5)
    return builders.message(True, done), *placed, "", "", None, None, desk.opd_works(services, viewer)


def _refused(errors: list[tuple[str, str]], fields: tuple[str, ...], labels: dict | None = None) -> html.Div:
    others = desk.summary_lines(errors, fields, labels)
    return html.Div(className="desk-message refused", role="alert", children=[
        html.Strong("Belum tersimpan: periksa isian yang ditandai."),
        html.Ul([html.Li(line) for line in others]) if others else None])
