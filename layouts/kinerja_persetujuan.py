"""Persetujuan: the approver's queue. The submitted lines of the people whose lines he decides,
oldest submission first, with their age against the deadline and whether the system saw the case
work they name; tick many, then approve them or return them with a note. Below, the lines of his
whole subtree (read only)."""

import dash
from dash import dcc, html

from core.formatting import date_picker_props
from layouts.components import kinerja_desk as builders
from layouts.components.ids_kinerja_persetujuan import ROLES
from layouts.components.ids_kinerja_persetujuan import KinerjaPersetujuan as P
from modules.kinerja.service import MAX_NOTE

dash.register_page(__name__, path="/kinerja/persetujuan", name="Persetujuan", title="Persetujuan · Pantau",
                   order=32, roles=ROLES)


def layout(**_query):
    return html.Div(id=P.PAGE, className="kinerja-desk persetujuan", children=[
        html.Div(className="tpkpm-head", children=[
            html.H2("Persetujuan aktivitas", className="page-title"),
            html.Button("Muat ulang", id=P.REFRESH, className="button secondary"),
        ]),
        html.Div(className="panel", children=[
            html.P(id=P.CAPTION, className="muted", **{"aria-live": "polite"}),
            html.Div(id=P.error("ids"), className="desk-field-error", role="alert"),
            builders.table(P.QUEUE, builders.QUEUE_COLUMNS, selectable=True, styles=builders.OVERDUE_STYLE,
                           page_size=50),
            html.Div(className="kinerja-buttons", children=[
                html.Button("Pilih semua", id=P.SELECT_ALL, className="button secondary"),
                html.Button("Setujui", id=P.APPROVE, className="button"),
            ]),
            html.Label("Catatan pengembalian (wajib untuk mengembalikan)", htmlFor=P.NOTE, className="filter-label"),
            html.Div(id=P.error("note"), className="desk-field-error", role="alert"),
            html.Div(className="kinerja-buttons", children=[
                dcc.Input(id=P.NOTE, type="text", maxLength=MAX_NOTE, className="desk-input kinerja-note",
                          placeholder="mis. jam tidak sesuai dengan catatan aduan", autoComplete="off"),
                html.Button("Kembalikan", id=P.RETURN, className="button danger"),
            ]),
            html.Div(id=P.MESSAGE, **{"aria-live": "polite"}),
        ]),
        html.Div(className="panel", children=[
            html.H3("Aktivitas tim Anda", className="panel-title"),
            html.Label("Periode", className="filter-label"),
            dcc.DatePickerRange(id=P.PERIOD, className="kinerja-period", **date_picker_props("range")),
            builders.table(P.TEAM, builders.TEAM_COLUMNS, styles=builders.RETURNED_STYLE),
        ]),
        dcc.Store(id=P.DONE, data=0),
    ])
