"""Admin ETL: how far each ETL job has read, the mart versions, and the changes it rejected."""

import dash
from dash import html

from data.etl_status import REJECT_LIMIT
from layouts.components.admin_forms import grid
from layouts.components.ids_admin_etl import ROLES, AdminEtl

dash.register_page(__name__, path="/admin/etl", name="Admin ETL", title="Admin ETL · Pantau", order=90,
                   roles=ROLES)


def layout(**_query):
    return html.Div(className="admin-etl", children=[
        html.H2("Status ETL", className="page-title"),
        html.Div(className="toolbar", children=[html.Button("Muat ulang", id=AdminEtl.REFRESH)]),
        html.Div(className="map-and-list", children=[
            html.Div(className="panel", children=[
                html.H3("Watermark per job"),
                html.P("Posisi terakhir change log yang sudah masuk ke mart.", className="muted"),
                grid(AdminEtl.WATERMARKS, [("job", "Job"), ("position", "Posisi"),
                                           ("updated_at", "Diperbarui (WIB)")]),
            ]),
            html.Div(className="panel", children=[
                html.H3("Versi mart"),
                html.P("Naik setiap kali ETL menulis mart; cache halaman mengikuti versi ini.", className="muted"),
                grid(AdminEtl.MART_VERSIONS, [("mart", "Mart"), ("version", "Versi"),
                                              ("updated_at", "Diperbarui (WIB)")]),
            ]),
        ]),
        html.Div(className="panel", style={"marginTop": "1rem"}, children=[
            html.H3("Perubahan yang ditolak ETL"),
            html.P(id=AdminEtl.REJECTS_NOTE, className="muted"),
            grid(AdminEtl.REJECTS, [("rejected_at", "Waktu (WIB)"), ("job", "Job"), ("entity", "Entitas"),
                                   ("entity_id", "ID"), ("position", "Posisi"), ("reason", "Alasan"),
                                   ("payload_summary", "Ringkasan payload")], page_size=25),
            html.P(f"Paling banyak {REJECT_LIMIT} penolakan terbaru ditampilkan.", className="muted"),
        ]),
    ])

