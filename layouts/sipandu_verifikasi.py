"""Verifikasi Sipandu: the lurah's queue of newcomers his RT heads recorded, oldest first, with the
duplicate flag and the record's age; one record's details (NIK masked), then verify or reject with a
reason. The full NIK only on request, with a stated reason that the access log keeps. The camat
reads his kecamatan's queue; the decisions are not his."""

import dash
from dash import dash_table, dcc, html

from layouts.components.ids_sipandu_verifikasi import ROLES, SipanduVerifikasi as V
from modules.sipandu.privacy import MAX_REASON, MIN_REASON

dash.register_page(__name__, path="/sipandu/verifikasi", name="Verifikasi Sipandu",
                   title="Verifikasi Sipandu · Pantau", order=24, roles=ROLES)

HIDDEN = {"display": "none"}
FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
COLUMNS = [{"id": "recorded", "name": "Dicatat"}, {"id": "age", "name": "Menunggu"}, {"id": "name", "name": "Nama"},
           {"id": "nik", "name": "NIK"}, {"id": "place", "name": "Kelurahan / RW / RT"},
           {"id": "flag", "name": "Catatan"}]
DUPLICATE_STYLE = [{"if": {"filter_query": '{duplicate} = "ya"', "column_id": "flag"}, "color": "#c62828",
                    "fontWeight": 700}]


def layout(**_query):
    return html.Div(id=V.PAGE, className="tpkpm sipandu-verifikasi", children=[
        html.Div(className="tpkpm-head", children=[
            html.H2(id=V.TITLE, className="page-title", children="Verifikasi pendatang"),
            html.Button("Muat ulang", id=V.REFRESH, className="button secondary"),
        ]),
        html.Div(className="tpkpm-body", children=[
            html.Div(className="panel", children=[
                html.P(id=V.CAPTION, className="muted"),
                dash_table.DataTable(
                    id=V.QUEUE, columns=COLUMNS, data=[], page_size=20, style_as_list_view=True,
                    style_data_conditional=DUPLICATE_STYLE, style_table={"overflowX": "auto"},
                    style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
                    style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                                "cursor": "pointer", "whiteSpace": "normal", "height": "auto"}),
            ]),
            html.Div(className="tpkpm-side", children=[
                html.Div(id=V.DETAIL, className="panel tpkpm-detail",
                         children=html.P("Pilih satu pendatang di antrean.", className="muted")),
                decision_panel(),
                unmask_panel(),
            ]),
        ]),
        dcc.Store(id=V.SELECTED), dcc.Store(id=V.DONE, data=0),
    ])


def decision_panel() -> html.Div:
    return html.Div(id=V.DECISION_PANEL, className="panel tpkpm-actions", style=HIDDEN, children=[
        html.H3("Keputusan kelurahan", className="panel-title"),
        html.Div(className="tpkpm-buttons", children=[html.Button("Verifikasi", id=V.VERIFY, className="button")]),
        html.Label("Alasan penolakan (wajib untuk menolak)", htmlFor=V.REASON, className="filter-label"),
        html.Div(id=V.error("reason"), className="desk-field-error", role="alert"),
        html.Div(className="tpkpm-row", children=[
            dcc.Dropdown(id=V.REASON, placeholder="Pilih alasan", className="tpkpm-choice"),
            html.Button("Tolak", id=V.REJECT, className="button danger"),
        ]),
        html.Div(id=V.MESSAGE, className="tpkpm-message", **{"aria-live": "polite"}),
    ])


def unmask_panel() -> html.Div:
    return html.Div(id=V.UNMASK_PANEL, className="panel tpkpm-actions sipandu-unmask", style=HIDDEN, children=[
        html.H3("Tampilkan NIK lengkap", className="panel-title"),
        html.P(f"Hanya bila perlu. Tulis alasannya (paling sedikit {MIN_REASON} karakter); setiap akses tercatat.",
               className="muted"),
        html.Div(id=V.error("unmask_reason"), className="desk-field-error", role="alert"),
        html.Div(className="tpkpm-row", children=[
            dcc.Input(id=V.UNMASK_REASON, type="text", maxLength=MAX_REASON, className="desk-input tpkpm-choice",
                      placeholder="mis. mencocokkan KTP saat kunjungan rumah", autoComplete="off"),
            html.Button("Tampilkan NIK", id=V.UNMASK, className="button secondary"),
        ]),
        html.Div(id=V.UNMASK_RESULT, className="sipandu-unmasked", **{"aria-live": "polite"}),
    ])
