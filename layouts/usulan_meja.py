"""Meja Usulan: the decision queues of e-Musrenbang. The lurah verifies his kelurahan's proposals,
the camat accepts or rejects (a reason from the fixed list) his kecamatan's verified ones, the
planning agency ranks the year's accepted ones. What each sees and may do is the module's rule."""

import dash
from dash import dash_table, dcc, html

from layouts.components.ids_usulan_meja import ROLES, UsulanMeja as M
from layouts.components.planning_desk import COLUMNS

dash.register_page(__name__, path="/musrenbang/meja", name="Meja Usulan", title="Meja Usulan · Pantau", order=21,
                   roles=ROLES)

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own


def layout(**_query):
    return html.Div(id=M.PAGE, className="tpkpm usulan-desk", children=[
        html.Div(className="tpkpm-head", children=[
            html.H2(id=M.TITLE, className="page-title", children="Meja usulan musrenbang"),
            html.Button("Muat ulang", id=M.REFRESH, className="button secondary"),
        ]),
        html.Div(className="tpkpm-body", children=[
            html.Div(className="panel", children=[
                html.P(id=M.CAPTION, className="muted"),
                dash_table.DataTable(
                    id=M.QUEUE, columns=COLUMNS, data=[], page_size=20, style_as_list_view=True,
                    markdown_options={"html": False}, css=[{"selector": "td img", "rule": "height: 48px; margin: 1px"}],
                    style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
                    style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                                "cursor": "pointer", "whiteSpace": "normal", "height": "auto"},
                ),
            ]),
            html.Div(className="tpkpm-side", children=[
                html.Div(id=M.DETAIL, className="panel tpkpm-detail",
                         children=html.P("Pilih satu usulan di antrean.", className="muted")),
                decision_panel(),
                rank_panel(),
            ]),
        ]),
        dcc.Store(id=M.SELECTED), dcc.Store(id=M.DONE, data=0), dcc.Store(id=M.ORDER, data=[]),
    ])


def decision_panel() -> html.Div:
    return html.Div(id=M.DECISION_PANEL, className="panel tpkpm-actions", style={"display": "none"}, children=[
        html.H3("Keputusan", className="panel-title"),
        html.Label("Catatan (tidak wajib untuk verifikasi)", htmlFor=M.NOTE, className="filter-label"),
        html.Div(id=M.error("note"), className="desk-field-error", role="alert"),
        dcc.Textarea(id=M.NOTE, className="tpkpm-note", maxLength=2000),
        html.Div(className="tpkpm-buttons", children=[
            html.Button("Verifikasi", id=M.VERIFY, className="button", style={"display": "none"}),
            html.Button("Terima", id=M.ACCEPT, className="button", style={"display": "none"}),
        ]),
        html.Label("Alasan penolakan (wajib untuk menolak)", htmlFor=M.REASON, className="filter-label"),
        html.Div(id=M.error("reason"), className="desk-field-error", role="alert"),
        html.Div(className="tpkpm-row", children=[
            dcc.Dropdown(id=M.REASON, placeholder="Pilih alasan", className="tpkpm-choice"),
            html.Button("Tolak", id=M.REJECT, className="button danger"),
        ]),
        html.Div(id=M.MESSAGE, className="tpkpm-message", **{"aria-live": "polite"}),
    ])


def rank_panel() -> html.Div:
    return html.Div(id=M.RANK_PANEL, className="panel tpkpm-actions", style={"display": "none"}, children=[
        html.H3("Urutan prioritas", className="panel-title"),
        html.P("Pilih satu baris, lalu naikkan, turunkan atau pindahkan ke nomor urut; simpan bila selesai.",
               className="muted"),
        html.Div(className="tpkpm-buttons", children=[
            html.Button("Naik", id=M.UP, className="button secondary"),
            html.Button("Turun", id=M.DOWN, className="button secondary"),
        ]),
        html.Div(className="tpkpm-row", children=[
            dcc.Input(id=M.RANK, type="number", min=1, step=1, placeholder="Nomor urut", className="desk-input"),
            html.Button("Pindahkan", id=M.MOVE, className="button secondary"),
        ]),
        html.Div(id=M.RANK_MESSAGE, className="tpkpm-message", **{"aria-live": "polite"}),
        html.Button("Simpan urutan", id=M.SAVE, className="button"),
        html.Div(id=M.SAVED, className="tpkpm-message", **{"aria-live": "polite"}),
    ])
