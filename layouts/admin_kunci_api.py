"""Admin: Kunci API Open311 dan gateway: issue one (its secret is shown once) and revoke one."""

import dash
from dash import dcc, html

from layouts.components.admin_forms import field, grid, panel, text_input
from layouts.components.ids_admin_kunci_api import ROLES, AdminKunciApi as K

dash.register_page(__name__, path="/admin/kunci-api", name="Kunci API", title="Kunci API · Pantau", order=93, roles=ROLES)


def layout(**_query):
    return html.Div(id=K.PAGE, className="admin-page", children=[
        html.H2("Kunci API Open311 dan gateway", className="page-title"),
        html.P("Kunci dipakai klien untuk mengirim aduan lewat Open311 (POST requests.json); tampil sekali saat diterbitkan.", className="muted"),
        html.Div(className="admin-forms", children=[
            panel("Terbitkan", field("Nama klien (mis. aplikasi-mitra)", text_input(K.LABEL, maxLength=100)),
                  html.Button("Terbitkan", id=K.ISSUE, className="button")),
            panel("Cabut", field("Kunci API", dcc.Dropdown(id=K.PICK, placeholder="Pilih yang masih aktif")),
                  html.Button("Cabut", id=K.REVOKE, className="button")),
        ]),
        html.Div(id=K.RESULT, className="admin-result"),
        panel("Daftar", grid(K.LIST, [("id", "ID"), ("label", "Nama"), ("created_at", "Diterbitkan (WIB)"),
                                      ("state", "Status")])),
    ])
