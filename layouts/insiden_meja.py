"""Meja operator 112: take a call fast (keyboard first: the caller's number has the focus, every
field follows in tab order, Alt+key on the buttons), create an incident or merge the call into an
active one, close it as prank, referral or information; dispatch the suggested nearest units; the
supervisor sets the city's operational stage (1 normal to 5 crisis), which the system proposes."""

import dash
from dash import dcc, html

from layouts.components.ids_insiden import DESK_ROLES, Meja as M

dash.register_page(__name__, path="/insiden/meja", name="Meja 112", title="Meja operator 112 · Pantau", order=15,
                   roles=DESK_ROLES)

SOURCES = [{"label": "Panggilan 112", "value": "call_112"}, {"label": "Operator CCTV", "value": "cctv"},
           {"label": "Pos lapangan", "value": "field_post"}, {"label": "Radio", "value": "radio"},
           {"label": "Eskalasi aduan", "value": "complaint"}]
PRIORITIES = [{"label": "P1 · nyawa terancam", "value": 1}, {"label": "P2 · mendesak", "value": 2},
              {"label": "P3 · biasa", "value": 3}]
PARTNERS = [{"label": name, "value": code} for code, name in
            (("PLN", "PLN"), ("PDAM", "PDAM"), ("POLRI", "Polri"), ("PGN", "PGN"))]
STAGES = [{"label": f"Tahap {n} · {name}", "value": n} for n, name in
          ((1, "Normal"), (2, "Mobilisasi"), (3, "Perhatian"), (4, "Siaga"), (5, "Krisis"))]


def layout(**_query):
    return html.Div(id=M.PAGE, className="meja", children=[
        html.Div(id=M.STAGE_BANNER, className="meja-stage"),
        html.Div(className="meja-body", children=[call_panel(), dispatch_panel()]),
        stage_panel(),
        dcc.Store(id=M.DONE, data=0), dcc.Interval(id=M.TICK, interval=10_000),
    ])


def field(label: str, component, hint: str = "") -> html.Div:
    return html.Div(className="meja-field", children=[
        html.Label(label, htmlFor=component.id, className="filter-label"), component,
        html.Small(hint, className="muted") if hint else None])


def call_panel() -> html.Div:
    return html.Div(className="panel meja-call", children=[
        html.H3("Terima panggilan", className="panel-title"),
        field("Nomor penelepon", dcc.Input(id=M.CALLER, type="tel", autoFocus=True, maxLength=20,
                                           placeholder="08xx / +62…", debounce=False)),
        html.Div(id=M.REPEAT_WARNING, role="alert"),
        field("Sumber", dcc.Dropdown(id=M.SOURCE, options=SOURCES, value="call_112", clearable=False)),
        field("Kamera / pos / tiket aduan", dcc.Input(id=M.SOURCE_REF, maxLength=40)),
        field("Kategori", dcc.Dropdown(id=M.CATEGORY, placeholder="Ketik untuk mencari kategori…"),
              "Ketik sebagian nama: 'keba' → Kebakaran"),
        field("Prioritas", dcc.Dropdown(id=M.PRIORITY, options=PRIORITIES, placeholder="Sesuai kategori")),
        field("Lokasi (tempat terkenal / kelurahan)", dcc.Dropdown(id=M.PLACE, placeholder="Cari tempat…")),
        field("Alamat / patokan", dcc.Input(id=M.ADDRESS, maxLength=300)),
        field("Uraian", dcc.Textarea(id=M.DESCRIPTION, maxLength=2000)),
        html.Div(className="meja-row", children=[
            field("Luka", dcc.Input(id=M.INJURED, type="number", min=0, max=999, step=1, value=0)),
            field("Meninggal", dcc.Input(id=M.DEAD, type="number", min=0, max=999, step=1, value=0)),
        ]),
        html.Div(className="meja-buttons", children=[
            html.Button("Buat insiden", id=M.CREATE, className="button", accessKey="b"),
            html.Button("Iseng / diam", id=M.PRANK, className="button secondary", accessKey="i"),
            html.Button("Informasi saja", id=M.INFO, className="button secondary", accessKey="n"),
        ]),
        html.Div(className="meja-row", children=[
            dcc.Dropdown(id=M.MERGE_INTO, placeholder="Insiden aktif yang sama", className="meja-choice"),
            html.Button("Gabungkan", id=M.MERGE, className="button secondary", accessKey="g"),
        ]),
        html.Div(className="meja-row", children=[
            dcc.Dropdown(id=M.PARTNER, options=PARTNERS, placeholder="Mitra", className="meja-choice"),
            html.Button("Rujuk ke mitra", id=M.REFER, className="button secondary", accessKey="r"),
        ]),
        html.Div(id=M.CALL_MESSAGE, role="status"),
    ])


def dispatch_panel() -> html.Div:
    return html.Div(className="panel meja-dispatch", children=[
        html.H3("Berangkatkan unit", className="panel-title"),
        field("Insiden", dcc.Dropdown(id=M.INCIDENT, placeholder="Pilih insiden aktif")),
        html.P("Unit siaga terdekat dari instansi dan jenis yang dibutuhkan kategori:", className="muted"),
        dcc.Checklist(id=M.SUGGESTIONS, options=[], value=[], className="meja-suggestions"),
        html.Button("Berangkatkan unit terpilih", id=M.DISPATCH, className="button", accessKey="u"),
        html.Div(id=M.DISPATCH_MESSAGE, role="status"),
    ])


def stage_panel() -> html.Div:
    return html.Div(className="panel meja-stage-panel", children=[
        html.H3("Tahap operasional kota", className="panel-title"),
        html.Div(className="meja-row", children=[
            dcc.Dropdown(id=M.STAGE, options=STAGES, placeholder="Tahap", className="meja-choice"),
            dcc.Input(id=M.STAGE_REASON, maxLength=300, placeholder="Alasan (wajib)"),
            html.Button("Tetapkan tahap", id=M.STAGE_SET, className="button secondary"),
        ]),
        html.Div(id=M.STAGE_MESSAGE, role="status"),
    ])
