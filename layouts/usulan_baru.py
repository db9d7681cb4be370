"""Usulan Baru: the RT/RW head's proposal form (e-Musrenbang), made for a phone: one column, big
touch targets, photos from the camera (dcc.Upload of image/*), a small map of his own kelurahan."""

import dash
from dash import dcc, html

from core.formatting import graph_config
from layouts.components.ids_usulan_baru import ROLES, UsulanBaru as U

dash.register_page(__name__, path="/musrenbang/baru", name="Usulan Baru", title="Usulan Baru · Pantau", order=20,
                   roles=ROLES)

MAX_TITLE, MAX_ADDRESS, MAX_DESCRIPTION = 200, 300, 2000  # modules/planning/checks.MAX_TEXT


def layout(**_query):
    return html.Div(id=U.PAGE, className="usulan-form", children=[
        html.H2("Usulan musrenbang RW", className="page-title"),
        html.P(id=U.PLACE, className="usulan-place"),
        html.P(id=U.ROUND, className="usulan-ceiling"),
        html.P(id=U.CEILING, className="usulan-ceiling", **{"aria-live": "polite"}),
        html.Div(className="panel usulan-panel", children=[
            field("Jenis usulan (kamus usulan)", "item_code",
                  dcc.Dropdown(id=U.ITEM, placeholder="Pilih jenis pekerjaan", searchable=False,
                               className="usulan-dropdown")),
            html.P(id=U.ITEM_ABOUT, className="usulan-about"),
            field("Volume", "volume", text_input(U.VOLUME, inputMode="decimal", placeholder="mis. 120")),
            html.P(id=U.COST, className="usulan-cost", **{"aria-live": "polite"}),
            html.Fieldset(className="usulan-fieldset", children=[
                html.Legend("Lokasi: ketuk peta di titik pekerjaan"),
                error_box("location"),
                dcc.Graph(id=U.MAP, className="usulan-map", config=graph_config(scrollZoom=False)),
                html.Button("Pakai lokasi saya sekarang (GPS)", id=U.GPS, className="usulan-gps", type="button"),
                html.P(id=U.GPS_STATUS, className="usulan-gps-status", **{"aria-live": "polite"}),
                html.Div(className="usulan-pair", children=[
                    labelled("Lintang", text_input(U.LAT, inputMode="decimal", debounce=True)),
                    labelled("Bujur", text_input(U.LON, inputMode="decimal", debounce=True)),
                ]),
                field("Alamat (jalan, gang, nomor)", "address", text_input(U.ADDRESS, maxLength=MAX_ADDRESS)),
                field("RT (tidak wajib)", "rt", text_input(U.RT, maxLength=2, inputMode="numeric", placeholder="03")),
            ]),
            field("Judul usulan", "title", text_input(U.TITLE, maxLength=MAX_TITLE,
                                                      placeholder="mis. Paving gang buntu RT 03")),
            field("Uraian (tidak wajib)", "description",
                  dcc.Textarea(id=U.DESCRIPTION, maxLength=MAX_DESCRIPTION, className="usulan-textarea")),
            field("Foto kondisi sekarang", "photos", dcc.Upload(
                id=U.PHOTOS, accept="image/*", multiple=True, className="usulan-upload",
                children=html.Div(["Ambil foto atau pilih dari galeri"], className="usulan-upload-label"))),
            html.Ul(id=U.PHOTO_LIST, className="usulan-photo-list"),
            html.Button("Kirim usulan", id=U.SUBMIT, className="button usulan-submit"),
            html.Div(id=U.RESULT, className="usulan-result"),
        ]),
        dcc.Store(id=U.ITEMS),
    ])


def field(label: str, name: str, control) -> html.Div:
    return html.Div(className="usulan-field", children=[html.Label(label, className="filter-label"),
                                                        error_box(name), control])


def labelled(label: str, control) -> html.Div:
    return html.Div(className="usulan-field", children=[html.Label(label, className="filter-label"), control])


def error_box(name: str) -> html.Div:
    return html.Div(id=U.error(name), className="desk-field-error", role="alert")


def text_input(component_id: str, **props) -> dcc.Input:
    return dcc.Input(id=component_id, type="text", className="desk-input usulan-input", **props)
