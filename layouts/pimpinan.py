"""KPI Pimpinan: headline complaint KPIs for the mayor's office, rankings, trend, export and print."""

import dash
from dash import dcc, html

from core.domains import declaring
from core.formatting import graph_config
from core.periods import DEFAULT_PERIOD_DAYS
from data.complaints.queries import city_today
from layouts.components.ids_pimpinan import ROLES, Pimpinan
from layouts.components.kpi_cards import MONTH, month_options

dash.register_page(__name__, path="/pimpinan", name="KPI Pimpinan", title="KPI Pimpinan · Pantau", order=20,
                   roles=ROLES)


def layout(**_query):
    months = month_options(city_today())
    return html.Div(className="pimpinan", children=[
        html.Div(id=Pimpinan.PRINT_HEADER, className="print-header"),
        html.H2("KPI pengaduan warga", className="page-title"),
        html.Div(className="toolbar pimpinan-toolbar", children=[
            html.Span("Periode:"),
            dcc.RadioItems(id=Pimpinan.PERIOD, value=str(DEFAULT_PERIOD_DAYS), inline=True, options=[
                {"label": " 7 hari", "value": "7"}, {"label": " 30 hari", "value": "30"},
                {"label": " 90 hari", "value": "90"}, {"label": " Bulan", "value": MONTH},
            ]),
            dcc.Dropdown(id=Pimpinan.MONTH, options=months, value=months[0]["value"], clearable=False,
                         disabled=True, className="pimpinan-month"),
            html.Button("Cetak / simpan PDF", id=Pimpinan.PRINT_BUTTON, className="button print-button"),
            dcc.Store(id=Pimpinan.PRINTED),
        ]),
        html.Div(id=Pimpinan.CARDS, className="headline-cards", children=[
            html.Div(id=Pimpinan.domain_cards(domain.name), className="domain-cards")
            for domain in declaring("kpi_cards")
        ]),
        html.Div(className="panel trend-panel", children=[
            html.H3("Tren harian"),
            dcc.Graph(id=Pimpinan.TREND, config=graph_config(displayModeBar=False)),
        ]),
        html.Div(className="rankings", children=[
            ranking_panel("Peringkat OPD", "Kepatuhan SLA terendah di atas.", Pimpinan.OPD_TABLE,
                          (Pimpinan.OPD_CSV_BUTTON, Pimpinan.OPD_CSV, Pimpinan.OPD_XLSX_BUTTON, Pimpinan.OPD_XLSX)),
            ranking_panel("Peringkat kecamatan", "Pengaduan per 1.000 penduduk tertinggi di atas "
                          "(penduduk: data demo).", Pimpinan.KECAMATAN_TABLE,
                          (Pimpinan.KECAMATAN_CSV_BUTTON, Pimpinan.KECAMATAN_CSV, Pimpinan.KECAMATAN_XLSX_BUTTON,
                           Pimpinan.KECAMATAN_XLSX)),
        ]),
    ])


def ranking_panel(title: str, note: str, table_id: str, downloads: tuple[str, str, str, str]) -> html.Div:
    csv_button, csv_download, xlsx_button, xlsx_download = downloads
    return html.Div(className="panel ranking-panel", children=[
        html.Div(className="ranking-head", children=[
            html.H3(title),
            html.Button("Unduh CSV", id=csv_button, className="button csv-button"),
            html.Button("Unduh XLSX", id=xlsx_button, className="button csv-button"),
            dcc.Download(id=csv_download), dcc.Download(id=xlsx_download),
        ]),
        html.P(note, className="muted ranking-note"),
        html.Div(id=table_id),
    ])
