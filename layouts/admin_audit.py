"""Admin: the audit trail of admin changes, filtered by who, what kind of object and WIB days."""

import dash
from dash import dcc, html

from core.formatting import date_picker_props
from core.messages import ADMIN_OBJECT_NAMES
from data.admin_desk import AUDIT_LIMIT
from layouts.components.admin_forms import field, grid, panel
from layouts.components.ids_admin_audit import ROLES, AdminAudit as A

dash.register_page(__name__, path="/admin/audit", name="Audit", title="Audit admin · Pantau", order=96, roles=ROLES)


def layout(**_query):
    return html.Div(id=A.PAGE, className="admin-page", children=[
        html.H2("Jejak audit admin", className="page-title"),
        html.Div(className="toolbar", children=[
            field("Pelaku", dcc.Dropdown(id=A.ACTOR, placeholder="Semua")),
            field("Jenis objek", dcc.Dropdown(id=A.OBJECT_TYPE, placeholder="Semua", options=[
                {"label": name, "value": code} for code, name in ADMIN_OBJECT_NAMES.items()])),
            field("Tanggal (WIB)", dcc.DatePickerRange(id=A.DAYS, clearable=True, **{
                **date_picker_props("range"), "start_date_placeholder_text": "Dari",
                "end_date_placeholder_text": "Sampai"})),
            html.Button("Muat ulang", id=A.REFRESH, className="button"),
        ]),
        html.P(id=A.NOTE, className="muted"),
        panel("Perubahan", grid(A.LIST, [("at", "Waktu (WIB)"), ("actor", "Pelaku"), ("action", "Tindakan"),
                                         ("object_type", "Objek"), ("object_key", "Kunci"), ("change", "Perubahan")])),
        html.P(f"Paling banyak {AUDIT_LIMIT} perubahan terbaru ditampilkan; saring untuk yang lebih lama.",
               className="muted"),
    ])
