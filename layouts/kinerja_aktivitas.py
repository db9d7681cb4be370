"""Aktivitas saya: a civil servant's daily report. The form (a day among today and the setting's
days back, times, what was done, its output, an optional evidence photo and what it served), the
day's cases the system saw him act on (one click fills the form), and his own history: send the
drafts to his supervisor, correct or delete them, the day's minutes against the target and the
month's summary."""

import dash
from dash import dcc, html

from core.formatting import date_picker_props
from layouts.components import kinerja_desk as builders
from layouts.components.ids_kinerja_aktivitas import ROLES
from layouts.components.ids_kinerja_aktivitas import KinerjaAktivitas as A
from modules.kinerja.checks import MAX_TEXT, MAX_VOLUME

dash.register_page(__name__, path="/kinerja/aktivitas", name="Aktivitas saya", title="Aktivitas saya · Pantau",
                   order=31, roles=ROLES)


def layout(**_query):
    return html.Div(id=A.PAGE, className="kinerja-desk aktivitas", children=[
        html.H2("Aktivitas saya", className="page-title"),
        html.P(id=A.WHO, className="kinerja-who"),
        html.Div(className="kinerja-desk-body", children=[
            html.Div(className="kinerja-desk-side", children=[suggestion_panel(), form_panel()]),
            history_panel(),
        ]),
        dcc.Store(id=A.PROPOSALS, data=[]), dcc.Store(id=A.EDITING), dcc.Store(id=A.CHANGED, data=0),
    ])


def suggestion_panel() -> html.Div:
    return html.Div(className="panel", children=[
        html.H3("Kasus yang Anda tangani hari itu", className="panel-title"),
        html.P("Dari catatan sistem: klik Laporkan untuk mengisi formulir, periksa jamnya, lalu Simpan.",
               className="muted"),
        html.Div(id=A.SUGGESTIONS, **{"aria-live": "polite"}),
    ])


def form_panel() -> html.Div:
    return html.Div(className="panel kinerja-form", children=[
        html.H3("Catat aktivitas", className="panel-title"),
        html.P(id=A.EDITING_TEXT, className="muted"),
        field("Tanggal", "day", dcc.Dropdown(id=A.DAY, clearable=False, searchable=False)),
        html.Div(className="kinerja-pair", children=[
            field("Jam mulai", "start", text_input(A.START, placeholder="JJ:MM", maxLength=5, inputMode="numeric")),
            field("Jam selesai", "end", text_input(A.END, placeholder="JJ:MM", maxLength=5, inputMode="numeric")),
        ]),
        field("Uraian kegiatan", "description",
              dcc.Textarea(id=A.DESCRIPTION, maxLength=MAX_TEXT["description"], className="kinerja-textarea")),
        field("Hasil", "output", text_input(A.OUTPUT, maxLength=MAX_TEXT["output"], placeholder="mis. Data survei")),
        html.Div(className="kinerja-pair", children=[
            field("Volume", "volume", dcc.Input(id=A.VOLUME, type="number", min=1, max=MAX_VOLUME, step=1, value=1,
                                                className="desk-input")),
            field("Satuan", "output_unit", text_input(A.OUTPUT_UNIT, maxLength=MAX_TEXT["output_unit"],
                                                      placeholder="mis. dokumen")),
        ]),
        field("Tautan (tidak wajib): sub kegiatan rencana, aduan, kejadian atau surat", "link_ref",
              html.Div(className="kinerja-pair", children=[
                  dcc.Dropdown(id=A.LINK_KIND, options=builders.LINK_OPTIONS, placeholder="Jenis"),
                  text_input(A.LINK_REF, maxLength=MAX_TEXT["link_ref"], placeholder="Kode, tiket atau nomor"),
              ])),
        field("Foto bukti (tidak wajib)", "photo", dcc.Upload(
            id=A.PHOTO, accept="image/*", multiple=False, className="kinerja-upload",
            children=html.Div("Pilih foto (JPEG, PNG atau WebP)"))),
        html.P(id=A.PHOTO_NAME, className="muted"),
        html.Div(className="kinerja-buttons", children=[
            html.Button("Simpan", id=A.SAVE, className="button"),
            html.Button("Batal", id=A.CANCEL, className="button secondary"),
        ]),
        html.Div(id=A.RESULT, **{"aria-live": "polite"}),
    ])


def history_panel() -> html.Div:
    return html.Div(className="panel kinerja-history", children=[
        html.H3("Riwayat aktivitas", className="panel-title"),
        html.P(id=A.DAY_MINUTES, className="kinerja-day-minutes"),
        html.Div(id=A.MONTH, className="kinerja-month"),
        html.Label("Periode", className="filter-label"),
        dcc.DatePickerRange(id=A.PERIOD, className="kinerja-period", **date_picker_props("range")),
        html.P("Centang draf (atau kegiatan yang dikembalikan setelah diperbaiki) lalu Kirim ke atasan.",
               className="muted"),
        builders.table(A.HISTORY, builders.HISTORY_COLUMNS, selectable=True, styles=builders.RETURNED_STYLE),
        html.Div(className="kinerja-buttons", children=[
            html.Button("Kirim", id=A.SEND, className="button"),
            html.Button("Ubah", id=A.EDIT, className="button secondary"),
            html.Button("Hapus", id=A.DELETE, className="button danger"),
        ]),
        html.Div(id=A.HISTORY_RESULT, **{"aria-live": "polite"}),
    ])


def field(label: str, name: str, control) -> html.Div:
    return html.Div(className="kinerja-field", children=[
        html.Label(label, className="filter-label"),
        html.Div(id=A.error(name), className="desk-field-error", role="alert"), control])


def text_input(component_id: str, **props) -> dcc.Input:
    return dcc.Input(id=component_id, type="text", className="desk-input", **props)
