"""Admin: Token kiosk layar dinding: issue one (its secret is shown once) and revoke one."""

import dash
from dash import dcc, html

from layouts.components.admin_forms import field, grid, panel, text_input
from layouts.components.ids_admin_kiosk import ROLES, AdminKiosk as K

dash.register_page(__name__, path="/admin/kiosk", name="Kiosk", title="Kiosk · Pantau", order=92, roles=ROLES)


def layout(**_query):
    return html.Div(id=K.PAGE, className="admin-page", children=[
        html.H2("Token kiosk layar dinding", className="page-title"),
        html.P("Alamat /kiosk/… masuk sebagai layar dinding saja; tampil sekali saat diterbitkan.", className="muted"),
        html.Div(className="admin-forms", children=[
            panel("Terbitkan", field("Nama layar (mis. ruang-kendali-1)", text_input(K.LABEL, maxLength=100)),
                  html.Button("Terbitkan", id=K.ISSUE, className="button")),
            panel("Cabut", field("Token kiosk", dcc.Dropdown(id=K.PICK, placeholder="Pilih yang masih aktif")),
                  html.Button("Cabut", id=K.REVOKE, className="button")),
        ]),
        html.Div(id=K.RESULT, className="admin-result"),
        panel("Daftar", grid(K.LIST, [("id", "ID"), ("label", "Nama"), ("created_at", "Diterbitkan (WIB)"),
                                      ("state", "Status")])),
    ])
