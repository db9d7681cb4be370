"""Realisasi Anggaran: the OPD enters its own realisation: payments (SP2D) on the lines of the
current budget, and the physical progress of its works in percent with a dated photo."""

import dash
from dash import dcc, html

from core.clock import city_today
from core.formatting import date_picker_props
from layouts.components.ids_anggaran_realisasi import ROLES, Realisasi as R

dash.register_page(__name__, path="/anggaran/realisasi", name="Realisasi Anggaran",
                   title="Realisasi Anggaran · Pantau", order=22, roles=ROLES)


def layout(**_query):
    today = city_today()
    return html.Div(id=R.PAGE, className="realisasi", children=[
        html.H2("Realisasi anggaran dan progres pekerjaan", className="page-title"),
        html.Div(className="realisasi-body", children=[
            html.Div(className="panel", children=[
                html.H3("Pembayaran (SP2D)", className="panel-title"),
                field("pay", "Baris anggaran (versi berlaku)", "line_id",
                      dcc.Dropdown(id=R.LINE, placeholder="Pilih baris anggaran OPD Anda", optionHeight=60)),
                field("pay", "Tanggal bayar", "paid_on",
                      dcc.DatePickerSingle(id=R.PAID_ON, date=today, max_date_allowed=today, **date_picker_props())),
                field("pay", "Jumlah bayar (rupiah)", "amount_rupiah",
                      dcc.Input(id=R.AMOUNT, type="text", inputMode="numeric", className="desk-input",
                                placeholder="mis. 125.000.000")),
                field("pay", "Nomor SP2D", "reference",
                      dcc.Input(id=R.REFERENCE, type="text", maxLength=64, className="desk-input")),
                html.Button("Catat pembayaran", id=R.PAY, className="button"),
                html.Div(id=R.PAY_RESULT, **{"aria-live": "polite"}),
            ]),
            html.Div(className="panel", children=[
                html.H3("Progres fisik pekerjaan", className="panel-title"),
                field("report", "Pekerjaan (terkontrak atau sedang dikerjakan)", "number",
                      dcc.Dropdown(id=R.WORK, placeholder="Pilih pekerjaan OPD Anda", optionHeight=60)),
                field("report", "Progres fisik (%)", "percent",
                      dcc.Input(id=R.PERCENT, type="text", inputMode="decimal", className="desk-input",
                                placeholder="0 sampai 100")),
                field("report", "Tanggal laporan", "reported_on",
                      dcc.DatePickerSingle(id=R.REPORTED_ON, date=today, max_date_allowed=today,
                                           **date_picker_props())),
                field("report", "Catatan (tidak wajib)", "note",
                      dcc.Textarea(id=R.NOTE, maxLength=2000, className="desk-textarea")),
                field("report", "Foto lapangan bertanggal", "photo", dcc.Upload(
                    id=R.PHOTO, accept="image/*", multiple=False, className="realisasi-upload",
                    children=html.Div("Ambil foto atau pilih berkas"))),
                html.P(id=R.PHOTO_NAME, className="muted"),
                html.Button("Laporkan progres", id=R.REPORT, className="button"),
                html.Div(id=R.REPORT_RESULT, **{"aria-live": "polite"}),
            ]),
        ]),
    ])


def field(form: str, label: str, name: str, control) -> html.Div:
    return html.Div(className="usulan-field", children=[
        html.Label(label, className="filter-label"),
        html.Div(id=R.error(form, name), className="desk-field-error", role="alert"), control])
