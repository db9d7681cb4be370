"""Input Pengaduan: the command center's operators file complaints taken by phone or at the counter."""

import dash
from dash import dcc, html

from core.clock import city_time, utc_now
from core.formatting import count, date_picker_props, graph_config
from layouts.components.ids_pengaduan_baru import ROLES, PengaduanBaru as B
from layouts.components.maps import KECAMATAN_CREDIT

dash.register_page(__name__, path="/pengaduan/baru", name="Input Pengaduan", title="Input Pengaduan · Pantau",
                   order=14, roles=ROLES)

MAX_DESCRIPTION = 4000


def layout(**_query):
    now = city_time(utc_now())
    return html.Div(id=B.PAGE, className="desk-intake", children=[
        html.H2("Input pengaduan dari telepon atau datang langsung", className="page-title"),
        html.Div(className="desk-intake-body", children=[
            html.Div(className="panel desk-intake-form", children=[
                field("Kanal", "channel", dcc.RadioItems(id=B.CHANNEL, value="phone", inline=True,
                                                         className="desk-radio")),
                field("Kategori", "category_code", dcc.Dropdown(id=B.CATEGORY, placeholder="Pilih kategori")),
                field(f"Uraian masalah (paling banyak {count(MAX_DESCRIPTION)} karakter)", "description",
                      dcc.Textarea(id=B.DESCRIPTION, maxLength=MAX_DESCRIPTION, className="desk-textarea")),
                html.Fieldset(className="desk-fieldset", children=[
                    html.Legend("Lokasi: titik (cari tempat, klik peta atau ketik), alamat, atau keduanya"),
                    error_box("location"),
                    html.Div(className="desk-field", children=[
                        html.Label("Cari tempat: jalan, kelurahan atau patokan", className="filter-label",
                                   htmlFor=B.SEARCH),
                        dcc.Dropdown(id=B.SEARCH, options=[], searchable=True, clearable=True, debounce=False,
                                     placeholder="mis. Jl. Tunjungan, Ketabang, Tugu Pahlawan",
                                     className="desk-search"),
                    ]),
                    html.P(id=B.PLACE, className="desk-place", **{"aria-live": "polite"}),
                    html.Div(className="desk-pair", children=[
                        field("Lintang", "lat", text_input(B.LAT, placeholder="-7.2575", debounce=True)),
                        field("Bujur", "lon", text_input(B.LON, placeholder="112.7521", debounce=True)),
                    ]),
                    field("Alamat atau patokan", "address", text_input(B.ADDRESS, maxLength=300)),
                    html.Div(className="desk-pair", children=[
                        field("RT (tidak wajib)", "rt", text_input(B.RT, maxLength=3, placeholder="02",
                                                                   inputMode="numeric")),
                        field("RW (tidak wajib)", "rw", text_input(B.RW, maxLength=2, placeholder="01",
                                                                   inputMode="numeric")),
                    ]),
                ]),
                html.Fieldset(className="desk-fieldset", children=[
                    html.Legend("Pelapor (dirahasiakan: hanya untuk petugas)"),
                    html.Div(className="desk-pair", children=[
                        field("Nama", "reporter_name", text_input(B.REPORTER_NAME, maxLength=200)),
                        field("Nomor HP / email", "reporter_contact", text_input(B.REPORTER_CONTACT, maxLength=200)),
                    ]),
                ]),
                field("Diterima (WIB)", "received_at", html.Div(className="desk-pair", children=[
                    dcc.DatePickerSingle(id=B.RECEIVED_DATE, date=now.date(), max_date_allowed=now.date(),
                                         **date_picker_props()),
                    text_input(B.RECEIVED_TIME, value=now.strftime("%H:%M"), placeholder="JJ:MM"),
                ])),
                html.Button("Simpan aduan", id=B.SUBMIT, className="button"),
                html.Div(id=B.RESULT, className="desk-result"),
            ]),
            html.Div(className="panel desk-intake-map", children=[
                html.H3("Klik peta untuk memilih titik", className="panel-title"),
                dcc.Graph(id=B.MAP, className="desk-picker", config=graph_config(scrollZoom=True)),
                html.P("Titik dipilih dari kisi sekitar 150 m; geser atau ketik koordinat untuk lebih tepat. "
                       f"{KECAMATAN_CREDIT}.", className="map-note"),
            ]),
        ]),
    ])


def field(label: str, name: str, control) -> html.Div:
    return html.Div(className="desk-field", children=[html.Label(label, className="filter-label"),
                                                      error_box(name), control])


def error_box(name: str) -> html.Div:
    return html.Div(id=B.error(name), className="desk-field-error", role="alert")


def text_input(component_id: str, **props) -> dcc.Input:
    return dcc.Input(id=component_id, type="text", className="desk-input", **props)
