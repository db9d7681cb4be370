"""Pengaduan: complaints by place, time, category, channel and OPD; SLA compliance; the open queue."""

from datetime import timedelta

import dash
from dash import dash_table, dcc, html

from core.messages import in_sentence

from modules.complaints.messages import FIGURE_LABELS
from data.complaints.queries import city_today
from core.formatting import date_picker_props, graph_config
from core.periods import DEFAULT_PERIOD_DAYS
from layouts.components.complaint_charts import QUEUE_COLUMNS, QUEUE_STYLE, measure_options, status_options
from layouts.components.ids_pengaduan import EXPORT_PATH, EXPORT_XLSX_PATH, ROLES, Pengaduan as P
from layouts.components.maps import BOUNDARY_CREDITS

dash.register_page(__name__, path="/pengaduan", name="Pengaduan", title="Analisis Pengaduan · Pantau", order=10,
                   roles=ROLES)

DEFAULT_DAYS = DEFAULT_PERIOD_DAYS
FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'  # as pantau.css; the table sets its own
GRAPH_CONFIG = graph_config(modeBarButtonsToRemove=["lasso2d", "select2d"])


def layout(**_query):
    return html.Div(id=P.PAGE, className="pengaduan", children=[
        html.Div(className="pengaduan-head", children=[
            html.H2("Analisis pengaduan", id=P.TITLE, className="page-title"),
            html.A("Unduh CSV", id=P.EXPORT, className="button", href=EXPORT_PATH, title="Unduh aduan sesuai filter"),
            html.A("Unduh XLSX", id=P.EXPORT_XLSX, className="button", href=EXPORT_XLSX_PATH,
                   title="Unduh aduan sesuai filter sebagai buku kerja Excel"),
        ]),
        filters_row(),
        html.Div(className="pengaduan-top", children=[map_panel(), side_panel()]),
        html.Div(className="pengaduan-charts", children=[
            chart_panel("Per kategori", P.BY_CATEGORY),
            chart_panel("Per kanal", P.BY_CHANNEL),
            chart_panel("Per OPD", P.BY_OPD),
            chart_panel("Kepatuhan SLA per OPD (terburuk di atas)", P.SLA_OPD),
        ]),
        html.Div(className="pengaduan-bottom", children=[queue_panel(), html.Div(
            id=P.DETAIL, className="panel pengaduan-detail",
            children=html.P("Pilih satu baris pada tabel untuk melihat detail aduan.", className="muted"))]),
        dcc.Store(id=P.DRILL),
    ])


def filters_row():
    today = city_today()
    return html.Div(className="panel pengaduan-filters", children=[
        labelled("Periode", dcc.DatePickerRange(
            id=P.DATES, start_date=today - timedelta(days=DEFAULT_DAYS - 1), end_date=today,
            max_date_allowed=today, **date_picker_props("range"))),
        labelled("OPD", dcc.Dropdown(id=P.OPD, multi=True, placeholder="Semua OPD")),
        labelled("Kategori", dcc.Dropdown(id=P.CATEGORY, multi=True, placeholder="Semua kategori")),
        labelled("Kanal", dcc.Dropdown(id=P.CHANNEL, multi=True, placeholder="Semua kanal")),
        labelled("Status", dcc.Dropdown(id=P.STATUS, multi=True, placeholder="Semua status",
                                        options=status_options())),
    ])


def labelled(label: str, control) -> html.Div:
    return html.Div(className="filter", children=[html.Label(label, className="filter-label"), control])


def map_panel():
    return html.Div(className="panel pengaduan-map-panel", children=[
        html.Div(className="map-toolbar", children=[
            html.Span(id=P.MAP_CAPTION, className="map-caption"),
            html.Button("← Kembali ke kota", id=P.BACK, className="button secondary", style={"display": "none"}),
        ]),
        dcc.RadioItems(id=P.MEASURE, value="count", inline=True, options=measure_options(),
                       className="measure-choice"),
        dcc.Graph(id=P.MAP, className="pengaduan-map", config=GRAPH_CONFIG),
        html.P(f"Klik kecamatan untuk melihat kelurahannya. {BOUNDARY_CREDITS} "
               "Angka per 1.000 penduduk memakai data penduduk demo.", className="map-note"),
    ])


def side_panel():
    return html.Div(className="pengaduan-side", children=[
        html.Div(className="panel", children=[
            html.H3("Ringkasan periode", className="panel-title"),
            html.P("Mengikuti filter periode, OPD, kategori, kanal dan status; tidak mengikuti kecamatan "
                   "yang dipilih di peta.", className="muted kpi-caption"),
            html.Div(id=P.KPIS, className="kpi-grid"),
        ]),
        chart_panel("Tren harian", P.TREND),
    ])


def chart_panel(title: str, graph_id: str):
    return html.Div(className="panel", children=[
        html.H3(title, className="panel-title"),
        dcc.Graph(id=graph_id, config=GRAPH_CONFIG),
    ])


def queue_panel():
    return html.Div(className="panel pengaduan-queue", children=[
        html.H3(f"Aduan terbuka yang {in_sentence(FIGURE_LABELS['overdue_now'])} atau segera jatuh tempo",
                className="panel-title"),
        html.P(id=P.QUEUE_CAPTION, className="muted"),
        dash_table.DataTable(
            id=P.QUEUE, columns=QUEUE_COLUMNS, data=[], page_size=12, sort_action="native",
            style_data_conditional=QUEUE_STYLE, style_as_list_view=True,
            style_header={"fontWeight": 600, "backgroundColor": "#f0f3f6"},
            style_cell={"textAlign": "left", "padding": "6px 8px", "fontFamily": FONT, "fontSize": "0.9rem",
                        "cursor": "pointer", "whiteSpace": "normal", "height": "auto"},
            style_cell_conditional=[{"if": {"column_id": column}, "whiteSpace": "nowrap"}
                                    for column in ("ticket", "due")],
        ),
    ])
