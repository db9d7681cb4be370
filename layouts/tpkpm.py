"""Antrean TPKPM: the OPD complaint team's desk. The open complaints by deadline, one complaint's
detail and history, and the actions on it; operators also see and dispatch the triage queue."""

import dash
from dash import dash_table, dcc, html

from layouts.components.desk import OVERDUE_STYLE, QUEUE_COLUMNS, TRIAGE_COLUMNS
from layouts.components.ids_tpkpm import ROLES, Tpkpm as T

dash.register_page(__name__, path="/tpkpm", name="Antrean TPKPM", title="Antrean TPKPM · Pantau", order=12,
                   roles=ROLES)

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
TICK_MS = 60_000  # the remaining minutes count down once a minute


def layout(**_query):
    return html.Div(id=T.PAGE, className="tpkpm", children=[
        html.Div(className="tpkpm-head", children=[
            html.H2("Antrean TPKPM", className="page-title"),
            html.Div(className="tpkpm-opd", children=[
                html.Label("OPD", htmlFor=T.OPD, className="filter-label"),
                dcc.Dropdown(id=T.OPD, placeholder="Semua OPD", clearable=True),
            ]),
            html.Button("Muat ulang", id=T.REFRESH, className="button secondary"),
        ]),
        html.Div(className="tpkpm-body", children=[
            html.Div(className="tpkpm-lists", children=[
                table_panel("Aduan terbuka, tenggat terdekat di atas", T.QUEUE, T.QUEUE_CAPTION, QUEUE_COLUMNS),
                html.Div(id=T.TRIAGE_PANEL, style={"display": "none"}, children=table_panel(
                    "Triase: aduan tanpa OPD", T.TRIAGE, T.TRIAGE_CAPTION, TRIAGE_COLUMNS)),
            ]),
            html.Div(className="tpkpm-side", children=[
                html.Div(id=T.DETAIL, className="panel tpkpm-detail",
                         children=html.P("Pilih satu aduan di antrean.", className="muted")),
                actions_panel(),
            ]),
        ]),
        dcc.Store(id=T.SELECTED), dcc.Store(id=T.DONE, data=0),
        dcc.Interval(id=T.TICK, interval=TICK_MS),
    ])


def table_panel(title: str, table_id: str, caption_id: str, columns: list[dict]) -> html.Div:
    return html.Div(className="panel", children=[
        html.H3(title, className="panel-title"),
        html.P(id=caption_id, className="muted"),
        html.P(id=T.UNDELIVERED, className="tpkpm-undelivered") if table_id == T.QUEUE else None,
        dash_table.DataTable(
            id=table_id, columns=columns, data=[], page_size=15, sort_action="custom", sort_by=[],  # sorted by the callback: see desk.sorted_rows
            style_data_conditional=OVERDUE_STYLE, style_as_list_view=True,
            style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
            style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                        "cursor": "pointer", "whiteSpace": "normal", "height": "auto"},
            style_cell_conditional=[{"if": {"column_id": c}, "whiteSpace": "nowrap"} for c in ("ticket", "due")],
        ),
    ])


def actions_panel() -> html.Div:
    def button(action: str, label: str, kind: str = ""):
        return html.Button(label, id=T.button(action), className=f"button {kind}".strip(), disabled=True)

    return html.Div(id=T.ACTIONS_PANEL, className="panel tpkpm-actions", style={"display": "none"}, children=[
        html.H3("Tindak lanjut", className="panel-title"),
        html.Label("Catatan / pesan untuk warga", htmlFor=T.NOTE, className="filter-label"),
        dcc.Textarea(id=T.NOTE, className="tpkpm-note", maxLength=2000,
                     placeholder="Wajib untuk umpan balik, pengalihan, penolakan dan buka kembali."),
        html.Div(className="tpkpm-buttons", children=[
            button("respond", "Tanggapi"), button("start_work", "Mulai kerjakan"), button("resolve", "Selesaikan"),
            button("send_feedback", "Kirim umpan balik"), button("close", "Tutup", "secondary"),
            button("reopen", "Buka kembali", "secondary"),
        ]),
        html.Div(className="tpkpm-row", children=[
            dcc.Dropdown(id=T.TARGET_OPD, placeholder="OPD tujuan", className="tpkpm-choice"),
            button("transfer", "Alihkan ke OPD lain", "secondary"), button("dispatch", "Teruskan ke OPD", "secondary"),
        ]),
        html.Div(className="tpkpm-row", children=[
            dcc.Dropdown(id=T.REASON, placeholder="Alasan penolakan", className="tpkpm-choice"),
            button("reject", "Tolak", "danger"),
        ]),
        html.Div(className="tpkpm-row", children=[
            button("confirm_duplicate", "Konfirmasi duplikat", "secondary"),
            button("dismiss_duplicate", "Bukan duplikat", "secondary"),
        ]),
        html.Div(id=T.MESSAGE, className="tpkpm-message", **{"aria-live": "polite"}),
    ])
