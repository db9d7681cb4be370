"""Meja RT Sipandu: the RT head records a newcomer (a non-permanent resident) from his phone in under
a minute: one column, big touch targets, the NIK checked as he types it (its birth date and sex fill
in from it). A save gives a printable proof of registration with the NIK masked; below, his RT's
present newcomers, each with its departure ("Pindah")."""

import dash
from dash import dash_table, dcc, html

from core.clock import city_time, utc_now
from core.formatting import date_picker_props
from layouts.components.ids_sipandu_rt import ROLES, SipanduRt as R
from layouts.components.sipandu_labels import PURPOSE_NAMES, SEX_NAMES, options

dash.register_page(__name__, path="/sipandu/rt", name="Pendatang RT", title="Pendatang RT · Pantau", order=23,
                   roles=ROLES)

HIDDEN = {"display": "none"}
FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
PRESENT_COLUMNS = [{"id": "name", "name": "Nama"}, {"id": "nik", "name": "NIK"}, {"id": "rt", "name": "RT"},
                   {"id": "arrived", "name": "Tiba"}, {"id": "status", "name": "Status"}]


def layout(**_query):
    now = city_time(utc_now())
    return html.Div(id=R.PAGE, className="sipandu-rt", children=[
        html.H2("Pendatang baru di RT", className="page-title"),
        html.P(id=R.PLACE, className="sipandu-place"),
        html.Div(className="panel sipandu-panel", children=[
            html.H3("Catat kedatangan", className="panel-title"),
            field("NIK (16 angka, dari KTP)", "nik",
                  text_input(R.NIK, maxLength=16, inputMode="numeric", autoComplete="off", placeholder="16 angka")),
            html.P(id=R.NIK_CHECK, className="sipandu-nik-check", **{"aria-live": "polite"}),
            field("Nama lengkap", "name", text_input(R.NAME, maxLength=100, autoComplete="off")),
            field("Jenis kelamin", "sex", choices(R.SEX, SEX_NAMES)),
            field("Tanggal lahir (terisi dari NIK)", "birth_date",
                  dcc.DatePickerSingle(id=R.BIRTH_DATE, max_date_allowed=now.date(), className="sipandu-date",
                                       **date_picker_props())),
            field("Asal (kabupaten/kota)", "origin_regency",
                  dcc.Dropdown(id=R.ORIGIN, searchable=True, placeholder="Ketik nama kabupaten/kota",
                               className="sipandu-dropdown")),
            field("RT", "rt_code", dcc.Dropdown(id=R.RT, searchable=False, clearable=False, placeholder="Pilih RT",
                                                className="sipandu-dropdown")),
            field("Rumah kos (tidak wajib)", "kos_code",
                  dcc.Dropdown(id=R.KOS, searchable=False, placeholder="Tidak tinggal di rumah kos",
                               className="sipandu-dropdown")),
            field("Alamat tinggal (jalan, gang, nomor)", "address", text_input(R.ADDRESS, maxLength=200)),
            field("Keperluan", "purpose", choices(R.PURPOSE, PURPOSE_NAMES)),
            field("Penjamin: tempat kerja, sekolah atau tuan rumah (tidak wajib)", "sponsor",
                  text_input(R.SPONSOR, maxLength=100)),
            field("Tiba (tanggal dan jam WIB)", "arrived_at", html.Div(className="sipandu-pair", children=[
                dcc.DatePickerSingle(id=R.ARRIVED_DATE, date=now.date(), max_date_allowed=now.date(),
                                     className="sipandu-date", **date_picker_props()),
                text_input(R.ARRIVED_TIME, value=now.strftime("%H:%M"), placeholder="JJ:MM", inputMode="decimal"),
            ])),
            field("Tinggal sampai (tidak wajib)", "stay_until",
                  dcc.DatePickerSingle(id=R.STAY_UNTIL, min_date_allowed=now.date(), clearable=True,
                                       className="sipandu-date", **date_picker_props())),
            html.Button("Simpan", id=R.SAVE, className="button sipandu-submit"),
            html.Div(id=R.RESULT, className="sipandu-result", **{"aria-live": "polite"}),
        ]),
        html.Div(id=R.PROOF, className="panel sipandu-proof", style=HIDDEN, children=[
            html.Div(id=R.PROOF_BODY),
            html.Button("Cetak bukti", id=R.PRINT, className="button secondary sipandu-print"),
        ]),
        html.Div(className="panel sipandu-panel", children=[
            html.H3("Pendatang di wilayah Anda", className="panel-title"),
            html.P(id=R.PRESENT_CAPTION, className="muted"),
            dash_table.DataTable(
                id=R.PRESENT, columns=PRESENT_COLUMNS, data=[], page_size=15, style_as_list_view=True,
                style_table={"overflowX": "auto"}, style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
                style_cell={"textAlign": "left", "padding": "10px 8px", "fontFamily": FONT, "fontSize": "0.95rem",
                            "cursor": "pointer", "whiteSpace": "normal", "height": "auto"}),
            depart_panel(now),
            html.Div(id=R.DEPART_MESSAGE, className="sipandu-result", **{"aria-live": "polite"}),
        ]),
        dcc.Store(id=R.DONE, data=0), dcc.Store(id=R.SELECTED), dcc.Store(id=R.PRINTED),
    ])


def depart_panel(now) -> html.Div:
    return html.Div(id=R.DEPART_PANEL, className="sipandu-depart", style=HIDDEN, children=[
        html.H4("Pindah", className="desk-subtitle"),
        html.P(id=R.DEPART_WHO, className="sipandu-depart-who"),
        field("Pindah pada (tanggal dan jam WIB)", "left_at", html.Div(className="sipandu-pair", children=[
            dcc.DatePickerSingle(id=R.LEFT_DATE, date=now.date(), max_date_allowed=now.date(),
                                 className="sipandu-date", **date_picker_props()),
            text_input(R.LEFT_TIME, value=now.strftime("%H:%M"), placeholder="JJ:MM", inputMode="decimal"),
        ])),
        field("Pindah ke (kabupaten/kota)", "destination_regency",
              dcc.Dropdown(id=R.DESTINATION, searchable=True, placeholder="Ketik nama kabupaten/kota",
                           className="sipandu-dropdown")),
        html.Button("Catat pindah", id=R.DEPART, className="button danger sipandu-submit"),
    ])


def field(label: str, name: str, control) -> html.Div:
    return html.Div(className="sipandu-field", children=[html.Label(label, className="filter-label"),
                                                         html.Div(id=R.error(name), className="desk-field-error",
                                                                  role="alert"),
                                                         control])


def choices(component_id: str, names: dict[str, str]) -> dcc.RadioItems:
    return dcc.RadioItems(id=component_id, options=options(names), className="sipandu-choice", inline=True)


def text_input(component_id: str, **props) -> dcc.Input:
    return dcc.Input(id=component_id, type="text", className="desk-input sipandu-input", **props)
